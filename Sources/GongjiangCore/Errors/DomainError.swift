/// A refusal of domain input that can be shown to a person and recognised by a script.
///
/// The shell (API, pages, import error reports) renders `code` as the stable machine-readable key
/// and chooses `chinese` or `english` for people. Codes are kebab-case and namespaced by the
/// concept they belong to (`resident-id.check-digit`), so that renaming a Swift case never changes
/// what operators script against.
public protocol DomainError: Error, Sendable {
    /// Stable kebab-case code, e.g. "resident-id.check-digit".
    var code: String { get }
    /// Message in Simplified Chinese.
    var chinese: String { get }
    /// Message in English.
    var english: String { get }
}

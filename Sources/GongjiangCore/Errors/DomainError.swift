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
    /// Whether the input itself is wrong, or right but in conflict with the current state of things (a username
    /// already taken, an approval already decided, a notice already published). The shell answers 422 or 409.
    var kind: DomainErrorKind { get }
}

public enum DomainErrorKind: Sendable, Equatable {
    /// The input breaks a rule whatever the state: correct the input (HTTP 422).
    case invalid
    /// The input is well formed but the current state refuses it: look at the record first (HTTP 409).
    case conflict
}

extension DomainError {
    /// Most refusals are of the input itself; an error type that can conflict with the state says which cases do.
    public var kind: DomainErrorKind { .invalid }
}

import Foundation
import Vapor

/// A page's address as a type: its route registers with `components`, and links, forms and redirects write it with
/// `url(...)`, so a page's address is spelt once and the two cannot drift. Modules declare theirs as static members.
struct PagePath: Sendable, Hashable {
    let components: [PathComponent]

    init(_ components: PathComponent...) { self.components = components }

    /// The address with its parameters filled in, in order, each percent-encoded as one path segment, and the query
    /// items given (empty values left out, names sorted so a page has one address).
    func url(_ arguments: String..., query: [String: String] = [:]) -> String {
        var remaining = arguments[...]
        let path = "/" + components.map { component -> String in
            switch component {
            case .constant(let value): return value
            case .parameter, .anything, .catchall:
                let value = remaining.popFirst() ?? ""
                return value.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? value
            }
        }.joined(separator: "/")
        let items = query.filter { !$0.value.isEmpty }.sorted { $0.key < $1.key }
        guard !items.isEmpty else { return path }
        return path + "?" + items.map { Self.queryEncoded($0.key) + "=" + Self.queryEncoded($0.value) }.joined(separator: "&")
    }

    /// Foundation's query encoding leaves `&`, `=`, `+` and `?` as they are, so a value holding an address (`next`)
    /// would split into parameters of its own; these are encoded too.
    private static let queryValueAllowed = CharacterSet.urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&=+?#"))

    static func queryEncoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: queryValueAllowed) ?? ""
    }
}

/// Addresses that belong to no module: the home page.
extension PagePath {
    static let home = PagePath()
}

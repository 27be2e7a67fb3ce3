import Foundation

/// An opaque position in a sorted list: the sort key and id of the last row seen.
///
/// Keyset pagination costs the same on page 1 and page 10,000, which offset pagination does not.
struct Cursor: Codable, Equatable, Sendable {
    let key: String
    let id: UUID

    var encoded: String {
        let data = (try? JSONEncoder().encode(self)) ?? Data()
        return data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Nil for anything that is not a cursor this server made; callers answer 400.
    init?(encoded text: String) {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard text.count <= 512, let data = Data(base64Encoded: base64),
              let cursor = try? JSONDecoder().decode(Cursor.self, from: data) else { return nil }
        self = cursor
    }

    init(key: String, id: UUID) {
        self.key = key
        self.id = id
    }
}

/// One page of a keyset-paginated list.
struct Page<Item> {
    let items: [Item]
    let next: Cursor?
}

/// Page sizes: the default suits a phone screen and a script alike; the cap bounds one request's work.
enum PageSize {
    static let `default` = 20
    static let maximum = 200

    static func clamp(_ asked: Int?) -> Int { min(max(asked ?? Self.default, 1), Self.maximum) }
}

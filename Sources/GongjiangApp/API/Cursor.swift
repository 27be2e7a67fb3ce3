import Foundation

/// An opaque position in a sorted list: the sort key and id of the last row seen.
///
/// Keyset pagination costs the same on page 1 and page 10,000, which offset pagination does not.
struct Cursor: Equatable, Sendable {
    let key: String
    let id: UUID

    /// Lower-case hex: the id's 16 bytes, then the key's UTF-8 bytes (at most 200). Every string of this form is a
    /// position a list can start after, so the API document describes a cursor exactly (`pattern`): a client that
    /// keeps to it is never refused, and one that does not is refused with 400.
    static let pattern = "^[0-9a-f]{32}([0-9a-f]{2}){0,200}$"
    static let maximumLength = 432

    var encoded: String {
        let bytes = withUnsafeBytes(of: id.uuid) { Array($0) } + Array(key.utf8.prefix(200))
        return String(bytes.flatMap { [Self.hexDigits[Int($0 >> 4)], Self.hexDigits[Int($0 & 0x0F)]] })
    }

    private static let hexDigits = Array("0123456789abcdef")

    /// Nil for anything not of the cursor's form; callers answer 400.
    init?(encoded text: String) {
        let digits = Array(text.utf8)
        guard digits.count >= 32, digits.count <= Self.maximumLength, digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let high = Self.value(digits[index]), let low = Self.value(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        let i = Array(bytes.prefix(16))
        id = UUID(uuid: (i[0], i[1], i[2], i[3], i[4], i[5], i[6], i[7], i[8], i[9], i[10], i[11], i[12], i[13], i[14], i[15]))
        // A key cut inside a character, or made up, still reads as some position: invalid bytes become U+FFFD.
        key = String(decoding: bytes.dropFirst(16), as: UTF8.self)
    }

    init(key: String, id: UUID) {
        self.key = key
        self.id = id
    }

    private static func value(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        default: nil
        }
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

extension Page {
    /// A page from `limit + 1` rows read newest first by id: the extra row only says there is a next page.
    init(rows: [Item], limit: Int = PageSize.default, id: (Item) -> UUID) {
        let items = Array(rows.prefix(limit))
        self.init(items: items, next: rows.count > limit ? items.last.map { Cursor(key: "", id: id($0)) } : nil)
    }
}

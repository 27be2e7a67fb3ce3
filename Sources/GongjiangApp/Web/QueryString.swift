import Foundation

/// A URL's query string as its name=value pairs, percent-decoded. Written out rather than read through
/// `URLComponents` or Vapor's form decoder: the public look-up reads one name from it on every call, and those two
/// cost a fifth of that call's time in a profile of the benchmark.
enum QueryString {
    struct Item: Equatable {
        let name: String
        /// Nil for a bare `name` with no `=`.
        let value: String?
    }

    /// The items in order; nil when a percent escape is malformed or decodes to bytes that are not UTF-8.
    /// `plusAsSpace` reads `+` as a space, as an HTML form sends it; otherwise it stays a `+`, as `URLComponents`
    /// reads it.
    static func items(_ query: String?, plusAsSpace: Bool = false) -> [Item]? {
        guard let query, !query.isEmpty else { return [] }
        var items: [Item] = []
        for pair in query.utf8.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let equals = pair.firstIndex(of: UInt8(ascii: "="))
            guard let name = decode(pair[..<(equals ?? pair.endIndex)], plusAsSpace: plusAsSpace) else { return nil }
            var value: String? = nil
            if let equals {
                guard let decoded = decode(pair[pair.index(after: equals)...], plusAsSpace: plusAsSpace) else { return nil }
                value = decoded
            }
            items.append(Item(name: name, value: value))
        }
        return items
    }

    /// The first value given for `name`, decoded as a form sends it (`+` is a space).
    static func value(of name: String, in query: String?) -> String? {
        items(query, plusAsSpace: true)?.first { $0.name == name }?.value
    }

    private static func decode(_ bytes: Substring.UTF8View.SubSequence, plusAsSpace: Bool) -> String? {
        let percent = UInt8(ascii: "%"), plus = UInt8(ascii: "+")
        if !bytes.contains(where: { $0 == percent || (plusAsSpace && $0 == plus) }) {
            return String(Substring(bytes))
        }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == percent {
                let high = bytes.index(after: index)
                guard high < bytes.endIndex, bytes.index(after: high) < bytes.endIndex,
                      let h = hexValue(bytes[high]), let l = hexValue(bytes[bytes.index(after: high)]) else { return nil }
                decoded.append(h << 4 | l)
                index = bytes.index(index, offsetBy: 3)
            } else {
                decoded.append(plusAsSpace && byte == plus ? UInt8(ascii: " ") : byte)
                index = bytes.index(after: index)
            }
        }
        return String(validating: decoded, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

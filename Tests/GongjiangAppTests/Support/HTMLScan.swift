import Foundation

/// The start tags of an HTML document, with their attributes, read the way a browser's tokenizer reads them
/// (quoted and unquoted attribute values, comments and declarations skipped). Enough to tell whether input
/// echoed into a page became markup: an injected element or attribute shows up here, escaped text does not.
struct HTMLTag: Equatable, CustomStringConvertible {
    let name: String
    let attributes: [(name: String, value: String)]

    static func == (lhs: HTMLTag, rhs: HTMLTag) -> Bool {
        lhs.name == rhs.name && lhs.attributes.map(\.name) == rhs.attributes.map(\.name)
            && lhs.attributes.map(\.value) == rhs.attributes.map(\.value)
    }

    var description: String {
        "<\(name)" + attributes.map { " \($0.name)=\"\($0.value)\"" }.joined() + ">"
    }

    static func scan(_ html: String) -> [HTMLTag] {
        let c = Array(html.unicodeScalars)
        var tags: [HTMLTag] = []
        var i = 0
        func isSpace(_ s: Unicode.Scalar) -> Bool { s == " " || s == "\n" || s == "\t" || s == "\r" || s == "\u{0C}" }
        func skip(past terminator: String) {
            let t = Array(terminator.unicodeScalars)
            while i < c.count {
                if c.count - i >= t.count, Array(c[i..<(i + t.count)]) == t { i += t.count; return }
                i += 1
            }
        }
        while i < c.count {
            guard c[i] == "<", i + 1 < c.count else { i += 1; continue }
            let next = c[i + 1]
            if next == "!" {
                if c.count - i >= 4, String(String.UnicodeScalarView(c[i..<(i + 4)])) == "<!--" { i += 4; skip(past: "-->") } else { skip(past: ">") }
                continue
            }
            if next == "/" || next == "?" { skip(past: ">"); continue }
            guard next.properties.isAlphabetic else { i += 1; continue }
            i += 1
            var name = ""
            while i < c.count, !isSpace(c[i]), c[i] != ">", c[i] != "/" { name.unicodeScalars.append(c[i]); i += 1 }
            var attributes: [(String, String)] = []
            while i < c.count {
                while i < c.count, isSpace(c[i]) || c[i] == "/" { i += 1 }
                guard i < c.count, c[i] != ">" else { i += 1; break }
                var attribute = ""
                while i < c.count, !isSpace(c[i]), c[i] != "=", c[i] != ">", c[i] != "/" || attribute.isEmpty {
                    attribute.unicodeScalars.append(c[i]); i += 1
                }
                while i < c.count, isSpace(c[i]) { i += 1 }
                var value = ""
                if i < c.count, c[i] == "=" {
                    i += 1
                    while i < c.count, isSpace(c[i]) { i += 1 }
                    if i < c.count, c[i] == "\"" || c[i] == "'" {
                        let quote = c[i]; i += 1
                        while i < c.count, c[i] != quote { value.unicodeScalars.append(c[i]); i += 1 }
                        i += 1
                    } else {
                        while i < c.count, !isSpace(c[i]), c[i] != ">" { value.unicodeScalars.append(c[i]); i += 1 }
                    }
                }
                attributes.append((attribute.lowercased(), value))
            }
            tags.append(HTMLTag(name: name.lowercased(), attributes: attributes))
        }
        return tags
    }
}

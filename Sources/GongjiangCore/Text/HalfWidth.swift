import Foundation

extension String {
    /// Full-width ASCII variants U+FF01–U+FF5E become ASCII, U+3000 ideographic space becomes " ",
    /// then trimmed of whitespace/newlines.
    ///
    /// Spreadsheets typed with a Chinese input method often hold full-width digits, letters and
    /// spaces (“１１０１０５…”, “ＡＢＣ”); interchange.md requires them to be read as half-width.
    /// The full-width block is the ASCII block shifted by 0xFEE0, so the mapping is arithmetic.
    public var halfWidthNormalized: String {
        // Fast path: plain ASCII with nothing to trim is by far the most common cell, and the import
        // normalises every cell of every row, so this avoids building a new string for it.
        let utf8 = self.utf8
        if let first = utf8.first, let last = utf8.last, first > 0x20, last > 0x20, utf8.allSatisfy({ $0 < 0x80 }) {
            return self
        }
        // Second fast path, for Chinese text (names, organizations): nothing full-width in it and nothing to trim.
        if !utf8.isEmpty, !Self.mayHoldFullWidthForms(utf8),
           let first = unicodeScalars.first, !first.properties.isWhitespace,
           let last = unicodeScalars.last, !last.properties.isWhitespace {
            return self
        }
        var scalars = String.UnicodeScalarView()
        scalars.reserveCapacity(unicodeScalars.count)
        for scalar in unicodeScalars {
            switch scalar.value {
            case 0xFF01...0xFF5E:
                // Always a valid scalar: the result lies in U+0021…U+007E.
                scalars.append(Unicode.Scalar(scalar.value - 0xFEE0)!)
            case 0x3000:
                scalars.append(" ")
            default:
                scalars.append(scalar)
            }
        }
        // Trimmed by Unicode's White_Space property (what .whitespacesAndNewlines means) without a Foundation round trip.
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, scalars[start].properties.isWhitespace { scalars.formIndex(after: &start) }
        while start < end, scalars[scalars.index(before: end)].properties.isWhitespace { scalars.formIndex(before: &end) }
        return String(scalars[start..<end])
    }

    /// False only when the text cannot hold U+FF01–U+FF5E (UTF-8 EF BC 81 … EF BD 9E) or U+3000 (E3 80 80): it has
    /// no 0xEF byte and no E3 80 80. Over-inclusive on purpose (any 0xEF lead byte); the slow path then decides.
    private static func mayHoldFullWidthForms(_ utf8: String.UTF8View) -> Bool {
        var previous: (UInt8, UInt8) = (0, 0)
        for byte in utf8 {
            if byte == 0xEF { return true }
            if byte == 0x80, previous == (0xE3, 0x80) { return true }
            previous = (previous.1, byte)
        }
        return false
    }
}

import Foundation

extension String {
    /// Full-width ASCII variants U+FF01–U+FF5E become ASCII, U+3000 ideographic space becomes " ",
    /// then trimmed of whitespace/newlines.
    ///
    /// Spreadsheets typed with a Chinese input method often hold full-width digits, letters and
    /// spaces (“１１０１０５…”, “ＡＢＣ”); interchange.md requires them to be read as half-width.
    /// The full-width block is the ASCII block shifted by 0xFEE0, so the mapping is arithmetic.
    public var halfWidthNormalized: String {
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
        return String(scalars).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

import Foundation

extension UUID {
    /// The same text as `uuidString` (upper-case hexadecimal, hyphenated 8-4-4-4-12), which is how Fluent stores a
    /// UUID on SQLite. Written digit by digit: `uuidString` formats through `snprintf` on Linux, which was 2% of a
    /// large import's time (three ids a row, and again in the audit records).
    var text: String {
        let digits: (UInt8) -> UInt8 = { $0 < 10 ? 0x30 + $0 : 0x37 + $0 }
        return withUnsafeBytes(of: uuid) { bytes in
            String(unsafeUninitializedCapacity: 36) { output in
                var position = 0
                for (index, byte) in bytes.enumerated() {
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        output[position] = UInt8(ascii: "-")
                        position += 1
                    }
                    output[position] = digits(byte >> 4)
                    output[position + 1] = digits(byte & 0x0F)
                    position += 2
                }
                return position
            }
        }
    }
}

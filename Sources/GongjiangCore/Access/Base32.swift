/// RFC 4648 §6 base32 ("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"), the form in which authenticator apps
/// exchange TOTP secrets (Google Authenticator key URI format). Upper-case and unpadded when
/// encoding, because the key URI format omits padding and some apps refuse "=".
public enum Base32 {
    private static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    public static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count * 8 + 4) / 5)
        var buffer: UInt32 = 0
        var bitCount = 0
        for byte in bytes {
            buffer = (buffer << 8) | UInt32(byte)
            bitCount += 8
            while bitCount >= 5 {
                bitCount -= 5
                output.append(alphabet[Int((buffer >> UInt32(bitCount)) & 0x1F)])
            }
        }
        if bitCount > 0 {
            // The last group is padded with zero bits on the right (RFC 4648 §6).
            output.append(alphabet[Int((buffer << UInt32(5 - bitCount)) & 0x1F)])
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Decodes what a person might copy from an app or type by hand: lower case is accepted, spaces
    /// (apps show secrets in groups of four) are ignored, and trailing "=" padding is allowed.
    /// Returns nil for any other character, for a length no encoding produces (1, 3 or 6 characters
    /// in the last group of 8), and for non-zero bits in the unused tail, which RFC 4648 §3.5 lets a
    /// decoder reject; refusing them keeps one text per secret, so decode(encode(x)) == x and
    /// encode(decode(s)) == s for every accepted unpadded upper-case s.
    public static func decode(_ text: String) -> [UInt8]? {
        var characters = Array(text.utf8.filter { $0 != UInt8(ascii: " ") })
        while characters.last == UInt8(ascii: "=") { characters.removeLast() }
        guard ![1, 3, 6].contains(characters.count % 8) else { return nil }

        var output: [UInt8] = []
        output.reserveCapacity(characters.count * 5 / 8)
        var buffer: UInt32 = 0
        var bitCount = 0
        for character in characters {
            guard let value = value(of: character) else { return nil }
            buffer = (buffer << 5) | UInt32(value)
            bitCount += 5
            if bitCount >= 8 {
                bitCount -= 8
                output.append(UInt8((buffer >> UInt32(bitCount)) & 0xFF))
            }
        }
        guard buffer & ((1 << UInt32(bitCount)) - 1) == 0 else { return nil }
        return output
    }

    private static func value(of character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): character - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): character - UInt8(ascii: "a")
        case UInt8(ascii: "2")...UInt8(ascii: "7"): character - UInt8(ascii: "2") + 26
        default: nil
        }
    }
}

// The identifier parsers' fast path. A well-formed identifier in an import is short plain ASCII, and an import
// reads millions of them; reading the bytes directly skips the grapheme machinery of `Character`, which took
// most of an import's validation time. Each parser tries its fast path first and, when it does not succeed,
// takes its general path, which accepts the same values and names the error, so results never differ.

extension String {
    /// Calls `body` with the string's UTF-8 bytes when it is non-empty and all ASCII; nil otherwise.
    func withASCIIBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result?) -> Result? {
        var text = self
        return text.withUTF8 { bytes in
            guard !bytes.isEmpty, bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            return body(bytes)
        }
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// True when every byte in `range` is an ASCII digit.
    func areDigits(_ range: Range<Int>) -> Bool {
        range.allSatisfy { self[$0] &- 0x30 < 10 }
    }

    /// The decimal value of the digits in `range`, or nil when one is not a digit.
    func decimal(_ range: Range<Int>) -> Int? {
        var value = 0
        for index in range {
            let digit = self[index] &- 0x30
            guard digit < 10 else { return nil }
            value = value * 10 + Int(digit)
        }
        return value
    }

    /// The bytes in `range` as a string.
    func text(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: self[range]), as: UTF8.self)
    }
}

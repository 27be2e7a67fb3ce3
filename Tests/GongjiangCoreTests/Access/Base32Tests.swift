import Testing
@testable import GongjiangCore

@Suite("Base32 (RFC 4648)")
struct Base32Tests {
    @Test("RFC 4648 §10 test vectors encode without padding and decode back", arguments: [
        ("", ""), ("f", "MY"), ("fo", "MZXQ"), ("foo", "MZXW6"), ("foob", "MZXW6YQ"), ("fooba", "MZXW6YTB"),
        ("foobar", "MZXW6YTBOI"),
    ])
    func rfcVectors(plain: String, encoded: String) {
        #expect(Base32.encode(Array(plain.utf8)) == encoded)
        #expect(Base32.decode(encoded) == Array(plain.utf8))
    }

    @Test("The padded forms of RFC 4648 §10, lower case and grouped with spaces are read too", arguments: [
        ("MY======", "f"), ("MZXQ====", "fo"), ("MZXW6===", "foo"), ("MZXW6YQ=", "foob"), ("mzxw6ytboi", "foobar"),
        ("MZXW 6YTB OI", "foobar"),
    ])
    func lenientForms(encoded: String, plain: String) {
        #expect(Base32.decode(encoded) == Array(plain.utf8))
    }

    @Test("Text no encoder produces is refused", arguments: [
        "M",         // 1 character in the last group
        "MZX",       // 3
        "MZXW6Y",    // 6
        "MZ",        // non-zero bits after the last byte ("MY" is "f")
        "MZXW6YTBOJ",
        "M1",        // 0, 1, 8 and 9 are not in the alphabet
        "MY=A",      // padding in the middle
        "MY!",
        "ＭＹ",      // full-width letters
    ])
    func invalidTextIsRefused(text: String) {
        #expect(Base32.decode(text) == nil)
    }

    @Test("Random bytes of every length up to 40 round-trip", arguments: 0...40)
    func randomRoundTrip(length: Int) throws {
        var generator = SplitMix64(seed: UInt64(length))
        let bytes = (0..<length).map { _ in UInt8.random(in: .min ... .max, using: &generator) }

        let encoded = Base32.encode(bytes)

        #expect(encoded.count == (length * 8 + 4) / 5)
        #expect(encoded.allSatisfy { "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".contains($0) })
        #expect(Base32.decode(encoded) == bytes)
    }
}

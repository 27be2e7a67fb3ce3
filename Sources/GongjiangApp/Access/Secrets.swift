import Crypto
import Foundation

/// Random tokens for sessions, CSRF and the API, and the hashes the database keeps instead of them.
enum Secrets {
    /// 32 random bytes, base64url without padding: 256 bits, safe in cookies, headers and URLs.
    static func token(prefix: String = "") -> String {
        let key = SymmetricKey(size: .bits256)
        let text = key.withUnsafeBytes { Data($0).base64EncodedString() }
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return prefix + text
    }

    /// SHA-256, hex. A stolen copy of the table does not give usable tokens.
    static func hash(_ token: String) -> String {
        hex(SHA256.hash(data: Data(token.utf8)))
    }

    /// Lower-case hexadecimal. Not `String(format:)`: that goes through Foundation's formatter per byte and
    /// was a quarter of the import's time, which computes three digests a row.
    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var result = [UInt8]()
        result.reserveCapacity(64)
        for byte in bytes {
            result.append(digits[Int(byte >> 4)])
            result.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// Comparison whose time does not depend on where two strings first differ.
    static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }
}

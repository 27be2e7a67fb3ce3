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
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
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

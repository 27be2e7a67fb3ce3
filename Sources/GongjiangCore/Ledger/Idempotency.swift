import Crypto
import Foundation

/// The `Idempotency-Key` of a request that moves money: the same key and the same request give the same answer again
/// without a second effect; the same key with a different request is refused.
public enum Idempotency {
    /// Visible ASCII, 1–255 characters: a UUID, or any token a client makes.
    public static func validKey(_ key: String) -> Bool {
        (1...255).contains(key.utf8.count) && key.utf8.allSatisfy { (0x21...0x7E).contains($0) }
    }

    /// What "the same request" means: the method, the path and the body's bytes.
    public static func fingerprint(method: String, path: String, body: [UInt8]) -> String {
        var hash = SHA256()
        hash.update(data: Array(method.utf8))
        hash.update(data: [0])
        hash.update(data: Array(path.utf8))
        hash.update(data: [0])
        hash.update(data: body)
        return hash.finalize().map { byte in String(byte, radix: 16).leftPadded(to: 2, with: "0") }.joined()
    }
}

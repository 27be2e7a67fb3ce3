import Crypto
import Foundation

/// Time-based one-time passwords, the second factor of GB/T 22239-2019 8.1.4.1 d) (两种或两种以上
/// 组合的鉴别技术) for the roles that need it.
///
/// RFC 6238 with its defaults, which every authenticator app supports: HMAC-SHA-1, 30-second
/// steps counted from the Unix epoch (T0 = 0), 6 digits. The one-time value itself is RFC 4226 HOTP
/// over the step number. SHA-1 is still sound here: HOTP's security rests on HMAC being a
/// pseudorandom function (RFC 4226 Appendix A), which the collision attacks on SHA-1 do not break
/// (RFC 6194).
public struct TOTP: Sendable {
    public let secret: [UInt8]

    public init(secret: [UInt8]) {
        self.secret = secret
    }

    /// 160 bits: RFC 4226 §4 R6 requires at least 128 and recommends 160, the output size of SHA-1.
    public static let secretLength = 20

    /// A fresh secret. The shell passes `SystemRandomNumberGenerator`, which draws from the
    /// operating system's cryptographic source; tests pass a seeded generator.
    public static func generateSecret<R: RandomNumberGenerator>(using generator: inout R) -> [UInt8] {
        (0..<secretLength).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    // MARK: Codes

    /// RFC 6238 §4.2: T = floor((unix time - T0) / step). Instants before 1970 (and non-finite ones)
    /// give step 0 and those beyond the UInt64 range the last step, instead of trapping on conversion.
    public static func counter(at date: Date, step: TimeInterval = 30) -> UInt64 {
        precondition(step > 0, "A TOTP step must be positive")
        let steps = (date.timeIntervalSince1970 / step).rounded(.down)
        guard steps >= 0 else { return 0 }  // also NaN
        guard steps < 18_446_744_073_709_551_616.0 else { return .max }  // 2^64
        return UInt64(steps)
    }

    /// RFC 4226 §5.3 HOTP: HMAC-SHA-1 over the 8-byte big-endian counter, then dynamic truncation:
    /// the low 4 bits of the last byte choose an offset, the 31 bits from there (top bit masked so
    /// the number is the same signed or unsigned) are taken modulo 10^digits, left-padded with zeros.
    public func code(forCounter counter: UInt64, digits: Int = 6) -> String {
        // RFC 4226 §5.3 asks for at least 6 digits; RFC 6238's reference code goes up to 8.
        precondition((6...8).contains(digits), "TOTP codes have 6 to 8 digits")
        let message = withUnsafeBytes(of: counter.bigEndian) { Array($0) }
        let mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: SymmetricKey(data: secret)))
        let offset = Int(mac[mac.count - 1] & 0x0F)
        let binary = (UInt32(mac[offset] & 0x7F) << 24)
            | (UInt32(mac[offset + 1]) << 16)
            | (UInt32(mac[offset + 2]) << 8)
            | UInt32(mac[offset + 3])
        var modulus: UInt32 = 1
        for _ in 0..<digits { modulus *= 10 }
        let number = String(binary % modulus)
        return String(repeating: "0", count: digits - number.count) + number
    }

    /// The code an authenticator app shows at `date`.
    public func code(at date: Date, digits: Int = 6, step: TimeInterval = 30) -> String {
        code(forCounter: Self.counter(at: date, step: step), digits: digits)
    }

    // MARK: Verification

    /// The step whose code matches, within `allowedDrift` steps either side of `date`, or nil.
    ///
    /// RFC 6238 §5.2 recommends accepting one step of drift to allow for clock skew and the time it
    /// takes to type. It also says a code MUST NOT be accepted twice: the shell stores the step
    /// returned here and refuses later codes whose step is not greater.
    ///
    /// Input is what a person types: surrounding whitespace and spaces inside ("123 456", as apps
    /// show it) are ignored, full-width digits are read as ASCII; anything else that is not exactly
    /// `digits` ASCII digits is refused without computing a code.
    public func matchingCounter(
        _ code: String, at date: Date, allowedDrift: Int = 1, digits: Int = 6, step: TimeInterval = 30
    ) -> UInt64? {
        let typed = code.halfWidthNormalized.filter { $0 != " " }
        guard typed.count == digits, typed.isAllASCIIDigits else { return nil }

        let current = Self.counter(at: date, step: step)
        let drift = UInt64(max(0, allowedDrift))
        let first = current >= drift ? current - drift : 0
        let last = current <= .max - drift ? current + drift : .max
        for candidate in first...last where Self.constantTimeEqual(self.code(forCounter: candidate, digits: digits), typed) {
            return candidate
        }
        return nil
    }

    /// Accepts the code of the current step or of up to `allowedDrift` steps before or after.
    public func verify(
        _ code: String, at date: Date, allowedDrift: Int = 1, digits: Int = 6, step: TimeInterval = 30
    ) -> Bool {
        matchingCounter(code, at: date, allowedDrift: allowedDrift, digits: digits, step: step) != nil
    }

    /// Compares without stopping at the first differing digit, so response time does not tell an
    /// attacker how many leading digits were right.
    private static func constantTimeEqual(_ lhs: String, _ rhs: String) -> Bool {
        let left = Array(lhs.utf8), right = Array(rhs.utf8)
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for (a, b) in zip(left, right) { difference |= a ^ b }
        return difference == 0
    }

    // MARK: Exchange with authenticator apps

    /// RFC 4648 base32 without padding, as the key URI format expects.
    public var base32Secret: String { Base32.encode(secret) }

    /// Reads a secret back from base32 (see `Base32.decode` for what is accepted). Nil for text that
    /// is not base32 or decodes to no bytes, since an empty HMAC key would make codes guessable.
    public init?(base32Secret: String) {
        guard let bytes = Base32.decode(base32Secret), !bytes.isEmpty else { return nil }
        self.init(secret: bytes)
    }

    /// The Google Authenticator key URI, shown as a QR code when a person enrols:
    /// `otpauth://totp/Issuer:account?secret=…&issuer=…&algorithm=SHA1&digits=6&period=30`.
    /// Issuer and account are percent-encoded as UTF-8 (RFC 3986 §2.1) leaving only unreserved
    /// characters, so a colon, "&" or a Chinese name inside them cannot break the label or the query.
    /// The issuer appears both in the label (for older apps) and as a parameter (the format's advice).
    public func provisioningURI(account: String, issuer: String) -> String {
        let encodedIssuer = Self.percentEncoded(issuer)
        return "otpauth://totp/\(encodedIssuer):\(Self.percentEncoded(account))"
            + "?secret=\(base32Secret)&issuer=\(encodedIssuer)&algorithm=SHA1&digits=6&period=30"
    }

    /// RFC 3986 §2.3 unreserved characters stay; every other UTF-8 byte becomes %XX (upper-case hex).
    static func percentEncoded(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF")
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                result.append(Character(Unicode.Scalar(byte)))
            default:
                result.append("%")
                result.append(hex[Int(byte >> 4)])
                result.append(hex[Int(byte & 0x0F)])
            }
        }
        return result
    }
}

extension TOTP: CustomStringConvertible, CustomDebugStringConvertible {
    /// Never prints the secret, so logging a value that holds a `TOTP` does not leak it.
    public var description: String { "TOTP(secret: \(secret.count) bytes, redacted)" }
    public var debugDescription: String { description }
}

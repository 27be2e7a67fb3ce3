import Foundation
import Testing
@testable import GongjiangCore

@Suite("TOTP (RFC 6238) and HOTP (RFC 4226)")
struct TOTPTests {
    /// The SHA-1 key of both RFCs' test vectors: the ASCII string "12345678901234567890".
    static let rfcSecret = Array("12345678901234567890".utf8)
    let totp = TOTP(secret: Self.rfcSecret)

    // MARK: Published test vectors

    @Test("RFC 6238 Appendix B SHA-1 vectors, 8 digits", arguments: [
        (59.0, UInt64(0x1), "94287082"),
        (1_111_111_109, 0x23523EC, "07081804"),
        (1_111_111_111, 0x23523ED, "14050471"),
        (1_234_567_890, 0x273EF07, "89005924"),
        (2_000_000_000, 0x3F940AA, "69279037"),
        (20_000_000_000, 0x27BC86AA, "65353130"),
    ])
    func rfc6238Vectors(unixTime: TimeInterval, step: UInt64, code: String) {
        let date = Date(timeIntervalSince1970: unixTime)

        #expect(TOTP.counter(at: date) == step)
        #expect(totp.code(at: date, digits: 8) == code)
    }

    @Test("RFC 4226 Appendix D HOTP values for counts 0 to 9", arguments: zip(UInt64(0)...9, [
        "755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489",
    ]))
    func rfc4226Vectors(counter: UInt64, code: String) {
        #expect(totp.code(forCounter: counter) == code)
    }

    @Test("The default code is 6 digits: the low digits of the 8-digit value")
    func defaultIsSixDigits() {
        let date = Date(timeIntervalSince1970: 1_111_111_109)

        #expect(totp.code(at: date) == "081804")
    }

    @Test("Steps are 30 seconds counted from the Unix epoch", arguments: [
        (0.0, UInt64(0)), (29.999, 0), (30, 1), (59.999, 1), (60, 2), (-0.001, 0), (-1_000_000, 0),
    ])
    func stepBoundaries(unixTime: TimeInterval, step: UInt64) {
        #expect(TOTP.counter(at: Date(timeIntervalSince1970: unixTime)) == step)
    }

    // MARK: Verification

    /// At 59 s the step is 1, whose code is RFC 4226's count 1: "287082".
    static let enrolledAt = Date(timeIntervalSince1970: 59)

    /// RFC 6238's 1111111109 s lies in step 0x23523EC, which starts at 1111111080 s; its 6-digit code
    /// is the low six digits of "07081804".
    static let stepStart = Date(timeIntervalSince1970: 1_111_111_080)

    @Test("A code is accepted within one step either side and refused two steps away", arguments: [
        (-30.001, false),  // two steps before
        (-30, true),       // the step before
        (0, true),
        (29.999, true),
        (30, true),        // the step after
        (59.999, true),
        (60, false),       // two steps after
    ])
    func driftWindow(offset: TimeInterval, accepted: Bool) {
        #expect(totp.verify("081804", at: Self.stepStart.addingTimeInterval(offset)) == accepted)
    }

    @Test("Without allowed drift only the current step's code is accepted")
    func noDrift() {
        #expect(totp.verify("287082", at: Self.enrolledAt, allowedDrift: 0))
        #expect(!totp.verify("287082", at: Self.enrolledAt.addingTimeInterval(1), allowedDrift: 0))
    }

    @Test("The matching step is reported so a reused code can be refused")
    func matchingStep() {
        #expect(totp.matchingCounter("287082", at: Self.enrolledAt) == 1)
        #expect(totp.matchingCounter("287082", at: Self.enrolledAt.addingTimeInterval(30)) == 1)
        #expect(totp.matchingCounter("359152", at: Self.enrolledAt) == 2)
        #expect(totp.matchingCounter("969429", at: Self.enrolledAt) == nil)
    }

    @Test("Codes as people type them are read", arguments: ["287082", " 287082 ", "287 082", "２８７０８２", "\u{3000}287 082\t"])
    func typedFormsAreAccepted(code: String) {
        #expect(totp.verify(code, at: Self.enrolledAt))
    }

    @Test("Anything but six digits is refused", arguments: ["", "28708", "2870820", "28708a", "-287082", "287-082", "+287082", "٢٨٧٠٨٢"])
    func malformedCodesAreRefused(code: String) {
        #expect(!totp.verify(code, at: Self.enrolledAt))
    }

    @Test("Eight-digit codes verify when asked for eight digits")
    func eightDigitVerification() {
        let date = Date(timeIntervalSince1970: 1_234_567_890)

        #expect(totp.verify("89005924", at: date, digits: 8))
        #expect(!totp.verify("005924", at: date, digits: 8))
    }

    @Test("Step 0 with drift does not underflow")
    func driftAtEpoch() {
        let atEpoch = Date(timeIntervalSince1970: 0)

        #expect(totp.verify("755224", at: atEpoch))
        #expect(totp.verify("287082", at: atEpoch))
        #expect(!totp.verify("359152", at: atEpoch))
    }

    // MARK: Secrets

    @Test("A generated secret has 20 bytes drawn from the injected generator")
    func generatedSecret() {
        var first = SplitMix64(seed: 42), again = SplitMix64(seed: 42), other = SplitMix64(seed: 43)

        let secret = TOTP.generateSecret(using: &first)

        #expect(secret.count == 20)
        #expect(secret == TOTP.generateSecret(using: &again))
        #expect(secret != TOTP.generateSecret(using: &other))
        #expect(secret != TOTP.generateSecret(using: &first))
    }

    @Test("The secret is shown in unpadded base32 and read back")
    func base32Secret() throws {
        #expect(totp.base32Secret == "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")

        let readBack = try #require(TOTP(base32Secret: "gezd gnbv gy3t qojq gezd gnbv gy3t qojq"))

        #expect(readBack.secret == Self.rfcSecret)
    }

    @Test("Random secrets survive the base32 round trip", arguments: [UInt64(1), 2, 3, 4, 5])
    func randomSecretRoundTrip(seed: UInt64) throws {
        var generator = SplitMix64(seed: seed)
        let secret = TOTP.generateSecret(using: &generator)

        let readBack = try #require(TOTP(base32Secret: TOTP(secret: secret).base32Secret))

        #expect(readBack.secret == secret)
    }

    @Test("Text that is not a base32 secret is refused", arguments: ["", "   ", "GEZ1", "GEZDGNBVGY3TQOJQ!", "GEZDGNB", "MZ"])
    func invalidBase32SecretIsRefused(text: String) {
        #expect(TOTP(base32Secret: text) == nil)
    }

    // MARK: Enrolment

    @Test("The provisioning URI follows the key URI format")
    func provisioningURI() {
        let uri = totp.provisioningURI(account: "zhangsan", issuer: "Gongjiang")

        #expect(uri == "otpauth://totp/Gongjiang:zhangsan?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Gongjiang&algorithm=SHA1&digits=6&period=30")
    }

    @Test("Issuer and account are percent-encoded so they cannot break the label or the query")
    func provisioningURIEncoding() throws {
        let uri = totp.provisioningURI(account: "li:si&x@y", issuer: "南通 技能")

        #expect(uri == "otpauth://totp/%E5%8D%97%E9%80%9A%20%E6%8A%80%E8%83%BD:li%3Asi%26x%40y"
            + "?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=%E5%8D%97%E9%80%9A%20%E6%8A%80%E8%83%BD"
            + "&algorithm=SHA1&digits=6&period=30")
        let components = try #require(URLComponents(string: uri))
        #expect(components.queryItems?.first { $0.name == "issuer" }?.value == "南通 技能")
        #expect(components.queryItems?.count == 5)
    }

    @Test("Printing a TOTP does not reveal its secret")
    func descriptionIsRedacted() {
        let printed = [String(describing: totp), String(reflecting: totp), "\(totp)"]

        for text in printed {
            #expect(!text.contains("GEZDGNBV"))
            #expect(!text.contains("49, 50"))
            #expect(text.contains("redacted"))
        }
    }
}

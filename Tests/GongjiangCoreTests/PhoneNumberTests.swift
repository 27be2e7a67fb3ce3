import Testing
@testable import GongjiangCore

@Suite("Mainland mobile number")
struct PhoneNumberTests {
    @Test("Typed forms of the same number all normalise to 11 digits", arguments: [
        "13800138000",
        "138 0013 8000",
        "138-0013-8000",
        "+86 138 0013 8000",
        "+86-138-0013-8000",
        "+8613800138000",
        "8613800138000",
        "008613800138000",
        "１３８００１３８０００",
        "＋８６ １３８ ００１３ ８０００",
        "\u{3000}13800138000 ",
    ])
    func formsNormalise(raw: String) throws {
        #expect(try PhoneNumber(raw).value == "13800138000")
    }

    @Test("Second digits 3 to 9 are accepted", arguments: Array(3...9))
    func secondDigitThreeToNineIsAccepted(second: Int) throws {
        let raw = "1\(second)800138000"

        #expect(try PhoneNumber(raw).value == raw)
    }

    @Test("Numbers outside the mobile plan are refused", arguments: [
        "12800138000",    // second digit 2
        "11800138000",    // second digit 1
        "10800138000",    // second digit 0
        "23800138000",    // does not start with 1
        "1380013800",     // 10 digits
        "138001380000",   // 12 digits
        "1380013800a",
        "+85213800138000",
        "86138001380",    // 86 prefix without 11 digits behind it
        "(138)00138000",
        "138.0013.8000",
    ])
    func invalidNumbersAreRefused(raw: String) {
        #expect(throws: PhoneNumberError.invalid(raw)) { try PhoneNumber(raw) }
    }

    @Test("The invalid error carries the trimmed, half-width text")
    func invalidCarriesNormalisedText() {
        #expect(throws: PhoneNumberError.invalid("12345")) { try PhoneNumber(" １２３４５ ") }
    }

    @Test("An empty or blank number is refused as empty", arguments: ["", " ", "\u{3000}"])
    func blankIsEmpty(raw: String) {
        #expect(throws: PhoneNumberError.empty) { try PhoneNumber(raw) }
    }

    @Test("The masked form keeps the first three and last four digits")
    func maskedForm() throws {
        let phone = try PhoneNumber("13812345678")

        #expect(phone.masked == "138****5678")
        #expect(phone.description == "13812345678")
    }
}

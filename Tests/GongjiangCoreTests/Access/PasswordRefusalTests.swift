import Testing
@testable import GongjiangCore

@Suite("Password refusal messages")
struct PasswordRefusalTests {
    static let all: [PasswordRefusal] = [
        .tooShort(minimum: 12), .tooFewClasses(required: 3, found: 2), .containsUsername, .common,
    ]

    @Test("Codes are stable and namespaced under password", arguments: zip(all, [
        "password.too-short", "password.too-few-classes", "password.contains-username", "password.common",
    ]))
    func codes(refusal: PasswordRefusal, code: String) {
        #expect(refusal.code == code)
    }

    @Test("Every refusal has a Chinese and an English message", arguments: all)
    func messagesAreBilingual(refusal: PasswordRefusal) {
        #expect(refusal.chinese.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) })
        #expect(refusal.english.unicodeScalars.filter { ("a"..."z").contains($0) }.count >= 10)
    }

    @Test("Messages carry the numbers of the rule that failed")
    func messagesCarryNumbers() {
        #expect(PasswordRefusal.tooShort(minimum: 12).chinese.contains("12"))
        #expect(PasswordRefusal.tooShort(minimum: 12).english.contains("12"))
        let classes = PasswordRefusal.tooFewClasses(required: 3, found: 2)
        #expect(classes.chinese.contains("3") && classes.chinese.contains("2"))
        #expect(classes.english.contains("3") && classes.english.contains("2"))
    }
}

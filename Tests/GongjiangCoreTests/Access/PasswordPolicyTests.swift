import Testing
@testable import GongjiangCore

@Suite("Password policy")
struct PasswordPolicyTests {
    let policy = PasswordPolicy()

    @Test("The default policy asks for 10 characters of 3 classes")
    func defaults() {
        #expect(policy.minimumLength == 10)
        #expect(policy.requiredCharacterClasses == 3)
        #expect(policy.commonPasswords == PasswordPolicy.defaultCommonPasswords)
    }

    @Test("Length: 9 characters are refused, 10 accepted", arguments: [
        ("Tb7#kq9Lm", false),    // 9
        ("Tb7#kq9Lmw", true),    // 10
        ("Tb7#kq9Lmwz", true),   // 11
        ("", false),
        ("汉字密码汉字密码a1", true),  // 10 characters, not 28 bytes: Chinese counts as one each
        ("汉字密码汉字密码1", false),  // 9 characters
    ])
    func lengthBoundary(password: String, accepted: Bool) {
        if accepted {
            #expect(throws: Never.self) { try policy.check(password, username: "zhangsan") }
        } else {
            #expect(throws: PasswordRefusal.tooShort(minimum: 10)) { try policy.check(password, username: "zhangsan") }
        }
    }

    @Test("Character classes: fewer than 3 of lower, upper, digit, symbol are refused", arguments: [
        ("tbqkmlwzrx", 1),
        ("TBQKMLWZRX", 1),
        ("8302917465", 1),
        ("#$%&*!?@^~", 1),
        ("tbqkmlwz73", 2),
        ("TBQKMLWZ#!", 2),
        ("tbqkmlwz#!", 2),
        ("Tbqkmlwz73", 3),
        ("tbqkmlwz7#", 3),
        ("TBQKMLWZ7a", 3),
        ("Tbqkmlwz7#", 4),
        ("tbq kmlwz7", 3),     // a space is a symbol
        ("tbq汉字mlwz7", 3),    // so is a Chinese character
        ("tbqkmléwz7", 3),     // and a non-ASCII letter
    ])
    func characterClasses(password: String, classes: Int) {
        #expect(PasswordPolicy.characterClasses(in: password) == classes)
        if classes >= 3 {
            #expect(throws: Never.self) { try policy.check(password, username: "zhangsan") }
        } else {
            #expect(throws: PasswordRefusal.tooFewClasses(required: 3, found: classes)) {
                try policy.check(password, username: "zhangsan")
            }
        }
    }

    @Test("A stricter policy applies its own numbers", arguments: [
        ("Tb7#kq9Lmwz", PasswordRefusal?.some(.tooShort(minimum: 12))),
        ("Tb7kq9Lmwzrx", .tooFewClasses(required: 4, found: 3)),
        ("Tb7#kq9Lmwzr", nil),
    ])
    func stricterPolicy(password: String, refusal: PasswordRefusal?) {
        let strict = PasswordPolicy(minimumLength: 12, requiredCharacterClasses: 4)

        if let refusal {
            #expect(throws: refusal) { try strict.check(password, username: "zhangsan") }
        } else {
            #expect(throws: Never.self) { try strict.check(password, username: "zhangsan") }
        }
    }

    @Test("A password containing the username, in any case, is refused", arguments: [
        ("zhangsan", "Zhangsan#2931"),
        ("zhangsan", "x!ZHANGSAN77q"),
        ("ZhangSan", "97#zhangsanQ"),
        ("wyl", "Tb7#wylkq9Lm"),           // three characters is long enough to count
        ("  wyl ", "Tb7#WYLkq9Lm"),        // surrounding spaces are not part of the name
        ("王小明", "Tb7#王小明kq9"),
    ])
    func containsUsernameIsRefused(username: String, password: String) {
        #expect(throws: PasswordRefusal.containsUsername) { try policy.check(password, username: username) }
    }

    @Test("Usernames under three characters are not looked for", arguments: [("li", "Tb7#likq9Lm"), ("x", "Tb7#xkq9Lmw"), ("", "Tb7#kq9Lmwz")])
    func shortUsernamesAreIgnored(username: String, password: String) {
        #expect(throws: Never.self) { try policy.check(password, username: username) }
    }

    @Test("Common passwords are refused whatever their case", arguments: [
        "Password@123", "P@ssw0rd1234", "Admin@123456", "ADMIN@123456", "Woaini1314", "1QAZ2wsx3edc",
        "Zxcvbnm123", "Welcome@2024", "1qaz@WSX#EDC", "Qwer1234!@#$", "Nantong@123", "Gongjiang@123",
    ])
    func commonPasswordIsRefused(password: String) {
        #expect(throws: PasswordRefusal.common) { try policy.check(password, username: "zhangsan") }
    }

    @Test("Rules are applied in order and the first failure is reported", arguments: [
        ("admin", "admin", PasswordRefusal.tooShort(minimum: 10)),  // also common and the username
        ("zhangsan", "password1234", .tooFewClasses(required: 3, found: 2)),  // also common
        ("admin", "Admin@123456", .containsUsername),  // also common
        ("zhangsan", "Admin@123456", .common),
    ])
    func firstFailureIsReported(username: String, password: String, refusal: PasswordRefusal) {
        #expect(throws: refusal) { try policy.check(password, username: username) }
    }

    @Test("A caller's common list is matched case-insensitively even when written with capitals")
    func callerListIsLowercased() {
        let custom = PasswordPolicy(commonPasswords: ["Jianghai#2025"])

        #expect(custom.commonPasswords == ["jianghai#2025"])
        #expect(throws: PasswordRefusal.common) { try custom.check("JIANGHAI#2025", username: "zhangsan") }
        #expect(throws: Never.self) { try custom.check("Admin@123456", username: "zhangsan") }
    }

    // MARK: The default list

    @Test("The default list holds about a hundred lower-cased entries, including the well-known ones")
    func defaultListShape() {
        let list = PasswordPolicy.defaultCommonPasswords

        #expect(list.count >= 100)
        #expect(list.allSatisfy { $0 == $0.lowercased() })
        #expect(list.isSuperset(of: [
            "password1234", "qwertyuiop", "1qaz2wsx3edc", "admin@123456", "p@ssw0rd1234",
            "a123456789", "woaini1314", "zxcvbnm123",
        ]))
    }

    @Test("Most of the default list would pass length and classes when capitalised, so the list matters")
    func defaultListReachesTheCommonCheck() {
        let capitalised = PasswordPolicy.defaultCommonPasswords.map { $0.prefix(1).uppercased() + $0.dropFirst() }
        let reaching = capitalised.filter { $0.count >= 10 && PasswordPolicy.characterClasses(in: $0) >= 3 }

        #expect(reaching.count >= 60)
        for password in reaching {
            #expect(throws: PasswordRefusal.common) { try policy.check(password, username: "zhangsan") }
        }
    }

    @Test("A long mixed password not on the list is accepted", arguments: ["Tb7#kq9Lmw", "correct-Horse-battery-7", "南通-Jianghai-2025"])
    func strongPasswordIsAccepted(password: String) {
        #expect(throws: Never.self) { try policy.check(password, username: "zhangsan") }
    }
}

import Foundation

/// The rules a new password must meet.
///
/// GB/T 22239-2019 8.1.4.1 a) asks that 身份鉴别信息具有复杂度要求; length and character classes are the
/// usual reading of that clause in 等保 assessments. The common-password list follows NIST SP 800-63B
/// §5.1.1.2, which asks verifiers to refuse passwords found in lists of commonly used or breached
/// ones, because "Password@123" meets every composition rule and is among the first guesses.
public struct PasswordPolicy: Sendable {
    public var minimumLength: Int = 10
    /// How many of the four classes (lower-case, upper-case, digit, symbol) must occur.
    public var requiredCharacterClasses: Int = 3
    /// Lower-cased; a password matches whatever its case.
    public var commonPasswords: Set<String>

    public init(
        minimumLength: Int = 10,
        requiredCharacterClasses: Int = 3,
        commonPasswords: Set<String> = PasswordPolicy.defaultCommonPasswords
    ) {
        self.minimumLength = minimumLength
        self.requiredCharacterClasses = requiredCharacterClasses
        // Lower-cased here so that a caller's list written with capitals still matches.
        self.commonPasswords = Set(commonPasswords.map { $0.lowercased() })
    }

    /// Throws the first failing rule, in the order tooShort, tooFewClasses, containsUsername, common,
    /// so the person fixes the most basic problem first and the message is stable.
    public func check(_ password: String, username: String) throws(PasswordRefusal) {
        // Characters (grapheme clusters), not bytes or scalars: "é" typed one way or another is one
        // character to the person choosing it.
        guard password.count >= minimumLength else { throw .tooShort(minimum: minimumLength) }

        let found = Self.characterClasses(in: password)
        guard found >= requiredCharacterClasses else {
            throw .tooFewClasses(required: requiredCharacterClasses, found: found)
        }

        // Shorter usernames ("li", "x") would refuse passwords by coincidence rather than because
        // the name makes them guessable.
        let name = username.trimmingCharacters(in: .whitespaces).lowercased()
        if name.count >= 3, password.lowercased().contains(name) { throw .containsUsername }

        if commonPasswords.contains(password.lowercased()) { throw .common }
    }

    /// Counts lower-case ASCII letters, upper-case ASCII letters, ASCII digits, and everything else
    /// (punctuation, spaces, Chinese characters…) as "symbol". ASCII letters only, because
    /// `Character.isLowercase` would count "é" or "ß" as a letter class some keyboards cannot type.
    static func characterClasses(in password: String) -> Int {
        var lower = false, upper = false, digit = false, symbol = false
        for character in password {
            switch character {
            case "a"..."z": lower = true
            case "A"..."Z": upper = true
            case "0"..."9": digit = true
            default: symbol = true
            }
        }
        return [lower, upper, digit, symbol].filter { $0 }.count
    }

    /// Well-known passwords, lower-cased. Most are 10 characters or more with three classes once
    /// lower-cased (or four once capitalised), because shorter or simpler ones are already refused
    /// by the length and class rules; a few short classics stay for policies with lower minimums.
    /// Drawn from the top of published leak lists (the CSDN and 12306 leaks, SplashData) and from
    /// default passwords of devices and software commonly found in Chinese government networks,
    /// plus names an attacker would try against this system (city, province, bureau, product).
    public static let defaultCommonPasswords: Set<String> = [
        // Classics (short; refused by length under the default policy).
        "123456", "123456789", "12345678", "111111", "000000", "666666", "888888", "123123",
        "5201314", "a123456", "abc123", "qq123456", "1qaz2wsx", "woaini", "iloveyou", "password",
        "qwerty", "admin", "abc123456", "1234567890",
        // Ten or more characters, letters and digits (three classes once capitalised).
        "password1234", "password123", "qwertyuiop", "1qaz2wsx3edc", "a123456789", "woaini1314",
        "zxcvbnm123", "qwerty123456", "abc1234567", "abcd123456", "abc123456789", "aa12345678",
        "qq12345678", "qq123456789", "1q2w3e4r5t", "1q2w3e4r5t6y", "q1w2e3r4t5", "asdfghjkl123",
        "admin123456", "admin12345", "iloveyou1314", "wang123456", "zhang123456", "a1234567890",
        "123456789a", "1234567890a", "123456789abc", "passw0rd123", "qazwsxedc123", "qazwsxedcrfv",
        "1qazxsw23edc", "zaq12wsxcde3", "welcome123", "iloveyou123", "abcdefg123", "woaini520520",
        // Ten or more characters with a symbol (three classes even lower-cased, four capitalised).
        "p@ssw0rd1234", "p@ssw0rd123", "p@ssword123", "p@ssword1234", "password@123", "password@1234",
        "password#123", "password!123", "password123!", "password1234!", "admin@123456", "admin@12345",
        "admin@1234", "admin#123456", "admin123!@#", "admin!@#123", "root@123456", "root@1234567",
        "test@123456", "qwer1234!@#$", "1qaz@wsx#edc", "1qaz!qaz2wsx", "1qaz@wsx3edc", "!qaz2wsx#edc",
        "!qaz@wsx1234", "abc@123456", "abcd@123456", "welcome@123", "welcome@2024", "changeme@123",
        "huawei@123", "huawei@1234", "huawei12#$", "woaini@1314", "woaini1314!", "a123456!@#",
        "aa123456!@#", "qwerty@123", "qwerty@1234", "qwerty123!", "asdf@123456", "asdf1234!@#$",
        "zxcv@123456", "zxcvbnm@123", "1234qwer!@#$", "q1w2e3r4t5!", "system@123", "system@123456",
        "oracle@123", "mysql@123456", "server@123", "china@123456",
        // Names of this system and its owner.
        "nantong@123", "nantong123!", "jiangsu@123", "gongjiang@123", "rsj@123456", "hrss@123456",
    ]
}

public enum PasswordRefusal: DomainError, Equatable {
    case tooShort(minimum: Int)
    case tooFewClasses(required: Int, found: Int)
    case containsUsername
    case common

    public var code: String {
        switch self {
        case .tooShort: "password.too-short"
        case .tooFewClasses: "password.too-few-classes"
        case .containsUsername: "password.contains-username"
        case .common: "password.common"
        }
    }

    public var chinese: String {
        switch self {
        case .tooShort(let minimum):
            "密码至少应为 \(minimum) 个字符"
        case .tooFewClasses(let required, let found):
            "密码应至少包含小写字母、大写字母、数字、符号中的 \(required) 类，当前只有 \(found) 类"
        case .containsUsername:
            "密码不能包含用户名"
        case .common:
            "该密码过于常见，容易被猜中，请换一个"
        }
    }

    public var english: String {
        switch self {
        case .tooShort(let minimum):
            "The password must have at least \(minimum) characters"
        case .tooFewClasses(let required, let found):
            "The password must mix at least \(required) of lower-case letters, upper-case letters, digits and symbols; it has \(found)"
        case .containsUsername:
            "The password must not contain the username"
        case .common:
            "This password is too common and easy to guess; choose another"
        }
    }
}

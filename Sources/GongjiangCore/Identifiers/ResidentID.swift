public enum Sex: String, Sendable, Codable, CaseIterable {
    case male, female
}

/// A citizen identity number (公民身份号码) as defined by GB 11643-1999.
///
/// Layout of the 18 characters: 6-digit address code (GB/T 2260), 8-digit birth date YYYYMMDD,
/// 3-digit sequence code (odd for men, even for women), and a check character computed with
/// ISO 7064 MOD 11-2. The number keys a person in the registry, so only the normalised form is kept.
public struct ResidentID: Hashable, Sendable, CustomStringConvertible {
    /// Normalised 18 characters, with an upper-case X check character.
    public let value: String
    /// Digits 7–14, checked to be a real date not after the day of reading.
    public let birthDate: CivilDate
    /// The 17th digit (last of the sequence code) is odd for men and even for women.
    public let sex: Sex

    /// Normalises and validates an identity number.
    ///
    /// - Full-width characters are made half-width and surrounding whitespace trimmed (interchange.md).
    /// - A lower-case x check character becomes X.
    /// - A 15-digit number (issued before GB 11643-1999: YYMMDD birth date, no check character,
    ///   all holders born in the 1900s) is converted to 18 characters by inserting "19" before the
    ///   year and appending the computed check character, as the standard prescribes.
    /// - The birth date must be a real date and not after `today`; the check character must match.
    public init(_ raw: String, today: CivilDate = .today()) throws(ResidentIDError) {
        if let read = Self.readASCII(raw, today: today) {
            self = read
            return
        }
        let text = String(raw.halfWidthNormalized.map { $0 == "x" ? "X" : $0 })
        guard !text.isEmpty else { throw .empty }
        if let bad = text.first(where: { !$0.isASCIIDigit && $0 != "X" }) {
            throw .invalidCharacter(bad)
        }
        let characters = Array(text)

        let first17: String
        switch characters.count {
        case 15:
            if characters.contains("X") { throw .invalidCharacter("X") }
            first17 = String(characters[0..<6]) + "19" + String(characters[6..<15])
        case 18:
            if let bad = characters[0..<17].first(where: { !$0.isASCIIDigit }) {
                throw .invalidCharacter(bad)
            }
            first17 = String(characters[0..<17])
        default:
            throw .wrongLength(characters.count)
        }

        let birthDate = try Self.birthDate(in: first17)
        guard birthDate <= today else { throw .birthDateInFuture(birthDate) }

        // first17 holds 17 ASCII digits here, so a check character always exists.
        let expected = Self.checkCharacter(for: first17)!
        if characters.count == 18, characters[17] != expected {
            throw .checkCharacterMismatch(expected: expected, found: characters[17])
        }
        value = first17 + String(expected)
        self.birthDate = birthDate
        sex = first17.last!.asciiDigitValue! % 2 == 1 ? .male : .female
    }

    private init(value: String, birthDate: CivilDate, sex: Sex) {
        self.value = value
        self.birthDate = birthDate
        self.sex = sex
    }

    /// The fast path (ASCIIBytes.swift): 18 ASCII characters that pass every check, read byte by byte.
    /// Anything else returns nil and goes the general way, which names the error.
    private static func readASCII(_ raw: String, today: CivilDate) -> ResidentID? {
        raw.withASCIIBytes { bytes -> ResidentID? in
            guard bytes.count == 18, bytes.areDigits(0..<17) else { return nil }
            var sum = 0
            for index in 0..<17 { sum += Int(bytes[index] &- 0x30) * weights[index] }
            let expected = checkBytes[sum % 11]
            let lowerX = bytes[17] == UInt8(ascii: "x")
            guard (lowerX ? UInt8(ascii: "X") : bytes[17]) == expected,
                  let year = bytes.decimal(6..<10), let month = bytes.decimal(10..<12), let day = bytes.decimal(12..<14),
                  let birthDate = try? CivilDate(year: year, month: month, day: day), birthDate <= today
            else { return nil }
            return ResidentID(value: lowerX ? bytes.text(0..<17) + "X" : raw, birthDate: birthDate,
                              sex: (bytes[16] &- 0x30) % 2 == 1 ? .male : .female)
        }
    }

    /// GB 11643-1999 clause 7 (ISO 7064 MOD 11-2): the k-th character from the right weighs
    /// 2^(k-1) mod 11, which gives 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2 for characters 1…17; the check
    /// character is "10X98765432"[sum mod 11] (X stands for 10). Because 11 is prime and no weight
    /// (nor difference of neighbouring weights) is 0 mod 11, every single-digit error and every
    /// transposition of neighbouring digits is detected.
    /// Returns nil unless `first17` is exactly 17 ASCII digits.
    public static func checkCharacter(for first17: String) -> Character? {
        guard first17.count == 17, first17.isAllASCIIDigits else { return nil }
        var sum = 0
        for (digit, weight) in zip(first17, weights) {
            sum += digit.asciiDigitValue! * weight
        }
        return checkCharacters[sum % 11]
    }

    private static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    private static let checkCharacters: [Character] = Array("10X98765432")
    private static let checkBytes: [UInt8] = Array("10X98765432".utf8)

    private static func birthDate(in first17: String) throws(ResidentIDError) -> CivilDate {
        let digits = Array(first17)
        let text = String(digits[6..<14])
        guard let year = Int(String(digits[6..<10])),
              let month = Int(String(digits[10..<12])),
              let day = Int(String(digits[12..<14])),
              let date = try? CivilDate(year: year, month: month, day: day)
        else { throw .impossibleBirthDate(text) }
        return date
    }

    /// The first 6 digits: the GB/T 2260 administrative division where the number was first issued.
    public var addressCode: String { String(value.prefix(6)) }

    /// The form shown on pages and in logs: address code, 8 asterisks over the birth date, last four.
    /// Personal Information Protection Law art. 28 counts ID numbers as sensitive personal information.
    public var masked: String { addressCode + String(repeating: "*", count: 8) + lastFour }

    public var lastFour: String { String(value.suffix(4)) }

    public var description: String { value }
}

public enum ResidentIDError: DomainError, Equatable {
    case empty
    case wrongLength(Int)
    case invalidCharacter(Character)
    case impossibleBirthDate(String)
    case birthDateInFuture(CivilDate)
    case checkCharacterMismatch(expected: Character, found: Character)

    public var code: String {
        switch self {
        case .empty: "resident-id.empty"
        case .wrongLength: "resident-id.length"
        case .invalidCharacter: "resident-id.character"
        case .impossibleBirthDate: "resident-id.birth-date"
        case .birthDateInFuture: "resident-id.birth-date-in-future"
        case .checkCharacterMismatch: "resident-id.check-digit"
        }
    }

    public var chinese: String {
        switch self {
        case .empty:
            "身份证号码为空"
        case .wrongLength(let count):
            "身份证号码应为 18 位（或旧版 15 位），实为 \(count) 位"
        case .invalidCharacter(let character):
            "身份证号码含有非法字符“\(character)”，只能是数字和末位 X"
        case .impossibleBirthDate(let text):
            "身份证号码中的出生日期 \(text) 不存在"
        case .birthDateInFuture(let date):
            "身份证号码中的出生日期 \(date) 晚于今天"
        case .checkCharacterMismatch(let expected, let found):
            "身份证号码校验码错误：末位应为 \(expected)，实为 \(found)，请核对号码"
        }
    }

    public var english: String {
        switch self {
        case .empty:
            "The resident ID number is empty"
        case .wrongLength(let count):
            "A resident ID number has 18 characters (or 15 in the legacy form), not \(count)"
        case .invalidCharacter(let character):
            "The resident ID number contains “\(character)”; only digits and a final X are allowed"
        case .impossibleBirthDate(let text):
            "The birth date \(text) in the resident ID number does not exist"
        case .birthDateInFuture(let date):
            "The birth date \(date) in the resident ID number is after today"
        case .checkCharacterMismatch(let expected, let found):
            "The resident ID number's check character should be \(expected), not \(found); check the number for typos"
        }
    }
}

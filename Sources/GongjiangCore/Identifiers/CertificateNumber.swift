/// The type of a filed evaluation organization (评价机构), the first character of a
/// 职业技能等级证书 number (人社鉴发〔2019〕2号).
public enum EvaluationOrganizationType: String, Sendable, Codable, CaseIterable {
    /// 用人单位: an employer certifying its own staff.
    case employer = "Y"
    /// 社会培训评价组织: a social training-evaluation organization.
    case social = "S"

    init?(byte: UInt8) {
        switch byte {
        case UInt8(ascii: "Y"): self = .employer
        case UInt8(ascii: "S"): self = .social
        default: return nil
        }
    }
}

/// The 22-character number of a 职业技能等级证书 (人社鉴发〔2019〕2号):
///
/// | position | meaning |
/// |---|---|
/// | 1 | organization type, Y or S |
/// | 2–5 | organization code assigned by the ministry; 0000 when filed at provincial level |
/// | 6–7 | province code (Jiangsu = 32) |
/// | 8–13 | organization/site serial assigned by the provincial bureau |
/// | 14–15 | year of issue, two digits |
/// | 16 | national level 1–5 |
/// | 17–22 | certificate serial |
///
/// 特级技师 certificates use another 22-character format (2 letters + 20 digits), which this type
/// rejects at position 2.
public struct NationalCertificateNumber: Hashable, Sendable, CustomStringConvertible {
    public let value: String
    public let organizationType: EvaluationOrganizationType
    public let organizationCode: String
    public let provinceCode: String
    public let siteSerial: String
    public let yearOfIssue: Int
    public let level: SkillLevel
    public let serial: String

    public static let length = 22

    public init(_ raw: String) throws(CertificateNumberError) {
        if let read = Self.readASCII(raw) {
            self = read
            return
        }
        let text = raw.halfWidthNormalized.uppercased()
        guard !text.isEmpty else { throw .empty }
        let characters = Array(text)
        guard characters.count == Self.length else { throw .wrongLength(characters.count) }

        guard let type = EvaluationOrganizationType(rawValue: String(characters[0])) else {
            throw .invalidOrganizationType(characters[0])
        }
        // Positions are 1-based in errors, as in the ministry's table and as people count.
        for index in 1..<22 where index != 15 && !characters[index].isASCIIDigit {
            throw .invalidCharacter(characters[index], position: index + 1)
        }
        guard let levelDigit = characters[15].asciiDigitValue,
              let level = SkillLevel(nationalLevel: levelDigit)
        else { throw .invalidLevelDigit(characters[15]) }

        value = text
        organizationType = type
        organizationCode = String(characters[1..<5])
        provinceCode = String(characters[5..<7])
        siteSerial = String(characters[7..<13])
        yearOfIssue = Int(String(characters[13..<15]))!
        self.level = level
        serial = String(characters[16..<22])
    }

    /// The fast path (ASCIIBytes.swift): 22 upper-case ASCII characters that pass every check.
    static func readASCII(_ raw: String) -> NationalCertificateNumber? {
        raw.withASCIIBytes { bytes -> NationalCertificateNumber? in
            guard bytes.count == length,
                  let type = EvaluationOrganizationType(byte: bytes[0]),
                  bytes.areDigits(1..<22),
                  let level = SkillLevel(nationalLevel: Int(bytes[15] &- 0x30))
            else { return nil }
            return NationalCertificateNumber(
                value: raw, organizationType: type, organizationCode: bytes.text(1..<5), provinceCode: bytes.text(5..<7),
                siteSerial: bytes.text(7..<13), yearOfIssue: bytes.decimal(13..<15)!, level: level, serial: bytes.text(16..<22))
        }
    }

    private init(value: String, organizationType: EvaluationOrganizationType, organizationCode: String, provinceCode: String,
                 siteSerial: String, yearOfIssue: Int, level: SkillLevel, serial: String) {
        self.value = value
        self.organizationType = organizationType
        self.organizationCode = organizationCode
        self.provinceCode = provinceCode
        self.siteSerial = siteSerial
        self.yearOfIssue = yearOfIssue
        self.level = level
        self.serial = serial
    }

    /// Composes a number from its parts (e.g. when issuing a certificate) and validates the result
    /// exactly as if it had been read: a part of the wrong width shows up as `wrongLength` of the
    /// whole, a level without a national level number as `invalidLevelDigit("0")`.
    public init(
        organizationType: EvaluationOrganizationType,
        organizationCode: String,
        provinceCode: String,
        siteSerial: String,
        yearOfIssue: Int,
        level: SkillLevel,
        serial: String
    ) throws(CertificateNumberError) {
        let year = (0...9).contains(yearOfIssue) ? "0\(yearOfIssue)" : String(yearOfIssue)
        let levelDigit = level.nationalLevel.map(String.init) ?? "0"
        let text = organizationType.rawValue + organizationCode + provinceCode + siteSerial
            + year + levelDigit + serial
        // Parts are taken as given, so " 0000" must not be trimmed into shape by the parser.
        guard text.count == Self.length else { throw .wrongLength(text.count) }
        try self.init(text)
    }

    /// The cross-column checks of interchange.md: the level digit equals the stated level and the
    /// two-digit year equals the issue date's year.
    public func check(level: SkillLevel, issueDate: CivilDate) throws(CertificateNumberError) {
        guard self.level == level else { throw .levelMismatch(inNumber: self.level, stated: level) }
        guard yearOfIssue == issueDate.year % 100 else {
            throw .yearMismatch(inNumber: yearOfIssue, issueYear: issueDate.year)
        }
    }

    public var description: String { value }
}

/// The 16-digit number of a legacy 职业资格证书, still found in imported records:
/// YY + province (2) + city (2) + issuing-body type (1, 0–4) + body serial (3) + level (1, 1–5)
/// + serial (5).
public struct LegacyCertificateNumber: Hashable, Sendable, CustomStringConvertible {
    public let value: String
    public let yearOfIssue: Int
    public let provinceCode: String
    public let cityCode: String
    public let bodyType: Int
    public let bodySerial: String
    public let level: SkillLevel
    public let serial: String

    public static let length = 16

    public init(_ raw: String) throws(CertificateNumberError) {
        if let read = Self.readASCII(raw) {
            self = read
            return
        }
        let text = raw.halfWidthNormalized.uppercased()
        guard !text.isEmpty else { throw .empty }
        let characters = Array(text)
        guard characters.count == Self.length else { throw .wrongLength(characters.count) }
        for (index, character) in characters.enumerated() where !character.isASCIIDigit {
            throw .invalidCharacter(character, position: index + 1)
        }
        let bodyType = characters[6].asciiDigitValue!
        guard (0...4).contains(bodyType) else { throw .invalidBodyType(characters[6]) }
        guard let level = SkillLevel(nationalLevel: characters[10].asciiDigitValue!) else {
            throw .invalidLevelDigit(characters[10])
        }
        value = text
        yearOfIssue = Int(String(characters[0..<2]))!
        provinceCode = String(characters[2..<4])
        cityCode = String(characters[4..<6])
        self.bodyType = bodyType
        bodySerial = String(characters[7..<10])
        self.level = level
        serial = String(characters[11..<16])
    }

    /// The fast path (ASCIIBytes.swift): 16 ASCII digits that pass every check.
    static func readASCII(_ raw: String) -> LegacyCertificateNumber? {
        raw.withASCIIBytes { bytes -> LegacyCertificateNumber? in
            guard bytes.count == length, bytes.areDigits(0..<16) else { return nil }
            let bodyType = Int(bytes[6] &- 0x30)
            guard (0...4).contains(bodyType), let level = SkillLevel(nationalLevel: Int(bytes[10] &- 0x30)) else { return nil }
            return LegacyCertificateNumber(
                value: raw, yearOfIssue: bytes.decimal(0..<2)!, provinceCode: bytes.text(2..<4), cityCode: bytes.text(4..<6),
                bodyType: bodyType, bodySerial: bytes.text(7..<10), level: level, serial: bytes.text(11..<16))
        }
    }

    private init(value: String, yearOfIssue: Int, provinceCode: String, cityCode: String, bodyType: Int, bodySerial: String,
                 level: SkillLevel, serial: String) {
        self.value = value
        self.yearOfIssue = yearOfIssue
        self.provinceCode = provinceCode
        self.cityCode = cityCode
        self.bodyType = bodyType
        self.bodySerial = bodySerial
        self.level = level
        self.serial = serial
    }

    /// The same cross-column checks as for the national format.
    public func check(level: SkillLevel, issueDate: CivilDate) throws(CertificateNumberError) {
        guard self.level == level else { throw .levelMismatch(inNumber: self.level, stated: level) }
        guard yearOfIssue == issueDate.year % 100 else {
            throw .yearMismatch(inNumber: yearOfIssue, issueYear: issueDate.year)
        }
    }

    public var description: String { value }
}

/// A certificate number as found in imports: the 22-character national format or the 16-digit
/// legacy format, told apart by length.
public enum CertificateNumber: Hashable, Sendable, CustomStringConvertible {
    case national(NationalCertificateNumber)
    case legacy(LegacyCertificateNumber)

    public init(_ raw: String) throws(CertificateNumberError) {
        if let national = NationalCertificateNumber.readASCII(raw) {
            self = .national(national)
            return
        }
        if let legacy = LegacyCertificateNumber.readASCII(raw) {
            self = .legacy(legacy)
            return
        }
        let text = raw.halfWidthNormalized.uppercased()
        switch text.count {
        case 0: throw .empty
        case NationalCertificateNumber.length: self = .national(try NationalCertificateNumber(text))
        case LegacyCertificateNumber.length: self = .legacy(try LegacyCertificateNumber(text))
        default: throw .wrongLength(text.count)
        }
    }

    public var value: String {
        switch self {
        case .national(let number): number.value
        case .legacy(let number): number.value
        }
    }

    public var level: SkillLevel {
        switch self {
        case .national(let number): number.level
        case .legacy(let number): number.level
        }
    }

    public func check(level: SkillLevel, issueDate: CivilDate) throws(CertificateNumberError) {
        switch self {
        case .national(let number): try number.check(level: level, issueDate: issueDate)
        case .legacy(let number): try number.check(level: level, issueDate: issueDate)
        }
    }

    public var description: String { value }
}

public enum CertificateNumberError: DomainError, Equatable {
    case empty
    case wrongLength(Int)
    case invalidCharacter(Character, position: Int)
    case invalidOrganizationType(Character)
    case invalidLevelDigit(Character)
    case invalidBodyType(Character)
    case levelMismatch(inNumber: SkillLevel, stated: SkillLevel)
    case yearMismatch(inNumber: Int, issueYear: Int)

    public var code: String {
        switch self {
        case .empty: "certificate-number.empty"
        case .wrongLength: "certificate-number.length"
        case .invalidCharacter: "certificate-number.character"
        case .invalidOrganizationType: "certificate-number.organization-type"
        case .invalidLevelDigit: "certificate-number.level-digit"
        case .invalidBodyType: "certificate-number.body-type"
        case .levelMismatch: "certificate-number.level-mismatch"
        case .yearMismatch: "certificate-number.year-mismatch"
        }
    }

    public var chinese: String {
        switch self {
        case .empty:
            "证书编号为空"
        case .wrongLength(let count):
            "证书编号应为 22 位（职业技能等级证书）或 16 位（职业资格证书），实为 \(count) 位"
        case .invalidCharacter(let character, let position):
            "证书编号第 \(position) 位“\(character)”不是数字"
        case .invalidOrganizationType(let character):
            "证书编号第 1 位应为 Y（用人单位）或 S（社会培训评价组织），实为“\(character)”"
        case .invalidLevelDigit(let character):
            "证书编号中的等级位应为 1–5，实为“\(character)”"
        case .invalidBodyType(let character):
            "职业资格证书编号第 7 位（发证机构类型）应为 0–4，实为“\(character)”"
        case .levelMismatch(let inNumber, let stated):
            "证书编号中的等级为\(inNumber.chineseName)，与所填等级\(stated.chineseName)不符"
        case .yearMismatch(let inNumber, let issueYear):
            "证书编号中的年份为 \(Self.twoDigits(inNumber))，与发证日期的年份 \(issueYear) 不符"
        }
    }

    public var english: String {
        switch self {
        case .empty:
            "The certificate number is empty"
        case .wrongLength(let count):
            "A certificate number has 22 characters (skill-level certificate) or 16 digits (legacy qualification certificate), not \(count)"
        case .invalidCharacter(let character, let position):
            "Character \(position) of the certificate number, “\(character)”, is not a digit"
        case .invalidOrganizationType(let character):
            "A certificate number starts with Y (employer) or S (social evaluation organization), not “\(character)”"
        case .invalidLevelDigit(let character):
            "The level digit of the certificate number must be 1–5, not “\(character)”"
        case .invalidBodyType(let character):
            "Digit 7 of a legacy certificate number (issuing-body type) must be 0–4, not “\(character)”"
        case .levelMismatch(let inNumber, let stated):
            "The certificate number says \(inNumber.englishName) but the stated level is \(stated.englishName)"
        case .yearMismatch(let inNumber, let issueYear):
            "The certificate number's year \(Self.twoDigits(inNumber)) does not match the issue year \(issueYear)"
        }
    }

    private static func twoDigits(_ year: Int) -> String {
        year < 10 && year >= 0 ? "0\(year)" : String(year)
    }
}

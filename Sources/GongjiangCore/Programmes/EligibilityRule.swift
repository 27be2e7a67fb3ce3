/// One condition of a programme type over registry facts, as data a city administrator sets (issue 13): the rules
/// a call checks before an application may be submitted, each with its reason shown to the applicant.
public enum EligibilityRule: Sendable, Equatable, Codable {
    /// Holds a valid certificate at `level` or above.
    case holdsLevel(atLeast: SkillLevel)
    /// Has held `level` or above for at least `years` whole years on the day (高级工 + 2 years → 助理工程师).
    case yearsSinceLevel(atLeast: SkillLevel, years: Int)
    /// Holds one of the honours (an award of a programme type, or one recorded from upstream), valid on the day.
    case holdsHonour(anyOf: [String])
    /// Registered in one of the districts.
    case district(anyOf: [String])
    /// The employer (for a person) or the organization itself is of one of these kinds (`enterprise`, …).
    case employerKind(anyOf: [String])
    /// Education at or above `level`, a school track's equivalent counting (rules.md).
    case education(atLeast: EducationLevel)
    /// Education at or below `level` (a subsidy for graduates up to a degree).
    case educationAtMost(EducationLevel)
    /// At most `years` old on the day (a youth talent subsidy).
    case ageAtMost(years: Int)

    /// The stable code of the rule's kind, as stored and as the API names it.
    public var kind: String {
        switch self {
        case .holdsLevel: "holds-level"
        case .yearsSinceLevel: "years-since-level"
        case .holdsHonour: "holds-honour"
        case .district: "district"
        case .employerKind: "employer-kind"
        case .education: "education"
        case .educationAtMost: "education-at-most"
        case .ageAtMost: "age-at-most"
        }
    }

    /// The rule as an applicant reads it.
    public var chinese: String {
        switch self {
        case .holdsLevel(let level): "持有\(level.chineseName)及以上职业技能等级证书"
        case .yearsSinceLevel(let level, let years): "取得\(level.chineseName)及以上证书满 \(years) 年"
        case .holdsHonour(let codes): "获得以下荣誉之一：\(codes.map(ProgrammeHonours.chineseName).joined(separator: "、"))"
        case .district(let codes): "属以下区县：\(codes.joined(separator: "、"))"
        case .employerKind(let kinds): "单位类型为：\(kinds.map(OrganizationKind.chineseName(of:)).joined(separator: "、"))"
        case .education(let level): "学历（含技工院校学制等同）\(level.chineseName)及以上"
        case .educationAtMost(let level): "学历不高于\(level.chineseName)"
        case .ageAtMost(let years): "申报时年龄不超过 \(years) 周岁"
        }
    }

    public var english: String {
        switch self {
        case .holdsLevel(let level): "Holds a certificate at \(level.englishName) or above"
        case .yearsSinceLevel(let level, let years): "Has held \(level.englishName) or above for \(years) years"
        case .holdsHonour(let codes): "Holds one of: \(codes.joined(separator: ", "))"
        case .district(let codes): "Registered in one of: \(codes.joined(separator: ", "))"
        case .employerKind(let kinds): "Employer kind one of: \(kinds.joined(separator: ", "))"
        case .education(let level): "Education (school tracks counting) at \(level.code) or above"
        case .educationAtMost(let level): "Education at most \(level.code)"
        case .ageAtMost(let years): "At most \(years) years old"
        }
    }

    /// Whether `facts` meet the rule on `day`, with what was found, for the applicant to read before submitting.
    public func evaluate(_ facts: ApplicantFacts, on day: CivilDate) -> EligibilityFinding {
        switch self {
        case .holdsLevel(let level):
            let held = facts.certificates.filter { $0.issuedOn <= day }.map(\.level).max()
            return finding(held.map { $0 >= level } ?? false, found: held.map { "最高持有\($0.chineseName)" } ?? "未持有职业技能等级证书",
                           foundEnglish: held.map { "highest held: \($0.englishName)" } ?? "no certificate held")
        case .yearsSinceLevel(let level, let years):
            guard let since = facts.firstHeld(atLeast: level, on: day) else {
                return finding(false, found: "未持有\(level.chineseName)及以上证书", foundEnglish: "no certificate at \(level.englishName) or above")
            }
            return finding(since.adding(years: years) <= day, found: "\(since) 起持有\(level.chineseName)及以上，满 \(since.adding(years: years)) 为 \(years) 年",
                           foundEnglish: "held since \(since); \(years) years on \(since.adding(years: years))")
        case .holdsHonour(let codes):
            let held = facts.honours.filter { codes.contains($0.code) && $0.isHeld(on: day) }.map(\.code)
            return finding(!held.isEmpty, found: held.isEmpty ? "未持有所列荣誉" : "持有" + held.map(ProgrammeHonours.chineseName).joined(separator: "、"),
                           foundEnglish: held.isEmpty ? "none of them held" : "holds " + held.joined(separator: ", "))
        case .district(let codes):
            let district = facts.districtCode ?? ""
            return finding(codes.contains(district), found: district.isEmpty ? "无所属区县" : "所属区县 \(district)",
                           foundEnglish: district.isEmpty ? "no district" : "district \(district)")
        case .employerKind(let kinds):
            let kind = facts.employerKind ?? ""
            return finding(kinds.contains(kind), found: kind.isEmpty ? "无工作单位" : "单位类型：\(OrganizationKind.chineseName(of: kind))", foundEnglish: kind.isEmpty ? "no employer" : "employer kind \(kind)")
        case .education(let level):
            let counted = facts.countedEducation
            return finding(counted.map { $0 >= level } ?? false, found: counted.map { "按\($0.chineseName)计" } ?? "无学历记录",
                           foundEnglish: counted.map { "counts as \($0.code)" } ?? "no education recorded")
        case .educationAtMost(let level):
            let counted = facts.countedEducation
            return finding(counted.map { $0 <= level } ?? false, found: counted.map { "按\($0.chineseName)计" } ?? "无学历记录",
                           foundEnglish: counted.map { "counts as \($0.code)" } ?? "no education recorded")
        case .ageAtMost(let years):
            guard let born = facts.birthDate else { return finding(false, found: "无出生日期", foundEnglish: "no birth date") }
            let age = born.age(on: day)
            return finding(age <= years, found: "\(age) 周岁", foundEnglish: "\(age) years old")
        }
    }

    private func finding(_ met: Bool, found: String, foundEnglish: String) -> EligibilityFinding {
        EligibilityFinding(rule: self, met: met, found: found, foundEnglish: foundEnglish)
    }

    /// Each number in a range a city administrator cannot mistype past.
    public func check() throws(ProgrammeRefusal) {
        switch self {
        case .yearsSinceLevel(_, let years) where !(0...30).contains(years): throw .ruleOutOfRange(kind: kind, range: 0...30)
        case .ageAtMost(let years) where !(16...70).contains(years): throw .ruleOutOfRange(kind: kind, range: 16...70)
        case .holdsHonour(let codes) where codes.isEmpty, .district(let codes) where codes.isEmpty, .employerKind(let codes) where codes.isEmpty:
            throw .ruleEmpty(kind: kind)
        default: return
        }
    }
}

/// One rule's result for one applicant.
public struct EligibilityFinding: Sendable, Equatable {
    public let rule: EligibilityRule
    public let met: Bool
    public let found: String
    public let foundEnglish: String
}

/// Every rule of a programme type against one applicant: eligible when all are met.
public struct EligibilityReport: Sendable, Equatable {
    public let findings: [EligibilityFinding]
    public var isEligible: Bool { findings.allSatisfy(\.met) }
    public var unmet: [EligibilityFinding] { findings.filter { !$0.met } }

    public init(rules: [EligibilityRule], facts: ApplicantFacts, on day: CivilDate) {
        findings = rules.map { $0.evaluate(facts, on: day) }
    }
}

extension CivilDate {
    /// Whole years from this birth date to `day` (the day before a birthday, one year less).
    public func age(on day: CivilDate) -> Int {
        let years = day.year - year
        return (day.month, day.day) < (month, self.day) ? years - 1 : years
    }
}

/// A rule as the API and the stored definitions write it: `{"kind": "years-since-level", "level": "3", "years": 2}`,
/// levels as national level codes, education as `EducationLevel` codes.
extension EligibilityRule {
    private enum Key: String, CodingKey { case kind, level, years, anyOf, education }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        let kind = try container.decode(String.self, forKey: .kind)
        func level() throws -> SkillLevel {
            let code = try container.decode(String.self, forKey: .level)
            guard let level = SkillLevel(code: code) else {
                throw DecodingError.dataCorruptedError(forKey: .level, in: container, debugDescription: "unknown level \(code)")
            }
            return level
        }
        func education() throws -> EducationLevel {
            let code = try container.decode(String.self, forKey: .education)
            guard let level = EducationLevel(code: code) else {
                throw DecodingError.dataCorruptedError(forKey: .education, in: container, debugDescription: "unknown education \(code)")
            }
            return level
        }
        switch kind {
        case "holds-level": self = .holdsLevel(atLeast: try level())
        case "years-since-level": self = .yearsSinceLevel(atLeast: try level(), years: try container.decode(Int.self, forKey: .years))
        case "holds-honour": self = .holdsHonour(anyOf: try container.decode([String].self, forKey: .anyOf))
        case "district": self = .district(anyOf: try container.decode([String].self, forKey: .anyOf))
        case "employer-kind": self = .employerKind(anyOf: try container.decode([String].self, forKey: .anyOf))
        case "education": self = .education(atLeast: try education())
        case "education-at-most": self = .educationAtMost(try education())
        case "age-at-most": self = .ageAtMost(years: try container.decode(Int.self, forKey: .years))
        default: throw DecodingError.dataCorruptedError(forKey: .kind, in: container, debugDescription: "unknown rule \(kind)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(kind, forKey: .kind)
        switch self {
        case .holdsLevel(let level): try container.encode(level.code, forKey: .level)
        case .yearsSinceLevel(let level, let years):
            try container.encode(level.code, forKey: .level)
            try container.encode(years, forKey: .years)
        case .holdsHonour(let codes), .district(let codes), .employerKind(let codes): try container.encode(codes, forKey: .anyOf)
        case .education(let level), .educationAtMost(let level): try container.encode(level.code, forKey: .education)
        case .ageAtMost(let years): try container.encode(years, forKey: .years)
        }
    }
}

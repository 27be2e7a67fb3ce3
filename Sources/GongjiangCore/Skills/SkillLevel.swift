/// The skill-level ladder "1+5+2" of 人社部发〔2022〕14号: 学徒工, the five national levels
/// 五级/初级工 … 一级/高级技师, then 特级技师 and 首席技师.
///
/// The raw value is the rank on the ladder (skill-levels.csv), so comparisons follow seniority.
/// National level numbers run the other way (5 = lowest), which is why they are never used as ranks.
public enum SkillLevel: Int, Sendable, Codable, CaseIterable, Comparable {
    case apprentice = 0
    case level5 = 1
    case level4 = 2
    case level3 = 3
    case level2 = 4
    case level1 = 5
    case principalTechnician = 6
    case chiefTechnician = 7

    /// 5 → `.level5` … 1 → `.level1`; nil outside 1…5.
    public init?(nationalLevel: Int) {
        guard (1...5).contains(nationalLevel) else { return nil }
        self.init(rawValue: 6 - nationalLevel)
    }

    /// 5…1 for the national levels; nil for 学徒工, 特级技师 and 首席技师, which have no level number.
    public var nationalLevel: Int? {
        (1...5).contains(rawValue) ? 6 - rawValue : nil
    }

    /// Written as on the certificate: 中文数字+级/名称 (rules.md), per skill-levels.csv.
    public var chineseName: String {
        switch self {
        case .apprentice: "学徒工"
        case .level5: "五级/初级工"
        case .level4: "四级/中级工"
        case .level3: "三级/高级工"
        case .level2: "二级/技师"
        case .level1: "一级/高级技师"
        case .principalTechnician: "特级技师"
        case .chiefTechnician: "首席技师"
        }
    }

    /// Per skill-levels.csv.
    public var englishName: String {
        switch self {
        case .apprentice: "Apprentice"
        case .level5: "Level 5 / Junior worker"
        case .level4: "Level 4 / Intermediate worker"
        case .level3: "Level 3 / Senior worker"
        case .level2: "Level 2 / Technician"
        case .level1: "Level 1 / Senior technician"
        case .principalTechnician: "Principal technician"
        case .chiefTechnician: "Chief technician"
        }
    }

    /// 高技能人才: 高级工 (三级) and above, per the national high-skilled-talent plan (skill-levels.csv).
    public var isHighSkilled: Bool { rawValue >= SkillLevel.level3.rawValue }

    /// Reads the `level` column of imports (interchange.md): a national level 1–5 written as a
    /// digit ("3", "３"), with 级 ("3级", "三级"), by name ("高级工", "高级", "技师"), or both
    /// ("三级/高级工", "三级（高级工）"), in which case the two parts must agree.
    /// 学徒工, 特级技师 and 首席技师 are not accepted: certificates carrying them are not imported this way.
    public init(parsing text: String) throws(SkillLevelError) {
        // The fast path: a single ASCII digit 1–5, the form almost every file uses.
        if let level = text.withASCIIBytes({ $0.count == 1 ? SkillLevel(nationalLevel: Int($0[0] &- 0x30)) : nil }) {
            self = level
            return
        }
        let normalized = text.halfWidthNormalized.filter { $0 != " " }
        guard let level = Self.parseCombined(normalized) else { throw .unknown(text) }
        self = level
    }

    private static func parseCombined(_ text: String) -> SkillLevel? {
        var parts: [Substring]
        if text.hasSuffix(")"), let open = text.firstIndex(of: "(") {
            parts = [text[..<open], text[text.index(after: open)..<text.index(before: text.endIndex)]]
        } else {
            parts = text.split(separator: "/", omittingEmptySubsequences: false)
        }
        guard (1...2).contains(parts.count) else { return nil }
        let levels = parts.map { parseSingle(String($0)) }
        guard let first = levels[0], levels.allSatisfy({ $0 == first }) else { return nil }
        return first
    }

    private static func parseSingle(_ text: String) -> SkillLevel? {
        // "3", "3级", "三级"; a bare "三" is not accepted, as no form or certificate writes it so.
        let hasLevelSuffix = text.hasSuffix("级") && text.count == 2
        let number = hasLevelSuffix ? String(text.dropLast()) : text
        if number.isAllASCIIDigits, let digit = Int(number) {
            return SkillLevel(nationalLevel: digit)
        }
        if hasLevelSuffix, let level = chineseNumerals[number] {
            return SkillLevel(nationalLevel: level)
        }
        return occupationalNames[text]
    }

    private static let chineseNumerals = ["一": 1, "二": 2, "三": 3, "四": 4, "五": 5]

    /// The names used before 2019 (职业资格) and still written beside the level number.
    private static let occupationalNames: [String: SkillLevel] = [
        "初级工": .level5, "初级": .level5,
        "中级工": .level4, "中级": .level4,
        "高级工": .level3, "高级": .level3,
        "技师": .level2,
        "高级技师": .level1,
    ]

    public static func < (lhs: SkillLevel, rhs: SkillLevel) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}

public enum SkillLevelError: DomainError, Equatable {
    case unknown(String)

    public var code: String { "skill-level.unknown" }

    public var chinese: String {
        switch self {
        case .unknown(let text):
            "无法识别的等级“\(text)”，应为 1–5 或等级名称（如 三级/高级工、高级工、三级）"
        }
    }

    public var english: String {
        switch self {
        case .unknown(let text):
            "“\(text)” is not a skill level; use 1–5 or the level's Chinese name (三级/高级工, 高级工, 三级)"
        }
    }
}

extension SkillLevel {
    /// The level as the certification API and forms name it: the national level's digit ("5" … "1"), or
    /// "principal-technician" / "chief-technician" for the two rungs above, which have no national number.
    public var code: String {
        switch self {
        case .principalTechnician: "principal-technician"
        case .chiefTechnician: "chief-technician"
        case .apprentice: "apprentice"
        default: String(nationalLevel!)
        }
    }

    public init?(code: String) {
        switch code {
        case "principal-technician": self = .principalTechnician
        case "chief-technician": self = .chiefTechnician
        default:
            guard code.count == 1, let digit = Int(code), let level = SkillLevel(nationalLevel: digit) else { return nil }
            self = level
        }
    }

    /// The levels a filing, plan or candidate may name.
    public static let certifiable: [SkillLevel] = [.level5, .level4, .level3, .level2, .level1, .principalTechnician, .chiefTechnician]
}

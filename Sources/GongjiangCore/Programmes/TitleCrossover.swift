/// Skill–title crossover (职业发展贯通, rules.md): a high-skilled worker may apply for a professional title after
/// holding a skill level for some years. The pairs are data with an effective date; `reference` is rules.md's.
public enum ProfessionalTitle: String, Sendable, Codable, CaseIterable, Comparable {
    /// 助理工程师
    case assistantEngineer = "assistant-engineer"
    /// 工程师
    case engineer
    /// 高级工程师
    case seniorEngineer = "senior-engineer"

    public var chineseName: String {
        switch self {
        case .assistantEngineer: "助理工程师"
        case .engineer: "工程师"
        case .seniorEngineer: "高级工程师"
        }
    }

    public static func < (lhs: ProfessionalTitle, rhs: ProfessionalTitle) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

public struct TitleCrossoverRule: Sendable, Equatable, Codable {
    public let level: SkillLevel
    public let years: Int
    public let title: ProfessionalTitle
    public let effectiveFrom: CivilDate

    public init(level: SkillLevel, years: Int, title: ProfessionalTitle, effectiveFrom: CivilDate) {
        self.level = level
        self.years = years
        self.title = title
        self.effectiveFrom = effectiveFrom
    }

    /// rules.md: 高级工 + 2 years → 助理工程师; 技师 + 3 years → 工程师; 高级技师 + 4 years → 高级工程师.
    public static let reference: [TitleCrossoverRule] = [
        TitleCrossoverRule(level: .level3, years: 2, title: .assistantEngineer, effectiveFrom: CivilDate(uncheckedYear: 2021, month: 1, day: 1)),
        TitleCrossoverRule(level: .level2, years: 3, title: .engineer, effectiveFrom: CivilDate(uncheckedYear: 2021, month: 1, day: 1)),
        TitleCrossoverRule(level: .level1, years: 4, title: .seniorEngineer, effectiveFrom: CivilDate(uncheckedYear: 2021, month: 1, day: 1)),
    ]

    /// The highest title `facts` may apply for on `day` under the rules in force, with the rule that opens it.
    public static func highestEligible(_ facts: ApplicantFacts, on day: CivilDate, rules: [TitleCrossoverRule] = reference) -> TitleCrossoverRule? {
        rules.filter { $0.effectiveFrom <= day }
            .filter { rule in facts.firstHeld(atLeast: rule.level, on: day).map { $0.adding(years: rule.years) <= day } ?? false }
            .max { $0.title < $1.title }
    }

    /// The rule as an eligibility rule of a programme type, so a crossover call checks it like any other.
    public var eligibilityRule: EligibilityRule { .yearsSinceLevel(atLeast: level, years: years) }
}

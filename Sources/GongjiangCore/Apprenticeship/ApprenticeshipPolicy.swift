/// The apprenticeship rules that are numbers (rules.md, "New-type enterprise apprenticeship"), as dated versions: a
/// city administrator adds a version from a date, and each check uses the version in force on its day.
public struct ApprenticeshipPolicy: Sendable, Equatable, Codable {
    public var effectiveFrom: CivilDate
    /// A labour contract of at least this many months (rules.md: ≥ 1 year).
    public var minimumContractMonths: Int
    /// A class runs at least this many months (rules.md: 1–2 years, up to 3)…
    public var minimumDurationMonths: Int
    /// …and at most this many.
    public var maximumDurationMonths: Int
    /// Apprentices one mentor takes at most: rules.md leaves it to the city; three is the figure of Jiangsu's
    /// 企业新型学徒制 guidance for a mentor's load, and the city can change it.
    public var mentorCapacity: Int
    /// The advance paid on approval, in percent of planned headcount × yearly rate (rules.md: 50%).
    public var advancePercent: Int

    public init(effectiveFrom: CivilDate, minimumContractMonths: Int, minimumDurationMonths: Int, maximumDurationMonths: Int,
                mentorCapacity: Int, advancePercent: Int) {
        self.effectiveFrom = effectiveFrom
        self.minimumContractMonths = minimumContractMonths
        self.minimumDurationMonths = minimumDurationMonths
        self.maximumDurationMonths = maximumDurationMonths
        self.mentorCapacity = mentorCapacity
        self.advancePercent = advancePercent
    }

    /// rules.md as the reference city applies it since the 2019 standards (通人社职〔2019〕15号).
    public static let nantong2019 = ApprenticeshipPolicy(
        effectiveFrom: CivilDate(uncheckedYear: 2019, month: 1, day: 1), minimumContractMonths: 12, minimumDurationMonths: 12,
        maximumDurationMonths: 36, mentorCapacity: 3, advancePercent: 50)

    public static func inForce(_ versions: [ApprenticeshipPolicy], on day: CivilDate) -> ApprenticeshipPolicy? {
        versions.filter { $0.effectiveFrom <= day }.max { $0.effectiveFrom < $1.effectiveFrom }
    }

    /// The levels an apprenticeship trains to: 中级工 to 高级技师 (rules.md).
    public static let targetLevels: ClosedRange<SkillLevel> = .level4 ... .level1

    /// Each number a city administrator sets, with the range a version must keep it in: wide enough for any city's
    /// policy, narrow enough that a typing slip (a capacity of 300, an advance of 500%) is refused.
    public static let ranges: [(field: String, label: String, range: ClosedRange<Int>, value: @Sendable (ApprenticeshipPolicy) -> Int)] = [
        ("minimumContractMonths", "劳动合同最短期限（月）", 1...120, \.minimumContractMonths),
        ("minimumDurationMonths", "培养期限下限（月）", 1...60, \.minimumDurationMonths),
        ("maximumDurationMonths", "培养期限上限（月）", 1...60, \.maximumDurationMonths),
        ("mentorCapacity", "每名企业导师最多带徒人数", 1...20, \.mentorCapacity),
        ("advancePercent", "批准后预支比例（%）", 0...100, \.advancePercent),
    ]

    /// A new version as a city administrator adds it: every number in its range, the shortest duration not above the
    /// longest, and in force from tomorrow or later, so no check already made under the version in force changes after
    /// the fact.
    public func checkAsNewVersion(today: CivilDate) throws(ApprenticeshipRefusal) {
        for entry in Self.ranges where !entry.range.contains(entry.value(self)) {
            throw .policyValueOutOfRange(field: entry.field, label: entry.label, range: entry.range)
        }
        guard minimumDurationMonths <= maximumDurationMonths else {
            throw .policyValueOutOfRange(field: "maximumDurationMonths", label: "培养期限上限（月）", range: minimumDurationMonths...60)
        }
        guard effectiveFrom > today else { throw .policyNotInFuture(earliest: today.adding(days: 1)) }
    }
}

/// A province's minimum monthly wage for one tier of districts, from a date (minimum-wages.csv).
public struct MinimumWage: Sendable, Equatable, Codable {
    public let province: String
    public let tier: Int
    public let effectiveFrom: CivilDate
    public let monthly: Money

    public init(province: String, tier: Int, effectiveFrom: CivilDate, monthly: Money) {
        self.province = province
        self.tier = tier
        self.effectiveFrom = effectiveFrom
        self.monthly = monthly
    }

    /// The floor of `tier` in force on `day`.
    public static func inForce(_ table: [MinimumWage], tier: Int, on day: CivilDate) -> MinimumWage? {
        table.filter { $0.tier == tier && $0.effectiveFrom <= day }.max { $0.effectiveFrom < $1.effectiveFrom }
    }

    /// The floors of `tier` that take effect after `from` up to `through`: each is a day the agreement's wage must be
    /// checked again.
    public static func changes(_ table: [MinimumWage], tier: Int, after from: CivilDate, through: CivilDate) -> [MinimumWage] {
        table.filter { $0.tier == tier && $0.effectiveFrom > from && $0.effectiveFrom <= through }.sorted { $0.effectiveFrom < $1.effectiveFrom }
    }
}

/// The government's subsidy per apprentice per year by target level, from a date (apprenticeship-subsidy-standards.csv).
public struct ApprenticeshipRate: Sendable, Equatable, Codable {
    public let effectiveFrom: CivilDate
    public let targetLevel: SkillLevel
    public let yearly: Money

    public init(effectiveFrom: CivilDate, targetLevel: SkillLevel, yearly: Money) {
        self.effectiveFrom = effectiveFrom
        self.targetLevel = targetLevel
        self.yearly = yearly
    }

    public static func inForce(_ table: [ApprenticeshipRate], level: SkillLevel, on day: CivilDate) -> ApprenticeshipRate? {
        table.filter { $0.targetLevel == level && $0.effectiveFrom <= day }.max { $0.effectiveFrom < $1.effectiveFrom }
    }
}

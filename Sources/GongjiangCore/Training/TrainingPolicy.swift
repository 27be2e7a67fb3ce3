/// The subsidised-training rules that are numbers (rules.md, "Subsidised training"), as dated versions: a city
/// administrator adds a version from a date, and each check uses the version in force on its day.
public struct TrainingPolicy: Sendable, Equatable, Codable {
    public var effectiveFrom: CivilDate
    /// 初级 (level 5) classes: at least this many class hours (45 minutes each).
    public var minimumHoursLevel5: Int
    /// 中级 and above.
    public var minimumHoursHigher: Int
    /// Practical hours as a share of all hours, in percent, at least.
    public var practicalSharePercent: Int
    /// A trainee completes with at least this share of the class hours attended, in percent. rules.md leaves the share
    /// to the city; 80% is the usual figure in Jiangsu cities' class-management rules, and the city can change it.
    public var completionAttendancePercent: Int
    /// A claim is filed within this many months of the certificate's issue date.
    public var claimWindowMonths: Int
    /// At most this many subsidies per person per calendar year.
    public var claimsPerPersonPerYear: Int
    /// A shortage occupation's (紧缺型) uplift over the benchmark, at most, in percent.
    public var shortageUpliftMaximumPercent: Int
    /// The results notice (公示) of claims, in working days.
    public var noticeWorkingDays: Int
    /// A class is filed at least this many days before it starts.
    public var classLeadDays: Int

    public init(effectiveFrom: CivilDate, minimumHoursLevel5: Int, minimumHoursHigher: Int, practicalSharePercent: Int,
                completionAttendancePercent: Int, claimWindowMonths: Int, claimsPerPersonPerYear: Int,
                shortageUpliftMaximumPercent: Int, noticeWorkingDays: Int, classLeadDays: Int) {
        self.effectiveFrom = effectiveFrom
        self.minimumHoursLevel5 = minimumHoursLevel5
        self.minimumHoursHigher = minimumHoursHigher
        self.practicalSharePercent = practicalSharePercent
        self.completionAttendancePercent = completionAttendancePercent
        self.claimWindowMonths = claimWindowMonths
        self.claimsPerPersonPerYear = claimsPerPersonPerYear
        self.shortageUpliftMaximumPercent = shortageUpliftMaximumPercent
        self.noticeWorkingDays = noticeWorkingDays
        self.classLeadDays = classLeadDays
    }

    /// rules.md: 初级 ≥ 40 hours, 中级 and above ≥ 56, practical ≥ 60%; a claim within 12 months; 3 a year; shortage
    /// occupations up to +30%. The notice runs 5 working days, as certification's does.
    public static let jiangsu2023 = TrainingPolicy(
        effectiveFrom: CivilDate(uncheckedYear: 2023, month: 1, day: 1), minimumHoursLevel5: 40, minimumHoursHigher: 56,
        practicalSharePercent: 60, completionAttendancePercent: 80, claimWindowMonths: 12, claimsPerPersonPerYear: 3,
        shortageUpliftMaximumPercent: 30, noticeWorkingDays: 5, classLeadDays: 1)

    public static func inForce(_ versions: [TrainingPolicy], on day: CivilDate) -> TrainingPolicy? {
        versions.filter { $0.effectiveFrom <= day }.max { $0.effectiveFrom < $1.effectiveFrom }
    }

    public func minimumHours(for level: SkillLevel) -> Int { level == .level5 ? minimumHoursLevel5 : minimumHoursHigher }

    /// Each number's admissible range, with its field name and label: wide enough for any city's rules, narrow enough
    /// that a typing slip (a percent over 100, a year-long notice) is caught.
    public static let ranges: [(field: String, label: String, range: ClosedRange<Int>, value: @Sendable (TrainingPolicy) -> Int)] = [
        ("minimumHoursLevel5", "初级最少课时", 1...2000, \.minimumHoursLevel5),
        ("minimumHoursHigher", "中级及以上最少课时", 1...2000, \.minimumHoursHigher),
        ("practicalSharePercent", "实操课时占比（%）", 0...100, \.practicalSharePercent),
        ("completionAttendancePercent", "结业出勤率（%）", 1...100, \.completionAttendancePercent),
        ("claimWindowMonths", "申领期限（月）", 1...36, \.claimWindowMonths),
        ("claimsPerPersonPerYear", "每人每年补贴次数", 1...12, \.claimsPerPersonPerYear),
        ("shortageUpliftMaximumPercent", "紧缺型职业上浮上限（%）", 0...100, \.shortageUpliftMaximumPercent),
        ("noticeWorkingDays", "公示工作日", 1...30, \.noticeWorkingDays),
        ("classLeadDays", "开班提前备案天数", 0...90, \.classLeadDays),
    ]

    /// A new version as a city administrator adds it: every number in its range, and in force from tomorrow or later,
    /// so no check already made under the version in force is changed after the fact.
    public func checkAsNewVersion(today: CivilDate) throws(TrainingRefusal) {
        for entry in Self.ranges where !entry.range.contains(entry.value(self)) {
            throw .policyValueOutOfRange(field: entry.field, label: entry.label, range: entry.range)
        }
        guard effectiveFrom > today else { throw .policyNotInFuture(earliest: today.adding(days: 1)) }
    }
}

extension EligibilityCategory {
    /// A code a city administrator gives a new category: it is stored on every enrolment, so it is plain and stable.
    public static func checkCode(_ code: String) throws(TrainingRefusal) {
        let allowed = code.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
        guard (2...40).contains(code.count), allowed, code.unicodeScalars.first.map({ ("a"..."z").contains($0) }) == true else {
            throw .categoryCode(code)
        }
    }
}

extension CivilDate {
    /// The same day `months` months later; a day the target month lacks becomes its last day (31 Jan + 1 → 28/29 Feb).
    public func adding(months: Int) -> CivilDate {
        let index = year * 12 + (month - 1) + months
        let targetYear = index / 12, targetMonth = index % 12 + 1
        return CivilDate(uncheckedYear: targetYear, month: targetMonth, day: min(day, Self.daysInMonth(year: targetYear, month: targetMonth)))
    }
}

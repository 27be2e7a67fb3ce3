/// A training class (开班备案) as filed: checked against the policy in force on its filing day.
public struct ClassPlan: Sendable, Equatable {
    public var occupationCode: String
    public var level: SkillLevel
    public var totalHours: Int
    public var practicalHours: Int
    public var startsOn: CivilDate
    public var endsOn: CivilDate
    public var capacity: Int

    public init(occupationCode: String, level: SkillLevel, totalHours: Int, practicalHours: Int, startsOn: CivilDate, endsOn: CivilDate,
                capacity: Int) {
        self.occupationCode = occupationCode
        self.level = level
        self.totalHours = totalHours
        self.practicalHours = practicalHours
        self.startsOn = startsOn
        self.endsOn = endsOn
        self.capacity = capacity
    }
}

public enum ClassState: String, Sendable, Codable, CaseIterable {
    case filed, returned, approved, closed, cancelled
}

public enum ClassEvent: String, Sendable, Codable, CaseIterable {
    case approve, `return`, resubmit, close, cancel
}

public enum ClassRules {
    /// Filed by the provider, approved or returned by the district, closed by the provider after its last day (the
    /// trainees' completion is decided then), cancelled with a reason before it runs.
    public static let workflow = Workflow<ClassState, ClassEvent>(name: "training-class", [
        Transition(.filed, .approve, .approved, by: [.district]),
        Transition(.filed, .return, .returned, by: [.district], needsReason: true),
        Transition(.returned, .resubmit, .filed, by: [.organization]),
        Transition(.approved, .close, .closed, by: [.organization]),
        Transition(.filed, .cancel, .cancelled, by: [.organization], needsReason: true),
        Transition(.approved, .cancel, .cancelled, by: [.organization], needsReason: true),
    ])

    /// The most trainees a class may hold: a class is taught together, and the subsidy catalogues cap it near this.
    public static let maximumCapacity = 200

    public static func check(_ plan: ClassPlan, filedOn: CivilDate, policy: TrainingPolicy) throws(TrainingRefusal) {
        let minimum = policy.minimumHours(for: plan.level)
        guard plan.totalHours >= minimum else { throw .hoursBelowMinimum(hours: plan.totalHours, minimum: minimum, level: plan.level) }
        // practical / total ≥ percent / 100, in integers.
        guard plan.practicalHours >= 0, plan.practicalHours <= plan.totalHours,
              plan.practicalHours * 100 >= plan.totalHours * policy.practicalSharePercent else {
            throw .practicalShare(practical: plan.practicalHours, total: plan.totalHours, percent: policy.practicalSharePercent)
        }
        guard plan.endsOn >= plan.startsOn else { throw .scheduleInverted }
        let earliest = filedOn.adding(days: policy.classLeadDays)
        guard plan.startsOn >= earliest else { throw .filedTooLate(earliest: earliest) }
        guard (1...maximumCapacity).contains(plan.capacity) else { throw .capacity(plan.capacity) }
    }

    /// Whether two schedules share a day.
    public static func overlaps(_ a: ClosedRange<CivilDate>, _ b: ClosedRange<CivilDate>) -> Bool { a.overlaps(b) }

    /// Whether a trainee who attended `attended` of `total` hours completes.
    public static func completes(attended: Int, total: Int, policy: TrainingPolicy) throws(TrainingRefusal) {
        let percent = total > 0 ? attended * 100 / total : 0
        guard total > 0, attended * 100 >= total * policy.completionAttendancePercent else {
            throw .notCompleted(attendedPercent: percent, required: policy.completionAttendancePercent)
        }
    }
}

/// Who may be trained at public cost: categories are data (a city adds or retires them), each with its code.
public struct EligibilityCategory: Sendable, Equatable, Codable, Hashable {
    public let code: String
    public let chineseName: String
    public let englishName: String

    public init(code: String, chineseName: String, englishName: String) {
        self.code = code
        self.chineseName = chineseName
        self.englishName = englishName
    }

    /// The categories of the 职业技能提升行动 (rules.md and the national 2019–2021 action plan): the reference city's defaults.
    public static let defaults: [EligibilityCategory] = [
        .init(code: "insured-employee", chineseName: "企业在职职工（参保）", englishName: "Insured employee"),
        .init(code: "registered-unemployed", chineseName: "登记失业人员", englishName: "Registered unemployed"),
        .init(code: "graduating-student", chineseName: "毕业年度高校毕业生", englishName: "Graduating student"),
        .init(code: "rural-migrant", chineseName: "农村转移劳动力", englishName: "Rural migrant worker"),
        .init(code: "poverty-relief", chineseName: "脱贫劳动力", englishName: "Worker out of poverty"),
        .init(code: "veteran", chineseName: "退役军人", englishName: "Veteran"),
        .init(code: "disabled", chineseName: "残疾人", englishName: "Person with a disability"),
    ]
}

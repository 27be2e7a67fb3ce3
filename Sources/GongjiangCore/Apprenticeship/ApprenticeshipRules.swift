/// 企业新型学徒制 (rules.md): a class plan filed by an enterprise with a school or provider and approved by the district;
/// apprentices under a labour contract with a mentor and a school teacher; the agreement's terms checked at filing and
/// at every change; progress to completion or exit; the subsidy advanced on approval and settled on completion.
public enum ApprenticeshipPlanState: String, Sendable, Codable, CaseIterable {
    case filed, returned, approved, settled, cancelled
}

public enum ApprenticeshipPlanEvent: String, Sendable, Codable, CaseIterable {
    case approve, `return`, resubmit, settle, cancel
}

public enum ApprenticeState: String, Sendable, Codable, CaseIterable {
    case active, completed, exited
}

/// What a class plan says.
public struct ApprenticeshipPlanTerms: Sendable, Equatable {
    public var targetLevel: SkillLevel
    public var durationMonths: Int
    public var schoolHours: Int
    public var workHours: Int
    public var startsOn: CivilDate
    public var plannedHeadcount: Int

    public init(targetLevel: SkillLevel, durationMonths: Int, schoolHours: Int, workHours: Int, startsOn: CivilDate, plannedHeadcount: Int) {
        self.targetLevel = targetLevel
        self.durationMonths = durationMonths
        self.schoolHours = schoolHours
        self.workHours = workHours
        self.startsOn = startsOn
        self.plannedHeadcount = plannedHeadcount
    }

    /// The last day of the apprenticeship.
    public var endsOn: CivilDate { startsOn.adding(months: durationMonths).adding(days: -1) }
}

/// The apprenticeship agreement's terms (学徒培养协议) as the enterprise files them.
public struct ApprenticeshipAgreement: Sendable, Equatable {
    public var contractStart: CivilDate
    /// Nil for an open-ended contract (无固定期限).
    public var contractEnd: CivilDate?
    public var monthlyWage: Money
    /// What the enterprise pays the school or provider, from its staff-education fund.
    public var trainingFee: Money
    /// What the enterprise pays the mentor a month (导师带徒津贴), at a rate it sets.
    public var mentorAllowance: Money

    public init(contractStart: CivilDate, contractEnd: CivilDate?, monthlyWage: Money, trainingFee: Money, mentorAllowance: Money) {
        self.contractStart = contractStart
        self.contractEnd = contractEnd
        self.monthlyWage = monthlyWage
        self.trainingFee = trainingFee
        self.mentorAllowance = mentorAllowance
    }
}

public enum ApprenticeshipRules {
    public static let planWorkflow = Workflow<ApprenticeshipPlanState, ApprenticeshipPlanEvent>(name: "apprenticeship-plan", [
        Transition(.filed, .approve, .approved, by: [.district]),
        Transition(.filed, .return, .returned, by: [.district], needsReason: true),
        Transition(.returned, .resubmit, .filed, by: [.organization]),
        Transition(.filed, .cancel, .cancelled, by: [.organization], needsReason: true),
        Transition(.approved, .settle, .settled, by: [.district]),
    ])

    /// At most this many apprentices in one class plan: a class is taught together.
    public static let maximumHeadcount = 200

    /// A plan: a target level of 中级工 to 高级技师, a duration in the policy's range, hours at school and at work, a
    /// headcount.
    public static func check(_ terms: ApprenticeshipPlanTerms, policy: ApprenticeshipPolicy) throws(ApprenticeshipRefusal) {
        guard ApprenticeshipPolicy.targetLevels.contains(terms.targetLevel) else { throw .targetLevel(terms.targetLevel) }
        guard terms.durationMonths >= policy.minimumDurationMonths, terms.durationMonths <= policy.maximumDurationMonths else {
            throw .duration(months: terms.durationMonths, minimum: policy.minimumDurationMonths, maximum: policy.maximumDurationMonths)
        }
        guard terms.schoolHours > 0, terms.workHours > 0 else { throw .hours }
        guard (1...maximumHeadcount).contains(terms.plannedHeadcount) else { throw .headcount(terms.plannedHeadcount) }
    }

    /// A labour contract of at least the policy's months: one from 1 January to 31 December is a year; an open-ended
    /// contract always is.
    public static func checkContract(_ agreement: ApprenticeshipAgreement, policy: ApprenticeshipPolicy) throws(ApprenticeshipRefusal) {
        guard let end = agreement.contractEnd else { return }
        let shortest = agreement.contractStart.adding(months: policy.minimumContractMonths).adding(days: -1)
        guard end >= shortest else { throw .contractTooShort(start: agreement.contractStart, end: end, months: policy.minimumContractMonths) }
    }

    /// The monthly wage against the minimum wage of the workplace district's tier in force on `day`.
    public static func checkWage(_ wage: Money, tier: Int, districtName: String, on day: CivilDate, table: [MinimumWage]) throws(ApprenticeshipRefusal) {
        guard let floor = MinimumWage.inForce(table, tier: tier, on: day) else { throw .noMinimumWage(tier: tier, on: day) }
        guard wage >= floor.monthly else {
            throw .wageBelowMinimum(wage: wage, floor: floor.monthly, districtName: districtName, effectiveFrom: floor.effectiveFrom)
        }
    }

    /// The agreement at filing or at a change on `day`: the contract, and the wage against the floor in force then.
    /// The fee and the allowance are amounts the enterprise sets; neither may be negative.
    public static func checkAgreement(_ agreement: ApprenticeshipAgreement, tier: Int, districtName: String, on day: CivilDate,
                                      minimumWages: [MinimumWage], policy: ApprenticeshipPolicy) throws(ApprenticeshipRefusal) {
        try checkContract(agreement, policy: policy)
        try checkWage(agreement.monthlyWage, tier: tier, districtName: districtName, on: day, table: minimumWages)
        guard agreement.trainingFee >= .zero, agreement.mentorAllowance >= .zero else { throw .negativeAmount }
    }

    /// A mentor (企业导师): holds a certificate at or above the target level, and has room for one more apprentice.
    public static func checkMentor(heldLevels: [SkillLevel], target: SkillLevel, currentApprentices: Int,
                                   policy: ApprenticeshipPolicy) throws(ApprenticeshipRefusal) {
        guard let highest = heldLevels.max(), highest >= target else { throw .mentorBelowTarget(held: heldLevels.max(), target: target) }
        guard currentApprentices < policy.mentorCapacity else { throw .mentorFull(capacity: policy.mentorCapacity) }
    }

    /// The advance on approval: planned headcount × yearly rate × the advance percent.
    public static func advance(planned: Int, rate: Money, policy: ApprenticeshipPolicy) -> Money {
        Money(fen: Int64(planned) * rate.fen * Int64(policy.advancePercent) / 100)
    }

    /// The settlement on completion: completed headcount × yearly rate × years (months ÷ 12, to the fen, half up),
    /// less the advance; negative, it is a clawback of the difference.
    public static func settlement(completed: Int, rate: Money, durationMonths: Int, advance: Money) -> Money {
        let earned = (Int64(completed) * rate.fen * Int64(durationMonths) * 2 + 12) / 24
        return Money(fen: earned - advance.fen)
    }
}

/// Why an apprenticeship step is refused: each names the rule and the figures.
public enum ApprenticeshipRefusal: DomainError, Equatable {
    case targetLevel(SkillLevel)
    case duration(months: Int, minimum: Int, maximum: Int)
    case hours
    case headcount(Int)
    case contractTooShort(start: CivilDate, end: CivilDate, months: Int)
    case wageBelowMinimum(wage: Money, floor: Money, districtName: String, effectiveFrom: CivilDate)
    case noMinimumWage(tier: Int, on: CivilDate)
    case negativeAmount
    case mentorBelowTarget(held: SkillLevel?, target: SkillLevel)
    case mentorFull(capacity: Int)
    case alreadyApprenticed
    case outsideSchoolScope(occupationCode: String, level: SkillLevel)

    public var kind: DomainErrorKind {
        switch self {
        case .mentorFull, .alreadyApprenticed: .conflict
        default: .invalid
        }
    }

    public var code: String {
        switch self {
        case .targetLevel: "apprenticeship.target-level"
        case .duration: "apprenticeship.duration"
        case .hours: "apprenticeship.hours"
        case .headcount: "apprenticeship.headcount"
        case .contractTooShort: "apprenticeship.contract-too-short"
        case .wageBelowMinimum: "apprenticeship.wage-below-minimum"
        case .noMinimumWage: "apprenticeship.no-minimum-wage"
        case .negativeAmount: "apprenticeship.negative-amount"
        case .mentorBelowTarget: "apprenticeship.mentor-below-target"
        case .mentorFull: "apprenticeship.mentor-full"
        case .alreadyApprenticed: "apprenticeship.already-apprenticed"
        case .outsideSchoolScope: "apprenticeship.outside-school-scope"
        }
    }

    public var chinese: String {
        switch self {
        case .targetLevel(let level): "培养目标应为中级工至高级技师（收到\(level.chineseName)）"
        case .duration(let months, let minimum, let maximum): "培养期限应为 \(minimum)–\(maximum) 个月（收到 \(months) 个月）"
        case .hours: "请填写校内和企业的培训课时"
        case .headcount(let count): "计划人数应为 1–\(ApprenticeshipRules.maximumHeadcount) 人（收到 \(count)）"
        case .contractTooShort(let start, let end, let months): "劳动合同期限不足 \(months) 个月（\(start) 至 \(end)）"
        case .wageBelowMinimum(let wage, let floor, let district, let from):
            "月工资 \(wage.yuanText) 元低于\(district) \(from) 起执行的最低工资 \(floor.yuanText) 元"
        case .noMinimumWage(let tier, let day): "\(day) 没有第 \(tier) 档最低工资标准，请市局在参考数据中补充"
        case .negativeAmount: "培训费和导师津贴不能为负数"
        case .mentorBelowTarget(let held, let target):
            "企业导师须持有不低于培养目标（\(target.chineseName)）的证书" + (held.map { "（现持\($0.chineseName)）" } ?? "（未查到证书）")
        case .mentorFull(let capacity): "该导师已带 \(capacity) 名学徒，已达上限"
        case .alreadyApprenticed: "该人员已在另一个学徒培养中"
        case .outsideSchoolScope(let code, let level): "培训机构未获准开展 \(code) \(level.chineseName)培训"
        }
    }

    public var english: String {
        switch self {
        case .targetLevel(let level): "The target level is level 4 to level 1 (got \(level.englishName))"
        case .duration(let months, let minimum, let maximum): "The duration is \(minimum)–\(maximum) months (got \(months))"
        case .hours: "Give the hours at school and at work"
        case .headcount(let count): "The planned headcount is 1–\(ApprenticeshipRules.maximumHeadcount) (got \(count))"
        case .contractTooShort(let start, let end, let months): "The labour contract is shorter than \(months) months (\(start) to \(end))"
        case .wageBelowMinimum(let wage, let floor, let district, let from):
            "A monthly wage of \(wage.yuanText) yuan is below the minimum wage of \(floor.yuanText) yuan in force in \(district) from \(from)"
        case .noMinimumWage(let tier, let day): "No minimum wage of tier \(tier) is in force on \(day); the city adds it to the reference data"
        case .negativeAmount: "The training fee and the mentor's allowance cannot be negative"
        case .mentorBelowTarget(let held, let target):
            "The mentor must hold a certificate at or above the target level (\(target.englishName))" + (held.map { "; holds \($0.englishName)" } ?? "; holds none")
        case .mentorFull(let capacity): "The mentor already has \(capacity) apprentices, the most allowed"
        case .alreadyApprenticed: "The person is already in another apprenticeship"
        case .outsideSchoolScope(let code, let level): "The provider is not approved for \(code) at \(level.englishName)"
        }
    }
}

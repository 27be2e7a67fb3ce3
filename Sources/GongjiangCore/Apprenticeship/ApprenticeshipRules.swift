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

    public var chineseName: String {
        switch self {
        case .active: "在培"
        case .completed: "已结业"
        case .exited: "已退出"
        }
    }
}

public enum ApprenticeEvent: String, Sendable, Codable, CaseIterable {
    /// The registry shows the target-level certificate (the system reads it).
    case complete
    /// The enterprise ends the apprenticeship early, with a reason; at settlement after the end date the city ends
    /// those still in training.
    case exit
}

public extension ApprenticeshipPlanState {
    var chineseName: String {
        switch self {
        case .filed: "待区县审核"
        case .returned: "已退回"
        case .approved: "已批准（培养中）"
        case .settled: "已结算"
        case .cancelled: "已撤回"
        }
    }
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
        // The city settles: it commits the rest of the subsidy or claws back part of the advance (the ledger's
        // clawback is the city's step).
        Transition(.approved, .settle, .settled, by: [.city]),
    ])

    public static let apprenticeWorkflow = Workflow<ApprenticeState, ApprenticeEvent>(name: "apprentice", [
        Transition(.active, .complete, .completed, by: [.system]),
        Transition(.active, .exit, .exited, by: [.organization, .city], needsReason: true),
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

    /// The first floor in force between `from` and `through` (the apprenticeship still to run) that `wage` falls
    /// below: the floor on `from` itself, or one that takes effect later. Nil when the wage holds throughout.
    public static func floorAbove(_ wage: Money, tier: Int, from: CivilDate, through: CivilDate, table: [MinimumWage]) -> MinimumWage? {
        let floors = (MinimumWage.inForce(table, tier: tier, on: from).map { [$0] } ?? []) + MinimumWage.changes(table, tier: tier, after: from, through: through)
        return floors.first { wage < $0.monthly }
    }

    /// A change of the agreement takes effect inside the apprenticeship: not before it started, not after the plan ends.
    public static func checkChange(effectiveOn day: CivilDate, startedOn: CivilDate, endsOn: CivilDate) throws(ApprenticeshipRefusal) {
        guard day >= startedOn, day <= endsOn else { throw .changeOutsideApprenticeship(day: day, from: startedOn, through: endsOn) }
    }

    /// Settlement comes once the class is over: every apprentice completed or exited, or the plan's end passed (those
    /// still in training then count as not completed).
    public static func checkSettlement(active: Int, endsOn: CivilDate, today: CivilDate) throws(ApprenticeshipRefusal) {
        guard active == 0 || today > endsOn else { throw .stillTraining(active: active, endsOn: endsOn) }
    }

    /// The city's yearly target split by district: the districts' parts add up to the city's figure.
    public static func checkTargetSplit(city: Int, districts: [String: Int]) throws(ApprenticeshipRefusal) {
        guard city >= 0, districts.values.allSatisfy({ $0 >= 0 }) else { throw .targetSplit(sum: districts.values.reduce(0, +), city: city) }
        let sum = districts.values.reduce(0, +)
        guard districts.isEmpty || sum == city else { throw .targetSplit(sum: sum, city: city) }
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
    case changeOutsideApprenticeship(day: CivilDate, from: CivilDate, through: CivilDate)
    case stillTraining(active: Int, endsOn: CivilDate)
    case advanceUnpaid(state: String)
    case noRate(level: SkillLevel, on: CivilDate)
    case targetSplit(sum: Int, city: Int)
    case noBankAccount
    case policyValueOutOfRange(field: String, label: String, range: ClosedRange<Int>)
    case policyNotInFuture(earliest: CivilDate)

    public var kind: DomainErrorKind {
        switch self {
        case .mentorFull, .alreadyApprenticed, .stillTraining, .advanceUnpaid: .conflict
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
        case .changeOutsideApprenticeship: "apprenticeship.change-outside"
        case .stillTraining: "apprenticeship.still-training"
        case .advanceUnpaid: "apprenticeship.advance-unpaid"
        case .noRate: "apprenticeship.no-rate"
        case .targetSplit: "apprenticeship.target-split"
        case .noBankAccount: "apprenticeship.no-bank-account"
        case .policyValueOutOfRange: "apprenticeship.policy-range"
        case .policyNotInFuture: "apprenticeship.policy-not-in-future"
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
        case .changeOutsideApprenticeship(let day, let from, let through): "变更生效日 \(day) 不在学徒培养期（\(from) 至 \(through)）内"
        case .stillTraining(let active, let ends): "尚有 \(active) 名学徒在培，培养期至 \(ends)，期满或全部结业、退出后方可结算"
        case .advanceUnpaid(let state): "预付补贴尚未支付完成（\(state)），支付后方可结算"
        case .noRate(let level, let day): "\(day) 没有培养目标为\(level.chineseName)的学徒制补贴标准"
        case .targetSplit(let sum, let city): "各区县分解数之和（\(sum)）应等于全市目标（\(city)），且均不为负数"
        case .noBankAccount: "请填写企业的银行账号（8–32 位数字），补贴拨付到该账户"
        case .policyValueOutOfRange(_, let label, let range): "\(label)应在 \(range.lowerBound)–\(range.upperBound) 之间"
        case .policyNotInFuture(let earliest): "新版本规则最早从 \(earliest) 起执行，已在执行的规则不能追溯修改"
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
        case .changeOutsideApprenticeship(let day, let from, let through): "The change's day \(day) is outside the apprenticeship (\(from) to \(through))"
        case .stillTraining(let active, let ends): "\(active) apprentices are still in training until \(ends); settle when the plan ends or all have completed or left"
        case .advanceUnpaid(let state): "The advance is not paid yet (\(state)); settle once it is"
        case .noRate(let level, let day): "No apprenticeship subsidy rate for \(level.englishName) is in force on \(day)"
        case .targetSplit(let sum, let city): "The districts' parts (\(sum)) must add up to the city's target (\(city)), none negative"
        case .noBankAccount: "Give the enterprise's bank account (8–32 digits); the subsidy is paid to it"
        case .policyValueOutOfRange(let field, _, let range): "\(field) must be between \(range.lowerBound) and \(range.upperBound)"
        case .policyNotInFuture(let earliest): "A new version takes effect on \(earliest) at the earliest; the rules in force are not changed after the fact"
        }
    }
}

/// Why a training step is refused, with a stable code and a message in Chinese and English.
public enum TrainingRefusal: DomainError, Equatable {
    case hoursBelowMinimum(hours: Int, minimum: Int, level: SkillLevel)
    case practicalShare(practical: Int, total: Int, percent: Int)
    case scheduleInverted
    case filedTooLate(earliest: CivilDate)
    case capacity(Int)
    case outsideProviderScope(occupationCode: String, level: SkillLevel)
    case providerNotActive
    case classFull(capacity: Int)
    case overlappingClass(other: String)
    case alreadyEnrolled
    case ineligibleCategory(String)
    case notCompleted(attendedPercent: Int, required: Int)
    case sameOccupationAndLevel
    case lowerAfterHigher(previous: SkillLevel)
    case yearlyLimit(Int)
    case outsideClaimWindow(lastDay: CivilDate)
    case beforeCertificate
    case unemploymentSkillSubsidyPaid
    case certificateNotValid
    case noSubsidyClass(String)
    case noStandard(subsidyClass: String, level: SkillLevel, on: CivilDate)
    case upliftTooLarge(Int, maximum: Int)
    case policyValueOutOfRange(field: String, label: String, range: ClosedRange<Int>)
    case policyNotInFuture(earliest: CivilDate)
    case categoryCode(String)

    public var kind: DomainErrorKind {
        switch self {
        case .classFull, .alreadyEnrolled, .sameOccupationAndLevel, .providerNotActive: .conflict
        default: .invalid
        }
    }

    public var code: String {
        switch self {
        case .hoursBelowMinimum: "training.hours-below-minimum"
        case .practicalShare: "training.practical-share"
        case .scheduleInverted: "training.schedule"
        case .filedTooLate: "training.filed-too-late"
        case .capacity: "training.capacity"
        case .outsideProviderScope: "training.outside-scope"
        case .providerNotActive: "training.provider-not-active"
        case .classFull: "training.class-full"
        case .overlappingClass: "training.overlapping-class"
        case .alreadyEnrolled: "training.already-enrolled"
        case .ineligibleCategory: "training.ineligible-category"
        case .notCompleted: "training.not-completed"
        case .sameOccupationAndLevel: "claim.same-occupation-level"
        case .lowerAfterHigher: "claim.lower-after-higher"
        case .yearlyLimit: "claim.yearly-limit"
        case .outsideClaimWindow: "claim.outside-window"
        case .beforeCertificate: "claim.before-certificate"
        case .unemploymentSkillSubsidyPaid: "claim.unemployment-skill-subsidy"
        case .certificateNotValid: "claim.certificate-not-valid"
        case .noSubsidyClass: "claim.no-subsidy-class"
        case .noStandard: "claim.no-standard"
        case .upliftTooLarge: "claim.uplift-too-large"
        case .policyValueOutOfRange: "training-policy.out-of-range"
        case .policyNotInFuture: "training-policy.not-in-future"
        case .categoryCode: "eligibility-category.code"
        }
    }

    public var chinese: String {
        switch self {
        case .hoursBelowMinimum(let hours, let minimum, let level): "\(level.chineseName)培训不少于 \(minimum) 课时，本班仅 \(hours) 课时"
        case .practicalShare(let practical, let total, let percent): "实操课时应不少于总课时的 \(percent)%：本班 \(total) 课时中实操 \(practical) 课时"
        case .scheduleInverted: "结束日期不能早于开始日期"
        case .filedTooLate(let earliest): "开班备案须在开班前提交，最早可开班日期为 \(earliest)"
        case .capacity(let capacity): "班级人数应为 1–200 人（收到 \(capacity)）"
        case .outsideProviderScope(let code, let level): "培训机构未获准开展 \(code) \(level.chineseName)培训"
        case .providerNotActive: "培训机构不在有效期内或已暂停"
        case .classFull(let capacity): "班级已满（\(capacity) 人）"
        case .overlappingClass(let other): "该学员已在时间重叠的班级（\(other)）中"
        case .alreadyEnrolled: "该学员已在本班"
        case .ineligibleCategory(let category): "不属于可享受补贴的人员类别：\(category)"
        case .notCompleted(let attended, let required): "出勤率 \(attended)% 低于结业要求的 \(required)%"
        case .sameOccupationAndLevel: "同一职业同一等级只能享受一次培训补贴"
        case .lowerAfterHigher(let previous): "已享受该职业\(previous.chineseName)补贴，不能再申领更低等级的补贴"
        case .yearlyLimit(let limit): "每人每年最多享受 \(limit) 次培训补贴"
        case .outsideClaimWindow(let lastDay): "须在取得证书后 12 个月内申领（最晚 \(lastDay)）"
        case .beforeCertificate: "申领日期不能早于发证日期"
        case .unemploymentSkillSubsidyPaid: "该证书已享受失业保险技能提升补贴，不能再申领职业培训补贴"
        case .certificateNotValid: "证书无法核验或已撤销"
        case .noSubsidyClass(let code): "职业 \(code) 未设定补贴类别（A/B/C），请市局在参考数据中设定"
        case .noStandard(let subsidyClass, let level, let day): "\(day) 无适用的补贴标准（\(subsidyClass) 类 \(level.chineseName)）"
        case .upliftTooLarge(let percent, let maximum): "紧缺型职业上浮比例 \(percent)% 超过上限 \(maximum)%"
        case .policyValueOutOfRange(_, let label, let range): "\(label)应为 \(range.lowerBound)–\(range.upperBound)"
        case .policyNotInFuture(let earliest): "新版本只能从今后的日期起执行（最早 \(earliest)），已执行的规则不追溯修改"
        case .categoryCode(let code): "类别代码“\(code)”应为 2–40 位小写字母、数字或连字符，以字母开头"
        }
    }

    public var english: String {
        switch self {
        case .hoursBelowMinimum(let hours, let minimum, let level): "A \(level.englishName) class needs at least \(minimum) class hours; this one has \(hours)"
        case .practicalShare(let practical, let total, let percent): "Practical hours must be at least \(percent)% of all: \(practical) of \(total)"
        case .scheduleInverted: "The end date is before the start date"
        case .filedTooLate(let earliest): "A class is filed before it starts; the earliest start now is \(earliest)"
        case .capacity(let capacity): "A class holds 1–200 trainees (got \(capacity))"
        case .outsideProviderScope(let code, let level): "The provider is not approved for \(code) at \(level.englishName)"
        case .providerNotActive: "The provider is suspended or outside its approval's validity"
        case .classFull(let capacity): "The class is full (\(capacity))"
        case .overlappingClass(let other): "The trainee is already in a class whose schedule overlaps (\(other))"
        case .alreadyEnrolled: "The trainee is already in this class"
        case .ineligibleCategory(let category): "Not an eligible category: \(category)"
        case .notCompleted(let attended, let required): "Attendance \(attended)% is below the \(required)% completion needs"
        case .sameOccupationAndLevel: "A subsidy is paid once per occupation and level"
        case .lowerAfterHigher(let previous): "A subsidy was paid for \(previous.englishName) in this occupation; a lower level is not subsidised after it"
        case .yearlyLimit(let limit): "At most \(limit) subsidies per person per year"
        case .outsideClaimWindow(let lastDay): "A claim is filed within 12 months of the certificate (by \(lastDay))"
        case .beforeCertificate: "A claim cannot be filed before the certificate's issue date"
        case .unemploymentSkillSubsidyPaid: "The unemployment-insurance skill subsidy was paid for this certificate; the training subsidy is not paid as well"
        case .certificateNotValid: "The certificate does not verify, or was revoked"
        case .noSubsidyClass(let code): "Occupation \(code) has no subsidy class (A/B/C); the city sets it in the reference data"
        case .noStandard(let subsidyClass, let level, let day): "No standard in force on \(day) for class \(subsidyClass), \(level.englishName)"
        case .upliftTooLarge(let percent, let maximum): "A shortage uplift of \(percent)% exceeds the \(maximum)% maximum"
        case .policyValueOutOfRange(let field, _, let range): "\(field) is \(range.lowerBound)–\(range.upperBound)"
        case .policyNotInFuture(let earliest): "A new version takes effect from a future day (\(earliest) at the earliest); rules in force are not changed after the fact"
        case .categoryCode(let code): "A category code “\(code)” is 2–40 lower-case letters, digits or hyphens, starting with a letter"
        }
    }
}

/// Why a programme's definition, call, application, review or award is refused (issue 13), in Chinese and English.
public enum ProgrammeRefusal: DomainError, Equatable {
    // A type as defined.
    case badCode
    case badName
    case duplicateKey
    case fieldOutOfRange(key: String)
    case ruleOutOfRange(kind: String, range: ClosedRange<Int>)
    case ruleEmpty(kind: String)
    case rubricWeights
    case rubricMaxima
    case expertsPerApplication
    case stageOrder
    case fundingOutOfRange
    case headsFieldMissing
    case validityOutOfRange
    case assessmentOutsideValidity
    // A call and its applications.
    case callNotOpen(opensOn: CivilDate)
    case callClosed(closedOn: CivilDate)
    case notEligible(unmet: [String])
    case alreadyApplied
    case wrongApplicantKind(expected: ProgrammeType.ApplicantKind)
    case notYourEmployee
    case fieldMissing(key: String, label: String)
    case fieldTooLong(key: String, label: String, maximum: Int)
    case attachmentMissing(key: String, label: String)
    case attachmentEmpty
    case attachmentTooLarge(bytes: Int, maximum: Int)
    case attachmentNotAllowed
    case attachmentMismatch(claimed: AttachmentFormat, found: AttachmentFormat)
    // Review.
    case notEnoughExperts(application: String, needed: Int, free: Int)
    case notAssigned
    case noDeclaration
    case declaredConflict
    case scoreMissing(criterion: String)
    case scoreOutOfRange(criterion: String, maximum: Int)
    case scoreUnknownCriterion
    case tooFewScores(have: Int, need: Int)
    // Approval and funding.
    case quotaFull(quota: Int)
    case budgetShort(left: Money, needed: Money)
    case titleNotActive
    /// The registry records that the holder left the city: no award, and no funding, from that day.
    case holderLeftCity(on: CivilDate)

    public var kind: DomainErrorKind {
        switch self {
        case .callNotOpen, .callClosed, .alreadyApplied, .notAssigned, .noDeclaration, .declaredConflict, .quotaFull, .budgetShort,
             .titleNotActive, .holderLeftCity, .notEnoughExperts, .tooFewScores:
            .conflict
        default: .invalid
        }
    }

    public var code: String {
        switch self {
        case .badCode: "programme.type-code"
        case .badName: "programme.type-name"
        case .duplicateKey: "programme.duplicate-key"
        case .fieldOutOfRange: "programme.field-range"
        case .ruleOutOfRange: "programme.rule-range"
        case .ruleEmpty: "programme.rule-empty"
        case .rubricWeights: "programme.rubric-weights"
        case .rubricMaxima: "programme.rubric-maxima"
        case .expertsPerApplication: "programme.experts-per-application"
        case .stageOrder: "programme.stage-order"
        case .fundingOutOfRange: "programme.funding-range"
        case .headsFieldMissing: "programme.heads-field"
        case .validityOutOfRange: "programme.validity-range"
        case .assessmentOutsideValidity: "programme.assessment-validity"
        case .callNotOpen: "programme.call-not-open"
        case .callClosed: "programme.call-closed"
        case .notEligible: "programme.not-eligible"
        case .alreadyApplied: "programme.already-applied"
        case .wrongApplicantKind: "programme.applicant-kind"
        case .notYourEmployee: "programme.not-your-employee"
        case .fieldMissing: "programme.field-missing"
        case .fieldTooLong: "programme.field-too-long"
        case .attachmentMissing: "programme.attachment-missing"
        case .attachmentEmpty: "programme.attachment-empty"
        case .attachmentTooLarge: "programme.attachment-too-large"
        case .attachmentNotAllowed: "programme.attachment-type"
        case .attachmentMismatch: "programme.attachment-mismatch"
        case .notEnoughExperts: "programme.not-enough-experts"
        case .notAssigned: "programme.not-assigned"
        case .noDeclaration: "programme.no-declaration"
        case .declaredConflict: "programme.declared-conflict"
        case .scoreMissing: "programme.score-missing"
        case .scoreOutOfRange: "programme.score-range"
        case .scoreUnknownCriterion: "programme.score-criterion"
        case .tooFewScores: "programme.too-few-scores"
        case .quotaFull: "programme.quota-full"
        case .budgetShort: "programme.budget-short"
        case .titleNotActive: "programme.title-not-active"
        case .holderLeftCity: "programme.holder-left-city"
        }
    }

    public var chinese: String {
        switch self {
        case .badCode: "类型代码应为 3–60 位小写字母、数字或连字符"
        case .badName: "类型名称不能为空，且不超过 100 字"
        case .duplicateKey: "表单项、附件或评分项的代码不能重复"
        case .fieldOutOfRange(let key): "表单项 \(key) 的上限应在 1–100000000 之间"
        case .ruleOutOfRange(let kind, let range): "条件“\(kind)”的数值应在 \(range.lowerBound)–\(range.upperBound) 之间"
        case .ruleEmpty(let kind): "条件“\(kind)”至少列出一项"
        case .rubricWeights: "有专家评审时，评分细则不能为空，各项权重为正且合计 100"
        case .rubricMaxima: "评分细则的各项满分（1–1000）的最小公倍数不能超过 1000000，请使用 10、20、50、100 这样的满分"
        case .expertsPerApplication: "每份申报的评审专家应为 3–15 人（去掉最高分和最低分后取平均）"
        case .stageOrder: "评审环节应按 区县初审、市局资格审查、专家评审、职称评审委员会 的顺序，且不重复"
        case .fundingOutOfRange: "资助金额或期数超出允许范围"
        case .headsFieldMissing: "按人数资助的项目须有必填的数字表单项 heads（培养人数）"
        case .validityOutOfRange: "有效期应为 1–240 个月"
        case .assessmentOutsideValidity: "定期考核间隔应在有效期之内"
        case .callNotOpen(let day): "申报尚未开始，\(day) 起接受申报"
        case .callClosed(let day): "申报已于 \(day) 截止"
        case .notEligible(let unmet): "不符合申报条件：\(unmet.joined(separator: "；"))"
        case .alreadyApplied: "已申报过本通知，不能重复申报"
        case .wrongApplicantKind(let kind): kind == .person ? "本项目由个人申报" : "本项目由单位申报"
        case .notYourEmployee: "本单位职工中没有该人员：登记库中没有，或不是本单位职工"
        case .fieldMissing(_, let label): "请填写“\(label)”"
        case .fieldTooLong(_, let label, let maximum): "“\(label)”不超过 \(maximum)"
        case .attachmentMissing(_, let label): "请上传“\(label)”"
        case .attachmentEmpty: "附件为空文件"
        case .attachmentTooLarge(let bytes, let maximum): "附件 \(bytes / 1024) KB，超过 \(maximum / 1024 / 1024) MB 的上限"
        case .attachmentNotAllowed: "附件只能是 PDF、JPEG 或 PNG 文件"
        case .attachmentMismatch(let claimed, let found): "附件名称为 \(claimed.rawValue.uppercased())，内容却是 \(found.rawValue.uppercased())"
        case .notEnoughExperts(let application, let needed, let free): "申报 \(application) 需要 \(needed) 名无利益冲突的专家，只有 \(free) 名"
        case .notAssigned: "该申报未分配给您评审"
        case .noDeclaration: "请先签署利益冲突声明，再评分"
        case .declaredConflict: "您已声明与该申报存在利益冲突，不能评分"
        case .scoreMissing(let criterion): "评分项“\(criterion)”未打分"
        case .scoreOutOfRange(let criterion, let maximum): "评分项“\(criterion)”应在 0–\(maximum) 分之间"
        case .scoreUnknownCriterion: "评分含有细则之外的项目"
        case .tooFewScores(let have, let need): "只有 \(have) 份评分，去尾平均至少需要 \(need) 份"
        case .quotaFull(let quota): "已达本通知名额 \(quota) 个，不能再批准"
        case .budgetShort(let left, let needed): "预算余额 \(left.yuanText) 元，不足本项资助 \(needed.yuanText) 元"
        case .titleNotActive: "该称号已撤销、期满或终止，不能再发放资助"
        case .holderLeftCity(let day): "登记库记载申报人已于 \(day) 迁出本市，不能批准或发放资助"
        }
    }

    public var english: String {
        switch self {
        case .badCode: "A type code is 3–60 lowercase letters, digits or hyphens"
        case .badName: "A type needs a name of at most 100 characters"
        case .duplicateKey: "Form fields, attachments and criteria need distinct keys"
        case .fieldOutOfRange(let key): "Field \(key) needs a maximum of 1 to 100,000,000"
        case .ruleOutOfRange(let kind, let range): "Rule \(kind) needs a number from \(range.lowerBound) to \(range.upperBound)"
        case .ruleEmpty(let kind): "Rule \(kind) lists nothing"
        case .rubricWeights: "With expert review the rubric is not empty and its positive weights add up to 100"
        case .rubricMaxima: "The criteria's maxima (1–1000) must have a least common multiple of at most 1,000,000: use maxima such as 10, 20, 50, 100"
        case .expertsPerApplication: "Each application needs 3 to 15 experts (the highest and lowest scores are dropped)"
        case .stageOrder: "Review stages run district, city, expert, title committee, each once"
        case .fundingOutOfRange: "The funding amount or number of months is out of range"
        case .headsFieldMissing: "Per-head funding needs a required number field named heads"
        case .validityOutOfRange: "Validity is 1 to 240 months"
        case .assessmentOutsideValidity: "The assessment interval lies within the validity"
        case .callNotOpen(let day): "The call opens on \(day)"
        case .callClosed(let day): "The call closed on \(day)"
        case .notEligible(let unmet): "Not eligible: \(unmet.joined(separator: "; "))"
        case .alreadyApplied: "An application to this call exists already"
        case .wrongApplicantKind(let kind): "This programme takes applications from a \(kind.rawValue)"
        case .notYourEmployee: "No employee of your organization has this ID number"
        case .fieldMissing(let key, _): "Field \(key) is required"
        case .fieldTooLong(let key, _, let maximum): "Field \(key) exceeds \(maximum)"
        case .attachmentMissing(let key, _): "Attachment \(key) is required"
        case .attachmentEmpty: "The attachment is empty"
        case .attachmentTooLarge(let bytes, let maximum): "The attachment has \(bytes) bytes; at most \(maximum)"
        case .attachmentNotAllowed: "Attachments are PDF, JPEG or PNG"
        case .attachmentMismatch(let claimed, let found): "The attachment is named \(claimed.rawValue) but holds \(found.rawValue)"
        case .notEnoughExperts(let application, let needed, let free): "Application \(application) needs \(needed) experts without a conflict; \(free) are free"
        case .notAssigned: "The application is not assigned to you"
        case .noDeclaration: "Sign the conflict-of-interest declaration before scoring"
        case .declaredConflict: "You declared a conflict with this application"
        case .scoreMissing(let criterion): "Criterion \(criterion) has no score"
        case .scoreOutOfRange(let criterion, let maximum): "Criterion \(criterion) is scored 0 to \(maximum)"
        case .scoreUnknownCriterion: "A score names a criterion outside the rubric"
        case .tooFewScores(let have, let need): "\(have) scores; the trimmed mean needs \(need)"
        case .quotaFull(let quota): "The call's quota of \(quota) is reached"
        case .budgetShort(let left, let needed): "The budget has \(left.yuanText) yuan left, short of \(needed.yuanText)"
        case .titleNotActive: "The title is revoked, expired or ended: no funding"
        case .holderLeftCity(let day): "The registry records that the holder left the city on \(day): no award or funding"
        }
    }
}

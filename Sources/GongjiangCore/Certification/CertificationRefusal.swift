/// Why a certification step is refused, with a stable code and a message in Chinese and English.
public enum CertificationRefusal: DomainError, Equatable {
    case filingScopeEmpty
    case filingNoSite
    case filingNoExaminer
    case levelNotCertifiable(SkillLevel)
    case levelOnlyForEmployers(SkillLevel)
    case filingNotActive(FilingState)
    case issuerCode(String, String)
    case planNoLevel
    case planExpectedCandidates(Int)
    case planOutsideValidity(validUntil: CivilDate)
    case planOutsideScope(occupationCode: String, level: SkillLevel)
    case planUnknownSite
    case planTooLate(earliest: CivilDate)
    case planLocked
    case examsNotOver(lastExamDay: CivilDate)
    case candidateIneligible
    case candidateDuplicate
    case candidateLevelNotInPlan(SkillLevel)
    case scoreOutOfRange(String)
    case scoreWrongPart(ExamPart, level: SkillLevel)
    case scoreMissing(ExamPart)
    case amendmentUnchanged
    case noticeNotConcluded
    case serialsExhausted
    case alreadyRevoked

    public var kind: DomainErrorKind {
        switch self {
        case .filingNotActive, .planOutsideValidity, .planLocked, .examsNotOver, .candidateDuplicate, .noticeNotConcluded,
             .serialsExhausted, .alreadyRevoked:
            .conflict
        default:
            .invalid
        }
    }

    public var code: String {
        switch self {
        case .filingScopeEmpty: "filing.scope-empty"
        case .filingNoSite: "filing.no-site"
        case .filingNoExaminer: "filing.no-examiner"
        case .levelNotCertifiable: "filing.level-not-certifiable"
        case .levelOnlyForEmployers: "filing.level-only-for-employers"
        case .filingNotActive: "filing.not-active"
        case .issuerCode: "filing.issuer-code"
        case .planNoLevel: "plan.no-level"
        case .planExpectedCandidates: "plan.expected-candidates"
        case .planOutsideValidity: "plan.outside-validity"
        case .planOutsideScope: "plan.outside-scope"
        case .planUnknownSite: "plan.unknown-site"
        case .planTooLate: "plan.too-late"
        case .planLocked: "plan.locked"
        case .examsNotOver: "plan.exams-not-over"
        case .candidateIneligible: "candidate.ineligible"
        case .candidateDuplicate: "candidate.duplicate"
        case .candidateLevelNotInPlan: "candidate.level-not-in-plan"
        case .scoreOutOfRange: "score.out-of-range"
        case .scoreWrongPart: "score.wrong-part"
        case .scoreMissing: "score.missing"
        case .amendmentUnchanged: "score.amendment-unchanged"
        case .noticeNotConcluded: "issue.notice-not-concluded"
        case .serialsExhausted: "issue.serials-exhausted"
        case .alreadyRevoked: "certificate.already-revoked"
        }
    }

    private static func partName(_ part: ExamPart) -> (String, String) {
        switch part {
        case .theory: ("理论知识考试", "theory exam")
        case .practical: ("操作技能考核", "practical exam")
        case .review: ("综合评审", "comprehensive review")
        }
    }

    public var chinese: String {
        switch self {
        case .filingScopeEmpty: "备案范围至少包含一个职业等级"
        case .filingNoSite: "至少登记一个考核场所"
        case .filingNoExaminer: "至少登记一名考评员"
        case .levelNotCertifiable(let level): "\(level.chineseName)不通过等级认定评价"
        case .levelOnlyForEmployers(let level): "\(level.chineseName)只能由用人单位（Y 类）评价"
        case .filingNotActive(let state): "备案状态为“\(WorkflowWords.chinese(state.rawValue))”，不能开展认定"
        case .issuerCode(let field, let value): "证书编号要素“\(field)”格式不正确：\(value)"
        case .planNoLevel: "认定计划至少包含一个等级"
        case .planExpectedCandidates(let count): "预计人数应为 1–\(PlanRules.maximumExpectedCandidates)，实为 \(count)"
        case .planOutsideValidity(let until): "考核日期超出备案有效期（有效期至 \(until)）"
        case .planOutsideScope(let code, let level): "职业 \(code) 的\(level.chineseName)不在备案范围内"
        case .planUnknownSite: "考核场所不属于本机构的备案"
        case .planTooLate(let earliest): "认定计划须提前报备，最早考核日期为 \(earliest)"
        case .planLocked: "成绩已提交并锁定，更正须走成绩更正流程"
        case .examsNotOver(let day): "考核至 \(day) 结束，之后才能录入和提交成绩"
        case .candidateIneligible: "不符合申报条件；如需破格，须填写理由"
        case .candidateDuplicate: "此人已是本计划的考生"
        case .candidateLevelNotInPlan(let level): "本计划不含\(level.chineseName)"
        case .scoreOutOfRange(let text): "成绩应为 0–100，最多一位小数，实为“\(text)”"
        case .scoreWrongPart(let part, let level): "\(level.chineseName)不含\(Self.partName(part).0)"
        case .scoreMissing(let part): "缺少\(Self.partName(part).0)成绩"
        case .amendmentUnchanged: "更正后的成绩与原成绩相同"
        case .noticeNotConcluded: "公示期未满或仍有异议未处理，不能发证"
        case .serialsExhausted: "本年度该等级的证书流水号已用完"
        case .alreadyRevoked: "证书已撤销"
        }
    }

    public var english: String {
        switch self {
        case .filingScopeEmpty: "A filing names at least one occupation and level"
        case .filingNoSite: "A filing names at least one assessment site"
        case .filingNoExaminer: "A filing names at least one examiner"
        case .levelNotCertifiable(let level): "\(level.englishName) is not certified by skill-level assessment"
        case .levelOnlyForEmployers(let level): "\(level.englishName) is evaluated by employers (type Y) only"
        case .filingNotActive(let state): "The filing is \(state.rawValue), so it cannot certify"
        case .issuerCode(let field, let value): "The certificate-number part “\(field)” is malformed: \(value)"
        case .planNoLevel: "A plan names at least one level"
        case .planExpectedCandidates(let count): "Expected candidates must be 1–\(PlanRules.maximumExpectedCandidates), not \(count)"
        case .planOutsideValidity(let until): "The exam dates fall outside the filing's validity (valid until \(until))"
        case .planOutsideScope(let code, let level): "\(level.englishName) in occupation \(code) is outside the filed scope"
        case .planUnknownSite: "The site is not one of the organization's filed sites"
        case .planTooLate(let earliest): "Plans are filed ahead of time; the earliest exam day now is \(earliest)"
        case .planLocked: "The results are submitted and locked; a correction is an amendment"
        case .examsNotOver(let day): "The exams run until \(day); scores are entered and submitted after that"
        case .candidateIneligible: "The candidate does not meet the application conditions; an override needs a reason"
        case .candidateDuplicate: "This person is already a candidate in this plan"
        case .candidateLevelNotInPlan(let level): "The plan does not include \(level.englishName)"
        case .scoreOutOfRange(let text): "A score is 0–100 with at most one decimal, not “\(text)”"
        case .scoreWrongPart(let part, let level): "\(level.englishName) has no \(Self.partName(part).1)"
        case .scoreMissing(let part): "The \(Self.partName(part).1) score is missing"
        case .amendmentUnchanged: "The amended scores are the same as before"
        case .noticeNotConcluded: "The notice period is not over or an objection is open: no certificate can be issued yet"
        case .serialsExhausted: "This year's serials for this level are used up"
        case .alreadyRevoked: "The certificate is revoked already"
        }
    }
}

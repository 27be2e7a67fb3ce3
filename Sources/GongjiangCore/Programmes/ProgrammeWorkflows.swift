/// An application to a call (申报), from the applicant's draft to approval or recommendation upward.
public enum ProgrammeApplicationState: String, Sendable, Codable, CaseIterable {
    case draft
    case submitted
    /// 区县初审通过
    case districtPassed = "district-passed"
    /// 市局资格审查通过
    case cityEligible = "city-eligible"
    case expertReview = "expert-review"
    case scored
    /// With the title committee (职称贯通).
    case withCommittee = "with-committee"
    case inNotice = "in-notice"
    case noticeConcluded = "notice-concluded"
    /// Forwarded to the province or the nation (推荐), awaiting their outcome.
    case recommended
    case approved
    case notSelected = "not-selected"
    case rejected
    case returned
    case withdrawn
}

public enum ProgrammeApplicationEvent: String, Sendable, Codable, CaseIterable {
    case submit, resubmit, withdraw
    case districtPass = "district-pass"
    case cityPass = "city-pass"
    case `return`, reject
    case startReview = "start-review"
    case closeScoring = "close-scoring"
    case refer
    case committeePass = "committee-pass"
    case committeeFail = "committee-fail"
    case publish
    case notSelect = "not-select"
    case upholdObjection = "uphold-objection"
    case conclude, approve, recommend
    case upstreamApprove = "upstream-approve"
    case upstreamDecline = "upstream-decline"
}

/// A title or honour on a record (称号/荣誉), from approval to its end.
public enum ProgrammeTitleState: String, Sendable, Codable, CaseIterable {
    case active, revoked, expired
    /// The holder left the city: funding stops, the record stays.
    case ended
}

public enum ProgrammeTitleEvent: String, Sendable, Codable, CaseIterable {
    case passAssessment = "pass-assessment"
    case failAssessment = "fail-assessment"
    case revoke, expire
    case leaveCity = "leave-city"
}

public enum ProgrammeRules {
    /// rules.md, "Awards, studios, bases": application → eligibility → first review (district) → eligibility review
    /// (city) → expert review → public notice → approval, or recommendation upward; returned for correction with a
    /// reason at either review. The applicant's side is the record's owner (`organization` actor), a person or an
    /// organization applying for itself or for its employee.
    public static let applicationWorkflow = Workflow<ProgrammeApplicationState, ProgrammeApplicationEvent>(name: "programme-application", [
        Transition(.draft, .submit, .submitted, by: [.organization]),
        Transition(.draft, .withdraw, .withdrawn, by: [.organization]),
        Transition(.submitted, .withdraw, .withdrawn, by: [.organization]),
        Transition(.returned, .withdraw, .withdrawn, by: [.organization]),
        Transition(.submitted, .districtPass, .districtPassed, by: [.district]),
        Transition(.submitted, .return, .returned, by: [.district], needsReason: true),
        Transition(.submitted, .reject, .rejected, by: [.district], needsReason: true),
        Transition(.returned, .resubmit, .submitted, by: [.organization]),
        Transition(.districtPassed, .cityPass, .cityEligible, by: [.city]),
        Transition(.districtPassed, .return, .returned, by: [.city], needsReason: true),
        Transition(.districtPassed, .reject, .rejected, by: [.city], needsReason: true),
        Transition(.cityEligible, .startReview, .expertReview, by: [.city]),
        Transition(.cityEligible, .refer, .withCommittee, by: [.city]),
        Transition(.cityEligible, .publish, .inNotice, by: [.city]),
        Transition(.cityEligible, .notSelect, .notSelected, by: [.city], needsReason: true),
        Transition(.expertReview, .closeScoring, .scored, by: [.city]),
        Transition(.scored, .publish, .inNotice, by: [.city]),
        Transition(.scored, .notSelect, .notSelected, by: [.city], needsReason: true),
        // The committee's pass stands as the review's result: the selection goes into the notice like a scored one.
        Transition(.withCommittee, .committeePass, .scored, by: [.city]),
        Transition(.withCommittee, .committeeFail, .rejected, by: [.city], needsReason: true),
        Transition(.inNotice, .upholdObjection, .rejected, by: [.city], needsReason: true),
        Transition(.inNotice, .conclude, .noticeConcluded, by: [.city]),
        Transition(.noticeConcluded, .approve, .approved, by: [.city]),
        Transition(.noticeConcluded, .recommend, .recommended, by: [.city]),
        Transition(.recommended, .upstreamApprove, .approved, by: [.city]),
        Transition(.recommended, .upstreamDecline, .notSelected, by: [.city], needsReason: true),
    ])

    /// A title lasts its validity, passing or failing its periodic assessments; a failed assessment or a revocation
    /// ends it and stops its funding, and so does the holder leaving the city.
    public static let titleWorkflow = Workflow<ProgrammeTitleState, ProgrammeTitleEvent>(name: "programme-title", [
        Transition(.active, .passAssessment, .active, by: [.city]),
        Transition(.active, .failAssessment, .revoked, by: [.city], needsReason: true),
        Transition(.active, .revoke, .revoked, by: [.city], needsReason: true),
        Transition(.active, .expire, .expired, by: [.system]),
        Transition(.active, .leaveCity, .ended, by: [.city, .district], needsReason: true),
    ])

    /// Whether an application may be made or changed on `day` in a call open from `opensOn` to `closesOn`
    /// (both inclusive).
    public static func checkOpen(opensOn: CivilDate, closesOn: CivilDate, on day: CivilDate) throws(ProgrammeRefusal) {
        guard day >= opensOn else { throw .callNotOpen(opensOn: opensOn) }
        guard day <= closesOn else { throw .callClosed(closedOn: closesOn) }
    }

    /// Approvals within the call's quota and budget: `approved` so far, the call's `quota`, what the budget has left
    /// and what this award reserves.
    public static func checkApproval(approved: Int, quota: Int, budgetLeft: Money, reserving: Money) throws(ProgrammeRefusal) {
        guard approved < quota else { throw .quotaFull(quota: quota) }
        guard reserving <= budgetLeft else { throw .budgetShort(left: budgetLeft, needed: reserving) }
    }

    /// The due date of a periodic assessment `n` (1, 2, …) of a title awarded on `awardedOn`.
    public static func assessmentDue(awardedOn: CivilDate, everyMonths: Int, number: Int) -> CivilDate {
        awardedOn.adding(months: everyMonths * number)
    }
}

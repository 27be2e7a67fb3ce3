import Foundation

/// A certification plan (认定计划): one assessment round of a filed organization, for one occupation at one or more
/// levels, at one of its sites, on exam dates filed ahead of time.
public enum PlanState: String, Sendable, Codable, CaseIterable {
    case filed
    case resultsSubmitted = "results-submitted"
    case inNotice = "in-notice"
    case noticeConcluded = "notice-concluded"
    case issued
    case cancelled
}

public enum PlanEvent: String, Sendable, Codable, CaseIterable {
    case submitResults = "submit-results"
    case publishNotice = "publish-notice"
    case concludeNotice = "conclude-notice"
    case issue
    case cancel
}

public enum PlanRules {
    /// The plan workflow. The results notice itself is a `PublicNotice`; the plan follows it. Scores are entered
    /// while the plan is filed and locked once submitted; a correction after that is an amendment.
    public static let workflow = Workflow<PlanState, PlanEvent>(name: "plan", [
        Transition(.filed, .submitResults, .resultsSubmitted, by: [.organization]),
        Transition(.filed, .cancel, .cancelled, by: [.organization, .city], needsReason: true),
        Transition(.resultsSubmitted, .publishNotice, .inNotice, by: [.organization]),
        Transition(.inNotice, .concludeNotice, .noticeConcluded, by: [.organization, .city, .system]),
        Transition(.noticeConcluded, .issue, .issued, by: [.organization]),
    ])

    /// What a plan asks for.
    public struct Request: Sendable, Equatable {
        public var occupationCode: String
        public var levels: Set<SkillLevel>
        public var siteID: UUID
        public var examDays: ClosedRange<CivilDate>
        public var expectedCandidates: Int

        public init(occupationCode: String, levels: Set<SkillLevel>, siteID: UUID, examDays: ClosedRange<CivilDate>,
                    expectedCandidates: Int) {
            self.occupationCode = occupationCode
            self.levels = levels
            self.siteID = siteID
            self.examDays = examDays
            self.expectedCandidates = expectedCandidates
        }
    }

    /// What the filing allows, for checking a plan.
    public struct FilingFacts: Sendable, Equatable {
        public var state: FilingState
        public var validity: ClosedRange<CivilDate>?
        public var scope: Set<FilingRules.ScopeEntry>
        public var siteIDs: Set<UUID>

        public init(state: FilingState, validity: ClosedRange<CivilDate>?, scope: Set<FilingRules.ScopeEntry>, siteIDs: Set<UUID>) {
            self.state = state
            self.validity = validity
            self.scope = scope
            self.siteIDs = siteIDs
        }
    }

    /// The most candidates one plan may name: a round at one site, not a year's intake.
    public static let maximumExpectedCandidates = 2_000

    /// Checks a plan filed on `today`: the filing active and valid through every exam day, each level inside its
    /// scope for the occupation, a site of its own, the first exam day at least `policy.planLeadDays` ahead.
    public static func check(_ plan: Request, filing: FilingFacts, today: CivilDate,
                             policy: CertificationPolicy) throws(CertificationRefusal) {
        guard !plan.levels.isEmpty else { throw .planNoLevel }
        guard (1...maximumExpectedCandidates).contains(plan.expectedCandidates) else {
            throw .planExpectedCandidates(plan.expectedCandidates)
        }
        guard filing.state == .active, let validity = filing.validity else { throw .filingNotActive(filing.state) }
        guard validity.contains(plan.examDays.lowerBound), validity.contains(plan.examDays.upperBound) else {
            throw .planOutsideValidity(validUntil: validity.upperBound)
        }
        for level in plan.levels.sorted() where !filing.scope.contains(.init(occupationCode: plan.occupationCode, level: level)) {
            throw .planOutsideScope(occupationCode: plan.occupationCode, level: level)
        }
        guard filing.siteIDs.contains(plan.siteID) else { throw .planUnknownSite }
        let earliest = today.adding(days: policy.planLeadDays)
        guard plan.examDays.lowerBound >= earliest else { throw .planTooLate(earliest: earliest) }
    }
}

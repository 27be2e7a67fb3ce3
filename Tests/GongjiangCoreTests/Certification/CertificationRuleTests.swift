import Foundation
import Testing
@testable import GongjiangCore

@Suite("Certification rules (rules.md, Skill-level certification)")
struct CertificationRuleTests {
    static func day(_ text: String) -> CivilDate { try! CivilDate(parsing: text) }
    static let policy = CertificationPolicy.nantongDefault
    static let site = UUID()
    static let scope: Set<FilingRules.ScopeEntry> = [
        .init(occupationCode: "6-18-02-04", level: .level4), .init(occupationCode: "6-18-02-04", level: .level3),
    ]
    static let filing = PlanRules.FilingFacts(
        state: .active, validity: day("2026-01-01")...day("2028-12-31"), scope: scope, siteIDs: [site])

    static func plan(levels: Set<SkillLevel> = [.level4], from: String = "2026-12-10", to: String = "2026-12-11",
                     site: UUID = site, expected: Int = 30) -> PlanRules.Request {
        .init(occupationCode: "6-18-02-04", levels: levels, siteID: site, examDays: day(from)...day(to), expectedCandidates: expected)
    }

    @Test("人社鉴发〔2021〕1号: a plan inside the active filing's scope, site and validity, filed ahead, is accepted")
    func planAccepted() throws {
        try PlanRules.check(Self.plan(levels: [.level4, .level3]), filing: Self.filing, today: Self.day("2026-11-30"), policy: Self.policy)
    }

    @Test("人社鉴发〔2021〕1号: only the filed occupations × levels")
    func planOutsideScope() {
        #expect(throws: CertificationRefusal.planOutsideScope(occupationCode: "6-18-02-04", level: .level2)) {
            try PlanRules.check(Self.plan(levels: [.level4, .level2]), filing: Self.filing, today: Self.day("2026-11-30"), policy: Self.policy)
        }
    }

    @Test("人社鉴发〔2021〕1号: only while the filing is active, and on dates inside its validity",
          arguments: [FilingState.submitted, .districtApproved, .returned, .rejected, .suspended, .exited])
    func planNeedsActiveFiling(state: FilingState) {
        var filing = Self.filing
        filing.state = state
        #expect(throws: CertificationRefusal.filingNotActive(state)) {
            try PlanRules.check(Self.plan(), filing: filing, today: Self.day("2026-11-30"), policy: Self.policy)
        }
    }

    @Test("The last exam day must fall inside the validity too; the validity's last day itself is inside")
    func planValidityBoundary() throws {
        #expect(throws: CertificationRefusal.planOutsideValidity(validUntil: Self.day("2028-12-31"))) {
            try PlanRules.check(Self.plan(from: "2028-12-31", to: "2029-01-01"), filing: Self.filing,
                                        today: Self.day("2028-11-01"), policy: Self.policy)
        }
        try PlanRules.check(Self.plan(from: "2028-12-30", to: "2028-12-31"), filing: Self.filing,
                                    today: Self.day("2028-11-01"), policy: Self.policy)
    }

    @Test("Policy planLeadDays (default 10): exactly 10 days ahead is accepted, 9 is refused")
    func planLeadDays() throws {
        try PlanRules.check(Self.plan(from: "2026-12-10", to: "2026-12-10"), filing: Self.filing,
                                    today: Self.day("2026-11-30"), policy: Self.policy)
        #expect(throws: CertificationRefusal.planTooLate(earliest: Self.day("2026-12-11"))) {
            try PlanRules.check(Self.plan(from: "2026-12-10", to: "2026-12-10"), filing: Self.filing,
                                        today: Self.day("2026-12-01"), policy: Self.policy)
        }
    }

    @Test("A site of another filing, no level, or an expected count of 0 or above 2000 is refused")
    func planOtherRefusals() {
        let today = Self.day("2026-11-30")
        #expect(throws: CertificationRefusal.planUnknownSite) {
            try PlanRules.check(Self.plan(site: UUID()), filing: Self.filing, today: today, policy: Self.policy)
        }
        #expect(throws: CertificationRefusal.planNoLevel) {
            try PlanRules.check(Self.plan(levels: []), filing: Self.filing, today: today, policy: Self.policy)
        }
        for count in [0, 2_001] {
            #expect(throws: CertificationRefusal.planExpectedCandidates(count)) {
                try PlanRules.check(Self.plan(expected: count), filing: Self.filing, today: today, policy: Self.policy)
            }
        }
    }

    @Test("A filing names scope, a site and an examiner; the top rungs are for employers (Y) only")
    func filingValidation() throws {
        let entry = FilingRules.ScopeEntry(occupationCode: "6-18-02-04", level: .level3)
        try FilingRules.validate(type: .social, scope: [entry], siteCount: 1, examinerCount: 1)
        #expect(throws: CertificationRefusal.filingScopeEmpty) { try FilingRules.validate(type: .social, scope: [], siteCount: 1, examinerCount: 1) }
        #expect(throws: CertificationRefusal.filingNoSite) { try FilingRules.validate(type: .social, scope: [entry], siteCount: 0, examinerCount: 1) }
        #expect(throws: CertificationRefusal.filingNoExaminer) { try FilingRules.validate(type: .social, scope: [entry], siteCount: 1, examinerCount: 0) }
        let top = FilingRules.ScopeEntry(occupationCode: "6-18-02-04", level: .principalTechnician)
        #expect(throws: CertificationRefusal.levelOnlyForEmployers(.principalTechnician)) {
            try FilingRules.validate(type: .social, scope: [top], siteCount: 1, examinerCount: 1)
        }
        try FilingRules.validate(type: .employer, scope: [top], siteCount: 1, examinerCount: 1)
        #expect(throws: CertificationRefusal.levelNotCertifiable(.apprentice)) {
            try FilingRules.validate(type: .employer, scope: [.init(occupationCode: "6-18-02-04", level: .apprentice)], siteCount: 1, examinerCount: 1)
        }
    }

    @Test("Policy filingValidityYears (default 3): approved 2024-02-29, valid through 2027-02-27; certifies only when active")
    func filingValidity() {
        let validity = FilingRules.validity(approvedOn: Self.day("2024-02-29"), policy: Self.policy)
        #expect(validity == Self.day("2024-02-29")...Self.day("2027-02-27"))
        #expect(FilingRules.certifies(state: .active, validity: validity, on: Self.day("2027-02-27")))
        #expect(!FilingRules.certifies(state: .active, validity: validity, on: Self.day("2027-02-28")))
        #expect(!FilingRules.certifies(state: .suspended, validity: validity, on: Self.day("2025-01-01")))
        #expect(!FilingRules.certifies(state: .active, validity: nil, on: Self.day("2025-01-01")))
        #expect(FilingRules.number(cityCode: "320600", type: .social, year: 2026, sequence: 7) == "320600-S-2026-0007")
    }

    @Test("The policy in force is the latest whose date has come")
    func policyInForce() {
        var later = Self.policy
        later.effectiveFrom = Self.day("2027-01-01")
        later.noticeWorkingDays = 7
        #expect(CertificationPolicy.inForce([Self.policy, later], on: Self.day("2026-12-31"))?.noticeWorkingDays == 5)
        #expect(CertificationPolicy.inForce([later, Self.policy], on: Self.day("2027-01-01"))?.noticeWorkingDays == 7)
        #expect(CertificationPolicy.inForce([later], on: Self.day("2026-01-01")) == nil)
    }

    @Test("申报条件: an ineligible candidate needs an override reason; eligible needs none")
    func candidateAdmission() throws {
        try CandidateRules.admit(.eligible(.apprenticeshipCompleted), override: nil)
        #expect(throws: CertificationRefusal.candidateIneligible) {
            try CandidateRules.admit(.ineligible(routes: [.apprenticeshipCompleted]), override: "  ")
        }
        try CandidateRules.admit(.ineligible(routes: [.apprenticeshipCompleted]), override: "省级技能竞赛第一名，破格申报")
    }
}

@Suite("Application conditions as stored data")
struct ApplicationConditionCodeTests {
    @Test("Every route of the templates survives its code", arguments: Array(ApplicationConditions.nationalTemplate.routes.values.joined())
          + Array(CertificateIssue.enterpriseTopRungDefault.routes.values.joined()))
    func roundTrip(route: ApplicationConditions.Route) {
        #expect(ApplicationConditions.Route(code: route.code) == route)
    }

    @Test("Malformed codes are refused", arguments: ["", "apprenticeship:1", "years-in-occupation", "years-in-occupation:31",
                                                      "after-certificate:9:2", "graduate:university:-:2", "graduate:college:4", "x"])
    func refused(code: String) {
        #expect(ApplicationConditions.Route(code: code) == nil)
    }

    @Test("The version in force is the latest whose day has come")
    func versions() {
        let day = { (text: String) in try! CivilDate(parsing: text) }
        let versions: [(effectiveFrom: CivilDate, routes: [ApplicationConditions.Route])] = [
            (day("2024-01-01"), [.apprenticeshipCompleted]), (day("2025-04-01"), [.yearsInOccupation(2)]),
        ]
        #expect(ApplicationConditions.routes(in: versions, on: day("2023-12-31")) == nil)
        #expect(ApplicationConditions.routes(in: versions, on: day("2025-03-31")) == [.apprenticeshipCompleted])
        #expect(ApplicationConditions.routes(in: versions, on: day("2025-04-01")) == [.yearsInOccupation(2)])
    }
}

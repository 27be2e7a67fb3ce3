import Foundation
import Testing
@testable import GongjiangCore

/// Subsidised training's rules (issue 10, "Training"; rules.md, "Subsidised training"), each at its boundary.
@Suite("Training rules")
struct TrainingRuleTests {
    let policy = TrainingPolicy.jiangsu2023
    static func day(_ text: String) -> CivilDate { try! CivilDate(parsing: text) }

    func plan(level: SkillLevel = .level4, hours: Int = 56, practical: Int = 34, starts: String = "2026-03-10", capacity: Int = 40) -> ClassPlan {
        ClassPlan(occupationCode: "6-18-02-04", level: level, totalHours: hours, practicalHours: practical, startsOn: Self.day(starts),
                  endsOn: Self.day(starts).adding(days: 20), capacity: capacity)
    }

    @Test("Class hours (rules.md): 初级 at least 40, 中级 and above at least 56; one hour fewer is refused")
    func minimumHours() throws {
        try ClassRules.check(plan(level: .level5, hours: 40, practical: 24), filedOn: Self.day("2026-03-01"), policy: policy)
        #expect(throws: TrainingRefusal.hoursBelowMinimum(hours: 39, minimum: 40, level: .level5)) {
            try ClassRules.check(plan(level: .level5, hours: 39, practical: 24), filedOn: Self.day("2026-03-01"), policy: policy)
        }
        try ClassRules.check(plan(level: .level4, hours: 56, practical: 34), filedOn: Self.day("2026-03-01"), policy: policy)
        #expect(throws: TrainingRefusal.hoursBelowMinimum(hours: 55, minimum: 56, level: .level3)) {
            try ClassRules.check(plan(level: .level3, hours: 55, practical: 34), filedOn: Self.day("2026-03-01"), policy: policy)
        }
    }

    @Test("Practical share (rules.md): at least 60% of the hours; 33.6 of 56 needs 34")
    func practicalShare() throws {
        try ClassRules.check(plan(hours: 100, practical: 60), filedOn: Self.day("2026-03-01"), policy: policy)
        #expect(throws: TrainingRefusal.practicalShare(practical: 59, total: 100, percent: 60)) {
            try ClassRules.check(plan(hours: 100, practical: 59), filedOn: Self.day("2026-03-01"), policy: policy)
        }
        #expect(throws: TrainingRefusal.practicalShare(practical: 33, total: 56, percent: 60)) {
            try ClassRules.check(plan(hours: 56, practical: 33), filedOn: Self.day("2026-03-01"), policy: policy)
        }
        #expect(throws: TrainingRefusal.practicalShare(practical: 57, total: 56, percent: 60)) {
            try ClassRules.check(plan(hours: 56, practical: 57), filedOn: Self.day("2026-03-01"), policy: policy)
        }
    }

    @Test("Filed before the start (开班备案), capacity 1–200, dates in order")
    func filingAndCapacity() throws {
        try ClassRules.check(plan(starts: "2026-03-10"), filedOn: Self.day("2026-03-09"), policy: policy)
        #expect(throws: TrainingRefusal.filedTooLate(earliest: Self.day("2026-03-11"))) {
            try ClassRules.check(plan(starts: "2026-03-10"), filedOn: Self.day("2026-03-10"), policy: policy)
        }
        try ClassRules.check(plan(capacity: 200), filedOn: Self.day("2026-03-01"), policy: policy)
        #expect(throws: TrainingRefusal.capacity(201)) { try ClassRules.check(plan(capacity: 201), filedOn: Self.day("2026-03-01"), policy: policy) }
        #expect(throws: TrainingRefusal.capacity(0)) { try ClassRules.check(plan(capacity: 0), filedOn: Self.day("2026-03-01"), policy: policy) }
        var inverted = plan()
        inverted.endsOn = inverted.startsOn.adding(days: -1)
        #expect(throws: TrainingRefusal.scheduleInverted) { try ClassRules.check(inverted, filedOn: Self.day("2026-03-01"), policy: policy) }
    }

    @Test("Completion needs the configured attendance share: 80% of 56 hours is 44.8, so 45 completes and 44 does not")
    func completion() throws {
        try ClassRules.completes(attended: 45, total: 56, policy: policy)
        #expect(throws: TrainingRefusal.notCompleted(attendedPercent: 78, required: 80)) { try ClassRules.completes(attended: 44, total: 56, policy: policy) }
        #expect(throws: TrainingRefusal.self) { try ClassRules.completes(attended: 0, total: 0, policy: policy) }
    }

    @Test("Schedules overlap when they share a day, even the last")
    func overlaps() {
        let a = Self.day("2026-03-01")...Self.day("2026-03-10")
        #expect(ClassRules.overlaps(a, Self.day("2026-03-10")...Self.day("2026-03-20")))
        #expect(!ClassRules.overlaps(a, Self.day("2026-03-11")...Self.day("2026-03-20")))
    }

    func facts(level: SkillLevel = .level3, issued: String = "2026-01-15", filed: String = "2026-02-01", verifies: Bool = true,
               unemployment: Bool = false, prior: [ClaimRules.PriorClaim] = []) -> ClaimRules.Facts {
        ClaimRules.Facts(occupationCode: "6-18-02-04", level: level, certificateIssuedOn: Self.day(issued), filedOn: Self.day(filed),
                         certificateVerifies: verifies, unemploymentSkillSubsidyPaid: unemployment, prior: prior)
    }

    @Test("Claims (rules.md): within 12 months of the certificate; the last day counts, the day after does not")
    func claimWindow() throws {
        try ClaimRules.check(facts(issued: "2025-02-28", filed: "2026-02-28"), policy: policy)
        #expect(throws: TrainingRefusal.outsideClaimWindow(lastDay: Self.day("2026-02-28"))) {
            try ClaimRules.check(facts(issued: "2025-02-28", filed: "2026-03-01"), policy: policy)
        }
        #expect(throws: TrainingRefusal.beforeCertificate) { try ClaimRules.check(facts(issued: "2026-02-02", filed: "2026-02-01"), policy: policy) }
        #expect(Self.day("2024-01-31").adding(months: 1) == Self.day("2024-02-29"))
    }

    @Test("Claims (rules.md): the same occupation and level once; never a lower level after a higher one; another occupation is fine")
    func onceAndNeverLower() throws {
        let prior = [ClaimRules.PriorClaim(occupationCode: "6-18-02-04", level: .level3, filedOn: Self.day("2025-05-01"))]
        #expect(throws: TrainingRefusal.sameOccupationAndLevel) { try ClaimRules.check(facts(level: .level3, prior: prior), policy: policy) }
        #expect(throws: TrainingRefusal.lowerAfterHigher(previous: .level3)) { try ClaimRules.check(facts(level: .level4, prior: prior), policy: policy) }
        try ClaimRules.check(facts(level: .level2, prior: prior), policy: policy)
        let elsewhere = [ClaimRules.PriorClaim(occupationCode: "4-03-02-07", level: .level2, filedOn: Self.day("2025-05-01"))]
        try ClaimRules.check(facts(level: .level4, prior: elsewhere), policy: policy)
    }

    @Test("Claims (rules.md): at most 3 per person per year; the year before does not count")
    func yearlyLimit() throws {
        let two = ["4-01-01-01", "4-01-01-02"].map { ClaimRules.PriorClaim(occupationCode: $0, level: .level4, filedOn: Self.day("2026-01-10")) }
        try ClaimRules.check(facts(prior: two), policy: policy)
        let three = two + [ClaimRules.PriorClaim(occupationCode: "4-01-01-03", level: .level4, filedOn: Self.day("2026-01-20"))]
        #expect(throws: TrainingRefusal.yearlyLimit(3)) { try ClaimRules.check(facts(prior: three), policy: policy) }
        let lastYear = three.map { ClaimRules.PriorClaim(occupationCode: $0.occupationCode, level: $0.level, filedOn: Self.day("2025-12-31")) }
        try ClaimRules.check(facts(prior: lastYear), policy: policy)
    }

    @Test("Claims (rules.md): not both subsidies for one certificate; the certificate must verify")
    func exclusiveAndVerified() {
        #expect(throws: TrainingRefusal.unemploymentSkillSubsidyPaid) { try ClaimRules.check(facts(unemployment: true), policy: policy) }
        #expect(throws: TrainingRefusal.certificateNotValid) { try ClaimRules.check(facts(verifies: false), policy: policy) }
    }

    static let standards = SubsidyStandards(
        training: [
            .init(effectiveFrom: day("2023-01-01"), subsidyClass: "A", nationalLevel: 3, amount: Money(yuan: 2_000)),
            .init(effectiveFrom: day("2023-01-01"), subsidyClass: "A", nationalLevel: 5, amount: Money(yuan: 1_000)),
            .init(effectiveFrom: day("2026-07-01"), subsidyClass: "A", nationalLevel: 3, amount: Money(yuan: 2_200)),
        ],
        assessment: [.init(effectiveFrom: day("2023-01-01"), nationalLevel: 3, amount: Money(yuan: 260))])

    @Test("The amount: the standards in force on the certificate's date, the shortage uplift, the assessment subsidy; shown how")
    func amount() throws {
        let before = try Self.standards.compute(subsidyClass: "A", level: .level3, on: Self.day("2026-06-30"), upliftPercent: 30, policy: policy)
        #expect(before.benchmark == Money(yuan: 2_000) && before.uplift == Money(yuan: 600) && before.assessment == Money(yuan: 260))
        #expect(before.total == Money(yuan: 2_860))
        #expect(before.chinese.contains("紧缺型上浮 30%") && before.chinese.hasSuffix("= 2,860.00 元"))
        let after = try Self.standards.compute(subsidyClass: "A", level: .level3, on: Self.day("2026-07-01"), upliftPercent: 0, policy: policy)
        #expect(after.total == Money(yuan: 2_200 + 260), "the new standard from its first day")
        let junior = try Self.standards.compute(subsidyClass: "A", level: .level5, on: Self.day("2026-07-01"), upliftPercent: 0, policy: policy)
        #expect(junior.assessment == .zero && junior.total == Money(yuan: 1_000))
        #expect(throws: TrainingRefusal.upliftTooLarge(31, maximum: 30)) {
            try Self.standards.compute(subsidyClass: "A", level: .level3, on: Self.day("2026-07-01"), upliftPercent: 31, policy: policy)
        }
        #expect(throws: TrainingRefusal.noSubsidyClass("")) {
            try Self.standards.compute(subsidyClass: "", level: .level3, on: Self.day("2026-07-01"), upliftPercent: 0, policy: policy)
        }
        #expect(throws: TrainingRefusal.noStandard(subsidyClass: "A", level: .level3, on: Self.day("2022-12-31"))) {
            try Self.standards.compute(subsidyClass: "A", level: .level3, on: Self.day("2022-12-31"), upliftPercent: 0, policy: policy)
        }
    }

    @Test("Fraud signals fire at their thresholds and say why; none refuses anything")
    func signals() {
        let thresholds = FraudThresholds.defaults
        #expect(thresholds.sharedContact(kind: "phone", count: 2) == nil)
        #expect(thresholds.sharedContact(kind: "phone", count: 3) == .sharedContact(kind: "phone", count: 3))
        #expect(thresholds.passRate(passed: 19, trainees: 19, peerRates: [50]) == nil, "too few trainees to tell")
        #expect(thresholds.passRate(passed: 15, trainees: 20, peerRates: [40, 50, 60]) == .passRateOutlier(providerPercent: 75, peerMedianPercent: 50))
        #expect(thresholds.passRate(passed: 14, trainees: 20, peerRates: [40, 50, 60]) == nil)
        #expect(thresholds.age(born: Self.day("2010-03-11"), on: Self.day("2026-03-10")) == .outsideWorkingAge(age: 15))
        #expect(thresholds.age(born: Self.day("2010-03-10"), on: Self.day("2026-03-10")) == nil)
        #expect(thresholds.age(born: Self.day("1965-03-09"), on: Self.day("2026-03-10")) == .outsideWorkingAge(age: 61))
        #expect(FraudSignal.sharedContact(kind: "account", count: 4).chinese.contains("银行账号"))
    }

    @Test("Workflows: every state × event × actor of class, claim and provider against their tables")
    func workflows() {
        func walk<S, E>(_ workflow: Workflow<S, E>, _ states: [S], _ events: [E]) {
            for state in states {
                for event in events {
                    for actor in WorkflowActor.allCases {
                        let step = workflow.transition(from: state, on: event)
                        let next = try? workflow.apply(event, to: state, by: actor, reason: "理由")
                        #expect(next == (step?.actors.contains(actor) == true ? step?.to : nil), "\(workflow.name): \(state) + \(event) by \(actor)")
                    }
                }
            }
        }
        walk(ClassRules.workflow, ClassState.allCases, ClassEvent.allCases)
        walk(ClaimRules.workflow, ClaimState.allCases, ClaimEvent.allCases)
        walk(ProviderRules.workflow, ProviderState.allCases, ProviderEvent.allCases)
        // City approval, which commits the budget, comes only after the notice.
        #expect(ClaimRules.workflow.transitions.filter { $0.event == .cityApprove }.map(\.from) == [.noticeConcluded])
        #expect(ClaimRules.workflow.transition(from: .approved, on: .pay)?.actors == [.system])
    }
}

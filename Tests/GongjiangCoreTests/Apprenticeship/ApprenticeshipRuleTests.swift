import Foundation
import Testing
@testable import GongjiangCore

/// The enterprise apprenticeship's rules (issue 11; rules.md, "New-type enterprise apprenticeship"), each at its boundary.
@Suite("Apprenticeship rules")
struct ApprenticeshipRuleTests {
    static func day(_ text: String) -> CivilDate { try! CivilDate(parsing: text) }
    let policy = ApprenticeshipPolicy.nantong2019
    /// Jiangsu's tiers as minimum-wages.csv gives them (tier 1 raised from 2025-01-01).
    let wages = [
        MinimumWage(province: "32", tier: 1, effectiveFrom: day("2021-08-01"), monthly: Money(yuan: 2280)),
        MinimumWage(province: "32", tier: 2, effectiveFrom: day("2021-08-01"), monthly: Money(yuan: 2070)),
        MinimumWage(province: "32", tier: 3, effectiveFrom: day("2021-08-01"), monthly: Money(yuan: 1840)),
        MinimumWage(province: "32", tier: 1, effectiveFrom: day("2025-01-01"), monthly: Money(yuan: 2490)),
    ]

    func terms(level: SkillLevel = .level3, months: Int = 24, headcount: Int = 45) -> ApprenticeshipPlanTerms {
        ApprenticeshipPlanTerms(targetLevel: level, durationMonths: months, schoolHours: 400, workHours: 1200, startsOn: Self.day("2024-03-01"),
                                plannedHeadcount: headcount)
    }

    @Test("Target levels (rules.md): 中级工 to 高级技师; 初级工 and 特级技师 are refused")
    func targetLevels() throws {
        for level in [SkillLevel.level4, .level3, .level2, .level1] { try ApprenticeshipRules.check(terms(level: level), policy: policy) }
        for level in [SkillLevel.level5, .principalTechnician, .apprentice] {
            #expect(throws: ApprenticeshipRefusal.targetLevel(level)) { try ApprenticeshipRules.check(terms(level: level), policy: policy) }
        }
    }

    @Test("Duration (rules.md): 1–2 years, up to 3: 12 and 36 months pass, 11 and 37 are refused")
    func duration() throws {
        try ApprenticeshipRules.check(terms(months: 12), policy: policy)
        try ApprenticeshipRules.check(terms(months: 36), policy: policy)
        for months in [11, 37] {
            #expect(throws: ApprenticeshipRefusal.duration(months: months, minimum: 12, maximum: 36)) {
                try ApprenticeshipRules.check(terms(months: months), policy: policy)
            }
        }
        #expect(terms(months: 24).endsOn == Self.day("2026-02-28"))
        #expect(throws: ApprenticeshipRefusal.headcount(0)) { try ApprenticeshipRules.check(terms(headcount: 0), policy: policy) }
        #expect(throws: ApprenticeshipRefusal.headcount(201)) { try ApprenticeshipRules.check(terms(headcount: 201), policy: policy) }
    }

    @Test("Labour contract (rules.md): at least a year; 2025-03-01 to 2026-02-28 is one, a day less is refused; open-ended passes")
    func contract() throws {
        func agreement(_ start: String, _ end: String?) -> ApprenticeshipAgreement {
            ApprenticeshipAgreement(contractStart: Self.day(start), contractEnd: end.map(Self.day), monthlyWage: Money(yuan: 3000),
                                    trainingFee: Money(yuan: 4000), mentorAllowance: Money(yuan: 300))
        }
        try ApprenticeshipRules.checkContract(agreement("2025-03-01", "2026-02-28"), policy: policy)
        try ApprenticeshipRules.checkContract(agreement("2025-03-01", nil), policy: policy)
        #expect(throws: ApprenticeshipRefusal.contractTooShort(start: Self.day("2025-03-01"), end: Self.day("2026-02-27"), months: 12)) {
            try ApprenticeshipRules.checkContract(agreement("2025-03-01", "2026-02-27"), policy: policy)
        }
    }

    @Test("Minimum wage (rules.md): the tier's floor in force on the day; one fen below is refused naming the district, the date and the floor; at the floor passes")
    func minimumWage() throws {
        try ApprenticeshipRules.checkWage(Money(fen: 228_000), tier: 1, districtName: "崇川区", on: Self.day("2024-06-01"), table: wages)
        do {
            try ApprenticeshipRules.checkWage(Money(fen: 227_999), tier: 1, districtName: "崇川区", on: Self.day("2024-06-01"), table: wages)
            Issue.record("a wage one fen below the floor passed")
        } catch {
            #expect(error == .wageBelowMinimum(wage: Money(fen: 227_999), floor: Money(yuan: 2280), districtName: "崇川区",
                                               effectiveFrom: Self.day("2021-08-01")))
            #expect(error.chinese == "月工资 2,279.99 元低于崇川区 2021-08-01 起执行的最低工资 2,280.00 元")
        }
        // A tier-2 district's floor is its own.
        try ApprenticeshipRules.checkWage(Money(yuan: 2070), tier: 2, districtName: "如东县", on: Self.day("2024-06-01"), table: wages)
        #expect(throws: ApprenticeshipRefusal.noMinimumWage(tier: 1, on: Self.day("2020-01-01"))) {
            try ApprenticeshipRules.checkWage(Money(yuan: 3000), tier: 1, districtName: "崇川区", on: Self.day("2020-01-01"), table: wages)
        }
    }

    @Test("The floor changes on its effective date in the middle of an apprenticeship: 2,300 yuan passes the day before and is refused from 2025-01-01")
    func floorChangesMidway() throws {
        let plan = terms(months: 24)
        let changes = MinimumWage.changes(wages, tier: 1, after: plan.startsOn, through: plan.endsOn)
        #expect(changes.map(\.effectiveFrom) == [Self.day("2025-01-01")], "the day the wage must be checked again")
        try ApprenticeshipRules.checkWage(Money(yuan: 2300), tier: 1, districtName: "崇川区", on: Self.day("2024-12-31"), table: wages)
        #expect(throws: ApprenticeshipRefusal.wageBelowMinimum(wage: Money(yuan: 2300), floor: Money(yuan: 2490), districtName: "崇川区",
                                                              effectiveFrom: Self.day("2025-01-01"))) {
            try ApprenticeshipRules.checkWage(Money(yuan: 2300), tier: 1, districtName: "崇川区", on: Self.day("2025-01-01"), table: wages)
        }
    }

    @Test("Mentor: a certificate at or above the target level; at most the policy's number of apprentices (3 passes the third, refuses the fourth)")
    func mentor() throws {
        try ApprenticeshipRules.checkMentor(heldLevels: [.level3], target: .level3, currentApprentices: 0, policy: policy)
        try ApprenticeshipRules.checkMentor(heldLevels: [.level5, .level2], target: .level3, currentApprentices: 2, policy: policy)
        #expect(throws: ApprenticeshipRefusal.mentorBelowTarget(held: .level4, target: .level3)) {
            try ApprenticeshipRules.checkMentor(heldLevels: [.level4], target: .level3, currentApprentices: 0, policy: policy)
        }
        #expect(throws: ApprenticeshipRefusal.mentorBelowTarget(held: nil, target: .level4)) {
            try ApprenticeshipRules.checkMentor(heldLevels: [], target: .level4, currentApprentices: 0, policy: policy)
        }
        #expect(throws: ApprenticeshipRefusal.mentorFull(capacity: 3)) {
            try ApprenticeshipRules.checkMentor(heldLevels: [.level1], target: .level3, currentApprentices: 3, policy: policy)
        }
    }

    @Test("Subsidy (rules.md's worked example): 45 × 5,000 × 50% = 112,500 advanced; 33 × 5,000 × 2 − 112,500 = 217,500 settled")
    func workedExample() {
        let rate = Money(yuan: 5000)
        let advance = ApprenticeshipRules.advance(planned: 45, rate: rate, policy: policy)
        #expect(advance == Money(yuan: 112_500))
        #expect(ApprenticeshipRules.settlement(completed: 33, rate: rate, durationMonths: 24, advance: advance) == Money(yuan: 217_500))
    }

    @Test("Subsidy: fewer completers than the advance covers is a clawback; a duration in months pays its share of a year, to the fen")
    func clawbackAndMonths() {
        let rate = Money(yuan: 5000)
        let advance = ApprenticeshipRules.advance(planned: 45, rate: rate, policy: policy)
        // 20 completed a one-year class: 100,000 earned against 112,500 advanced.
        #expect(ApprenticeshipRules.settlement(completed: 20, rate: rate, durationMonths: 12, advance: advance) == Money(yuan: -12_500))
        // 18 months at 5,000 a year: 7,500 each.
        #expect(ApprenticeshipRules.settlement(completed: 1, rate: rate, durationMonths: 18, advance: .zero) == Money(yuan: 7_500))
        // 4,000 a year for 13 months: 4,333.333… rounds to 4,333.33.
        #expect(ApprenticeshipRules.settlement(completed: 1, rate: Money(yuan: 4000), durationMonths: 13, advance: .zero) == Money(fen: 433_333))
    }

    @Test("Rates (apprenticeship-subsidy-standards.csv): the rate of the target level in force on the plan's start")
    func rates() {
        let table = [ApprenticeshipRate(effectiveFrom: Self.day("2019-01-01"), targetLevel: .level3, yearly: Money(yuan: 5000)),
                     ApprenticeshipRate(effectiveFrom: Self.day("2027-01-01"), targetLevel: .level3, yearly: Money(yuan: 6000))]
        #expect(ApprenticeshipRate.inForce(table, level: .level3, on: Self.day("2026-12-31"))?.yearly == Money(yuan: 5000))
        #expect(ApprenticeshipRate.inForce(table, level: .level3, on: Self.day("2027-01-01"))?.yearly == Money(yuan: 6000))
        #expect(ApprenticeshipRate.inForce(table, level: .level2, on: Self.day("2027-01-01")) == nil)
    }

    @Test("The plan's workflow: the district approves or returns (with a reason), the enterprise resubmits or cancels, the city settles")
    func workflow() throws {
        let flow = ApprenticeshipRules.planWorkflow
        #expect(try flow.apply(.approve, to: .filed, by: .district, reason: nil) == .approved)
        #expect(try flow.apply(.return, to: .filed, by: .district, reason: "缺少协议") == .returned)
        #expect(throws: WorkflowRefusal.self) { try flow.apply(.return, to: .filed, by: .district, reason: nil) }
        #expect(try flow.apply(.resubmit, to: .returned, by: .organization, reason: nil) == .filed)
        #expect(try flow.apply(.settle, to: .approved, by: .city, reason: nil) == .settled)
        #expect(throws: WorkflowRefusal.self) { try flow.apply(.settle, to: .approved, by: .district, reason: nil) }
        #expect(throws: WorkflowRefusal.self) { try flow.apply(.settle, to: .approved, by: .organization, reason: nil) }
        #expect(throws: WorkflowRefusal.self) { try flow.apply(.approve, to: .filed, by: .organization, reason: nil) }
        #expect(throws: WorkflowRefusal.self) { try flow.apply(.settle, to: .filed, by: .city, reason: nil) }
        #expect(try flow.apply(.cancel, to: .filed, by: .organization, reason: "不再开班") == .cancelled)
        #expect(throws: WorkflowRefusal.self) { try flow.apply(.cancel, to: .approved, by: .organization, reason: "x") }
        for state in [ApprenticeshipPlanState.settled, .cancelled] {
            for event in ApprenticeshipPlanEvent.allCases {
                for actor in [WorkflowActor.organization, .district, .city] {
                    #expect(throws: WorkflowRefusal.self) { try flow.apply(event, to: state, by: actor, reason: "x") }
                }
            }
        }
        #expect(throws: WorkflowRefusal.self) { try flow.apply(.approve, to: .settled, by: .district, reason: nil) }
    }

    @Test("An apprentice completes only by the system's reading of the registry, and leaves early by the enterprise or the city with a reason")
    func apprenticeWorkflow() throws {
        let flow = ApprenticeshipRules.apprenticeWorkflow
        #expect(try flow.apply(.complete, to: .active, by: .system, reason: nil) == .completed)
        #expect(throws: WorkflowRefusal.self) { try flow.apply(.complete, to: .active, by: .organization, reason: nil) }
        #expect(try flow.apply(.exit, to: .active, by: .organization, reason: "辞职") == .exited)
        #expect(try flow.apply(.exit, to: .active, by: .city, reason: "核查") == .exited)
        #expect(throws: WorkflowRefusal.self) { try flow.apply(.exit, to: .active, by: .organization, reason: nil) }
        #expect(throws: WorkflowRefusal.self) { try flow.apply(.exit, to: .active, by: .district, reason: "x") }
        for state in [ApprenticeState.completed, .exited] {
            for event in ApprenticeEvent.allCases {
                #expect(throws: WorkflowRefusal.self) { try flow.apply(event, to: state, by: .system, reason: "x") }
                #expect(throws: WorkflowRefusal.self) { try flow.apply(event, to: state, by: .organization, reason: "x") }
            }
        }
    }

    @Test("Changes of the agreement take effect inside the apprenticeship: its first and last days pass, the day before and after are refused")
    func changeDay() throws {
        let from = Self.day("2026-03-01"), through = Self.day("2028-02-29")
        try ApprenticeshipRules.checkChange(effectiveOn: from, startedOn: from, endsOn: through)
        try ApprenticeshipRules.checkChange(effectiveOn: through, startedOn: from, endsOn: through)
        for day in [from.adding(days: -1), through.adding(days: 1)] {
            #expect(throws: ApprenticeshipRefusal.changeOutsideApprenticeship(day: day, from: from, through: through)) {
                try ApprenticeshipRules.checkChange(effectiveOn: day, startedOn: from, endsOn: through)
            }
        }
    }

    @Test("A floor taking effect during the apprenticeship is found for a wage below it: 2,300 yuan from 2024-06-01 meets 2,490 from 2025-01-01; 2,490 holds throughout; after the end nothing is found")
    func floorAbove() {
        let found = ApprenticeshipRules.floorAbove(Money(yuan: 2300), tier: 1, from: Self.day("2024-06-01"), through: Self.day("2026-05-31"), table: wages)
        #expect(found?.effectiveFrom == Self.day("2025-01-01"))
        #expect(ApprenticeshipRules.floorAbove(Money(yuan: 2490), tier: 1, from: Self.day("2024-06-01"), through: Self.day("2026-05-31"), table: wages) == nil)
        #expect(ApprenticeshipRules.floorAbove(Money(yuan: 2300), tier: 1, from: Self.day("2024-01-01"), through: Self.day("2024-12-31"), table: wages) == nil)
        // A wage already below the floor on the first day is found at once.
        #expect(ApprenticeshipRules.floorAbove(Money(fen: 227_999), tier: 1, from: Self.day("2024-01-01"), through: Self.day("2024-12-31"), table: wages)?
            .effectiveFrom == Self.day("2021-08-01"))
        // Tier 2 has no change: 2,070 holds.
        #expect(ApprenticeshipRules.floorAbove(Money(yuan: 2070), tier: 2, from: Self.day("2024-06-01"), through: Self.day("2026-05-31"), table: wages) == nil)
    }

    @Test("Settlement comes when every apprentice has completed or left, or after the plan's end: one still in training on the last day refuses it, the next day it passes")
    func settlementReadiness() throws {
        let ends = Self.day("2027-01-31")
        try ApprenticeshipRules.checkSettlement(active: 0, endsOn: ends, today: Self.day("2026-11-10"))
        #expect(throws: ApprenticeshipRefusal.stillTraining(active: 1, endsOn: ends)) {
            try ApprenticeshipRules.checkSettlement(active: 1, endsOn: ends, today: ends)
        }
        try ApprenticeshipRules.checkSettlement(active: 1, endsOn: ends, today: ends.adding(days: 1))
    }

    @Test("Targets: the districts' parts add up to the city's figure (2,100 = 2,000 + 100); one short or a negative part is refused; no split keeps the city's figure alone")
    func targetSplit() throws {
        try ApprenticeshipRules.checkTargetSplit(city: 2100, districts: ["320602": 2000, "320612": 100])
        try ApprenticeshipRules.checkTargetSplit(city: 2100, districts: [:])
        #expect(throws: ApprenticeshipRefusal.targetSplit(sum: 2099, city: 2100)) {
            try ApprenticeshipRules.checkTargetSplit(city: 2100, districts: ["320602": 2000, "320612": 99])
        }
        #expect(throws: ApprenticeshipRefusal.self) { try ApprenticeshipRules.checkTargetSplit(city: 0, districts: ["320602": 1, "320612": -1]) }
        #expect(throws: ApprenticeshipRefusal.self) { try ApprenticeshipRules.checkTargetSplit(city: -1, districts: [:]) }
    }

    @Test("Every refusal names its rule in Chinese and English, and a wage refusal gives the district, the date and both figures")
    func refusalsSpeak() {
        let refusals: [ApprenticeshipRefusal] = [
            .targetLevel(.level5), .duration(months: 37, minimum: 12, maximum: 36), .hours, .headcount(0),
            .contractTooShort(start: Self.day("2026-03-01"), end: Self.day("2027-02-27"), months: 12),
            .wageBelowMinimum(wage: Money(yuan: 1900), floor: Money(yuan: 2490), districtName: "崇川区", effectiveFrom: Self.day("2025-01-01")),
            .noMinimumWage(tier: 4, on: Self.day("2026-01-01")), .negativeAmount, .mentorBelowTarget(held: nil, target: .level3), .mentorFull(capacity: 3),
            .alreadyApprenticed, .outsideSchoolScope(occupationCode: "6-18-01-01", level: .level2),
            .changeOutsideApprenticeship(day: Self.day("2026-01-01"), from: Self.day("2026-03-01"), through: Self.day("2028-02-29")),
            .stillTraining(active: 2, endsOn: Self.day("2027-01-31")), .advanceUnpaid(state: "待支付"), .noRate(level: .level3, on: Self.day("2018-01-01")),
            .targetSplit(sum: 1, city: 2), .noBankAccount,
        ]
        for refusal in refusals {
            #expect(!refusal.chinese.isEmpty && !refusal.english.isEmpty && refusal.code.hasPrefix("apprenticeship."))
        }
        #expect(Set(refusals.map(\.code)).count == refusals.count)
        #expect(ApprenticeshipRefusal.wageBelowMinimum(wage: Money(yuan: 1900), floor: Money(yuan: 2490), districtName: "崇川区",
                                                       effectiveFrom: Self.day("2025-10-01")).chinese
                == "月工资 1,900.00 元低于崇川区 2025-10-01 起执行的最低工资 2,490.00 元")
    }

    @Test("A new version of the rules: each number at its range's ends passes, one past either end is refused by name; the shortest duration may not pass the longest; it takes effect tomorrow at the earliest")
    func newPolicyVersion() throws {
        let today = Self.day("2026-11-30")
        var version = policy
        version.effectiveFrom = today.adding(days: 1)
        try version.checkAsNewVersion(today: today)
        for entry in ApprenticeshipPolicy.ranges {
            for (value, passes) in [(entry.range.lowerBound, true), (entry.range.upperBound, true), (entry.range.lowerBound - 1, false), (entry.range.upperBound + 1, false)] {
                var candidate = version
                switch entry.field {
                case "minimumContractMonths": candidate.minimumContractMonths = value
                case "minimumDurationMonths": candidate.minimumDurationMonths = value; candidate.maximumDurationMonths = max(value, 1)
                case "maximumDurationMonths": candidate.maximumDurationMonths = value; candidate.minimumDurationMonths = 1
                case "mentorCapacity": candidate.mentorCapacity = value
                default: candidate.advancePercent = value
                }
                if passes {
                    try candidate.checkAsNewVersion(today: today)
                } else {
                    #expect(throws: ApprenticeshipRefusal.policyValueOutOfRange(field: entry.field, label: entry.label, range: entry.range)) {
                        try candidate.checkAsNewVersion(today: today)
                    }
                }
            }
        }
        var inverted = version
        inverted.minimumDurationMonths = 24
        inverted.maximumDurationMonths = 12
        #expect(throws: ApprenticeshipRefusal.self) { try inverted.checkAsNewVersion(today: today) }
        var backdated = version
        backdated.effectiveFrom = today
        #expect(throws: ApprenticeshipRefusal.policyNotInFuture(earliest: today.adding(days: 1))) { try backdated.checkAsNewVersion(today: today) }
    }
}

import Foundation
import Testing
@testable import GongjiangCore

/// Issue 13: each eligibility rule of a programme type at its boundary, and title crossover (rules.md, "Skill–title
/// crossover").
@Suite("Programme eligibility")
struct ProgrammeEligibilityTests {
    static func day(_ text: String) -> CivilDate { try! CivilDate(parsing: text) }
    static func certificate(_ level: SkillLevel, _ issued: String) -> ApplicantFacts.HeldCertificate {
        .init(level: level, occupationCode: "6-18-01-01", issuedOn: day(issued))
    }

    func met(_ rule: EligibilityRule, _ facts: ApplicantFacts, on text: String) -> Bool { rule.evaluate(facts, on: Self.day(text)).met }

    @Test("Holds a level: 高级工 meets 高级工 or above, 中级工 does not; a certificate issued after the day does not count")
    func holdsLevel() {
        let rule = EligibilityRule.holdsLevel(atLeast: .level3)
        #expect(met(rule, ApplicantFacts(certificates: [Self.certificate(.level3, "2024-05-01")]), on: "2024-05-01"))
        #expect(!met(rule, ApplicantFacts(certificates: [Self.certificate(.level3, "2024-05-01")]), on: "2024-04-30"))
        #expect(!met(rule, ApplicantFacts(certificates: [Self.certificate(.level4, "2020-05-01")]), on: "2024-05-01"))
        #expect(met(rule, ApplicantFacts(certificates: [Self.certificate(.level1, "2020-05-01")]), on: "2024-05-01"))
        #expect(!met(rule, ApplicantFacts(), on: "2024-05-01"))
        #expect(rule.evaluate(ApplicantFacts(), on: Self.day("2024-05-01")).found == "未持有职业技能等级证书")
    }

    @Test("Years since a level: held two whole years on the anniversary, not the day before; the earliest qualifying certificate counts")
    func yearsSince() {
        let rule = EligibilityRule.yearsSinceLevel(atLeast: .level3, years: 2)
        let facts = ApplicantFacts(certificates: [Self.certificate(.level3, "2022-03-01"), Self.certificate(.level2, "2023-09-01")])
        #expect(!met(rule, facts, on: "2024-02-29"))
        #expect(met(rule, facts, on: "2024-03-01"))
        // 29 February: the anniversary in a common year is 28 February.
        let leap = ApplicantFacts(certificates: [Self.certificate(.level3, "2020-02-29")])
        #expect(!met(.yearsSinceLevel(atLeast: .level3, years: 1), leap, on: "2021-02-27"))
        #expect(met(.yearsSinceLevel(atLeast: .level3, years: 1), leap, on: "2021-02-28"))
    }

    @Test("Honours: held on the day, not after it lapses, not when revoked, not before it is awarded")
    func honours() {
        let rule = EligibilityRule.holdsHonour(anyOf: ["national-technical-expert", "nantong-technical-expert"])
        let held = ApplicantFacts(honours: [.init(code: "nantong-technical-expert", awardedOn: Self.day("2023-06-01"), validUntil: Self.day("2026-05-31"))])
        #expect(met(rule, held, on: "2026-05-31"))
        #expect(!met(rule, held, on: "2026-06-01"))
        #expect(!met(rule, held, on: "2023-05-31"))
        let revoked = ApplicantFacts(honours: [.init(code: "national-technical-expert", awardedOn: Self.day("2020-01-01"), revoked: true)])
        #expect(!met(rule, revoked, on: "2024-01-01"))
        let other = ApplicantFacts(honours: [.init(code: "provincial-technical-expert", awardedOn: Self.day("2020-01-01"))])
        #expect(!met(rule, other, on: "2024-01-01"))
        #expect(rule.chinese.contains("全国技术能手") && rule.chinese.contains("南通市技术能手"))
    }

    @Test("District and employer kind: in the list or not; none recorded fails")
    func districtAndEmployer() {
        #expect(met(.district(anyOf: ["320602", "320612"]), ApplicantFacts(districtCode: "320612"), on: "2024-01-01"))
        #expect(!met(.district(anyOf: ["320602"]), ApplicantFacts(districtCode: "320612"), on: "2024-01-01"))
        #expect(!met(.district(anyOf: ["320602"]), ApplicantFacts(), on: "2024-01-01"))
        #expect(met(.employerKind(anyOf: ["enterprise"]), ApplicantFacts(employerKind: "enterprise"), on: "2024-01-01"))
        #expect(!met(.employerKind(anyOf: ["enterprise"]), ApplicantFacts(employerKind: "technical-school"), on: "2024-01-01"))
        #expect(!met(.employerKind(anyOf: ["enterprise"]), ApplicantFacts(), on: "2024-01-01"))
    }

    @Test("Education (rules.md): 中级工班/高级工班/预备技师班 count as 中专/大专/本科; the higher of degree and track counts")
    func education() {
        #expect(SchoolTrack.intermediate.equivalentEducation == .secondaryVocational)
        #expect(SchoolTrack.advanced.equivalentEducation == .college)
        #expect(SchoolTrack.preTechnician.equivalentEducation == .bachelor)
        let advanced = ApplicantFacts(schoolTrack: .advanced)
        #expect(met(.education(atLeast: .college), advanced, on: "2024-01-01"))
        #expect(!met(.education(atLeast: .bachelor), advanced, on: "2024-01-01"))
        #expect(met(.education(atLeast: .bachelor), ApplicantFacts(education: .secondaryVocational, schoolTrack: .preTechnician), on: "2024-01-01"))
        #expect(met(.educationAtMost(.college), advanced, on: "2024-01-01"))
        #expect(!met(.educationAtMost(.college), ApplicantFacts(education: .master), on: "2024-01-01"))
        #expect(!met(.education(atLeast: .secondaryVocational), ApplicantFacts(), on: "2024-01-01"))
    }

    @Test("Age at most 35: on the 36th birthday no longer, the day before still")
    func age() {
        let facts = ApplicantFacts(birthDate: Self.day("1990-07-15"))
        #expect(met(.ageAtMost(years: 35), facts, on: "2026-07-14"))
        #expect(!met(.ageAtMost(years: 35), facts, on: "2026-07-15"))
        #expect(!met(.ageAtMost(years: 35), ApplicantFacts(), on: "2026-07-14"))
    }

    @Test("A report is eligible only when every rule is met, and lists the unmet ones with what was found")
    func report() {
        let rules: [EligibilityRule] = [.holdsLevel(atLeast: .level2), .ageAtMost(years: 55)]
        let report = EligibilityReport(rules: rules, facts: ApplicantFacts(certificates: [Self.certificate(.level3, "2020-01-01")],
                                                                           birthDate: Self.day("1980-01-01")), on: Self.day("2024-01-01"))
        #expect(!report.isEligible)
        #expect(report.unmet.map(\.rule) == [.holdsLevel(atLeast: .level2)])
        #expect(report.unmet.first?.found == "最高持有三级/高级工")
    }

    @Test("Title crossover (rules.md): 高级工 + 2 → 助理工程师, 技师 + 3 → 工程师, 高级技师 + 4 → 高级工程师, each on its anniversary")
    func crossover() {
        let facts = ApplicantFacts(certificates: [Self.certificate(.level3, "2019-06-01"), Self.certificate(.level2, "2021-06-01"),
                                                  Self.certificate(.level1, "2022-06-01")])
        #expect(TitleCrossoverRule.highestEligible(ApplicantFacts(certificates: [Self.certificate(.level3, "2021-06-01")]), on: Self.day("2023-05-31")) == nil)
        #expect(TitleCrossoverRule.highestEligible(ApplicantFacts(certificates: [Self.certificate(.level3, "2021-06-01")]), on: Self.day("2023-06-01"))?.title == .assistantEngineer)
        #expect(TitleCrossoverRule.highestEligible(facts, on: Self.day("2024-05-31"))?.title == .assistantEngineer)
        #expect(TitleCrossoverRule.highestEligible(facts, on: Self.day("2024-06-01"))?.title == .engineer)
        #expect(TitleCrossoverRule.highestEligible(facts, on: Self.day("2026-05-31"))?.title == .engineer)
        #expect(TitleCrossoverRule.highestEligible(facts, on: Self.day("2026-06-01"))?.title == .seniorEngineer)
        // A 技师 certificate counts for the 高级工 + 2 rule: 技师 is above 高级工.
        let technicianOnly = ApplicantFacts(certificates: [Self.certificate(.level2, "2021-06-01")])
        #expect(TitleCrossoverRule.highestEligible(technicianOnly, on: Self.day("2023-06-01"))?.title == .assistantEngineer)
        // Rules not yet in force do not open a title.
        #expect(TitleCrossoverRule.highestEligible(facts, on: Self.day("2020-12-31")) == nil)
    }

    @Test("Catalogue: every shipped type passes the administrator's checks, amounts as rules.md gives them")
    func catalogue() throws {
        for type in ProgrammeCatalogue.reference { try type.check() }
        #expect(Set(ProgrammeCatalogue.reference.map(\.code)).count == ProgrammeCatalogue.reference.count)
        let chief = try #require(ProgrammeCatalogue.reference.first { $0.code == "enterprise-chief-technician" })
        #expect(chief.funding == [FundingLine(.monthly(Money(yuan: 1_000), months: 24), to: .applicant),
                                  FundingLine(.oneOff(Money(yuan: 50_000)), to: .employer)])
        #expect(ProgrammeCatalogue.reference.first { $0.code == "master-studio-national" }?.funding.first?.rule == .oneOff(Money(yuan: 150_000)))
        #expect(ProgrammeCatalogue.reference.first { $0.code == "training-base-provincial" }?.recommendsUpward == true)
        #expect(ProgrammeCatalogue.reference.first { $0.code == "title-crossover-engineer" }?.stages == [.district, .city, .titleCommittee])
        // The upstream honours the bureau's yearly reply counts are types the city recommends for, paying nothing here.
        for code in ["national-technical-expert", "provincial-enterprise-chief-technician", "provincial-innovation-talent", "provincial-public-training-base"] {
            let type = try #require(ProgrammeCatalogue.reference.first { $0.code == code })
            #expect(type.recommendsUpward && type.funding.isEmpty && type.tier >= .provincial)
        }
    }

    @Test("A type as defined: code, rubric weights, experts, stage order, validity and assessment are checked")
    func typeChecks() throws {
        var type = try #require(ProgrammeCatalogue.reference.first { $0.code == "nantong-technical-expert" })
        try type.check()
        var bad = type; bad.code = "Bad Code"
        #expect(throws: ProgrammeRefusal.badCode) { try bad.check() }
        bad = type; bad.rubric = [.init(key: "a", label: "a", maximum: 10, weight: 60), .init(key: "b", label: "b", maximum: 10, weight: 39)]
        #expect(throws: ProgrammeRefusal.rubricWeights) { try bad.check() }
        bad = type; bad.expertsPerApplication = 2
        #expect(throws: ProgrammeRefusal.expertsPerApplication) { try bad.check() }
        bad = type; bad.stages = [.expert, .district]
        #expect(throws: ProgrammeRefusal.stageOrder) { try bad.check() }
        bad = type; bad.validityMonths = 12; bad.assessmentEveryMonths = 13
        #expect(throws: ProgrammeRefusal.assessmentOutsideValidity) { try bad.check() }
        bad = type; bad.eligibility = [.ageAtMost(years: 15)]
        #expect(throws: ProgrammeRefusal.ruleOutOfRange(kind: "age-at-most", range: 16...70)) { try bad.check() }
        bad = type; bad.funding = [FundingLine(.monthly(Money(yuan: 1000), months: 0), to: .applicant)]
        #expect(throws: ProgrammeRefusal.fundingOutOfRange) { try bad.check() }
        // Seven large prime maxima would overflow the exact sum: refused when the type is defined.
        bad = type; bad.rubric = [997, 991, 983, 977, 971, 967, 953].enumerated().map { .init(key: "c\($0.offset)", label: "c", maximum: $0.element, weight: $0.offset == 0 ? 94 : 1) }
        #expect(throws: ProgrammeRefusal.rubricMaxima) { try bad.check() }
        #expect(ExpertReview.commonDenominator([10, 20, 50, 100, 30]) == 300)
        // Per-head funding reads the heads from a required number field of its own.
        bad = type; bad.funding = [FundingLine(.perHead(Money(yuan: 2_000), maximumHeads: 50), to: .applicant)]
        #expect(throws: ProgrammeRefusal.headsFieldMissing) { try bad.check() }
        bad.fields.append(.init(key: ProgrammeType.headsField, label: "培养人数", kind: .number, required: true, maximum: 10_000))
        try bad.check()
        type.stages = [.district, .city]
        type.rubric = []
        try type.check()
    }

    @Test("Types as stored and sent: every catalogue type survives JSON; rules and funding are written by kind")
    func json() throws {
        for type in ProgrammeCatalogue.reference {
            #expect(try JSONDecoder().decode(ProgrammeType.self, from: try JSONEncoder().encode(type)) == type)
        }
        let rule = try JSONDecoder().decode(EligibilityRule.self, from: Data(#"{"kind": "years-since-level", "level": "3", "years": 2}"#.utf8))
        #expect(rule == .yearsSinceLevel(atLeast: .level3, years: 2))
        let funding = try JSONDecoder().decode(FundingRule.self, from: Data(#"{"kind": "monthly", "amountFen": 100000, "months": 24}"#.utf8))
        #expect(funding == .monthly(Money(yuan: 1_000), months: 24))
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(EligibilityRule.self, from: Data(#"{"kind": "holds-level", "level": "9"}"#.utf8)) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(FundingRule.self, from: Data(#"{"kind": "yearly", "amountFen": 1}"#.utf8)) }
        // A field stored before `identifying` existed names nobody; one that names the applicant says so, and only then.
        let older = try JSONDecoder().decode(ProgrammeType.FormField.self, from: Data(#"{"key": "plan", "label": "计划", "kind": "long-text", "required": true, "maximum": 10}"#.utf8))
        #expect(older.identifying == false)
        #expect(!String(decoding: try JSONEncoder().encode(older), as: UTF8.self).contains("identifying"))
        let studio = try #require(ProgrammeCatalogue.reference.first { $0.code == "master-studio-municipal" })
        #expect(studio.fields.filter(\.identifying).map(\.key) == ["studio-name"])
    }
}

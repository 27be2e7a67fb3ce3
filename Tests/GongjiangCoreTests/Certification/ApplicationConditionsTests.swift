import Testing
@testable import GongjiangCore

/// rules.md, "Skill-level certification", application conditions (申报条件): the national template.
@Suite("Application conditions (申报条件), national template")
struct ApplicationConditionsTests {
    typealias C = ApplicationConditions
    static func day(_ text: String) -> CivilDate { try! CivilDate(parsing: text) }
    static let applying = day("2026-06-15")

    struct Row: Sendable, CustomTestStringConvertible {
        let label: String
        let level: SkillLevel
        let candidate: C.Candidate
        let expected: C.Decision
        var testDescription: String { label }
    }

    static let rows: [Row] = [
        // 五级: ≥1 year in the occupation, or apprenticeship completed.
        Row(label: "五级: exactly one year in the occupation", level: .level5,
            candidate: .init(workingSince: day("2025-06-15")), expected: .eligible(.yearsInOccupation(1))),
        Row(label: "五级: one day short of a year", level: .level5,
            candidate: .init(workingSince: day("2025-06-16")), expected: .ineligible(routes: C.nationalTemplate.routes[.level5]!)),
        Row(label: "五级: an apprenticeship completed", level: .level5,
            candidate: .init(apprenticeshipCompleted: true), expected: .eligible(.apprenticeshipCompleted)),
        // 四级: ≥2 years after 五级, or a technical-school graduate.
        Row(label: "四级: two years after 五级", level: .level4,
            candidate: .init(certificates: [.level5: day("2024-06-15")]), expected: .eligible(.yearsAfterCertificate(.level5, years: 2))),
        Row(label: "四级: a day short of two years after 五级", level: .level4,
            candidate: .init(certificates: [.level5: day("2024-06-16")]), expected: .ineligible(routes: C.nationalTemplate.routes[.level4]!)),
        Row(label: "四级: a technical-school graduate", level: .level4,
            candidate: .init(schools: [.technicalSchool]), expected: .eligible(.graduate(.technicalSchool, certificate: nil, years: 0))),
        // 三级: ≥4 years after 四级, or college with 四级 + ≥2 years.
        Row(label: "三级: four years after 四级", level: .level3,
            candidate: .init(certificates: [.level4: day("2022-06-15")]), expected: .eligible(.yearsAfterCertificate(.level4, years: 4))),
        Row(label: "三级: college with 四级 for two years", level: .level3,
            candidate: .init(certificates: [.level4: day("2024-06-01")], schools: [.college]),
            expected: .eligible(.graduate(.college, certificate: .level4, years: 2))),
        Row(label: "三级: college with 四级 for one year", level: .level3,
            candidate: .init(certificates: [.level4: day("2025-06-01")], schools: [.college]),
            expected: .ineligible(routes: C.nationalTemplate.routes[.level3]!)),
        Row(label: "三级: a 五级 holder, however long, does not skip a level", level: .level3,
            candidate: .init(certificates: [.level5: day("2010-01-01")]), expected: .ineligible(routes: C.nationalTemplate.routes[.level3]!)),
        // 二级: ≥4 years after 三级, or 高级技工/技师学院 with 三级 + ≥3 years, or 预备技师 + ≥2 years.
        Row(label: "二级: 技师学院 graduate with 三级 for three years", level: .level2,
            candidate: .init(certificates: [.level3: day("2023-06-15")], schools: [.seniorTechnicalSchool]),
            expected: .eligible(.graduate(.seniorTechnicalSchool, certificate: .level3, years: 3))),
        Row(label: "二级: 预备技师 two years after completing", level: .level2,
            candidate: .init(schools: [.preparatoryTechnician], schoolCompletedOn: [.preparatoryTechnician: day("2024-06-15")]),
            expected: .eligible(.graduate(.preparatoryTechnician, certificate: nil, years: 2))),
        Row(label: "二级: 预备技师 with no completion date on record", level: .level2,
            candidate: .init(schools: [.preparatoryTechnician]), expected: .ineligible(routes: C.nationalTemplate.routes[.level2]!)),
        // 一级: ≥4 years after 二级, the only route.
        Row(label: "一级: four years after 二级", level: .level1,
            candidate: .init(certificates: [.level2: day("2022-06-15")]), expected: .eligible(.yearsAfterCertificate(.level2, years: 4))),
        Row(label: "一级: a college graduate with 二级 for three years", level: .level1,
            candidate: .init(certificates: [.level2: day("2023-06-15")], schools: [.college]),
            expected: .ineligible(routes: [.yearsAfterCertificate(.level2, years: 4)])),
        // Above 一级 the enterprise sets its own prerequisites.
        Row(label: "特级技师: no template conditions", level: .principalTechnician, candidate: .init(), expected: .noConditions),
    ]

    @Test("Each level's routes, at their boundaries", arguments: rows)
    func decisions(row: Row) {
        #expect(C.nationalTemplate.decide(row.candidate, for: row.level, on: Self.applying) == row.expected)
    }

    @Test("Whole years count anniversaries, 29 February included", arguments: [
        ("2020-02-29", "2021-02-28", 1), ("2020-02-29", "2021-02-27", 0), ("2020-06-15", "2026-06-14", 5),
        ("2020-06-15", "2026-06-15", 6), ("2026-06-15", "2020-06-15", 0), ("2025-12-31", "2026-01-01", 0),
    ])
    func fullYears(start: String, end: String, years: Int) {
        #expect(C.fullYears(from: Self.day(start), to: Self.day(end)) == years)
    }

    @Test("An occupation's own conditions replace the template's years")
    func occupationConditions() {
        // A standard that asks 4 years after 五级 for 四级 (rules.md: "some standards: 4").
        let strict = ApplicationConditions(routes: [.level4: [.yearsAfterCertificate(.level5, years: 4)]], effectiveFrom: Self.day("2024-01-01"))
        let candidate = C.Candidate(certificates: [.level5: Self.day("2023-06-15")])
        #expect(C.nationalTemplate.decide(candidate, for: .level4, on: Self.applying) == .eligible(.yearsAfterCertificate(.level5, years: 2)))
        #expect(strict.decide(candidate, for: .level4, on: Self.applying) == .ineligible(routes: [.yearsAfterCertificate(.level5, years: 4)]))
    }
}

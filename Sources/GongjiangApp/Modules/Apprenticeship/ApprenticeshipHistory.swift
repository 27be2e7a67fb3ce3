import Fluent
import Foundation
import GongjiangCore
import SQLKit

/// The city-scale demo's apprenticeships (issue 12): each of the last five years, the city's target of 2,100 split by
/// district, and classes of 30 that start on 1 September, through the workflow code on their days. The registry's
/// employers file with a technical school; each approval commits its advance, paid through a batch; the apprentices
/// are registry persons without a 中级工 certificate, mentored by holders of 高级工 or above; two of each class leave,
/// the rest earn their 中级工 certificate after eleven months, and the city settles the plan a year after its start.
/// The current year's classes are in training.
struct ApprenticeshipHistory {
    let demo: DemoContext
    var database: any Database { demo.application.db }

    /// Apprentices a class: the reference city's 2,100 a year come as 70 classes.
    static let classSize = 30
    /// Apprentices leaving each class early.
    static let leavers = 2

    struct Outcome: Sendable {
        var plans = 0
        var apprentices = 0
        var settled = 0
    }

    func build() async throws -> Outcome {
        var outcome = Outcome()
        let today = demo.today
        let base = ApprenticeshipDemo(demo)
        let plansPerYear = max(1, Int((Double(ApprenticeshipDemo.cityTarget) * demo.fraction / Double(Self.classSize)).rounded()))
        let years = Array((today.year - 4)...today.year)
        let occupations = try await Occupation.query(on: database).filter(\.$subsidyClass != "").sort(\.$id).all()
            .filter { Set($0.levels.split(separator: ",")).isSuperset(of: ["4", "3"]) }.compactMap(\.id)
        let enterprises = try await Organization.query(on: database).filter(\.$kindCode == OrganizationKind.enterprise.rawValue).sort(\.$uscc)
            .limit(plansPerYear * years.count).all()
        guard let first = years.first, !occupations.isEmpty, !enterprises.isEmpty else { return outcome }
        let opened = try CivilDate(year: first, month: 1, day: 2)
        let school = try await technicalSchool(occupations: occupations, from: opened)

        // Each year's target, and money for its advances and the last year's settlements (10,000 yuan an apprentice,
        // more than 中级工's 4,000 a year: a margin).
        for year in years {
            let january = try CivilDate(year: year, month: 1, day: 12)
            if year < today.year {
                var split: [String: Int] = [:]
                for (district, share) in LedgerDemo.shares { split[district] = ApprenticeshipDemo.cityTarget * Int(share) / 1000 }
                split["320602", default: 0] += ApprenticeshipDemo.cityTarget - split.values.reduce(0, +)
                _ = try await ApprenticeshipService.setTargets(year: year, TargetInput(city: ApprenticeshipDemo.cityTarget, districts: split),
                                                               base.context(.city, .city, on: january))
            }
            let perDistrict = Int64(plansPerYear * Self.classSize) * 1_000_000
            let ledger = LedgerContext.replaying(demo.application, on: january, by: "demo")
            _ = try await LedgerService.allocate(AllocationInput(amountFen: perDistrict * Int64(LedgerDemo.shares.count), document: "苏财社〔\(year)〕8号",
                                                                 memo: "\(year) 年企业新型学徒制补贴资金"), ledger)
            for district in LedgerDemo.shares.keys.sorted() {
                _ = try await LedgerService.setBudget(BudgetInput(districtCode: district, year: year, amountFen: perDistrict,
                                                                  document: "通人社职〔\(year)〕12号", memo: "\(year) 年度学徒制预算"), ledger)
            }
        }

        for (position, year) in years.enumerated() {
            let starts = try CivilDate(year: year, month: 9, day: 1)
            guard starts.adding(days: 10) <= today else { continue }
            var people = try await candidates(plansPerYear * Self.classSize, bornAfter: year - 45, bornBefore: year - 18)
            var mentors = try await mentors(plansPerYear * Self.classSize / 3, heldBy: starts.adding(months: -1))
            for index in 0..<plansPerYear where people.count >= Self.classSize && mentors.count >= Self.classSize / 3 {
                let enterprise = enterprises[(position * plansPerYear + index) % enterprises.count]
                let occupation = occupations[index % occupations.count]
                let plan = try await base.plan(enterprise, school: school, occupation: occupation, level: "4", months: 12, starts: starts,
                                               planned: Self.classSize, filedOn: starts.adding(days: -45 + index % 20))
                let ids = try await base.enrol(plan, enterprise, Array(people.prefix(Self.classSize)), mentors: Array(mentors.prefix(Self.classSize / 3)),
                                               on: starts, wageYuan: 3_600)
                people.removeFirst(Self.classSize)
                mentors.removeFirst(Self.classSize / 3)
                outcome.plans += 1
                outcome.apprentices += ids.count
                demo.progress?.show(rows: outcome.apprentices, fraction: (Double(position) + Double(index + 1) / Double(plansPerYear)) / Double(years.count))
                for (leaver, id) in ids.suffix(Self.leavers).enumerated() {
                    let day = starts.adding(months: 3 + leaver)
                    guard day <= today else { break }
                    try await ApprenticeshipService.exit(id, ExitInput(reason: ["劳动合同解除", "本人辞职离开企业"][leaver % 2]),
                                                         base.context(.organization(try enterprise.requireID()), .organization, on: day))
                }
                let certified = starts.adding(months: 11)
                guard certified <= today else { continue }
                try await base.certify(ids.dropLast(Self.leavers), occupation: occupation, rank: SkillLevel.level4.rawValue, issued: certified,
                                       firstSerial: 100_000 + (position * plansPerYear + index) * Self.classSize)
                let settles = starts.adding(months: 12).adding(days: 10)
                guard settles <= today else { continue }
                _ = try await ApprenticeshipService.settle(plan, base.context(.city, .city, on: settles))
                outcome.settled += 1
            }
        }
        demo.progress?.finish()
        return outcome
    }

    /// The city's technical school, approved from the history's first year to teach the subsidised occupations.
    private func technicalSchool(occupations: [String], from: CivilDate) async throws -> UUID {
        let organization = Organization()
        organization.kindCode = OrganizationKind.technicalSchool.rawValue
        organization.name = "南通市高级技工学校"
        organization.districtCode = "320602"
        organization.uscc = DemoCity.creditCode(region: "320600", serial: 830_001, kind: "12")
        try await organization.create(on: database)
        let id = try organization.requireID()
        _ = try await TrainingService.approveProvider(ProviderInput(
            organizationId: id, validFrom: from.description, validUntil: demo.today.adding(years: 3).description,
            scope: occupations.flatMap { code in ["4", "3"].map { ProviderInput.ScopeEntry(occupationCode: code, level: $0) } }),
            TrainingContext.replaying(demo.application, .city, .city, on: from, by: "demo"))
        return id
    }

    /// Registry persons of apprenticeship age in the year, holding nothing at 中级工 or above and never apprenticed.
    private func candidates(_ count: Int, bornAfter: Int, bornBefore: Int) async throws -> [(name: String, idNumber: String)] {
        try await database.sql.raw("""
            SELECT p.name, p.id_number_sealed FROM persons p WHERE p.id_type = \(bind: IDType.residentID.rawValue)
              AND p.birth_date > \(bind: "\(bornAfter)-12-31") AND p.birth_date < \(bind: "\(bornBefore)-01-01")
              AND NOT EXISTS (SELECT 1 FROM certificates c WHERE c.person_id = p.id AND c.level >= \(bind: SkillLevel.level4.rawValue))
              AND NOT EXISTS (SELECT 1 FROM apprentices a WHERE a.person_id = p.id)
            ORDER BY p.id LIMIT \(bind: count)
            """).all().map { (try $0.decode(column: "name", as: String.self),
                              try demo.application.vault.open(try $0.decode(column: "id_number_sealed", as: String.self))) }
    }

    /// Holders of 高级工 or above by `day`, mentoring nobody now, by resident ID.
    private func mentors(_ count: Int, heldBy day: CivilDate) async throws -> [String] {
        try await database.sql.raw("""
            SELECT p.id_number_sealed FROM persons p WHERE p.id_type = \(bind: IDType.residentID.rawValue) AND EXISTS (
                SELECT 1 FROM certificates c WHERE c.person_id = p.id AND c.level >= \(bind: SkillLevel.level3.rawValue)
                  AND c.status = \(bind: CertificateStatus.valid.rawValue) AND c.revoked_on IS NULL AND c.issue_date <= \(bind: day.description))
              AND NOT EXISTS (SELECT 1 FROM apprentices a WHERE a.mentor_person_id = p.id AND a.state = 'active')
            ORDER BY p.id LIMIT \(bind: count)
            """).all().map { try demo.application.vault.open(try $0.decode(column: "id_number_sealed", as: String.self)) }
    }
}

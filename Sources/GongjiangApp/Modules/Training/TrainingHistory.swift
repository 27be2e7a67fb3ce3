import Fluent
import Foundation
import GongjiangCore
import SQLKit
import Vapor

/// The city-scale demo's subsidised training (issue 12): the reference city's yearly person-times (145,400 in 2022)
/// for each of the last five years that has a subsidy standard. The current year goes through the workflow code on the
/// days it would have happened; past years come in by the bulk path (`importYear`), which writes what the workflow
/// would have left and pays through the ledger, as the issue allows history to. The trainees are the registry's own holders of 初级工–高级工 certificates of subsidised occupations
/// issued that year, so each claim pays for a certificate the registry already counts: a class of 40 ending a week
/// before its first certificate, enrolled and closed; the claims filed by the provider three days after the last
/// certificate; then each month's claims reviewed by their district, noticed, approved by the city (committing the
/// district's budget) and paid through batches the bank answers. The current year stops at today: what is not due
/// yet stays where it is.
struct TrainingHistory: TrainingYearDriver {
    let demo: DemoContext
    var application: Application { demo.application }
    var actorName: String { "demo" }

    /// The reference city's subsidised person-times in 2022 (the bureau's reply).
    static let yearlyClaims = 145_400
    static let classSize = 40
    static let site = "实训楼"
    static let teachers = "专职教师 3 名"

    struct Outcome: Sendable {
        var years: [Int] = []
        var classes = 0
        var filed = 0
        var refused = 0
        var paid = 0
        /// Of the claims filed, those of past years written by the bulk path.
        var imported = 0
    }

    struct Pick {
        let certificate: UUID
        let person: UUID
        let name: String
        let district: String
        let occupation: String
        let level: SkillLevel
        let issued: CivilDate
    }

    struct Course {
        let id: UUID
        let provider: DrivenProvider
        let picks: ArraySlice<Pick>
        let fileOn: CivilDate
    }

    /// A class as planned from its trainees' certificates, before anything is written.
    struct PlannedClass {
        let provider: DrivenProvider
        let members: ArraySlice<Pick>
        let startsOn: CivilDate
        let endsOn: CivilDate
        let totalHours: Int
        let practicalHours: Int
        let feeFen: Int
        /// The claims are filed three days after the last member's certificate.
        var fileOn: CivilDate { (members.last?.issued ?? endsOn).adding(days: 3) }
    }

    func build() async throws -> Outcome {
        var outcome = Outcome()
        let today = demo.today
        let claimsPerYear = max(1, Int((Double(Self.yearlyClaims) * demo.fraction).rounded()))
        // Claims are paid only where a standard is in force: the shipped standards begin in 2023.
        guard let firstStandard = try await database.sql.raw("SELECT MIN(effective_from) AS d FROM training_subsidy_standards").first()?
            .decode(column: "d", as: String?.self).flatMap({ try? CivilDate(parsing: $0) }) else { return outcome }
        let years = Array(max(today.year - 4, firstStandard.year)...today.year)
        let districts = try await District.query(on: database).filter(\.$kind != "prefecture").sort(\.$id).all().compactMap(\.id)
        // Occupations with a subsidy class that offer 初级工 to 高级工.
        let occupations = try await Occupation.query(on: database).filter(\.$subsidyClass != "").sort(\.$id).all()
            .filter { Set($0.levels.split(separator: ",")).isSuperset(of: ["5", "4", "3"]) }.compactMap(\.id)
        guard let first = years.first, !occupations.isEmpty else { return outcome }
        let opened = try CivilDate(year: first, month: 1, day: 2)
        let providers = try await approveProviders(max(districts.count, claimsPerYear / 1000), districts, occupations: occupations, from: opened,
                                                   until: today.adding(years: 2), serial: 720_000)
        let byDistrict = Dictionary(grouping: providers, by: \.district)
        var accountSerial = 0
        for (position, year) in years.enumerated() {
            try await fund(year: year, claims: claimsPerYear, districts, on: try CivilDate(year: year, month: 1, day: 2))
            // Certificates from 15 February (the year's first classes start in late January) to 10 December, or 45 days ago.
            let from = try CivilDate(year: year, month: 2, day: 15)
            let to = min(try CivilDate(year: year, month: 12, day: 10), today.adding(days: -45))
            guard from <= to else { continue }
            let picks = try await pick(claimsPerYear, occupations: occupations, from: from, to: to)
            if year < today.year {
                // A past year comes in by the bulk path, as the issue allows history to; the current year goes through the workflow.
                let imported = try await importYear(year, plannedClasses(picks, providers: byDistrict), districts: districts, accountSerial: &accountSerial)
                outcome.classes += imported.classes
                outcome.filed += imported.claims
                outcome.refused += imported.refused
                outcome.paid += imported.paid
                outcome.imported += imported.claims
                outcome.years.append(year)
                demo.progress?.show(rows: outcome.filed, fraction: Double(position + 1) / Double(years.count))
                continue
            }
            let courses = try await openClasses(picks, providers: byDistrict)
            outcome.classes += courses.count
            // Claims a month at a time: filed, then reviewed, noticed, approved and paid in the month after.
            for (month, due) in Dictionary(grouping: courses, by: { $0.fileOn.month }).sorted(by: { $0.key < $1.key }) {
                var filed: [DrivenClaim] = []
                for course in due {
                    let inputs = course.picks.map { pick -> ClaimInput in
                        accountSerial += 1
                        return ClaimInput(certificateId: pick.certificate, payee: "person", payeeAccount: "6217" + String(format: "%015d", 300_000_000_000 + accountSerial))
                    }
                    let outcomes = try await TrainingService.fileClaims(inputs, training(.organization(course.provider.organizationID), .organization, on: course.fileOn))
                    for result in outcomes {
                        if let id = try? result.get() { filed.append(DrivenClaim(id: id, district: course.provider.district)) } else { outcome.refused += 1 }
                    }
                }
                outcome.filed += filed.count
                demo.progress?.show(rows: outcome.filed, fraction: (Double(position) + Double(month) / 12) / Double(years.count))
                let next = try CivilDate(year: year, month: month, day: 1).adding(months: 1)
                let reviewed = next.adding(days: 2), concluded = next.adding(days: 24), approved = next.adding(days: 25), paid = next.adding(days: 26)
                guard !filed.isEmpty, paid.adding(days: 2) <= today else { continue }
                try await step(filed, event: "district-approve", actor: .district, on: reviewed)
                try await step(filed, event: "publish", actor: .district, on: reviewed)
                try await step(filed, event: "conclude", actor: .district, on: concluded)
                try await step(filed, event: "city-approve", actor: .city, on: approved)
                outcome.paid += try await pay(districts, year: year, payments: try await payments(of: filed), on: paid, failEvery: nil).paid
            }
            outcome.years.append(year)
        }
        demo.progress?.finish()
        try await verifyLedger()
        return outcome
    }

    /// Up to `count` certificates of the year to be paid for, one a person, in certificate-number order (the same
    /// for the same seed).
    private func pick(_ count: Int, occupations: [String], from: CivilDate, to: CivilDate) async throws -> [Pick] {
        let levels = [SkillLevel.level5, .level4, .level3]
        let rows = try await database.sql.raw("""
            SELECT c.id, c.person_id, c.occupation_code, c.level, c.issue_date, p.district_code, p.name FROM certificates c JOIN persons p ON p.id = c.person_id
            WHERE c.issue_date >= \(bind: from.description) AND c.issue_date <= \(bind: to.description)
              AND c.level IN (\(binds: levels.map(\.rawValue))) AND c.occupation_code IN (\(binds: occupations))
              AND c.status = \(bind: CertificateStatus.valid.rawValue) AND c.revoked_on IS NULL
            ORDER BY c.number
            """).all()
        var seen = Set<UUID>()
        var picks: [Pick] = []
        for row in rows where picks.count < count {
            let person = try row.decode(column: "person_id", as: UUID.self)
            guard seen.insert(person).inserted, let level = SkillLevel(rawValue: try row.decode(column: "level", as: Int.self)),
                  let district = try row.decode(column: "district_code", as: String?.self) else { continue }
            picks.append(Pick(certificate: try row.decode(column: "id", as: UUID.self), person: person, name: try row.decode(column: "name", as: String.self),
                              district: district,
                              occupation: try row.decode(column: "occupation_code", as: String.self), level: level,
                              issued: try CivilDate(parsing: try row.decode(column: "issue_date", as: String.self))))
        }
        return picks
    }

    /// Classes of 40 by district, occupation and level in the order of their certificates, each ending a week before
    /// its first certificate, at a provider of the district in turn.
    func plannedClasses(_ picks: [Pick], providers: [String: [DrivenProvider]]) -> [PlannedClass] {
        var planned: [PlannedClass] = []
        var turn: [String: Int] = [:]
        let groups = Dictionary(grouping: picks) { "\($0.district)|\($0.occupation)|\($0.level.rawValue)" }
        for key in groups.keys.sorted() {
            let sorted = groups[key]!.sorted { ($0.issued, $0.certificate.uuidString) < ($1.issued, $1.certificate.uuidString) }
            for start in stride(from: 0, to: sorted.count, by: Self.classSize) {
                let members = sorted[start..<min(sorted.count, start + Self.classSize)]
                guard let head = members.first, let local = providers[head.district] ?? providers.values.first, !local.isEmpty else { continue }
                let provider = local[turn[head.district, default: 0] % local.count]
                turn[head.district, default: 0] += 1
                let ends = head.issued.adding(days: -7)
                let higher = head.level != .level5
                planned.append(PlannedClass(provider: provider, members: members, startsOn: ends.adding(days: -14), endsOn: ends,
                                            totalHours: higher ? 64 : 48, practicalHours: higher ? 40 : 30, feeFen: higher ? 180_000 : 120_000))
            }
        }
        return planned
    }

    /// The classes filed and approved through the workflow, the trainees enrolled attending every hour, each class
    /// closed the day after it ends.
    private func openClasses(_ picks: [Pick], providers: [String: [DrivenProvider]]) async throws -> [Course] {
        var courses: [Course] = []
        for planned in plannedClasses(picks, providers: providers) {
            guard let head = planned.members.first else { continue }
            let provider = planned.provider
            let id = try await TrainingService.fileClass(ClassInput(
                occupationCode: head.occupation, level: head.level.code, totalHours: planned.totalHours, practicalHours: planned.practicalHours,
                startsOn: planned.startsOn.description, endsOn: planned.endsOn.description, capacity: Self.classSize, site: Self.site,
                teachers: Self.teachers, feeFen: Int64(planned.feeFen)), training(.organization(provider.organizationID), .organization, on: planned.startsOn.adding(days: -3)))
            try await TrainingService.stepClass(id, event: "approve", reason: nil, training(.districts([provider.district]), .district, on: planned.startsOn.adding(days: -2)))
            courses.append(Course(id: id, provider: provider, picks: planned.members, fileOn: planned.fileOn))
        }
        try await enrolInBulk(courses.flatMap { course in course.picks.map { (course.id, $0.person) } }, now: ChinaTime.start(of: picks.first?.issued ?? demo.today))
        for course in courses {
            guard let ends = course.picks.first?.issued.adding(days: -7) else { continue }
            try await TrainingService.stepClass(course.id, event: "close", reason: nil,
                                                training(.organization(course.provider.organizationID), .organization, on: ends.adding(days: 1)))
        }
        return courses
    }

    /// The payments the city's approval made for `claims`, by district.
    private func payments(of claims: [DrivenClaim]) async throws -> [String: [UUID]] {
        var found: [String: [UUID]] = [:]
        for chunk in claims.map(\.id).chunked(500).map(Array.init) {
            for row in try await database.sql.raw("""
                SELECT district_code, payment_id FROM training_claims WHERE id IN (\(binds: chunk)) AND payment_id IS NOT NULL ORDER BY number
                """).all() {
                found[try row.decode(column: "district_code", as: String.self), default: []].append(try row.decode(column: "payment_id", as: UUID.self))
            }
        }
        return found
    }
}

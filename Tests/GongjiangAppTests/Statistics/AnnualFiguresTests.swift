import Fluent
import Foundation
@testable import GongjiangApp
import GongjiangCore
import SQLKit
import Testing
import VaporTesting

/// The annual figures (issue 12) against an independent count over the records of a generated registry: imported
/// through the bulk path, with certificates issued by the platform, revocations, moves between districts and a
/// re-import; the kept aggregates must agree with a count made from scratch after every change.
@Suite("Annual figures")
struct AnnualFiguresTests {
    static let districts = ["320602", "320612", "320623"]
    static let years = 2019...2026

    /// A seeded registry file: persons in three districts with one to three certificates of levels 5–1 over the years.
    static func registry(seed: UInt64, persons: Int, firstSequence: Int, serial: inout Int) -> [String] {
        var random = SeededRandom(seed: seed)
        var lines = [Fixture.header]
        for index in 0..<persons {
            let district = districts[Int.random(in: 0..<districts.count, using: &random)]
            let id = Fixture.residentID(district: district, birth: "19\(70 + index % 25)0101", sequence: firstSequence + index)
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                let level = Int.random(in: 1...5, using: &random)
                let year = Int.random(in: years, using: &random)
                serial += 1
                lines.append(Fixture.row(name: "人员\(firstSequence + index)", id: id, district: district,
                                         occupation: ["6-18-02-04", "6-18-01-01"][serial % 2], workType: "", level: String(level),
                                         number: Fixture.certificateNumber(level: level, year: year % 100, serial: serial),
                                         issued: "\(year)-0\(1 + serial % 9)-1\(serial % 9)"))
            }
        }
        return lines
    }

    /// The definitions of issue 12, counted from the records without the aggregates.
    static func independent(year: Int, district: String?, on database: any Database) async throws -> (total: Int, new: Int, technicians: Int) {
        let scope: SQLQueryString = district.map { " AND p.district_code = \(bind: $0)" } ?? ""
        let counted: SQLQueryString = "FROM certificates c JOIN persons p ON p.id = c.person_id WHERE c.status = 'valid' AND c.revoked_on IS NULL"
        let end = "\(year)-12-31", start = "\(year)-01-01"
        func count(_ query: SQLQueryString) async throws -> Int {
            try await database.sql.raw(query).first()?.decode(column: "n", as: Int.self) ?? -1
        }
        let total = try await count("SELECT COUNT(DISTINCT c.person_id) AS n \(counted) AND c.level >= 3 AND c.issue_date <= \(bind: end)\(scope)")
        let new = try await count("""
            SELECT COUNT(*) AS n FROM (SELECT c.person_id, MIN(c.issue_date) AS first \(counted) AND c.level >= 3\(scope) GROUP BY c.person_id) f
            WHERE f.first >= \(bind: start) AND f.first <= \(bind: end)
            """)
        let technicians = try await count("""
            SELECT COUNT(DISTINCT c.person_id) AS n \(counted) AND c.level IN (4, 5) AND c.issue_date >= \(bind: start) AND c.issue_date <= \(bind: end)\(scope)
            """)
        return (total, new, technicians)
    }

    static func agree(_ app: Application, _ moment: String) async throws {
        for year in years {
            for district in [String?.none] + districts.map(Optional.some) {
                let figures = try await AnnualFigureQueries.compute(year: year, districts: district.map { [$0] }, on: app.db)
                let expected = try await independent(year: year, district: district, on: app.db)
                #expect(figures.highSkilledTotal == Int64(expected.total), "\(moment): total \(year) \(district ?? "city")")
                #expect(figures.newHighSkilled == Int64(expected.new), "\(moment): new \(year) \(district ?? "city")")
                #expect(figures.newTechniciansAndSeniorTechnicians == Int64(expected.technicians), "\(moment): technicians \(year) \(district ?? "city")")
            }
        }
    }

    @Test("Each figure equals an independent count over a generated registry, after an import, issuance, revocations, moves and a re-import", arguments: TestDatabase.available)
    func independentCount(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            var serial = 0
            let first = Self.registry(seed: 11, persons: 150, firstSequence: 100, serial: &serial)
            let path = try writeCSV(first)
            let (summary, _) = try await ImportTests.importFile(path, app: app)
            #expect(summary.rejected == 0 && summary.created > 100, "\(summary)")
            try await Self.agree(app, "after the import")

            // Revocations and moves, as the registry's pages and the certification module make them.
            try await app.db.sql.raw("""
                UPDATE certificates SET status = 'revoked', revoked_on = '2026-06-01' WHERE id IN (SELECT id FROM certificates WHERE level >= 3 ORDER BY number LIMIT 25)
                """).run()
            try await app.db.sql.raw("""
                UPDATE persons SET district_code = '320612' WHERE id IN (SELECT id FROM persons WHERE district_code = '320602' ORDER BY id LIMIT 10)
                """).run()
            try await Self.agree(app, "after revocations and moves")

            // The same file again changes nothing; a second file adds persons and certificates to some already known.
            _ = try await ImportTests.importFile(try writeCSV(first, named: "again.csv"), app: app)
            try await Self.agree(app, "after a re-import")
            let second = Self.registry(seed: 12, persons: 100, firstSequence: 200, serial: &serial)
            _ = try await ImportTests.importFile(try writeCSV(second, named: "second.csv"), app: app)
            try await Self.agree(app, "after a second import")
            // The operator's rebuild reaches the same figures.
            let before = try await AnnualFigureQueries.compute(year: 2026, districts: nil, on: app.db)
            _ = try await SkillAggregates.rebuild(on: app.db)
            #expect(try await AnnualFigureQueries.compute(year: 2026, districts: nil, on: app.db).highSkilledTotal == before.highSkilledTotal)
        }
    }

    @Test("Edge cases: two levels gained in one year make one new high-skilled person; a revoked certificate stops counting; a person who moves counts in the new district; issued and imported certificates count alike")
    func edgeCases() async throws {
        try await withGongjiang(.sqlite) { app in
            let lines = [
                Fixture.header,
                // One person: 三级 in March and 二级 in October of 2024.
                Fixture.row(name: "甲", id: Fixture.residentID(sequence: 501), level: "3", number: Fixture.certificateNumber(level: 3, year: 24, serial: 1),
                            issued: "2024-03-01"),
                Fixture.row(name: "甲", id: Fixture.residentID(sequence: 501), occupation: "6-18-01-01", level: "2",
                            number: Fixture.certificateNumber(level: 2, year: 24, serial: 2), issued: "2024-10-01"),
                // Another: 三级 in 2023, to be revoked.
                Fixture.row(name: "乙", id: Fixture.residentID(sequence: 502), level: "3", number: Fixture.certificateNumber(level: 3, year: 23, serial: 3),
                            issued: "2023-05-01"),
                // A third in 崇川区, who will move to 通州区.
                Fixture.row(name: "丙", id: Fixture.residentID(sequence: 503), level: "1", number: Fixture.certificateNumber(level: 1, year: 24, serial: 4),
                            issued: "2024-06-01"),
            ]
            _ = try await ImportTests.importFile(try writeCSV(lines), app: app)
            var y2024 = try await AnnualFigureQueries.compute(year: 2024, districts: nil, on: app.db)
            #expect(y2024.newHighSkilled == 2 && y2024.newTechniciansAndSeniorTechnicians == 2 && y2024.highSkilledTotal == 3)

            try await app.db.sql.raw("UPDATE certificates SET status = 'revoked', revoked_on = '2026-01-05' WHERE number = \(bind: Fixture.certificateNumber(level: 3, year: 23, serial: 3))").run()
            #expect(try await AnnualFigureQueries.compute(year: 2023, districts: nil, on: app.db).newHighSkilled == 0)
            y2024 = try await AnnualFigureQueries.compute(year: 2024, districts: nil, on: app.db)
            #expect(y2024.highSkilledTotal == 2)

            try await app.db.sql.raw("UPDATE persons SET district_code = '320612' WHERE name = '丙'").run()
            #expect(try await AnnualFigureQueries.compute(year: 2024, districts: ["320602"], on: app.db).highSkilledTotal == 1)
            #expect(try await AnnualFigureQueries.compute(year: 2024, districts: ["320612"], on: app.db).highSkilledTotal == 1)
            #expect(try await AnnualFigureQueries.compute(year: 2024, districts: ["320612"], on: app.db).newTechniciansAndSeniorTechnicians == 1)

            // A certificate the platform issues (source "issued") counts as an imported one does.
            let person = try await app.db.sql.raw("SELECT id FROM persons WHERE name = '乙'").first()!.decode(column: "id", as: UUID.self)
            let issued = Certificate()
            issued.number = Fixture.certificateNumber(level: 2, year: 26, serial: 9)
            issued.numberFormat = "national"
            issued.personID = person
            issued.occupationCode = "6-18-02-04"
            issued.workType = ""
            issued.levelRank = SkillLevel.level2.rawValue
            issued.issueDate = "2026-03-01"
            issued.issuerName = "南通市职业技能鉴定中心"
            issued.status = CertificateStatus.valid.rawValue
            issued.source = "issued"
            try await issued.create(on: app.db)
            let y2026 = try await AnnualFigureQueries.compute(year: 2026, districts: nil, on: app.db)
            #expect(y2026.newHighSkilled == 1 && y2026.newTechniciansAndSeniorTechnicians == 1 && y2026.highSkilledTotal == 3)
        }
    }

    @Test("Labour force: the per-10,000 figure needs every district of the scope; entered by the city, refused for an unknown district, the scope's sum as the denominator")
    func labourForce() async throws {
        try await withGongjiang(.sqlite) { app in
            let city = try await app.cityAdminToken()
            let officer = try await app.tokenCaller(try await app.makeAccount(.districtOfficer, district: "320602"))
            _ = try await ImportTests.importFile(try writeCSV([Fixture.header, Fixture.row()]), app: app)
            let send = TrainingAPITests.send
            #expect(try await send(app, .PUT, "/api/v1/labour-force/2023", officer, nil, #"{"districts": {"320602": 10000}}"#).status == .forbidden)
            let unknown = try await send(app, .PUT, "/api/v1/labour-force/2023", city, nil, #"{"districts": {"999999": 10000}}"#)
            #expect(unknown.status == .unprocessableEntity)
            #expect(try await send(app, .PUT, "/api/v1/labour-force/2023", city, nil, #"{"districts": {"320602": 20000}}"#).status == .ok)
            let mine = try JSONSerialization.jsonObject(with: Data(buffer: try await send(app, .GET, "/api/v1/statistics/annual/2023", officer, nil, nil).body))
                as? [String: Any]
            #expect(mine?["high_skilled_total"] as? Int == 1 && mine?["high_skilled_per_10k_workers"] as? Int == 1 && mine?["labour_force"] as? Int == 20000)
            // The city's figure waits for every district's labour force.
            let whole = try JSONSerialization.jsonObject(with: Data(buffer: try await send(app, .GET, "/api/v1/statistics/annual/2023", city, nil, nil).body))
                as? [String: Any]
            #expect(whole?.keys.contains("high_skilled_per_10k_workers") == false && whole?["high_skilled_total"] as? Int == 1)
        }
    }
}

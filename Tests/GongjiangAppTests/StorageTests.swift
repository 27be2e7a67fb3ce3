import Fluent
import Foundation
@testable import GongjiangApp
import GongjiangCore
import Testing
import VaporTesting

@Suite("Storage and reference data")
struct StorageTests {
    @Test("Migrations load every reference table, can run again without change, and revert fully", arguments: TestDatabase.available)
    func migrationsAreRepeatableAndReversible(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            #expect(try await District.query(on: app.db).count() == 8)
            #expect(try await SkillLevelEntry.query(on: app.db).count() == 8)
            // The sample's 19, and the 2022 catalogue's 423 of which 16 share a code with the sample (migration 015).
            #expect(try await Occupation.query(on: app.db).count() == 426)
            #expect(try await Occupation.find("4-14-02-02", on: app.db)?.levels == "3,2,1")
            #expect(try await MinimumWage.query(on: app.db).count() == 4)
            #expect(try await TrainingSubsidyStandard.query(on: app.db).count() == 15)
            #expect(try await AssessmentSubsidyStandard.query(on: app.db).count() == 4)
            #expect(try await ApprenticeshipSubsidyStandard.query(on: app.db).count() == 4)

            try await app.autoMigrate()
            #expect(try await District.query(on: app.db).count() == 8)

            try await app.autoRevert()
            try await app.autoMigrate()
            #expect(try await Occupation.query(on: app.db).count() == 426)
        }
    }

    @Test("Policy amounts are stored in fen, with their effective dates")
    func amountsAreFenWithDates() async throws {
        try await withGongjiang(.sqlite) { app in
            let tier1 = try await MinimumWage.query(on: app.db).filter(\.$tier == 1).filter(\.$effectiveFrom == "2021-08-01").first()
            #expect(tier1?.monthlyFen == 228_000)
            let welder = try await TrainingSubsidyStandard.query(on: app.db)
                .filter(\.$subsidyClass == "A").filter(\.$nationalLevel == 1).first()
            #expect(welder?.amountFen == 430_000)
            #expect(welder?.effectiveFrom == "2023-01-01")
            let apprentice = try await ApprenticeshipSubsidyStandard.query(on: app.db).filter(\.$targetLevel == 3).first()
            #expect(apprentice?.amountFen == 500_000)
            #expect(apprentice?.effectiveFrom == "2019-01-01")
        }
    }

    @Test("The demo city is the same for the same seed and covers every district and at least 20 occupations")
    func demoCityIsDeterministic() async throws {
        let today = try CivilDate(year: 2026, month: 11, day: 29)
        func numbers() async throws -> [String] {
            try await withGongjiang(.sqlite) { app in
                let outcome = try await DemoCity(scale: .small, seed: 7, today: today).build(on: app.db, vault: app.vault)
                #expect(outcome.persons > 2_000)
                let districts = Set(try await Person.query(on: app.db).all(\.$districtCode))
                #expect(districts.count == 7)
                let occupations = Set(try await Certificate.query(on: app.db).all(\.$occupationCode))
                #expect(occupations.count >= 20)
                return try await Certificate.query(on: app.db).sort(\.$number).all(\.$number)
            }
        }
        let first = try await numbers()
        let second = try await numbers()
        #expect(first == second)
        #expect(first.allSatisfy { (try? NationalCertificateNumber($0)) != nil })
    }

    @Test("Settings read the documented variables and refuse a database URL they do not understand")
    func settingsFromEnvironment() throws {
        let defaults = try Settings.fromEnvironment([:], dotEnvPath: "/nonexistent")
        #expect(defaults.database == .sqliteFile("./data/gongjiang.sqlite"))
        #expect(defaults.mode == .development)
        let postgres = try Settings.fromEnvironment(["GONGJIANG_DATABASE_URL": "postgres://u:p@127.0.0.1:5432/gj", "GONGJIANG_ENV": "production"],
                                                    dotEnvPath: "/nonexistent")
        #expect(postgres.database == .postgres("postgres://u:p@127.0.0.1:5432/gj"))
        #expect(postgres.mode == .production)
        #expect(throws: SettingsError.self) { try Settings.fromEnvironment(["GONGJIANG_DATABASE_URL": "mysql://x"], dotEnvPath: "/nonexistent") }
        // A rehearsal clock ahead of time: outside production only.
        #expect(try Settings.fromEnvironment(["GONGJIANG_CLOCK_OFFSET_DAYS": "30"], dotEnvPath: "/nonexistent").clockOffsetDays == 30)
        #expect(throws: SettingsError.self) {
            try Settings.fromEnvironment(["GONGJIANG_CLOCK_OFFSET_DAYS": "30", "GONGJIANG_ENV": "production"], dotEnvPath: "/nonexistent")
        }
    }

    @Test("The WAL checkpointer copies the log beside a writer and truncates it when stopped; PostgreSQL needs none",
          arguments: TestDatabase.available)
    func walCheckpointer(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let checkpointer = try await WALCheckpointer.start(for: app.db)
            guard case .sqliteFile(let path) = app.settings.database else {
                #expect(checkpointer == nil)
                return
            }
            let running = try #require(checkpointer)
            var lines = [Fixture.header]
            for index in 0..<300 {
                lines.append(Fixture.row(name: "检查点\(index)", id: Fixture.residentID(birth: "19820315", sequence: 100 + index),
                                         number: Fixture.certificateNumber(level: 3, year: 23, serial: 7000 + index)))
            }
            _ = try await ImportTests.importFile(try writeCSV(lines), app: app)
            await running.stop()
            let log = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
            #expect(log == 0)
            #expect(try await Person.query(on: app.db).count() == 300)
        }
    }
}

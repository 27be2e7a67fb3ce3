import ConsoleKit
import Fluent
import Foundation
@testable import GongjiangApp
import SQLKit
import Testing
import VaporTesting

/// The operator commands, run in-process as the executable runs them.
@Suite("Operator commands")
struct CommandTests {
    static func run(_ command: some AsyncCommand, _ arguments: [String], app: Application) async throws -> Int32 {
        let status = ExitStatus.Box()
        try await ExitStatus.$current.withValue(status) {
            var context = CommandContext(console: Terminal(), input: CommandInput(arguments: ["gongjiang"] + arguments))
            context.application = app
            try await command.run(using: &context)
        }
        return status.code
    }

    @Test("import exits 0 when every row lands, 3 with a report when some are rejected, 1 when the file cannot be read")
    func importExitCodes() async throws {
        try await withGongjiang(.sqlite) { app in
            let good = try writeCSV([Fixture.header, Fixture.row()])
            #expect(try await Self.run(ImportCommand(), ["persons-certificates", good], app: app) == 0)
            #expect(!FileManager.default.fileExists(atPath: good + ".errors.csv"))

            let mixed = try writeCSV(ImportTests.mixedFile)
            let report = mixed + ".report.csv"
            #expect(try await Self.run(ImportCommand(), ["persons-certificates", mixed, "--errors", report], app: app) == 3)
            let lines = try String(contentsOfFile: report, encoding: .utf8).split(whereSeparator: \.isNewline)
            #expect(lines.count == 1 + 8)

            #expect(try await Self.run(ImportCommand(), ["persons-certificates", "/no/such/file.csv"], app: app) == 1)
            #expect(try await Self.run(ImportCommand(), ["persons-certificates", good, "--encoding", "latin1"], app: app) == 1)
            #expect(try await Self.run(ImportCommand(), ["trainees", good], app: app) == 1)
        }
    }

    @Test("migrate can be run any number of times")
    func migrateRepeats() async throws {
        try await withGongjiang(.sqlite) { app in
            let first = try await Self.run(MigrationCommand(), [], app: app)
            let second = try await Self.run(MigrationCommand(), [], app: app)
            let districts = try await District.query(on: app.db).count()

            #expect(first == 0)
            #expect(second == 0)
            #expect(districts == 8)
        }
    }

    @Test("backup writes a SQLite copy that holds the data, and refuses to overwrite a file")
    func backupWritesACopy() async throws {
        try await withGongjiang(.sqlite) { app in
            _ = try await ImportTests.importFile(try writeCSV([Fixture.header, Fixture.row()]), app: app)
            let out = FileManager.default.temporaryDirectory.appendingPathComponent("backup-\(UUID().uuidString).sqlite").path
            defer { try? FileManager.default.removeItem(atPath: out) }

            #expect(try await Self.run(BackupCommand(), [out], app: app) == 0)
            let header = try FileHandle(forReadingFrom: URL(fileURLWithPath: out)).read(upToCount: 15)
            #expect(header.map { String(decoding: $0, as: UTF8.self) } == "SQLite format 3")

            #expect(try await Self.run(BackupCommand(), [out], app: app) == 1)
        }
    }

    @Test("demo builds a city once and reuses it the second time")
    func demoIsReused() async throws {
        try await withGongjiang(.sqlite) { app in
            #expect(try await Self.run(DemoCommand(), ["--no-serve", "--seed", "11"], app: app) == 0)
            let persons = try await Person.query(on: app.db).count()
            #expect(persons > 2_000)
            // The programmes' year, made through the workflow (issue 13): five calls; the chief technicians, a municipal
            // studio, a title crossover and a provincial studio approved upstream on the record, besides the honour
            // recorded from elsewhere; a notice for each decided call; awards paid through the ledger, which verifies.
            let count = { (sql: String) in try await app.db.sql.raw(SQLQueryString(sql)).first()?.decode(column: "n", as: Int.self) ?? -1 }
            #expect(try await count("SELECT COUNT(*) AS n FROM programme_calls") == 5)
            #expect(try await count("SELECT COUNT(*) AS n FROM programme_titles WHERE application_id IS NOT NULL") == 5)
            #expect(try await count("SELECT COUNT(*) AS n FROM programme_titles WHERE application_id IS NULL") == 1)
            #expect(try await count("SELECT COUNT(*) AS n FROM programme_applications WHERE upstream_outcome IS NOT NULL AND state = 'approved'") == 1)
            #expect(try await count("SELECT COUNT(*) AS n FROM programme_titles WHERE type_code = 'title-crossover-engineer'") == 1)
            #expect(try await count("SELECT COUNT(*) AS n FROM public_notices WHERE subject_kind = 'programme-call'") == 4)
            #expect(try await count("SELECT COUNT(*) AS n FROM programme_payments") >= 5)
            guard case .success = try await LedgerVerification.run(on: app.db) else { Issue.record("ledger verify failed"); return }
            #expect(try await Self.run(DemoCommand(), ["--no-serve", "--seed", "12"], app: app) == 0)
            #expect(try await Person.query(on: app.db).count() == persons)
        }
    }
}

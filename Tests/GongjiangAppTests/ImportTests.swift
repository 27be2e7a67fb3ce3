import Fluent
import Foundation
@testable import GongjiangApp
import GongjiangCore
import Testing
import VaporTesting

@Suite("persons-certificates import")
struct ImportTests {
    /// Imports `path` the way the command does and returns the summary and the report's lines.
    static func importFile(_ path: String, app: Application, encoding: ImportFile.Encoding? = nil)
        async throws -> (PersonCertificateImport.Summary, [String]) {
        let reportPath = path + ".errors.csv"
        let report = try CSVReportSink(path: reportPath)
        let run = try await ImportJob.start(fileName: "test.csv", on: app.db, now: app.clock.now())
        let summary = try await ImportJob.perform(run: run, path: path, encoding: encoding, database: app.db, vault: app.vault, scope: .city, clock: app.clock, issues: report)
        let lines = try String(contentsOfFile: reportPath, encoding: .utf8).split(whereSeparator: \.isNewline).map(String.init)
        return (summary, lines)
    }

    static let mixedFile: [String] = [
        Fixture.header,
        Fixture.row(),                                                                                  // 2 good
        Fixture.row(name: "李娜", id: Fixture.residentID(sequence: 124), level: "四级/中级工",
                    number: Fixture.certificateNumber(level: 4, year: 22, serial: 2), issued: "2022/3/5"),                                                   // 3 good
        Fixture.row(name: "王芳", id: "320602199001011234"),                                            // 4 bad check digit
        Fixture.row(name: "赵强", id: Fixture.residentID(sequence: 126), district: "999999",
                    number: Fixture.certificateNumber(level: 3, year: 23, serial: 4)),                  // 5 unknown district
        Fixture.row(name: "钱军", id: Fixture.residentID(sequence: 128), level: "2",
                    number: Fixture.certificateNumber(level: 3, year: 23, serial: 5)),                  // 6 level mismatch
        Fixture.row(name: "孙丽", id: Fixture.residentID(sequence: 130),
                    number: Fixture.certificateNumber(level: 3, year: 23, serial: 6), issued: "2023-02-30"),                  // 7 impossible date
        Fixture.row(name: "周杰", id: Fixture.residentID(sequence: 132), occupation: "9-99-99-99",
                    number: Fixture.certificateNumber(level: 3, year: 23, serial: 7)),                  // 8 unknown occupation
        Fixture.row(name: "吴敏", id: Fixture.residentID(sequence: 134), uscc: "91320600MA1ZZZZZZ0",
                    employer: "南通某公司", number: Fixture.certificateNumber(level: 3, year: 23, serial: 8)),  // 9 bad USCC
        Fixture.row(name: "O'Brien<b>李</b>\";DROP TABLE persons;--", id: Fixture.residentID(sequence: 136),
                    number: Fixture.certificateNumber(level: 3, year: 23, serial: 9)),                  // 10 good, metacharacters kept as text
        Fixture.row(name: "郑涛", id: Fixture.residentID(sequence: 138), uscc: Fixture.creditCode(1), employer: "南通通海机械有限公司",
                    number: Fixture.certificateNumber(level: 3, year: 23, serial: 10)),                 // 11 good, creates employer
        Fixture.row(name: "冯霞", id: Fixture.residentID(sequence: 140), uscc: Fixture.creditCode(2), employer: "",
                    number: Fixture.certificateNumber(level: 3, year: 23, serial: 11)),                 // 12 new employer without name
        Fixture.row(name: "陈明", id: Fixture.residentID(sequence: 142)),                                // 13 certificate of row 2 for another person
    ]

    @Test("A mixed file imports its valid rows, reports each bad row by row and column, and a second import changes nothing",
          arguments: TestDatabase.available)
    func mixedFileIsImportedAndIdempotent(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let path = try writeCSV(Self.mixedFile)

            let (first, report) = try await Self.importFile(path, app: app)

            #expect(first.rowsRead == 12)
            #expect(first.created == 4)
            #expect(first.updated == 0)
            #expect(first.unchanged == 0)
            #expect(first.rejected == 8)
            #expect(report.first == "row,column,code,message_zh,message_en")
            let rows = report.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).prefix(3).joined(separator: ",") }
            #expect(rows.contains { $0.hasPrefix("4,id_number,") })
            #expect(rows.contains { $0.hasPrefix("5,district_code,") })
            #expect(rows.contains { $0.hasPrefix("6,certificate_number,certificate-number.level-mismatch") })
            #expect(rows.contains { $0.hasPrefix("7,issue_date,") })
            #expect(rows.contains { $0.hasPrefix("8,occupation_code,") })
            #expect(rows.contains { $0.hasPrefix("9,employer_uscc,") })
            #expect(rows.contains { $0.hasPrefix("12,employer_name,employer-name.required-for-new") })
            #expect(rows.contains { $0.hasPrefix("13,certificate_number,certificate-number.other-person") })
            #expect(try await Person.query(on: app.db).count() == 4)
            #expect(try await Certificate.query(on: app.db).count() == 4)
            #expect(try await Organization.query(on: app.db).count() == 1)
            let tricky = try await Person.query(on: app.db)
                .filter(\.$idNumberIndex == app.vault.idNumberIndex(type: "居民身份证", number: Fixture.residentID(sequence: 136))).first()
            #expect(tricky?.name == "O'Brien<b>李</b>\";DROP TABLE persons;--")

            let (second, secondReport) = try await Self.importFile(path, app: app)

            #expect(second.created == 0)
            #expect(second.updated == 0)
            #expect(second.unchanged == 4)
            #expect(second.rejected == 8)
            #expect(secondReport.count == report.count)
            #expect(try await Person.query(on: app.db).count() == 4)
            #expect(try await Certificate.query(on: app.db).count() == 4)
        }
    }

    @Test("A changed phone number on re-import updates the person and counts the row as updated", arguments: TestDatabase.available)
    func changedValueCountsAsUpdate(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            _ = try await Self.importFile(try writeCSV([Fixture.header, Fixture.row()]), app: app)

            let (summary, _) = try await Self.importFile(try writeCSV([Fixture.header, Fixture.row(phone: "13900001111")]), app: app)

            #expect(summary.updated == 1)
            let phone = try await Person.query(on: app.db).first()?.phone(app.vault)
            #expect(phone == "13900001111")
        }
    }

    @Test("A GB18030 (GBK) file is detected and its Chinese text arrives intact", arguments: TestDatabase.available)
    func gb18030FileIsDetected(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let gb18030 = String.Encoding(rawValue: 0x8000_0632)
            let path = try writeCSV([Fixture.header, Fixture.row(name: "欧阳·娜")], encoding: gb18030)

            let (summary, _) = try await Self.importFile(path, app: app)

            #expect(summary.encoding == "gb18030")
            #expect(summary.created == 1)
            #expect(try await Person.query(on: app.db).first()?.name == "欧阳·娜")
        }
    }

    @Test("English headers in another order, a BOM and unknown columns are accepted; the unknown ones are listed")
    func englishHeadersInAnyOrder() async throws {
        try await withGongjiang(.sqlite) { app in
            let path = try writeCSV([
                "\u{FEFF}issuer_name,certificate_number,level,occupation_code,district_code,id_number,name,issue_date,remark",
                "南通市职业技能鉴定中心,\(Fixture.certificateNumber(level: 5, year: 21, serial: 1)),5,6-18-02-04,崇川区,\(Fixture.residentID()),张伟,2021年7月1日,x",
            ])

            let (summary, _) = try await Self.importFile(path, app: app)

            #expect(summary.created == 1)
            #expect(summary.unknownColumns == ["remark"])
        }
    }

    @Test("Files that cannot be read are refused whole, with a message in both languages, and nothing is written",
          arguments: [
            ("empty", Data()),
            ("header only", Data((Fixture.header + "\r\n").utf8)),
            ("missing column", Data("姓名,证件号码\r\n张伟,\(Fixture.residentID())\r\n".utf8)),
            ("binary", Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D])),
          ])
    func unreadableFilesAreRefused(name: String, content: Data) async throws {
        try await withGongjiang(.sqlite) { app in
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gj-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let path = folder.appendingPathComponent("bad.csv").path
            try content.write(to: URL(fileURLWithPath: path))

            await #expect(throws: ImportJob.Refusal.self) {
                _ = try await Self.importFile(path, app: app)
            }

            #expect(try await Person.query(on: app.db).count() == 0)
            let run = try await ImportRun.query(on: app.db).first()
            #expect(run?.status == "failed")
            #expect(run?.message?.contains(" / ") == true)
        }
    }

    @Test("A file forced to UTF-8 that is really GBK is refused rather than imported garbled")
    func forcedUTF8OnGBKIsRefused() async throws {
        try await withGongjiang(.sqlite) { app in
            let gb18030 = String.Encoding(rawValue: 0x8000_0632)
            let path = try writeCSV([Fixture.header, Fixture.row()], encoding: gb18030)

            await #expect(throws: ImportJob.Refusal.self) {
                _ = try await Self.importFile(path, app: app, encoding: .utf8)
            }
        }
    }

    @Test("A row the database refuses costs only itself: the rest of its batch lands, each part with its audit record",
          arguments: TestDatabase.available)
    func refusedRowCostsOnlyItself(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            // A trigger stands in for anything the database may refuse that validation cannot foresee.
            if app.db.isPostgres {
                try await app.db.sql.raw("""
                    CREATE FUNCTION test_refuse() RETURNS trigger AS $$ BEGIN
                    IF NEW.name = '拒绝测试' THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql
                    """).run()
                try await app.db.sql.raw("CREATE TRIGGER test_refuse BEFORE INSERT ON persons FOR EACH ROW EXECUTE FUNCTION test_refuse()").run()
            } else {
                // RAISE(ROLLBACK) ends the whole transaction, as BulkInsert's INSERT OR ROLLBACK does on a constraint,
                // so the writer's retry must also cope with a transaction the database has already rolled back.
                try await app.db.sql.raw("""
                    CREATE TRIGGER test_refuse BEFORE INSERT ON persons WHEN NEW.name = '拒绝测试'
                    BEGIN SELECT RAISE(ROLLBACK, 'refused by the test'); END
                    """).run()
            }
            var lines = [Fixture.header]
            let count = 1500
            for index in 0..<count {
                lines.append(Fixture.row(name: index == 1200 ? "拒绝测试" : "测试\(index)",
                                         id: Fixture.residentID(birth: "1981\(String(format: "%02d", 1 + index % 12))15", sequence: 100 + index / 12),
                                         number: Fixture.certificateNumber(level: 3, year: 23, serial: 3000 + index)))
            }
            let (summary, report) = try await Self.importFile(try writeCSV(lines), app: app)

            #expect(summary.created == count - 1)
            #expect(summary.rejected == 1)
            #expect(report.count == 2)
            #expect(report.last?.hasPrefix("1202,,storage.refused,") == true)
            #expect(try await Person.query(on: app.db).count() == count - 1)
            #expect(try await Certificate.query(on: app.db).count() == count - 1)
            #expect(try await Person.query(on: app.db).filter(\.$name == "拒绝测试").count() == 0)
            // The batch was rolled back whole and written again: the first part (rows 2–1001) in one transaction,
            // the part holding the refused row one row at a time. Nothing of the failed attempt remains.
            let records = try await AuditEntry.query(on: app.db).filter(\.$entity == "registry-import").all()
            #expect(records.count == 1 + 499)
            #expect(records.contains { $0.after?.contains("\"rows\":\"2-1001\"") == true })
            #expect(!records.contains { $0.after?.contains("\"rows\":\"1202-1202\"") == true })
        }
    }

    @Test("Rows beyond one batch are all written, and counts stay exact across batches")
    func manyRowsAcrossBatches() async throws {
        try await withGongjiang(.sqlite) { app in
            var lines = [Fixture.header]
            let count = PersonCertificateImport.batchSize + 250
            for index in 0..<count {
                lines.append(Fixture.row(name: "测试\(index)", id: Fixture.residentID(birth: "1980\(String(format: "%02d", 1 + index % 12))15", sequence: 100 + index / 12),
                                         number: Fixture.certificateNumber(level: 3, year: 23, serial: 1000 + index)))
            }
            let (summary, _) = try await Self.importFile(try writeCSV(lines), app: app)

            #expect(summary.created == count)
            #expect(try await Certificate.query(on: app.db).count() == count)
            // A batch is written in parts of at most 1,000 rows, each with its own audit record naming its rows.
            let records = try await AuditEntry.query(on: app.db).filter(\.$entity == "registry-import").all()
            let parts = (count + RegistryBatchWriter.rowsPerPart - 1) / RegistryBatchWriter.rowsPerPart
            #expect(records.count == parts)
            #expect(records.contains { $0.after?.contains("\"rows\":\"2-1001\"") == true })
        }
    }
}

import Crypto
import Fluent
import Foundation
@testable import GongjiangApp
import GongjiangCore
import Testing
import VaporTesting

@Suite("Personal data at rest")
struct PersonalDataTests {
    @Test("The SQLite files alone reveal no ID number and no phone number")
    func databaseFilesHoldNoIdentifiers() async throws {
        let ids = (0..<30).map { Fixture.residentID(sequence: 300 + $0) }
        try await withGongjiang(.sqlite) { app in
            var lines = [Fixture.header]
            for (index, id) in ids.enumerated() {
                lines.append(Fixture.row(name: "测试\(index)", id: id, phone: "1390000\(String(format: "%04d", index))",
                                         number: Fixture.certificateNumber(level: 3, year: 23, serial: 500 + index)))
            }
            _ = try await ImportTests.importFile(try writeCSV(lines), app: app)
            // A rejected row with a wrong check digit must not leave the number in the import's records either.
            let badID = String(ids[0].dropLast()) + (ids[0].last == "1" ? "2" : "1")
            let run = try await ImportJob.start(fileName: "bad.csv", on: app.db, now: app.clock.now())
            try await ImportJob.perform(run: run, path: try writeCSV([Fixture.header, Fixture.row(id: badID)]), encoding: nil,
                                        database: app.db, vault: app.vault, scope: .city, clock: app.clock,
                                        issues: DatabaseIssueSink(database: app.db, runID: run.id!))
            #expect(try await Person.query(on: app.db).count() == 30)

            guard case .sqliteFile(let path) = app.settings.database else { Issue.record("not a file database"); return }
            var bytes = Data()
            for file in [path, path + "-wal"] where FileManager.default.fileExists(atPath: file) {
                bytes.append(try Data(contentsOf: URL(fileURLWithPath: file)))
            }
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(!bytes.isEmpty)
            for id in ids + [badID] { #expect(!text.contains(id), "\(id) found in the database files") }
            #expect(!text.contains("13900000007"))
            #expect(text.contains("测试7"))   // the grep itself works: names are stored in clear
        }
    }

    @Test("A sealed value names its key, opens again, and differs each time it is sealed")
    func sealingRoundTrips() throws {
        let vault = PersonalDataVault.ephemeral()
        let first = try vault.seal("11010519491231002X")
        let second = try vault.seal("11010519491231002X")
        #expect(first.hasPrefix("k1:"))
        #expect(first != second)
        #expect(try vault.open(first) == "11010519491231002X")
        #expect(vault.idNumberIndex(type: "居民身份证", number: "11010519491231002X")
                == vault.idNumberIndex(type: "居民身份证", number: "11010519491231002X"))
        #expect(vault.lastFourIndex("002X") != vault.idNumberIndex(type: "居民身份证", number: "002X"))
    }

    @Test("The pre-keyed index digests equal the general blind index, and copies of the keyed state stay independent")
    func preKeyedIndexesMatchTheGeneralOne() {
        let vault = PersonalDataVault.ephemeral()
        for number in ["11010519491231002X", "320602198001150012", "A1234567"] {
            #expect(vault.idNumberIndex(type: "居民身份证", number: number)
                    == vault.blindIndex("居民身份证" + "\u{0}" + number, purpose: "id-number"))
            #expect(vault.lastFourIndex(String(number.suffix(4)).lowercased())
                    == vault.blindIndex(String(number.suffix(4)).uppercased(), purpose: "id-last4"))
        }
        // Against HMAC-SHA256 computed here in one piece, with a known index key: the first 16 bytes, in hex.
        let indexKey = Data((0..<32).map { UInt8($0) })
        let known = try! PersonalDataVault(keyFile: .init(current: "k1", keys: ["k1": PersonalDataVault.newKey()],
                                                          index: indexKey.base64EncodedString()))
        let mac = HMAC<SHA256>.authenticationCode(for: Data("id-number\u{0}居民身份证\u{0}11010519491231002X".utf8),
                                                  using: SymmetricKey(data: indexKey))
        #expect(known.idNumberIndex(type: "居民身份证", number: "11010519491231002X") == Secrets.hex(Array(mac).prefix(16)))
        // The same input gives the same digest after others were computed from the shared keyed state.
        let first = vault.idNumberIndex(type: "居民身份证", number: "11010519491231002X")
        _ = vault.idNumberIndex(type: "居民身份证", number: "320602198001150012")
        #expect(vault.idNumberIndex(type: "居民身份证", number: "11010519491231002X") == first)
    }
}

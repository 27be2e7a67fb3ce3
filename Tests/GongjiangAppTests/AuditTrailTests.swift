import Fluent
import Foundation
@testable import GongjiangApp
import GongjiangCore
import SQLKit
import Testing
import VaporTesting

@Suite("Audit trail")
struct AuditTrailTests {
    @Test("An audit record's values are written as JSONSerialization writes them: sorted keys, quotes, slashes, control characters, Chinese")
    func valuesAsJSONSerializationWritesThem() throws {
        let cases: [[String: String?]] = [
            [:], ["state": "approved"], ["b": "2", "a": "1", "absent": nil],
            ["reason": "他说\"不\"／\\ 1/2", "memo": "line\nbreak\ttab\r\u{08}\u{0C}\u{01}\u{1F}", "emoji": "👷‍♀️ 工匠"],
        ]
        for values in cases {
            let expected = String(decoding: try JSONSerialization.data(withJSONObject: values.compactMapValues { $0 }, options: [.sortedKeys]),
                                  as: UTF8.self)
            #expect(AuditValues.json(values) == expected)
        }
    }

    @Test("Each change leaves a record with who, role, time, entity, action and the masked values before and after",
          arguments: TestDatabase.available)
    func changesAreRecorded(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let admin = try await app.cityAdminToken()
            let id = Fixture.residentID(sequence: 901)
            let created = try await app.testing().sendRequest(.POST, "/api/v1/persons", headers: admin.headers) { request in
                try request.content.encode(["name": "审计对象", "idNumber": id, "districtCode": "320602", "phone": "13812340000"])
            }
            #expect(created.status == .created)
            let personID = try created.json(APITests.PersonBody.self).id
            _ = try await app.testing().sendRequest(.PATCH, "/api/v1/persons/\(personID.uuidString)", headers: admin.headers) { request in
                try request.content.encode(["name": "审计对象二"])
            }

            let records = try await AuditEntry.query(on: app.db).filter(\.$entity == "person").sort(\.$id).all()
            #expect(records.map(\.action) == ["create", "update"])
            let update = try #require(records.last)
            #expect(update.actor == admin.account.username)
            #expect(update.role == "city-admin")
            #expect(update.entityID == personID.uuidString)
            #expect(update.before?.contains("\"name\":\"审计对象\"") == true)
            #expect(update.after?.contains("\"name\":\"审计对象二\"") == true)
            #expect(update.after?.contains(id) == false)
            #expect(update.after?.contains("138****0000") == true)

            let (checked, problem) = try await AuditTrail.verify(on: app.db)
            #expect(problem == nil)
            #expect(checked == (try await AuditEntry.query(on: app.db).count()))
        }
    }

    @Test("When a change fails, neither it nor its audit record is written", arguments: TestDatabase.available)
    func failedChangeLeavesNoRecord(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let before = try await AuditEntry.query(on: app.db).count()
            struct Boom: Error {}
            await #expect(throws: Boom.self) {
                try await AuditTrail.transaction(on: app.db) { tx, log in
                    let organization = Organization()
                    organization.uscc = Fixture.creditCode(42)
                    organization.name = "回滚测试"
                    organization.kindCode = "enterprise"
                    try await organization.create(on: tx)
                    log.record(AuditEvent(actor: "test", entity: .organization, action: .create))
                    throw Boom()
                }
            }
            #expect(try await AuditEntry.query(on: app.db).count() == before)
            #expect(try await Organization.query(on: app.db).count() == 0)
            #expect(try await AuditTrail.verify(on: app.db).problem == nil)
        }
    }

    @Test("audit verify finds an edited, a deleted and a reordered record, and names the first", arguments: TestDatabase.available)
    func tamperingIsDetected(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            for index in 0..<6 {
                try await AuditTrail.record(AuditEvent(actor: "tester", entity: AuditEntity("thing"), entityID: "\(index)", action: AuditAction("touch")), on: app.db)
            }
            #expect(try await AuditTrail.verify(on: app.db).problem == nil)
            #expect(try await CommandTests.run(AuditCommand(), ["verify"], app: app) == 0)

            // The database refuses changes to the trail…
            await #expect(throws: (any Error).self) {
                try await app.db.sql.update("audit_records").set("actor", to: "someone-else").where("sequence", .equal, 3).run()
            }
            await #expect(throws: (any Error).self) {
                try await app.db.sql.delete(from: "audit_records").where("sequence", .equal, 3).run()
            }
            // …so this plays someone with the owner's rights, who drops the guard first; the chain still tells.
            if app.db.isPostgres {
                try await app.db.sql.raw("DROP TRIGGER audit_records_append_only ON audit_records").run()
            } else {
                try await app.db.sql.raw("DROP TRIGGER audit_records_no_update").run()
                try await app.db.sql.raw("DROP TRIGGER audit_records_no_delete").run()
            }
            try await app.db.sql.update("audit_records").set("actor", to: "someone-else").where("sequence", .equal, 3).run()
            #expect(try await AuditTrail.verify(on: app.db).problem == .edited(sequence: 3))
            #expect(try await CommandTests.run(AuditCommand(), ["verify"], app: app) == 1)
            try await app.db.sql.update("audit_records").set("actor", to: "tester").where("sequence", .equal, 3).run()
            #expect(try await AuditTrail.verify(on: app.db).problem == nil)

            try await app.db.sql.delete(from: "audit_records").where("sequence", .equal, 4).run()
            #expect(try await AuditTrail.verify(on: app.db).problem == .missing(expected: 4, found: 5))

            try await app.db.sql.delete(from: "audit_records").where("sequence", .greaterThanOrEqual, 4).run()
            #expect(try await AuditTrail.verify(on: app.db).problem != nil, "removing the newest records disagrees with the head")
        }
    }

    @Test("Failed sign-ins and denied access are on the trail; the auditor can search and export it, and nobody else can", arguments: TestDatabase.available)
    func auditorReadsTheTrail(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            _ = try await SessionSecurityTests.signIn(app, "ghost", "Wrong#Password1")
            let officer = try await app.sessionCaller(try await app.makeAccount(.districtOfficer))
            _ = try await app.testing().sendRequest(.GET, "/audit", headers: officer.headers)
            let auditor = try await app.sessionCaller(try await app.makeAccount(.auditor))

            let page = try await app.testing().sendRequest(.GET, "/audit?action=login-failed", headers: auditor.headers)
            #expect(page.status == .ok)
            #expect(page.text.contains("ghost"))
            let denied = try await app.testing().sendRequest(.GET, "/audit?action=access-denied", headers: auditor.headers)
            #expect(denied.text.contains(officer.account.username))
            let export = try await app.testing().sendRequest(.GET, "/audit/export.csv?action=login-failed", headers: auditor.headers)
            #expect(export.headers.contentType?.subType == "csv")
            #expect(export.text.contains("ghost"))
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "export").count() == 1)
        }
    }
}

@Suite("Key rotation")
struct KeyRotationTests {
    @Test("keys rotate seals every value under a new key, and every value still opens", arguments: TestDatabase.available)
    func rotationResealsEverything(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let ids = (0..<12).map { Fixture.residentID(sequence: 950 + $0) }
            var lines = [Fixture.header]
            for (index, id) in ids.enumerated() {
                lines.append(Fixture.row(name: "轮换\(index)", id: id, number: Fixture.certificateNumber(level: 3, year: 23, serial: 950 + index)))
            }
            _ = try await ImportTests.importFile(try writeCSV(lines), app: app)

            #expect(try await CommandTests.run(KeysCommand(), ["rotate"], app: app) == 0)

            #expect(app.vault.currentKeyID == "k2")
            let persons = try await Person.query(on: app.db).all()
            #expect(persons.allSatisfy { PersonalDataVault.keyID(of: $0.idNumberSealed) == "k2" })
            #expect(persons.allSatisfy { $0.phoneSealed.flatMap(PersonalDataVault.keyID) == "k2" })
            let opened = Set(try persons.map { try $0.idNumber(app.vault) })
            #expect(opened == Set(ids))
            let admin = try await app.cityAdminToken()
            let found = try await app.testing().sendRequest(.GET, "/api/v1/persons?q=\(ids[3])", headers: admin.headers)
            #expect(found.text.contains("轮换3"))
        }
    }
}

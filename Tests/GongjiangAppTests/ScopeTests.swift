import Fluent
import Foundation
@testable import GongjiangApp
import GongjiangCore
import Testing
import VaporTesting

@Suite("Scope: what each account may see")
struct ScopeTests {
    /// Two persons: one in 崇川区 (320602), one in 通州区 (320612).
    static func seedTwoDistricts(_ app: Application) async throws -> (own: Person, other: Person, ownID: String) {
        let ownID = Fixture.residentID(district: "320602", sequence: 701)
        let otherID = Fixture.residentID(district: "320612", sequence: 702)
        _ = try await ImportTests.importFile(try writeCSV([
            Fixture.header,
            Fixture.row(name: "本区人员", id: ownID, district: "320602", number: Fixture.certificateNumber(level: 3, year: 23, serial: 701)),
            Fixture.row(name: "他区人员", id: otherID, district: "320612", number: Fixture.certificateNumber(level: 3, year: 23, serial: 702)),
        ]), app: app)
        let own = try await Person.query(on: app.db).filter(\.$districtCode == "320602").first()!
        let other = try await Person.query(on: app.db).filter(\.$districtCode == "320612").first()!
        return (own, other, ownID)
    }

    @Test("A district officer sees another district's person as not found, on pages and in the API", arguments: TestDatabase.available)
    func districtOfficerSeesOnlyOwnDistrict(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let (own, other, ownID) = try await Self.seedTwoDistricts(app)
            let officer = try await app.makeAccount(.districtOfficer, district: "320602")
            let page = try await app.sessionCaller(officer)
            let api = try await app.tokenCaller(officer)

            let ownPage = try await app.testing().sendRequest(.GET, "/persons/\(own.id!.uuidString)", headers: page.headers)
            #expect(ownPage.status == .ok)
            #expect(ownPage.text.contains(String(ownID.prefix(6)) + "********" + String(ownID.suffix(4))))
            #expect(!ownPage.text.contains(ownID))
            #expect(!ownPage.text.contains("reveal=1"))
            let otherPage = try await app.testing().sendRequest(.GET, "/persons/\(other.id!.uuidString)", headers: page.headers)
            #expect(otherPage.status == .notFound)
            let otherAPI = try await app.testing().sendRequest(.GET, "/api/v1/persons/\(other.id!.uuidString)", headers: api.headers)
            #expect(otherAPI.status == .notFound)
            let list = try await app.testing().sendRequest(.GET, "/api/v1/persons?limit=200", headers: api.headers)
            #expect(list.text.contains("本区人员"))
            #expect(!list.text.contains("他区人员"))
            let certificates = try await app.testing().sendRequest(.GET, "/api/v1/certificates?limit=200", headers: api.headers)
            #expect(certificates.text.contains(Fixture.certificateNumber(level: 3, year: 23, serial: 701)))
            #expect(!certificates.text.contains(Fixture.certificateNumber(level: 3, year: 23, serial: 702)))
            let unmasked = try await app.testing().sendRequest(.GET, "/api/v1/persons/\(own.id!.uuidString)?unmasked=true", headers: api.headers)
            #expect(unmasked.status == .forbidden)
        }
    }

    @Test("Changing an id in the URL or the body reaches nothing outside the scope (IDOR)", arguments: TestDatabase.available)
    func idorAttemptsFail(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let (_, other, _) = try await Self.seedTwoDistricts(app)
            let officer = try await app.tokenCaller(try await app.makeAccount(.districtOfficer, district: "320602"))
            let patch = try await app.testing().sendRequest(.PATCH, "/api/v1/persons/\(other.id!.uuidString)", headers: officer.headers) { request in
                try request.content.encode(["name": "改名"])
            }
            #expect(patch.status == .notFound)
            let moved = try await app.testing().sendRequest(.POST, "/api/v1/persons", headers: officer.headers) { request in
                try request.content.encode(["name": "外区", "idNumber": Fixture.residentID(district: "320612", sequence: 888),
                                            "districtCode": "320612"])
            }
            #expect(moved.status == .unprocessableEntity)
            #expect(try await Person.find(other.id, on: app.db)?.name == "他区人员")
            #expect(try await Person.query(on: app.db).count() == 2)
        }
    }

    @Test("An enterprise sees only the persons it employs; the auditor and the system administrator see no registry", arguments: TestDatabase.available)
    func organizationAndAdministrativeScopes(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            _ = try await ImportTests.importFile(try writeCSV([
                Fixture.header,
                Fixture.row(name: "雇员", id: Fixture.residentID(sequence: 711), uscc: Fixture.creditCode(711), employer: "南通甲公司",
                            number: Fixture.certificateNumber(level: 3, year: 23, serial: 711)),
                Fixture.row(name: "外人", id: Fixture.residentID(sequence: 712), number: Fixture.certificateNumber(level: 3, year: 23, serial: 712)),
            ]), app: app)
            let employer = try await Organization.query(on: app.db).filter(\.$uscc == Fixture.creditCode(711)).first()!
            let enterprise = try await app.tokenCaller(try await app.makeAccount(.enterprise, organizationID: employer.id))
            let list = try await app.testing().sendRequest(.GET, "/api/v1/persons", headers: enterprise.headers)
            #expect(list.text.contains("雇员"))
            #expect(!list.text.contains("外人"))
            let person = try await Person.query(on: app.db).filter(\.$name == "雇员").first()!
            let masked = try await app.testing().sendRequest(.GET, "/api/v1/persons/\(person.id!.uuidString)", headers: enterprise.headers)
            #expect(masked.status == .ok)
            #expect(!masked.text.contains(Fixture.residentID(sequence: 711)))

            for role in [Role.auditor, .systemAdmin, .securityAdmin] {
                let caller = try await app.tokenCaller(try await app.makeAccount(role))
                let response = try await app.testing().sendRequest(.GET, "/api/v1/persons", headers: caller.headers)
                #expect(response.status == .forbidden, "\(role)")
            }
        }
    }

    @Test("A city administrator sees the full ID number only when asking for it, and each viewing is audited", arguments: TestDatabase.available)
    func unmaskedViewingIsAudited(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let (own, _, ownID) = try await Self.seedTwoDistricts(app)
            let admin = try await app.cityAdmin()
            let masked = try await app.testing().sendRequest(.GET, "/persons/\(own.id!.uuidString)", headers: admin.headers)
            #expect(!masked.text.contains(ownID))
            #expect(masked.text.contains("reveal=1"))
            let before = try await AuditEntry.query(on: app.db).filter(\.$action == "view-unmasked").count()

            let revealed = try await app.testing().sendRequest(.GET, "/persons/\(own.id!.uuidString)?reveal=1", headers: admin.headers)

            #expect(revealed.text.contains(ownID))
            #expect(revealed.headers.first(name: .cacheControl) == "no-store")
            let after = try await AuditEntry.query(on: app.db).filter(\.$action == "view-unmasked").all()
            #expect(after.count == before + 1)
            #expect(after.last?.actor == admin.account.username)
            #expect(after.last?.entityID == own.id?.uuidString)
        }
    }
}

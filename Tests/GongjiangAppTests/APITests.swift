import Fluent
import Foundation
@testable import GongjiangApp
import GongjiangCore
import Testing
import VaporTesting

@Suite("JSON API /api/v1")
struct APITests {
    static func seed(_ app: Application) async throws {
        var lines = [Fixture.header]
        for index in 0..<25 {
            lines.append(Fixture.row(name: "人员\(String(format: "%02d", index))", id: Fixture.residentID(sequence: 200 + index),
                                     district: index % 2 == 0 ? "320602" : "320612",
                                     number: Fixture.certificateNumber(level: 3, year: 23, serial: 100 + index)))
        }
        _ = try await ImportTests.importFile(try writeCSV(lines), app: app)
    }

    struct PersonList: Decodable { let items: [PersonBody]; let nextCursor: String? }
    struct PersonBody: Decodable { let id: UUID; let name: String; let idNumberMasked: String; let districtCode: String; let phoneMasked: String? }
    struct ProblemBody: Decodable { let status: Int; let code: String; let detail: String; let detailEn: String; let errors: [FieldBody]? }
    struct FieldBody: Decodable { let field: String; let code: String }
    struct OrganizationBody: Decodable { let id: UUID; let uscc: String; let name: String; let kind: String }
    struct CertificateList: Decodable { let items: [CertificateBody]; let nextCursor: String? }
    struct CertificateBody: Decodable { let number: String; let level: Int?; let personId: UUID }

    @Test("Cursor pagination walks the whole list once, in name order", arguments: TestDatabase.available)
    func cursorPaginationVisitsEveryPersonOnce(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let admin = try await app.cityAdminToken()
            try await Self.seed(app)
            var names: [String] = []
            var cursor: String? = nil
            repeat {
                let path = "/api/v1/persons?limit=10" + (cursor.map { "&cursor=\($0)" } ?? "")
                let response = try await app.testing().sendRequest(.GET, path, headers: admin.headers)
                #expect(response.status == .ok)
                let page = try response.json(PersonList.self)
                names += page.items.map(\.name)
                cursor = page.nextCursor
            } while cursor != nil

            #expect(names.count == 25)
            #expect(names == names.sorted())
            #expect(Set(names).count == 25)
        }
    }

    @Test("Filters narrow the list: district, last four digits, certificate number", arguments: TestDatabase.available)
    func filtersNarrowTheList(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let admin = try await app.cityAdminToken()
            try await Self.seed(app)
            let byDistrict = try await app.testing().sendRequest(.GET, "/api/v1/persons?district_code=320612&limit=200", headers: admin.headers).json(PersonList.self)
            #expect(byDistrict.items.count == 12)
            #expect(byDistrict.items.allSatisfy { $0.districtCode == "320612" })

            let id = Fixture.residentID(sequence: 207)
            let byLastFour = try await app.testing().sendRequest(.GET, "/api/v1/persons?q=\(id.suffix(4))", headers: admin.headers).json(PersonList.self)
            #expect(byLastFour.items.map(\.name) == ["人员07"])
            #expect(byLastFour.items.first?.idNumberMasked == String(id.prefix(6)) + "********" + String(id.suffix(4)))
            #expect(byLastFour.items.first?.phoneMasked == "138****5678")

            let number = Fixture.certificateNumber(level: 3, year: 23, serial: 103)
            let byCertificate = try await app.testing().sendRequest(.GET, "/api/v1/persons?q=\(number)", headers: admin.headers).json(PersonList.self)
            #expect(byCertificate.items.map(\.name) == ["人员03"])

            let certificates = try await app.testing().sendRequest(.GET, "/api/v1/certificates?level=3&limit=5", headers: admin.headers).json(CertificateList.self)
            #expect(certificates.items.count == 5)
            #expect(certificates.nextCursor != nil)
            #expect(certificates.items.allSatisfy { $0.level == 3 })
        }
    }

    @Test("Creating a person validates every field and answers problem+json in Chinese and English", arguments: TestDatabase.available)
    func invalidPersonIsRefusedWithProblemDetails(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let admin = try await app.cityAdminToken()
            let response = try await app.testing().sendRequest(.POST, "/api/v1/persons", headers: admin.headers) { request in
                try request.content.encode(["name": "", "idNumber": "320602199001011234", "districtCode": "110000", "phone": "12345"])
            }

            #expect(response.status == .unprocessableEntity)
            #expect(response.headers.contentType?.subType == "problem+json")
            let problem = try response.json(ProblemBody.self)
            #expect(problem.status == 422)
            #expect(Set(problem.errors?.map(\.field) ?? []) == ["name", "idNumber", "districtCode", "phone"])
            #expect(!problem.detail.isEmpty && !problem.detailEn.isEmpty)
            #expect(try await Person.query(on: app.db).count() == 0)
        }
    }

    @Test("A person is created, read back, updated, and cannot be created twice", arguments: TestDatabase.available)
    func personLifecycle(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let admin = try await app.cityAdminToken()
            let id = Fixture.residentID(district: "320612", birth: "19851231", sequence: 321)
            let created = try await app.testing().sendRequest(.POST, "/api/v1/persons", headers: admin.headers) { request in
                try request.content.encode(["name": "顾晓东", "idNumber": id.lowercased(), "districtCode": "320612", "phone": "+86 139-0000-1111"])
            }
            #expect(created.status == .created)
            let person = try created.json(PersonBody.self)
            #expect(created.headers.first(name: .location) == "/api/v1/persons/\(person.id.uuidString)")

            let read = try await app.testing().sendRequest(.GET, "/api/v1/persons/\(person.id.uuidString)", headers: admin.headers)
            #expect(try read.json(PersonBody.self).name == "顾晓东")

            let updated = try await app.testing().sendRequest(.PATCH, "/api/v1/persons/\(person.id.uuidString)", headers: admin.headers) { request in
                try request.content.encode(["name": "顾晓冬"])
            }
            #expect(updated.status == .ok)
            #expect(try updated.json(PersonBody.self).name == "顾晓冬")

            let duplicate = try await app.testing().sendRequest(.POST, "/api/v1/persons", headers: admin.headers) { request in
                try request.content.encode(["name": "别人", "idNumber": id, "districtCode": "320612"])
            }
            #expect(duplicate.status == .conflict)
            #expect(try duplicate.json(ProblemBody.self).code == "person.exists")
        }
    }

    @Test("Organizations are created with a valid credit code only, once, and can be renamed", arguments: TestDatabase.available)
    func organizationLifecycle(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let admin = try await app.cityAdminToken()
            let bad = try await app.testing().sendRequest(.POST, "/api/v1/organizations", headers: admin.headers) { request in
                try request.content.encode(["uscc": "91320600000000001X", "name": "南通测试有限公司"])
            }
            #expect(bad.status == .unprocessableEntity)

            let uscc = Fixture.creditCode(77)
            let created = try await app.testing().sendRequest(.POST, "/api/v1/organizations", headers: admin.headers) { request in
                try request.content.encode(["uscc": uscc, "name": "南通测试有限公司", "kind": "training-provider", "districtCode": "320602"])
            }
            #expect(created.status == .created)
            let organization = try created.json(OrganizationBody.self)
            #expect(organization.kind == "training-provider")

            let again = try await app.testing().sendRequest(.POST, "/api/v1/organizations", headers: admin.headers) { request in
                try request.content.encode(["uscc": uscc, "name": "重复"])
            }
            #expect(again.status == .conflict)

            let renamed = try await app.testing().sendRequest(.PATCH, "/api/v1/organizations/\(organization.id.uuidString)", headers: admin.headers) { request in
                try request.content.encode(["name": "南通测试培训学校"])
            }
            #expect(try renamed.json(OrganizationBody.self).name == "南通测试培训学校")
        }
    }

    @Test("A JSON body over 1 MB is refused with 413 by the running server")
    func oversizedBodyIsRefused() async throws {
        try await withGongjiang(.sqlite) { app in
            let admin = try await app.cityAdminToken()
            let port = Int.random(in: 20_000...60_000)
            let response = try await app.testing(method: .running(hostname: "127.0.0.1", port: port))
                .sendRequest(.POST, "/api/v1/persons", headers: admin.headers) { request in
                    request.headers.contentType = .json
                    request.body = ByteBuffer(string: "{\"name\":\"" + String(repeating: "x", count: 2_000_000) + "\"}")
                }
            #expect(response.status == .payloadTooLarge)
            #expect(response.headers.contentType?.subType == "problem+json")
        }
    }

    @Test("Unknown ids, malformed ids, forged cursors, bad JSON and unknown routes answer problem+json, never 500",
          arguments: TestDatabase.available)
    func badRequestsAnswerProblems(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let admin = try await app.cityAdminToken()
            let cases: [(HTTPMethod, String, String?, HTTPStatus)] = [
                (.GET, "/api/v1/persons/\(UUID().uuidString)", nil, .notFound),
                (.GET, "/api/v1/persons/not-a-uuid", nil, .notFound),
                (.GET, "/api/v1/certificates/1%27%20OR%201=1", nil, .notFound),
                (.GET, "/api/v1/persons?cursor=forged", nil, .badRequest),
                (.GET, "/api/v1/certificates?level=9", nil, .badRequest),
                (.GET, "/api/v1/organizations?kind=bank", nil, .badRequest),
                (.GET, "/api/v1/nothing-here", nil, .notFound),
                (.POST, "/api/v1/persons", "{not json", .badRequest),
            ]
            for (method, path, body, expected) in cases {
                let response = try await app.testing().sendRequest(method, path, headers: admin.headers) { request in
                    if let body {
                        request.headers.contentType = .json
                        request.body = ByteBuffer(string: body)
                    }
                }
                #expect(response.status == expected, "\(method) \(path)")
                #expect(response.headers.contentType?.subType == "problem+json", "\(method) \(path)")
            }
        }
    }
}

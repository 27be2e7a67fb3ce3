import Fluent
import Foundation
@testable import GongjiangApp
import GongjiangCore
import Testing
import VaporTesting

/// Issue "Before the modules", item 4: the import and the API validate a person with the same rules and report the
/// same codes.
@Suite("One validation for the import and the API")
struct OneValidationTests {
    @Test("The same bad values get the same codes from the import and from the API", arguments: TestDatabase.available.prefix(1))
    func sameCodes(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let cases: [(name: String, id: String, district: String, expected: Set<String>)] = [
                ("张\u{202E}伟", Fixture.residentID(sequence: 801), "320602", ["name.control-character"]),
                (String(repeating: "张", count: 51), Fixture.residentID(sequence: 803), "320602", ["name.too-long"]),
                ("李四", Fixture.residentID(sequence: 805), "320000", ["district-code.unknown"]),
                ("王五", "320602199001011234", "320602", ["resident-id.check-digit"]),
            ]
            let admin = try await app.cityAdminToken()
            for (index, item) in cases.enumerated() {
                let (_, report) = try await ImportTests.importFile(try writeCSV([
                    Fixture.header,
                    Fixture.row(name: item.name, id: item.id, district: item.district,
                                number: Fixture.certificateNumber(level: 3, year: 23, serial: 800 + index)),
                ]), app: app)
                let importCodes = Set(report.dropFirst().map { $0.split(separator: ",").map(String.init)[2] })
                let answer = try await app.testing().sendRequest(.POST, "/api/v1/persons", headers: admin.headers) { request in
                    try request.content.encode(["name": item.name, "idNumber": item.id, "districtCode": item.district])
                }
                struct Body: Decodable { struct Field: Decodable { let code: String }; let errors: [Field]? }
                let apiCodes = Set(try answer.json(Body.self).errors?.map(\.code) ?? [])
                #expect(importCodes == item.expected, "import: \(importCodes)")
                #expect(apiCodes == item.expected, "API: \(apiCodes)")
            }
        }
    }
}

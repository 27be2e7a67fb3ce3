import Fluent
import Foundation
@testable import GongjiangApp
import Testing
import VaporTesting

@Suite("Web pages")
struct PageTests {
    @Test("Every page answers in Chinese by default, and in English after the switch", arguments: TestDatabase.available)
    func pagesRenderInBothLanguages(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let admin = try await app.cityAdmin()
            try await APITests.seed(app)
            let person = try await Person.query(on: app.db).sort(\.$name).first()!
            let certificate = try await Certificate.query(on: app.db).first()!
            let pages: [(String, String, String)] = [
                ("/", "高技能人才概况", "High-skilled workforce at a glance"),
                ("/persons", "人员00", "Persons"),
                ("/persons?q=人员1", "人员10", "Persons"),
                ("/persons/\(person.id!.uuidString)", "持有证书", "Certificates held"),
                ("/organizations", "单位", "Organizations"),
                ("/certificates", certificate.number, "Certificates"),
                ("/certificates/\(certificate.id!.uuidString)", "证书编号", "Certificate number"),
                ("/reference", "最低工资标准", "Minimum wages"),
                ("/imports", "数据导入", "Imports"),
            ]
            for (path, chinese, english) in pages {
                let response = try await app.testing().sendRequest(.GET, path, headers: admin.headers)
                #expect(response.status == .ok, "\(path)")
                #expect(response.text.contains(chinese), "\(path) in Chinese")
                #expect(response.text.contains("lang=\"zh-Hans\""), "\(path)")

                let separator = path.contains("?") ? "&" : "?"
                let translated = try await app.testing().sendRequest(.GET, path + separator + "lang=en", headers: admin.headers)
                #expect(translated.text.contains(english), "\(path) in English")
                #expect(translated.text.contains("lang=\"en\""), "\(path)")
                #expect(translated.headers.setCookie?["lang"]?.string == "en")
            }
        }
    }

    @Test("The language cookie keeps English across pages")
    func languageCookieIsRemembered() async throws {
        try await withGongjiang(.sqlite) { app in
            let admin = try await app.cityAdmin()
            var headers = admin.headers
            var cookies = headers.cookie ?? HTTPCookies()
            cookies["lang"] = .init(string: "en")
            headers.cookie = cookies
            let response = try await app.testing().sendRequest(.GET, "/reference", headers: headers)
            #expect(response.text.contains("Minimum wages"))
        }
    }

    @Test("Pages show ID numbers masked and escape names that look like markup")
    func personalDataIsMaskedAndMarkupEscaped() async throws {
        try await withGongjiang(.sqlite) { app in
            let admin = try await app.cityAdmin()
            let id = Fixture.residentID(sequence: 555)
            _ = try await ImportTests.importFile(try writeCSV([Fixture.header, Fixture.row(name: "<b>李</b>", id: id)]), app: app)
            let person = try await Person.query(on: app.db).first()!

            let page = try await app.testing().sendRequest(.GET, "/persons/\(person.id!.uuidString)", headers: admin.headers).text

            #expect(!page.contains(id))
            #expect(page.contains(String(id.prefix(6)) + "********" + String(id.suffix(4))))
            #expect(!page.contains("<b>李</b>"))
            #expect(page.contains("&lt;b&gt;李&lt;/b&gt;"))
            #expect(page.contains("138****5678"))
        }
    }

    @Test("A missing record and a forged cursor show the error page in HTML, not a stack trace")
    func errorsRenderAsPages() async throws {
        try await withGongjiang(.sqlite) { app in
            let admin = try await app.cityAdmin()
            let missing = try await app.testing().sendRequest(.GET, "/persons/\(UUID().uuidString)", headers: admin.headers)
            #expect(missing.status == .notFound)
            #expect(missing.headers.contentType == .html)
            #expect(missing.text.contains("找不到"))

            let cursor = try await app.testing().sendRequest(.GET, "/persons?cursor=%3Cscript%3E", headers: admin.headers)
            #expect(cursor.status == .badRequest)
            #expect(!cursor.text.contains("<script>"))

            let nowhere = try await app.testing().sendRequest(.GET, "/no/such/page", headers: admin.headers)
            #expect(nowhere.status == .notFound)
            #expect(nowhere.text.contains("返回首页"))
        }
    }

    @Test("Uploading a file on the imports page runs the import and shows its summary and report", arguments: TestDatabase.available)
    func uploadRunsTheImport(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let admin = try await app.cityAdmin()
            let csv = try String(contentsOfFile: try writeCSV(ImportTests.mixedFile), encoding: .utf8)
            let boundary = "----gongjiang-test-boundary"
            var body = "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"mixed.csv\"\r\nContent-Type: text/csv\r\n\r\n"
            body += csv + "\r\n--\(boundary)\r\nContent-Disposition: form-data; name=\"encoding\"\r\n\r\n\r\n--\(boundary)--\r\n"

            // As a browser sends it: the CSRF token in the form's action, the file streamed in the body.
            let response = try await app.testing().sendRequest(.POST, "/imports?_csrf=\(admin.csrf!)", headers: admin.headers) { request in
                request.headers.contentType = HTTPMediaType(type: "multipart", subType: "form-data", parameters: ["boundary": boundary])
                request.body = ByteBuffer(string: body)
            }
            #expect(response.status == .seeOther)
            let location = try #require(response.headers.first(name: .location))

            var run: ImportRun?
            for _ in 0..<100 {
                run = try await ImportRun.query(on: app.db).first()
                if run?.status != "running" { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(run?.status == "succeeded")
            #expect(run?.createdCount == 4)
            #expect(run?.rejectedCount == 8)

            let page = try await app.testing().sendRequest(.GET, location, headers: admin.headers)
            #expect(page.text.contains("下载错误报告"))
            let report = try await app.testing().sendRequest(.GET, location + "/report.csv", headers: admin.headers)
            #expect(report.headers.contentType?.subType == "csv")
            #expect(report.text.contains("certificate-number.other-person"))
        }
    }
}

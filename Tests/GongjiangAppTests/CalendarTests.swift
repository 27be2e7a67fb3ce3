import Fluent
import Foundation
@testable import GongjiangApp
import GongjiangCore
import Testing
import VaporTesting

@Suite("Working-day calendar in the application")
struct CalendarTests {
    static func date(_ text: String) -> CivilDate { try! CivilDate(parsing: text) }

    static func upload(_ app: Application, _ caller: Caller, csv: String) async throws -> TestingHTTPResponse {
        let boundary = "gongjiang-test-boundary"
        let body = "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"holidays-2027.csv\"\r\n"
            + "Content-Type: text/csv\r\n\r\n\(csv)\r\n--\(boundary)--\r\n"
        return try await app.testing().sendRequest(.POST, "/reference/calendar?_csrf=\(caller.csrf!)", headers: caller.headers) { request in
            request.headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
            request.body = ByteBuffer(string: body)
        }
    }

    @Test("The shipped arrangements count a notice across the 2025 National Day block", arguments: TestDatabase.available)
    func shippedCalendarCountsAcrossNationalDay(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let calendar = try await WorkingDays.calendar(on: app.db)

            #expect(calendar.coveredYears == Set(2020...2026))
            #expect(calendar.isWorkingDay(Self.date("2025-09-28")))
            #expect(!calendar.isWorkingDay(Self.date("2025-10-08")))
            #expect(calendar.isWorkingDay(Self.date("2025-10-11")))
            #expect(calendar.adding(workingDays: 5, to: Self.date("2025-09-30")) == Self.date("2025-10-14"))
            #expect(calendar.workingDays(after: Self.date("2025-09-26"), through: Self.date("2025-10-12")) == 6)
        }
    }

    @Test("A city administrator imports a new year's notice; a file with a bad line changes nothing", arguments: TestDatabase.available)
    func cityAdministratorImportsANewYear(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let admin = try await app.cityAdmin()
            let page = try await app.testing().sendRequest(.GET, "/reference/calendar?year=2027", headers: admin.headers)
            #expect(page.text.contains("尚未登记 2027 年"))

            let refused = try await Self.upload(app, admin, csv: "date,kind,name_zh,name_en\n2027-01-01,holiday,元旦,New Year's Day\n2027-01-05,workday,元旦,x\n")
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.text.contains("第 3 行"))
            #expect(try await WorkingDays.calendar(on: app.db).covers(year: 2027) == false)

            let imported = try await Self.upload(app, admin, csv: "date,kind,name_zh,name_en\n2027-01-01,holiday,元旦,New Year's Day\n2027-02-06,holiday,春节,Spring Festival\n2027-02-07,holiday,春节,Spring Festival\n2027-01-31,workday,春节,Spring Festival\n")
            #expect(imported.status == .ok)
            #expect(imported.text.contains("已导入 2027 年的安排，共 4 天"))
            let calendar = try await WorkingDays.calendar(on: app.db)
            #expect(calendar.covers(year: 2027))
            #expect(!calendar.isWorkingDay(Self.date("2027-01-01")))
            #expect(calendar.isWorkingDay(Self.date("2027-01-31")))
            #expect(!calendar.isWorkingDay(Self.date("2025-10-01")), "other years stay")
            let audit = try #require(try await AuditEntry.query(on: app.db).filter(\.$entity == "calendar").first())
            #expect(audit.action == "import")
            #expect(audit.after == "{\"2027\":\"4\"}")

            let officer = try await app.sessionCaller(try await app.makeAccount(.districtOfficer))
            #expect(try await Self.upload(app, officer, csv: "date,kind,name_zh,name_en\n2027-01-01,holiday,元旦,x\n").status == .forbidden)
        }
    }
}

@Suite("Working-day calendar upload encoding")
struct CalendarEncodingTests {
    @Test("A calendar file that is not UTF-8 is refused with the reason, and nothing changes")
    func gbkIsRefused() async throws {
        try await withGongjiang(.sqlite) { app in
            let admin = try await app.cityAdmin()
            let gbk = "date,kind,name_zh,name_en\n2027-01-01,holiday,元旦,New Year's Day\n"
                .data(using: String.Encoding(rawValue: 0x8000_0632))!
            let boundary = "gongjiang-test-boundary"
            var body = ByteBuffer(string: "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"gbk.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n")
            body.writeBytes(gbk)
            body.writeString("\r\n--\(boundary)--\r\n")
            let response = try await app.testing().sendRequest(.POST, "/reference/calendar?_csrf=\(admin.csrf!)", headers: admin.headers) { request in
                request.headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
                request.body = body
            }
            #expect(response.status == .unprocessableEntity)
            #expect(response.text.contains("不是 UTF-8 编码"))
            #expect(try await WorkingDays.calendar(on: app.db).covers(year: 2027) == false)
        }
    }
}

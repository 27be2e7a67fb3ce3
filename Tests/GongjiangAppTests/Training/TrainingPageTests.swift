import Fluent
import Foundation
@testable import GongjiangApp
import GongjiangCore
import SQLKit
import Testing
import VaporTesting

/// Training's pages as a provider, a district officer, the city and the public use them (issue 10: "Pages for
/// providers, district officers and the city"), in Chinese, each form refusing bad input with its reason.
@Suite("Training pages")
struct TrainingPageTests {
    static func encoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? ""
    }

    static func form(_ app: Application, _ path: String, _ caller: Caller, _ fields: [(String, String)]) async throws -> TestingHTTPResponse {
        let body = (fields + [("_csrf", caller.csrf ?? "")]).map { "\(encoded($0.0))=\(encoded($0.1))" }.joined(separator: "&")
        return try await app.testing().sendRequest(.POST, path, headers: caller.headers) { request in
            request.headers.contentType = .urlEncodedForm
            request.body = ByteBuffer(string: body)
        }
    }

    static func upload(_ app: Application, _ path: String, _ caller: Caller, csv: String) async throws -> TestingHTTPResponse {
        let boundary = "gongjiang-training-boundary"
        let body = "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"rows.csv\"\r\nContent-Type: text/csv\r\n\r\n\(csv)\r\n--\(boundary)--\r\n"
        return try await app.testing().sendRequest(.POST, path + "?_csrf=\(caller.csrf!)", headers: caller.headers) { request in
            request.headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
            request.body = ByteBuffer(string: body)
        }
    }

    @Test("A provider files a class by form (hours below the minimum refused with the reason, nothing written), the district approves it, trainees come by CSV with a refused row named, attendance by CSV and form; the public finds the course")
    func providerPages() async throws {
        try await withGongjiang(.sqlite) { app in
            let world = try await TrainingWorld.make(app)
            try await world.provider()
            let provider = try await app.sessionCaller(try await app.makeAccount(.trainingProvider, organizationID: world.organization))
            let newPage = try await app.testing().sendRequest(.GET, "/training/classes/new", headers: provider.headers)
            #expect(newPage.status == .ok && newPage.body.string.contains("开班备案") && newPage.body.string.contains(TrainingWorld.occupation))
            let starts = CivilDate.today().adding(days: 10), ends = starts.adding(days: 10)
            var fields = [("occupationCode", TrainingWorld.occupation), ("level", "4"), ("totalHours", "40"), ("practicalHours", "30"),
                          ("startsOn", starts.description), ("endsOn", ends.description), ("capacity", "30"), ("site", "崇川区工农路 1 号"),
                          ("teachers", "李老师"), ("fee", "1,800")]
            let short = try await Self.form(app, "/training/classes/new", provider, fields)
            #expect(short.status == .unprocessableEntity)
            #expect(short.body.string.contains("不少于 56 课时"), "the reason, in Chinese")
            #expect(short.body.string.contains("崇川区工农路 1 号"), "what was typed stays in the form")
            #expect(try await world.count("SELECT COUNT(*) AS n FROM training_classes") == 0)
            fields[2] = ("totalHours", "60")
            fields[3] = ("practicalHours", "40")
            let filed = try await Self.form(app, "/training/classes/new", provider, fields)
            #expect(filed.status == .seeOther)
            let location = try #require(filed.headers.first(name: .location))
            let classID = try #require(UUID(uuidString: String(location.split(separator: "/").last ?? "")))

            let officer = try await app.sessionCaller(try await app.makeAccount(.districtOfficer, district: "320602"))
            #expect(try await Self.form(app, "/training/classes/\(classID.uuidString)/transitions", officer, [("event", "approve")]).status == .seeOther)
            let elsewhere = try await app.sessionCaller(try await app.makeAccount(.districtOfficer, district: "320612"))
            #expect(try await app.testing().sendRequest(.GET, location, headers: elsewhere.headers).status == .notFound)

            let first = Fixture.residentID(sequence: 201), second = Fixture.residentID(sequence: 302)
            let enrolled = try await Self.upload(app, "/training/classes/\(classID.uuidString)/files/enrolments", provider, csv: """
                姓名,证件号码,人员类别,手机号码
                张伟,\(first),insured-employee,13962800001
                李娜,\(second),登记失业人员,
                王芳,\(Fixture.residentID(sequence: 403)),宇航员,
                """)
            #expect(enrolled.status == .ok)
            #expect(enrolled.body.string.contains("已办理 2 行，拒绝 1 行"), "\(enrolled.body.string.prefix(0))")
            #expect(enrolled.body.string.contains("training.ineligible-category"))
            #expect(try await world.count("SELECT COUNT(*) AS n FROM training_enrolments") == 2)
            let attended = try await Self.upload(app, "/training/classes/\(classID.uuidString)/files/attendance", provider, csv: """
                证件号码,出勤课时
                \(first),60
                \(Fixture.residentID(sequence: 404)),60
                """)
            #expect(attended.body.string.contains("已办理 1 行，拒绝 1 行"))
            #expect(attended.body.string.contains("enrolment.not-in-class"))
            let wrongColumns = try await Self.upload(app, "/training/classes/\(classID.uuidString)/files/attendance", provider, csv: "证件号码,鞋码\n\(first),42\n")
            #expect(wrongColumns.status == .unprocessableEntity && wrongColumns.body.string.contains("未知的列"))

            let enrolment = try await app.db.sql.raw("SELECT e.id FROM training_enrolments e JOIN persons p ON p.id = e.person_id WHERE p.name = '李娜'")
                .first()!.decode(column: "id", as: UUID.self)
            let tooMany = try await Self.form(app, "/training/enrolments/\(enrolment.uuidString)/attendance", provider, [("attendedHours", "61")])
            #expect(tooMany.status == .unprocessableEntity && tooMany.body.string.contains("出勤课时应为 0–60"))
            #expect(try await Self.form(app, "/training/enrolments/\(enrolment.uuidString)/attendance", provider, [("attendedHours", "50")]).status == .seeOther)
            let stranger = try await app.sessionCaller(try await app.makeAccount(.trainingProvider))
            #expect(try await Self.form(app, "/training/enrolments/\(enrolment.uuidString)/attendance", stranger, [("attendedHours", "0")]).status == .notFound)

            let classPage = try await app.testing().sendRequest(.GET, location, headers: provider.headers)
            #expect(classPage.body.string.contains("张*") && classPage.body.string.contains("学员（2 人）"))
            #expect(!classPage.body.string.contains("张伟"), "names masked")

            let courses = try await app.testing().sendRequest(.GET, "/courses?level=4")
            #expect(courses.status == .ok)
            // Fee 1,800; A-class 中级 subsidy 1,500 + 200 assessment = 1,700; the trainee pays 100.
            #expect(courses.body.string.contains("1,800.00") && courses.body.string.contains("1,700.00") && courses.body.string.contains("100.00"))
            let english = try await app.testing().sendRequest(.GET, "/courses?lang=en")
            #expect(english.body.string.contains("Subsidised courses"))
        }
    }

    @Test("The district ticks claims and approves them with the form's key; pressing again changes nothing; a claim's page shows how its amount was computed")
    func reviewQueuePages() async throws {
        try await withGongjiang(.sqlite) { app in
            let world = try await TrainingWorld.make(app)
            let claims = try await world.claims(2)
            let officer = try await app.sessionCaller(try await app.makeAccount(.districtOfficer, district: "320602"))
            let queue = try await app.testing().sendRequest(.GET, "/training/claims?state=submitted", headers: officer.headers)
            #expect(queue.status == .ok && queue.body.string.contains("区县审核通过") && queue.body.string.contains("claimIds[]"))
            let selection = claims.map { ("claimIds[]", $0.uuidString) } + [("event", "district-approve"), ("reason", ""), ("_idempotency", "page-key-1")]
            let done = try await Self.form(app, "/training/claims/transitions?state=submitted", officer, selection)
            #expect(done.status == .ok && done.body.string.contains("已办理 2 件"))
            let again = try await Self.form(app, "/training/claims/transitions?state=submitted", officer, selection)
            #expect(again.status == .ok)
            #expect(try await world.count("SELECT COUNT(*) AS n FROM audit_records WHERE entity = 'training-claim' AND action = 'district-approve'") == 2)
            // Nothing ticked, or a return without a reason: refused with the reason, nothing changes.
            let none = try await Self.form(app, "/training/claims/transitions", officer, [("event", "publish"), ("_idempotency", "page-key-2")])
            #expect(none.status == .unprocessableEntity && none.body.string.contains("请勾选"))
            let page = try await app.testing().sendRequest(.GET, "/training/claims/\(claims[0].uuidString)", headers: officer.headers)
            #expect(page.status == .ok && page.body.string.contains("计算过程") && page.body.string.contains("1,700.00"))
            #expect(page.body.string.contains("发布公示"), "the step the officer may take now")
            let provider = try await app.sessionCaller(try await app.makeAccount(.trainingProvider))
            #expect(try await app.testing().sendRequest(.GET, "/training/claims/\(claims[0].uuidString)", headers: provider.headers).status == .notFound)
        }
    }

    @Test("A provider files its class's claims as a list by CSV: an unknown certificate and a certificate listed twice are refused row by row, the rest filed together")
    func claimList() async throws {
        try await withGongjiang(.sqlite) { app in
            let world = try await TrainingWorld.make(app)
            let certificates = try await world.certified(3)
            let numbers = try await app.db.sql.raw("SELECT number FROM certificates ORDER BY number").all().map { try $0.decode(column: "number", as: String.self) }
            #expect(numbers.count == 3 && Set(certificates).count == 3)
            let provider = try await app.sessionCaller(try await app.makeAccount(.trainingProvider, organizationID: world.organization))
            let outcome = try await Self.upload(app, "/training/claims/file", provider, csv: """
                证书编号,收款方,收款账号
                \(numbers[0]),个人,6222020200112233001
                \(numbers[1]),培训机构,32050100123456789012
                S000032100002264999999,个人,6222020200112233003
                \(numbers[0]),个人,6222020200112233001
                \(numbers[2]),,6222020200112233004
                """)
            #expect(outcome.status == .ok)
            #expect(outcome.body.string.contains("已办理 3 行，拒绝 2 行"), "\(outcome.body.string.count)")
            #expect(outcome.body.string.contains("claim.certificate-unknown") && outcome.body.string.contains("claim.same-occupation-level"))
            let payees = try await app.db.sql.raw("SELECT payee FROM training_claims ORDER BY number").all().map { try $0.decode(column: "payee", as: String.self) }
            #expect(payees == ["person", "provider", "person"])
            #expect(try await world.count("SELECT COUNT(*) AS n FROM audit_records WHERE entity = 'training-claim' AND action = 'create'") == 3)
        }
    }

    @Test("The city's rules page: the versions with the one in force marked, a new version by form, a category retired; a district officer reads and cannot edit")
    func rulesPage() async throws {
        try await withGongjiang(.sqlite) { app in
            let city = try await app.cityAdmin()
            let page = try await app.testing().sendRequest(.GET, "/training/policy", headers: city.headers)
            #expect(page.status == .ok && page.body.string.contains("2023-01-01") && page.body.string.contains("（现行）"))
            let next = CivilDate.today().adding(days: 40).description
            let version = [("effectiveFrom", next), ("minimumHoursLevel5", "40"), ("minimumHoursHigher", "60"), ("practicalSharePercent", "60"),
                           ("completionAttendancePercent", "80"), ("claimWindowMonths", "12"), ("claimsPerPersonPerYear", "3"),
                           ("shortageUpliftMaximumPercent", "30"), ("noticeWorkingDays", "5"), ("classLeadDays", "1")]
            #expect(try await Self.form(app, "/training/policy/versions", city, version).status == .seeOther)
            var bad = version
            bad[0] = ("effectiveFrom", "2020-01-01")
            let refused = try await Self.form(app, "/training/policy/versions", city, bad)
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("新版本只能从今后的日期起执行"))
            #expect(try await Self.form(app, "/training/policy/categories", city,
                                        [("code", "veteran"), ("nameZh", "退役军人"), ("nameEn", "Veteran"), ("isActive", "false")]).status == .seeOther)
            #expect(try await app.testing().sendRequest(.GET, "/training/policy", headers: city.headers).body.string.contains("已停用"))
            let officer = try await app.sessionCaller(try await app.makeAccount(.districtOfficer))
            let read = try await app.testing().sendRequest(.GET, "/training/policy", headers: officer.headers)
            #expect(read.status == .ok && !read.body.string.contains("新增规则版本"))
            #expect(try await Self.form(app, "/training/policy/versions", officer, version).status == .forbidden)
        }
    }
}

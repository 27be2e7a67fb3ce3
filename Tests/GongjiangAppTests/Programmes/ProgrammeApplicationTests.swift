import Fluent
import Foundation
@testable import GongjiangApp
import GongjiangCore
import SQLKit
import Testing
import VaporTesting

/// Issue 13 through the service and the API: a call published by the city, applications by an enterprise for its
/// employees, eligibility from the registry with reasons, attachments checked by content, the district's first review
/// and the city's eligibility review; every refusal changes nothing.
@Suite("Programme applications")
struct ProgrammeApplicationTests {
    static let pdf = Array("%PDF-1.7\n1 0 obj\n".utf8) + [UInt8](repeating: 0x20, count: 200)
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + [UInt8](repeating: 0, count: 64)

    struct World {
        let app: Application
        let enterprise: UUID
        let other: UUID

        static func make(_ app: Application) async throws -> World {
            var ids: [UUID] = []
            for (serial, district) in [(601, "320602"), (602, "320612")] {
                let organization = Organization()
                organization.uscc = Fixture.creditCode(serial)
                organization.name = "南通测试企业\(serial)有限公司"
                organization.kindCode = OrganizationKind.enterprise.rawValue
                organization.districtCode = district
                try await organization.create(on: app.db)
                ids.append(organization.id!)
            }
            return World(app: app, enterprise: ids[0], other: ids[1])
        }

        /// A registry person employed by `employer`, holding `level` (national) since `issued`.
        func person(_ sequence: Int, employer: UUID, level: Int, issued: String = "2020-06-01", district: String = "320602") async throws -> String {
            let number = Fixture.residentID(district: district, birth: "19800101", sequence: sequence)
            let person = Person()
            person.name = "申报人\(sequence)"
            person.idType = IDType.residentID.rawValue
            person.idNumberSealed = try app.vault.seal(number)
            person.idNumberIndex = app.vault.idNumberIndex(type: IDType.residentID.rawValue, number: number)
            person.idLast4Index = app.vault.lastFourIndex(String(number.suffix(4)))
            person.birthDate = "1980-01-01"
            person.districtCode = district
            person.employerID = employer
            try await person.create(on: app.db)
            let certificate = Certificate()
            certificate.number = "S00003210000220" + String(SkillLevel(nationalLevel: level)!.nationalLevel!) + String(format: "%06d", 100_000 + sequence)
            certificate.numberFormat = "national"
            certificate.personID = person.id!
            certificate.occupationCode = "6-18-01-01"
            certificate.workType = ""
            certificate.levelRank = SkillLevel(nationalLevel: level)!.rawValue
            certificate.issueDate = issued
            certificate.issuerName = "南通市职业技能鉴定中心"
            certificate.status = CertificateStatus.valid.rawValue
            certificate.source = "imported"
            try await certificate.create(on: app.db)
            return number
        }

        func context(_ actor: WorkflowActor, on day: String, organization: UUID? = nil, district: String = "320602") -> ProgrammeContext {
            let scope: Scope = switch actor {
            case .organization: .organization(organization ?? enterprise)
            case .district: .districts([district])
            default: .city
            }
            return TrainingContext(database: app.db, scope: scope, actor: actor, audit: AuditEvent(actor: "\(actor)", entity: .programmeApplication, action: .update),
                                   now: ChinaTime.start(of: try! CivilDate(parsing: day)).addingTimeInterval(10 * 3600), vault: app.vault)
        }

        /// The city's chief-technician call for April 2026, published: 崇川区 two places and 200,000 yuan.
        func call(type: String = "enterprise-chief-technician") async throws -> UUID {
            let id = try await ProgrammeService.createCall(ProgrammeCallInput(
                typeCode: type, year: 2026, title: "2026 年度南通市企业首席技师选拔", description: "按《南通市企业首席技师选拔管理办法》申报。",
                opensOn: "2026-04-01", closesOn: "2026-04-30", noticeWorkingDays: 5,
                districts: [CallDistrictInput(districtCode: "320602", quota: 2, budgetFen: 20_000_000)]), context(.city, on: "2026-03-20"))
            try await ProgrammeService.stepCall(id, event: "publish", reason: nil, context(.city, on: "2026-03-20"))
            return id
        }

        func count(_ sql: String) async throws -> Int {
            try await app.db.sql.raw(SQLQueryString(sql)).first()?.decode(column: "n", as: Int.self) ?? -1
        }
    }

    @Test("An enterprise applies for its employees: eligibility with reasons before submission, attachments by content, one application per call, the open dates; the district's first review and the city's eligibility review", arguments: TestDatabase.available)
    func applicationPath(_ database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let world = try await World.make(app)
            let technician = try await world.person(11, employer: world.enterprise, level: 2)
            let senior = try await world.person(12, employer: world.enterprise, level: 3)
            let stranger = try await world.person(13, employer: world.other, level: 2, district: "320612")
            let call = try await world.call()
            let april = world.context(.organization, on: "2026-04-10")
            func input(_ number: String, form: [String: String] = [:], accounts: Bool = true) -> ProgrammeApplicationInput {
                ProgrammeApplicationInput(callId: call, personIdNumber: number, form: form, applicantAccount: accounts ? "6217 0000 1234 5678 901" : nil,
                                          employerAccount: accounts ? "32060101000054321" : nil)
            }

            // Before the call opens, and another organization's employee.
            await #expect(throws: ProgrammeRefusal.callNotOpen(opensOn: try CivilDate(parsing: "2026-04-01"))) {
                try await ProgrammeService.createApplication(input(technician), world.context(.organization, on: "2026-03-31"))
            }
            await #expect(throws: ProgrammeRefusal.notYourEmployee) { try await ProgrammeService.createApplication(input(stranger), april) }
            // An unknown number gets the same answer: an organization learns nothing of who is in the registry.
            await #expect(throws: ProgrammeRefusal.notYourEmployee) {
                try await ProgrammeService.createApplication(input(Fixture.residentID(birth: "19700101", sequence: 999)), april)
            }

            // A 高级工 sees the rule he does not meet and what the registry shows; he may draft but not submit.
            let preview = try await ProgrammeService.preview(input(senior), april).report
            #expect(!preview.isEligible)
            #expect(preview.unmet.map(\.found) == ["最高持有三级/高级工"])
            let draft = try await ProgrammeService.createApplication(input(senior, form: ["summary": "数控车削工艺改进"]), april)
            for key in ["certificate", "achievements"] {
                try await ProgrammeService.attach(draft, key: key, name: "\(key).pdf", bytes: Self.pdf, april)
            }
            do {
                try await ProgrammeService.stepApplication(draft, event: "submit", reason: nil, april)
                Issue.record("an ineligible applicant was submitted")
            } catch let refusal as ProgrammeRefusal {
                #expect(refusal.code == "programme.not-eligible")
                #expect(refusal.chinese.contains("持有二级/技师及以上职业技能等级证书（最高持有三级/高级工）"))
            }
            #expect(try await ProgrammeService.application(draft, april).state == .draft)

            // The technician: the form and the attachments are checked before submission.
            let id = try await ProgrammeService.createApplication(input(technician), april)
            await #expect(throws: RequestProblem.self) { try await ProgrammeService.stepApplication(id, event: "submit", reason: nil, april) }
            await #expect(throws: ProgrammeRefusal.attachmentMismatch(claimed: .pdf, found: .png)) {
                try await ProgrammeService.attach(id, key: "certificate", name: "证书.pdf", bytes: Self.png, april)
            }
            await #expect(throws: ProgrammeRefusal.attachmentTooLarge(bytes: AttachmentFormat.maximumBytes + 1, maximum: AttachmentFormat.maximumBytes)) {
                try await ProgrammeService.attach(id, key: "certificate", name: "证书.pdf",
                                                  bytes: Self.pdf + [UInt8](repeating: 0x20, count: AttachmentFormat.maximumBytes + 1 - Self.pdf.count), april)
            }
            await #expect(throws: RequestProblem.self) { try await ProgrammeService.attach(id, key: "not-a-key", name: "a.pdf", bytes: Self.pdf, april) }
            #expect(try await world.count("SELECT COUNT(*) AS n FROM programme_attachments WHERE key = 'certificate' AND size > 1000000") == 0)
            await #expect(throws: RequestProblem.self) {
                try await ProgrammeService.updateForm(id, ProgrammeApplicationInput(form: ["summary": String(repeating: "技", count: 1501)]), april)
            }
            await #expect(throws: RequestProblem.self) {
                try await ProgrammeService.updateForm(id, ProgrammeApplicationInput(form: ["summary": "x"], applicantAccount: "12-34"), april)
            }
            try await ProgrammeService.updateForm(id, ProgrammeApplicationInput(form: ["summary": "主持数控车床改造 3 项，带徒 12 人"]), april)
            try await ProgrammeService.attach(id, key: "certificate", name: "证书.PDF", bytes: Self.pdf, april)
            await #expect(throws: ProgrammeRefusal.attachmentMissing(key: "achievements", label: "业绩证明材料")) {
                try await ProgrammeService.stepApplication(id, event: "submit", reason: nil, april)
            }
            try await ProgrammeService.attach(id, key: "achievements", name: "业绩.png", bytes: Self.png, april)
            try await ProgrammeService.stepApplication(id, event: "submit", reason: nil, april)
            let submitted = try await ProgrammeService.application(id, april)
            #expect(submitted.state == .submitted && submitted.eligibility.allSatisfy { $0["met"] == "yes" })
            #expect(submitted.attachments.map(\.mediaType) == ["image/png", "application/pdf"])
            #expect(submitted.applicantAccountMasked == Masking.bankAccount("6217000012345678901"))

            // One application per applicant and call.
            await #expect(throws: ProgrammeRefusal.alreadyApplied) { try await ProgrammeService.createApplication(input(technician), april) }

            // The first review: another district's officer does not see it; a return needs a reason.
            await #expect(throws: RequestProblem.notFound) {
                try await ProgrammeService.stepApplication(id, event: "district-pass", reason: nil, world.context(.district, on: "2026-04-12", district: "320612"))
            }
            await #expect(throws: WorkflowRefusal.reasonRequired(workflow: "programme-application", event: "return")) {
                try await ProgrammeService.stepApplication(id, event: "return", reason: " ", world.context(.district, on: "2026-04-12"))
            }
            try await ProgrammeService.stepApplication(id, event: "return", reason: "请补充带徒名单", world.context(.district, on: "2026-04-12"))
            #expect(try await ProgrammeService.application(id, april).lastReason == "请补充带徒名单")
            // A correction the district asked for is resubmitted whenever it comes, even after the call has closed.
            try await ProgrammeService.stepApplication(id, event: "resubmit", reason: nil, world.context(.organization, on: "2026-05-01"))
            // The call's list steps are not an application's own: refused here, whoever asks.
            await #expect(throws: RequestProblem.self) {
                try await ProgrammeService.stepApplication(id, event: "approve", reason: nil, world.context(.city, on: "2026-05-02"))
            }
            try await ProgrammeService.stepApplication(id, event: "district-pass", reason: nil, world.context(.district, on: "2026-04-21"))
            await #expect(throws: WorkflowRefusal.notYourStep(workflow: "programme-application", event: "city-pass", actor: .district)) {
                try await ProgrammeService.stepApplication(id, event: "city-pass", reason: nil, world.context(.district, on: "2026-04-21"))
            }
            try await ProgrammeService.stepApplication(id, event: "city-pass", reason: nil, world.context(.city, on: "2026-05-06"))
            #expect(try await ProgrammeService.application(id, world.context(.city, on: "2026-05-06")).state == .cityEligible)

            // After the close, nothing new.
            let late = try await world.person(14, employer: world.enterprise, level: 1)
            await #expect(throws: ProgrammeRefusal.callClosed(closedOn: try CivilDate(parsing: "2026-04-30"))) {
                try await ProgrammeService.createApplication(input(late), world.context(.organization, on: "2026-05-01"))
            }
            #expect(try await world.count("SELECT COUNT(*) AS n FROM programme_applications") == 2)
            // The draft is the enterprise's alone: the district and the city do not see it.
            await #expect(throws: RequestProblem.notFound) { try await ProgrammeService.application(draft, world.context(.city, on: "2026-05-06")) }
            #expect(try await AuditTrail.verify(on: app.db).1 == nil)
            #expect(try await world.count("SELECT COUNT(*) AS n FROM audit_records WHERE entity = 'programme-application'") >= 12)
        }
    }

    @Test("Calls and types by the city: a bad call refused with every problem; drafts stay off the public list until published; a withdrawal needs a reason and no submitted application")
    func calls() async throws {
        try await withGongjiang(.sqlite) { app in
            let world = try await World.make(app)
            do {
                _ = try await ProgrammeService.createCall(ProgrammeCallInput(typeCode: "no-such-type", year: 1999, title: "", opensOn: "2026-05-01",
                                                                             closesOn: "2026-04-01", noticeWorkingDays: 0,
                                                                             districts: [CallDistrictInput(districtCode: "999999", quota: 0, budgetFen: -1)]),
                                                          world.context(.city, on: "2026-03-20"))
                Issue.record("a bad call was accepted")
            } catch RequestProblem.validation(let problems) {
                #expect(Set(problems.map(\.field)) == ["typeCode", "year", "title", "closesOn", "noticeWorkingDays", "districts[0]"])
            }
            await #expect(throws: WorkflowRefusal.self) {
                try await ProgrammeService.createCall(ProgrammeCallInput(typeCode: "nantong-technical-expert"), world.context(.district, on: "2026-03-20"))
            }
            let id = try await ProgrammeService.createCall(ProgrammeCallInput(
                typeCode: "nantong-technical-expert", year: 2026, title: "2026 年南通市技术能手评选", opensOn: "2026-04-01", closesOn: "2026-04-30",
                noticeWorkingDays: 7, districts: [CallDistrictInput(districtCode: "320602", quota: 5, budgetFen: 0)]), world.context(.city, on: "2026-03-20"))
            #expect(try await ProgrammeService.calls(on: app.db, publishedOnly: true).isEmpty)
            try await ProgrammeService.stepCall(id, event: "publish", reason: nil, world.context(.city, on: "2026-03-21"))
            #expect(try await ProgrammeService.calls(on: app.db, publishedOnly: true).map(\.number) == ["PC-2026-001"])
            await #expect(throws: WorkflowRefusal.reasonRequired(workflow: "programme-call", event: "withdraw")) {
                try await ProgrammeService.stepCall(id, event: "withdraw", reason: nil, world.context(.city, on: "2026-03-22"))
            }
            // A type changed after the call keeps the call's definition.
            var type = try #require(try await ProgrammeService.type("nantong-technical-expert", on: app.db)).type
            type.eligibility = [.holdsLevel(atLeast: .level1)]
            try await ProgrammeService.saveType(type, active: true, world.context(.city, on: "2026-03-23"))
            #expect(try await ProgrammeService.call(id, on: app.db)?.type.eligibility.first == .holdsLevel(atLeast: .level3))
            type.rubric = [.init(key: "a", label: "a", maximum: 10, weight: 99)]
            await #expect(throws: ProgrammeRefusal.rubricWeights) { try await ProgrammeService.saveType(type, active: true, world.context(.city, on: "2026-03-23")) }
            try await ProgrammeService.stepCall(id, event: "withdraw", reason: "名额调整，重新发布", world.context(.city, on: "2026-03-24"))
            #expect(try await ProgrammeService.calls(on: app.db, publishedOnly: true).isEmpty)
            // A type without funding of its own takes the call's (the talent subsidies' amounts are each year's policy);
            // a type with its own refuses another.
            let subsidy = try await ProgrammeService.createCall(ProgrammeCallInput(
                typeCode: "talent-subsidy-college", year: 2026, title: "2026 年青年人才补贴（大专）", opensOn: "2026-04-01", closesOn: "2026-12-31",
                noticeWorkingDays: 5, districts: [CallDistrictInput(districtCode: "320602", quota: 100, budgetFen: 30_000_000)],
                funding: [FundingLineInput(FundingLine(.oneOff(Money(yuan: 3_000)), to: .applicant))]), world.context(.city, on: "2026-03-25"))
            #expect(try await ProgrammeService.call(subsidy, on: app.db)?.type.funding == [FundingLine(.oneOff(Money(yuan: 3_000)), to: .applicant)])
            do {
                _ = try await ProgrammeService.createCall(ProgrammeCallInput(
                    typeCode: "enterprise-chief-technician", year: 2026, title: "首席技师", opensOn: "2026-04-01", closesOn: "2026-04-30", noticeWorkingDays: 5,
                    districts: [CallDistrictInput(districtCode: "320602", quota: 1, budgetFen: 0)],
                    funding: [FundingLineInput(FundingLine(.oneOff(Money(yuan: 1)), to: .applicant))]),
                    world.context(.city, on: "2026-03-25"))
                Issue.record("a second funding was accepted")
            } catch RequestProblem.validation(let problems) {
                #expect(problems.map(\.code) == ["programme.funding-set"])
            }
            // A monthly line without its months is a field problem, not an unreadable body.
            do {
                _ = try await ProgrammeService.createCall(ProgrammeCallInput(
                    typeCode: "talent-subsidy-master", year: 2026, title: "硕士", opensOn: "2026-04-01", closesOn: "2026-04-30", noticeWorkingDays: 5,
                    districts: [CallDistrictInput(districtCode: "320602", quota: 1, budgetFen: 0)],
                    funding: [FundingLineInput(rule: .init(kind: "monthly", amountFen: 100), payee: "applicant")]), world.context(.city, on: "2026-03-25"))
                Issue.record("a line without its months was accepted")
            } catch RequestProblem.validation(let problems) {
                #expect(problems.map(\.code) == ["programme.funding-range"])
            }
        }
    }

    @Test("The API: types read by an enterprise, changed by the city only; the public list needs no sign-in; an application of another organization is not found; an attachment downloads as its checked type")
    func api() async throws {
        try await withGongjiang(.sqlite) { app in
            let world = try await World.make(app)
            let city = try await app.cityAdminToken()
            let officer = try await app.tokenCaller(try await app.makeAccount(.districtOfficer))
            let enterprise = try await app.tokenCaller(try await app.makeAccount(.enterprise, organizationID: world.enterprise))
            let other = try await app.tokenCaller(try await app.makeAccount(.enterprise, organizationID: world.other))
            let send = TrainingAPITests.send
            let types = try await send(app, .GET, "/api/v1/programme-types", enterprise, nil, nil)
            #expect(types.status == .ok && types.body.string.contains("\"code\":\"enterprise-chief-technician\""))
            let definition = try #require(types.body.string.range(of: "南通市技术能手")) != nil
            #expect(definition)
            let type = try await send(app, .GET, "/api/v1/programme-types/nantong-technical-expert", officer, nil, nil)
            let body = try #require(type.body.string.data(using: .utf8))
            let json = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
            let input = String(decoding: try JSONSerialization.data(withJSONObject: ["definition": json["definition"]!]), as: UTF8.self)
            #expect(try await send(app, .PUT, "/api/v1/programme-types/nantong-technical-expert", officer, nil, input).status == .forbidden)
            #expect(try await send(app, .PUT, "/api/v1/programme-types/nantong-technical-expert", city, nil, input).status == .ok)
            #expect(try await send(app, .PUT, "/api/v1/programme-types/another-code", city, nil, input).status == .unprocessableEntity)

            let today = CivilDate.today()
            let created = try await send(app, .POST, "/api/v1/programme-calls", city, nil, """
                {"typeCode": "enterprise-chief-technician", "year": \(today.year), "title": "企业首席技师选拔", "opensOn": "\(today.adding(days: -1))",
                 "closesOn": "\(today.adding(days: 20))", "noticeWorkingDays": 5, "districts": [{"districtCode": "320602", "quota": 2, "budgetFen": 20000000}]}
                """)
            #expect(created.status == .created, "\(created.body.string)")
            let call = try JSONDecoder().decode(ProgrammeCallDTO.self, from: created.body)
            #expect(try await send(app, .GET, "/api/v1/public/programme-calls", nil, nil, nil).body.string == "[]")
            #expect(try await send(app, .POST, "/api/v1/programme-calls/\(call.id)/transitions", city, nil, #"{"event": "publish"}"#).status == .ok)
            #expect(try await send(app, .GET, "/api/v1/public/programme-calls", nil, nil, nil).body.string.contains(call.number))

            let number = try await world.person(21, employer: world.enterprise, level: 2)
            let eligibility = try await send(app, .POST, "/api/v1/programme-eligibility", enterprise, nil,
                                             #"{"callId": "\#(call.id)", "personIdNumber": "\#(number)"}"#)
            #expect(eligibility.status == .ok && eligibility.body.string.contains("\"eligible\":true"), "\(eligibility.body.string)")
            let applied = try await send(app, .POST, "/api/v1/programme-applications", enterprise, nil,
                                         #"{"callId": "\#(call.id)", "personIdNumber": "\#(number)", "form": {"summary": "业绩"}}"#)
            #expect(applied.status == .created, "\(applied.body.string)")
            let application = try JSONDecoder().decode(ProgrammeApplicationDTO.self, from: applied.body)
            let upload = try await send(app, .PUT, "/api/v1/programme-applications/\(application.id)/attachments/certificate", enterprise, nil,
                                        #"{"name": "证书.pdf", "contentBase64": "\#(Data(Self.pdf).base64EncodedString())"}"#)
            #expect(upload.status == .ok, "\(upload.body.string)")
            let renamed = try await send(app, .PUT, "/api/v1/programme-applications/\(application.id)/attachments/achievements", enterprise, nil,
                                         #"{"name": "业绩.pdf", "contentBase64": "\#(Data(Self.png).base64EncodedString())"}"#)
            #expect(renamed.status == .unprocessableEntity && renamed.body.string.contains("programme.attachment-mismatch"))
            let file = try await send(app, .GET, "/api/v1/programme-applications/\(application.id)/attachments/certificate", enterprise, nil, nil)
            #expect(file.status == .ok && file.headers.contentType == .pdf && file.headers.first(name: "X-Content-Type-Options") == "nosniff")
            #expect(try await send(app, .GET, "/api/v1/programme-applications/\(application.id)", other, nil, nil).status == .notFound)
            #expect(try await send(app, .GET, "/api/v1/programme-applications/\(application.id)/attachments/certificate", other, nil, nil).status == .notFound)
            let list = try await send(app, .GET, "/api/v1/programme-applications", other, nil, nil)
            #expect(list.status == .ok && list.body.string == "[]")
        }
    }

    @Test("A worker applies for themselves: to a person's programme only, seen by them and by the bureau, not by their employer; another worker's application is not found")
    func workerApplies() async throws {
        try await withGongjiang(.sqlite) { app in
            let world = try await World.make(app)
            let call = try await world.call(type: "nantong-technical-expert")
            let number = try await world.person(71, employer: world.enterprise, level: 3)
            let other = try await world.person(72, employer: world.enterprise, level: 3)
            let index = { (number: String) in app.vault.idNumberIndex(type: IDType.residentID.rawValue, number: number) }
            let me = try #require(try await Person.query(on: app.db).filter(\.$idNumberIndex == index(number)).first()?.id)
            let colleague = try #require(try await Person.query(on: app.db).filter(\.$idNumberIndex == index(other)).first()?.id)
            func worker(_ person: UUID, on day: String) -> ProgrammeContext {
                TrainingContext(database: app.db, scope: .person(person), actor: .organization,
                                audit: AuditEvent(actor: "worker", entity: .programmeApplication, action: .update),
                                now: ChinaTime.start(of: try! CivilDate(parsing: day)).addingTimeInterval(36_000), vault: app.vault)
            }
            let mine = worker(me, on: "2026-04-10")
            #expect(try await ProgrammeService.preview(ProgrammeApplicationInput(callId: call), mine).report.isEligible)
            let id = try await ProgrammeService.createApplication(ProgrammeApplicationInput(callId: call, form: ["summary": "三年技能比武第一名"]), mine)
            for key in ["certificate", "achievements"] { try await ProgrammeService.attach(id, key: key, name: "\(key).pdf", bytes: Self.pdf, mine) }
            try await ProgrammeService.stepApplication(id, event: "submit", reason: nil, mine)
            #expect(try await ProgrammeService.application(id, mine).districtCode == "320602")
            #expect(try await ProgrammeService.applications(.init(), page: 1, mine).rows.map(\.id) == [id])
            // The employer does not see its employee's own application; a colleague does not either; the district does.
            await #expect(throws: RequestProblem.notFound) { try await ProgrammeService.application(id, world.context(.organization, on: "2026-04-11")) }
            #expect(try await ProgrammeService.applications(.init(), page: 1, world.context(.organization, on: "2026-04-11")).rows.isEmpty)
            await #expect(throws: RequestProblem.notFound) { try await ProgrammeService.application(id, worker(colleague, on: "2026-04-11")) }
            #expect(try await ProgrammeService.applications(.init(), page: 1, worker(colleague, on: "2026-04-11")).rows.isEmpty)
            #expect(try await ProgrammeService.application(id, world.context(.district, on: "2026-04-11")).state == .submitted)
            // A second application to the call, by the worker or filed by the employer for them, is refused.
            await #expect(throws: ProgrammeRefusal.alreadyApplied) {
                try await ProgrammeService.createApplication(ProgrammeApplicationInput(callId: call, personIdNumber: number), world.context(.organization, on: "2026-04-12"))
            }
            // An organization's programme is not a worker's to apply to.
            let base = try await ProgrammeService.createCall(ProgrammeCallInput(
                typeCode: "training-base-municipal", year: 2026, title: "市级高技能人才培养基地", opensOn: "2026-04-01", closesOn: "2026-04-30",
                noticeWorkingDays: 5, districts: [CallDistrictInput(districtCode: "320602", quota: 1, budgetFen: 5_000_000)]), world.context(.city, on: "2026-03-20"))
            try await ProgrammeService.stepCall(base, event: "publish", reason: nil, world.context(.city, on: "2026-03-20"))
            await #expect(throws: ProgrammeRefusal.wrongApplicantKind(expected: .organization)) {
                try await ProgrammeService.createApplication(ProgrammeApplicationInput(callId: base), mine)
            }
        }
    }
}

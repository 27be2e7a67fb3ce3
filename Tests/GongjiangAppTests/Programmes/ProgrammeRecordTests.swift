import Fluent
import Foundation
@testable import GongjiangApp
import GongjiangCore
import SQLKit
import Testing
import VaporTesting

/// Issue 13, items 6 and 7 as the record shows them: approval held to the district's quota; a title on the person's
/// record with its history; the person leaving the city, recorded in the registry, ending the title and stopping the
/// allowance from that month; the record read by the API and the person's page within the reader's scope.
@Suite("Programme records and leaving the city")
struct ProgrammeRecordTests {
    typealias World = ProgrammeApplicationTests.World

    /// A district's monthly allowance defined by the city: 1,000 yuan a month for 12 months, no expert stage.
    static let allowance = ProgrammeType(
        code: "district-allowance", nameZH: "区级技能人才津贴", nameEN: "District skills allowance", applicantKind: .person, tier: .district,
        eligibility: [.holdsLevel(atLeast: .level3)], fields: [], attachments: [], stages: [.district, .city], rubric: [],
        funding: [FundingLine(.monthly(Money(yuan: 1_000), months: 12), to: .applicant)], validityMonths: nil, assessmentEveryMonths: nil,
        effectiveFrom: try! CivilDate(year: 2026, month: 1, day: 1))

    func personID(_ app: Application, _ number: String) async throws -> UUID {
        try await app.db.sql.raw("SELECT id FROM persons WHERE id_number_index = \(bind: app.vault.idNumberIndex(type: IDType.residentID.rawValue, number: number))")
            .first()!.decode(column: "id", as: UUID.self)
    }

    @Test("Three selected for two places: two approved, the third refused with the quota and nothing changed; the monthly run pays each title its months; the holder who leaves the city (recorded in the registry, with the refusals of a day to come, no reason, twice, another district) has the title ended that day, the month begun after it cancelled and nothing paid after; the other is paid exactly 12 months; the record and its history read by the API and the person's page; ledger verify holds", arguments: TestDatabase.available)
    func departure(_ database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let world = try await World.make(app)
            try await ProgrammeAwardTests.fund(world, years: 2026...2027)
            try await ProgrammeService.saveType(Self.allowance, active: true, world.context(.city, on: "2026-03-01"))
            let call = try await ProgrammeService.createCall(ProgrammeCallInput(
                typeCode: Self.allowance.code, year: 2026, title: "2026 年区级技能人才津贴", opensOn: "2026-04-01", closesOn: "2026-04-30", noticeWorkingDays: 3,
                districts: [CallDistrictInput(districtCode: "320602", quota: 2, budgetFen: 3_600_000)]), world.context(.city, on: "2026-03-20"))
            try await ProgrammeService.stepCall(call, event: "publish", reason: nil, world.context(.city, on: "2026-03-20"))
            let passed = try await ProgrammeAwardTests.passed(world, call: call, sequences: 71...73)
            let (ids, numbers) = (passed.map(\.id), passed.map(\.number))
            _ = try await ProgrammeService.publishNotice(call, world.context(.city, on: "2026-05-11"))
            try await ProgrammeService.concludeNotice(call, world.context(.city, on: "2026-05-14"))
            let approving = world.context(.city, on: "2026-05-15")
            try await ProgrammeService.approve(ids[0], approving)
            try await ProgrammeService.approve(ids[1], approving)
            let before = try await world.count("SELECT COUNT(*) AS n FROM audit_records")
            await #expect(throws: ProgrammeRefusal.quotaFull(quota: 2)) { try await ProgrammeService.approve(ids[2], approving) }
            #expect(try await ProgrammeService.application(ids[2], approving).state == .noticeConcluded)
            #expect(try await world.count("SELECT COUNT(*) AS n FROM programme_titles") == 2)
            #expect(try await world.count("SELECT COUNT(*) AS n FROM audit_records") == before)

            // The call's list, narrowed: by the name's beginning (LIKE's wildcards taken as text), the state, the district.
            let list = { (filter: ProgrammeService.ApplicationFilter) in try await ProgrammeService.applications(filter, page: 1, approving).rows.map(\.id) }
            #expect(try await list(.init(call: call, text: "申报人72")) == [ids[1]])
            #expect(try await list(.init(call: call, text: "%")).isEmpty)
            #expect(try await list(.init(call: call, state: .noticeConcluded)) == [ids[2]])
            #expect(try await list(.init(call: call, district: "320612")).isEmpty)
            #expect(Set(try await list(.init(call: call, district: "320602"))) == Set(ids))

            // June to October: five months each.
            #expect(try await ProgrammeService.payAllDue(through: try CivilDate(parsing: "2026-10-31"), world.context(.city, on: "2026-10-31")) == 10)

            let leaving = try await personID(app, numbers[0])
            let staying = try await personID(app, numbers[1])
            let send = TrainingAPITests.send
            let officer = try await app.tokenCaller(try await app.makeAccount(.districtOfficer))
            let elsewhere = try await app.tokenCaller(try await app.makeAccount(.districtOfficer, district: "320612"))
            let path = "/api/v1/persons/\(leaving)/departure"
            let tomorrow = CivilDate.today(now: app.clock.now()).adding(days: 1)
            #expect(try await send(app, .POST, path, elsewhere, nil, #"{"leftOn": "2026-09-15", "reason": "社保关系转出"}"#).status == .notFound)
            let future = try await send(app, .POST, path, officer, nil, #"{"leftOn": "\#(tomorrow)", "reason": "社保关系转出"}"#)
            #expect(future.status == .unprocessableEntity && future.body.string.contains("person.left-on"))
            let bare = try await send(app, .POST, path, officer, nil, #"{"leftOn": "2026-09-15", "reason": "  "}"#)
            #expect(bare.status == .unprocessableEntity && bare.body.string.contains("person.departure-reason"))
            #expect(try await world.count("SELECT COUNT(*) AS n FROM persons WHERE left_city_on IS NOT NULL") == 0)
            let recorded = try await send(app, .POST, path, officer, nil, #"{"leftOn": "2026-09-15", "reason": "社保关系转出至上海市"}"#)
            #expect(recorded.status == .ok, "\(recorded.body.string)")
            #expect(try recorded.content.decode(PersonDTO.self).leftCityOn == "2026-09-15")
            #expect(try await send(app, .POST, path, officer, nil, #"{"leftOn": "2026-09-20", "reason": "重复登记"}"#).status == .conflict)

            // The title ended on the day; September (begun before) stays due, October (begun after) is cancelled.
            let title = try #require(try await app.db.sql.raw("SELECT id, state, ended_on FROM programme_titles WHERE person_id = \(bind: leaving)").first())
            let titleID = try title.decode(column: "id", as: UUID.self)
            #expect(try title.decode(column: "state", as: String.self) == "ended" && title.decode(column: "ended_on", as: String?.self) == "2026-09-15")
            let states = try await app.db.sql.raw("""
                SELECT m.due_on, p.state FROM programme_payments m JOIN ledger_payments p ON p.id = m.ledger_payment_id
                WHERE m.title_id = \(bind: titleID) ORDER BY m.due_on
                """).all().map { "\(try $0.decode(column: "due_on", as: String.self)) \(try $0.decode(column: "state", as: String.self))" }
            #expect(states == ["2026-06-01 committed", "2026-07-01 committed", "2026-08-01 committed", "2026-09-01 committed", "2026-10-01 cancelled"])
            await #expect(throws: ProgrammeRefusal.titleNotActive) {
                try await ProgrammeService.payDue(title: titleID, through: try CivilDate(parsing: "2027-06-30"), world.context(.city, on: "2027-06-30"))
            }
            // The run to the end pays only the one who stayed: seven more months, twelve in all.
            #expect(try await ProgrammeService.payAllDue(through: try CivilDate(parsing: "2027-06-30"), world.context(.city, on: "2027-06-30")) == 7)
            #expect(try await world.count("SELECT COUNT(*) AS n FROM programme_payments m JOIN programme_titles t ON t.id = m.title_id WHERE t.person_id = '\(staying.uuidString)'") == 12)

            // The record, by the API and on the person's page, within scope.
            let record = try await send(app, .GET, "/api/v1/persons/\(leaving)/titles", officer, nil, nil)
            #expect(record.status == .ok)
            let entries = try record.content.decode([ProgrammeRecord.Entry].self)
            #expect(entries.count == 1 && entries.first?.state == "ended" && entries.first?.endedOn == "2026-09-15" && entries.first?.instalments == 4
                    && entries.first?.paidFen == 400_000)
            #expect(entries.first?.history.map(\.event) == ["awarded", "paid", "leave-city"])
            #expect(try await send(app, .GET, "/api/v1/persons/\(leaving)/titles", elsewhere, nil, nil).status == .notFound)
            let page = try await app.testing().sendRequest(.GET, "/persons/\(leaving)", headers: try await app.sessionCaller(officer.account).headers)
            #expect(page.status == .ok)
            #expect(page.body.string.contains("区级技能人才津贴") && page.body.string.contains("2026-09-15 迁出本市"))
            #expect(!page.body.string.contains("登记迁出</button>"))
            let other = try await app.testing().sendRequest(.GET, "/persons/\(staying)", headers: try await app.sessionCaller(officer.account).headers)
            #expect(other.body.string.contains("登记迁出本市"))

            // Approving someone the registry says has left is refused.
            try await app.db.sql.raw("UPDATE persons SET left_city_on = '2026-05-01' WHERE id = \(bind: try await personID(app, numbers[2]))").run()
            try await app.db.sql.raw("UPDATE programme_titles SET state = 'revoked' WHERE person_id = \(bind: staying)").run()
            try await app.db.sql.raw("UPDATE programme_applications SET state = 'rejected' WHERE id = \(bind: ids[1])").run()
            await #expect(throws: ProgrammeRefusal.holderLeftCity(on: try CivilDate(parsing: "2026-05-01"))) {
                try await ProgrammeService.approve(ids[2], approving)
            }
            guard case .success = try await LedgerVerification.run(on: app.db) else { Issue.record("ledger verify failed"); return }
            #expect(try await AuditTrail.verify(on: app.db).1 == nil)
        }
    }
}

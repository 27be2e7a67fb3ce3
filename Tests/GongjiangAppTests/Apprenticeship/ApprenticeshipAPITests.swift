import Fluent
import Foundation
@testable import GongjiangApp
import GongjiangCore
import SQLKit
import Testing
import VaporTesting

/// The apprenticeship's API as an enterprise, its school, a district officer and the city use it, and the annual
/// figures for each scope.
@Suite("Apprenticeship API")
struct ApprenticeshipAPITests {
    static let send = TrainingAPITests.send

    @Test("An enterprise files a plan; its school sees it, another enterprise and another district do not; the district approves with an Idempotency-Key (the advance committed once, a replay changes nothing); apprentices are added and listed masked")
    func plansThroughTheAPI() async throws {
        try await withGongjiang(.sqlite) { app in
            let world = try await ApprenticeshipWorkflowTests.World.make(app)
            let enterprise = try await app.tokenCaller(try await app.makeAccount(.enterprise, organizationID: world.enterprise))
            let school = try await app.tokenCaller(try await app.makeAccount(.school, organizationID: world.school))
            let stranger = try await app.tokenCaller(try await app.makeAccount(.enterprise))
            let officer = try await app.tokenCaller(try await app.makeAccount(.districtOfficer, district: "320602"))
            let elsewhere = try await app.tokenCaller(try await app.makeAccount(.districtOfficer, district: "320612"))
            let starts = CivilDate.today().adding(days: 20)
            let body = """
                {"schoolId": "\(world.school.uuidString)", "occupationCode": "\(TrainingWorld.occupation)", "targetLevel": "3", "durationMonths": 24,
                 "schoolHours": 400, "workHours": 1200, "startsOn": "\(starts)", "plannedHeadcount": 10, "bankAccount": "3206 0101 0000 12345"}
                """
            // Refused with its reason, and nothing written: a duration over three years, a level the school is not approved for.
            let long = try await Self.send(app, .POST, "/api/v1/apprenticeship-plans", enterprise, nil,
                                           body.replacingOccurrences(of: "\"durationMonths\": 24", with: "\"durationMonths\": 37"))
            #expect(long.status == .unprocessableEntity && long.body.string.contains("apprenticeship.duration"))
            let outside = try await Self.send(app, .POST, "/api/v1/apprenticeship-plans", enterprise, nil,
                                              body.replacingOccurrences(of: "\"targetLevel\": \"3\"", with: "\"targetLevel\": \"1\""))
            #expect(outside.status == .unprocessableEntity && outside.body.string.contains("apprenticeship.outside-school-scope"))
            let filed = try await Self.send(app, .POST, "/api/v1/apprenticeship-plans", enterprise, nil, body)
            #expect(filed.status == .created, "\(filed.body.string)")
            let plan = try JSONDecoder().decode(ApprenticeshipPlanDTO.self, from: filed.body)
            #expect(plan.state == "filed" && plan.payeeAccountMasked?.hasSuffix("2345") == true && plan.targetLevel == "3")
            let listed = try await Self.send(app, .GET, "/api/v1/apprenticeship-plans?q=\(plan.number)", school, nil, nil)
            #expect(try JSONDecoder().decode(ListDTO<ApprenticeshipPlanDTO>.self, from: listed.body).items.map(\.id) == [plan.id])
            let none = try await Self.send(app, .GET, "/api/v1/apprenticeship-plans", stranger, nil, nil)
            #expect(try JSONDecoder().decode(ListDTO<ApprenticeshipPlanDTO>.self, from: none.body).items.isEmpty)
            #expect(try await Self.send(app, .GET, "/api/v1/apprenticeship-plans/\(plan.id)", stranger, nil, nil).status == .notFound)
            #expect(try await Self.send(app, .GET, "/api/v1/apprenticeship-plans/\(plan.id)", elsewhere, nil, nil).status == .notFound)

            let path = "/api/v1/apprenticeship-plans/\(plan.id)/transitions"
            #expect(try await Self.send(app, .POST, path, officer, nil, #"{"event": "approve"}"#).status == .badRequest, "the key is required")
            #expect(try await Self.send(app, .POST, path, elsewhere, "k-elsewhere-0001", #"{"event": "approve"}"#).status == .notFound)
            #expect(try await Self.send(app, .POST, path, enterprise, "k-enterprise-0001", #"{"event": "approve"}"#).status == .conflict, "not the enterprise's step")
            let approved = try await Self.send(app, .POST, path, officer, "k-approve-00001", #"{"event": "approve"}"#)
            #expect(approved.status == .ok, "\(approved.body.string)")
            let after = try JSONDecoder().decode(ApprenticeshipPlanDTO.self, from: approved.body)
            #expect(after.state == "approved" && after.advanceFen == Money(yuan: 25_000).fen && after.advanceState == "committed")
            let again = try await Self.send(app, .POST, path, officer, "k-approve-00001", #"{"event": "approve"}"#)
            #expect(again.status == .ok && again.headers.first(name: Idempotent.replayedHeader) == "true")
            #expect(try await app.db.sql.raw("SELECT COUNT(*) AS n FROM ledger_payments").first()?.decode(column: "n", as: Int.self) == 1)

            let mentor = try await world.mentor(sequence: 801, level: 2)
            let apprentice = try await Self.send(app, .POST, "/api/v1/apprenticeship-plans/\(plan.id)/apprentices", enterprise, nil, """
                {"name": "赵小明", "idNumber": "\(Fixture.residentID(birth: "20040101", sequence: 11))", "hireKind": "new-hire", "mentorIdNumber": "\(mentor)",
                 "teacherName": "王老师", "contractStart": "\(starts)", "contractEnd": "\(starts.adding(years: 3))", "monthlyWageFen": 300000,
                 "trainingFeeFen": 400000, "mentorAllowanceFen": 30000}
                """)
            #expect(apprentice.status == .created, "\(apprentice.body.string)")
            let low = try await Self.send(app, .POST, "/api/v1/apprenticeship-plans/\(plan.id)/apprentices", enterprise, nil, """
                {"name": "钱小红", "idNumber": "\(Fixture.residentID(birth: "20040101", sequence: 12))", "hireKind": "new-hire", "mentorIdNumber": "\(mentor)",
                 "teacherName": "王老师", "contractStart": "\(starts)", "monthlyWageFen": 190000, "trainingFeeFen": 0, "mentorAllowanceFen": 0}
                """)
            #expect(low.status == .unprocessableEntity && low.body.string.contains("月工资 1,900.00 元低于崇川区"), "\(low.body.string)")
            let roster = try await Self.send(app, .GET, "/api/v1/apprenticeship-plans/\(plan.id)/apprentices", school, nil, nil)
            let items = try JSONDecoder().decode(ApprenticeList.self, from: roster.body).items
            #expect(items.count == 1 && items[0].nameMasked == "赵*明")
            #expect(!roster.body.string.contains("赵小明"))
        }
    }

    @Test("Targets and the annual figures: the city splits 2,100 by district; a split that does not add up is refused; each scope reads its own target and person-times; an enterprise reads no figures")
    func targetsAndFigures() async throws {
        try await withGongjiang(.sqlite) { app in
            let city = try await app.cityAdminToken()
            let officer = try await app.tokenCaller(try await app.makeAccount(.districtOfficer, district: "320602"))
            let enterprise = try await app.tokenCaller(try await app.makeAccount(.enterprise))
            let bad = try await Self.send(app, .PUT, "/api/v1/apprenticeship-targets/2026", city, nil, #"{"city": 2100, "districts": {"320602": 1000, "320612": 1099}}"#)
            #expect(bad.status == .unprocessableEntity && bad.body.string.contains("apprenticeship.target-split"))
            #expect(try await Self.send(app, .PUT, "/api/v1/apprenticeship-targets/2026", officer, nil, #"{"city": 1}"#).status == .forbidden)
            let set = try await Self.send(app, .PUT, "/api/v1/apprenticeship-targets/2026", city, nil, #"{"city": 2100, "districts": {"320602": 1000, "320612": 1100}}"#)
            #expect(set.status == .ok, "\(set.body.string)")
            #expect(try JSONDecoder().decode(TargetDTO.self, from: set.body).districts == ["320602": 1000, "320612": 1100])

            // Two apprentices started in 2026 in 崇川区; none in 2025.
            let world = try await ApprenticeshipWorkflowTests.World.make(app)
            let plan = try await world.plan(level: "3", months: 24, planned: 5)
            try await ApprenticeshipService.stepPlan(plan, event: "approve", reason: nil, world.context(.district, on: "2026-02-05"))
            let mentor = try await world.mentor(sequence: 801, level: 2)
            _ = try await ApprenticeshipMoneyTests.enrol(world, plan: plan, count: 2, from: 1, mentor: mentor, on: "2026-02-20")

            let mine = try await Self.send(app, .GET, "/api/v1/statistics/annual/2026", officer, nil, nil)
            #expect(mine.status == .ok, "\(mine.body.string)")
            let figures = try JSONSerialization.jsonObject(with: Data(buffer: mine.body)) as? [String: Any]
            #expect(figures?["apprenticeship_target"] as? Int == 1000)
            #expect(figures?["apprenticeship_person_times"] as? Int == 2)
            #expect(figures?["scope"] as? String == "320602")
            let whole = try JSONSerialization.jsonObject(with: Data(buffer: try await Self.send(app, .GET, "/api/v1/statistics/annual/2026", city, nil, nil).body))
                as? [String: Any]
            #expect(whole?["apprenticeship_target"] as? Int == 2100 && whole?["apprenticeship_person_times"] as? Int == 2)
            let before = try JSONSerialization.jsonObject(with: Data(buffer: try await Self.send(app, .GET, "/api/v1/statistics/annual/2025", city, nil, nil).body))
                as? [String: Any]
            #expect(before?["apprenticeship_person_times"] as? Int == 0)
            #expect(try await Self.send(app, .GET, "/api/v1/statistics/annual/2026", enterprise, nil, nil).status == .forbidden)
            #expect(try await Self.send(app, .GET, "/api/v1/statistics/annual/1999", city, nil, nil).status == .badRequest)
        }
    }

    @Test("The city adds a version of the rules from a future day; a district officer may not; a past day or a capacity of 21 is refused; a mentor's load follows the version in force on the day")
    func policyVersions() async throws {
        try await withGongjiang(.sqlite) { app in
            let city = try await app.cityAdminToken()
            let officer = try await app.tokenCaller(try await app.makeAccount(.districtOfficer, district: "320602"))
            let tomorrow = CivilDate.today().adding(days: 1)
            func version(from day: CivilDate, capacity: Int) -> String {
                """
                {"effectiveFrom": "\(day)", "minimumContractMonths": 12, "minimumDurationMonths": 12, "maximumDurationMonths": 36,
                 "mentorCapacity": \(capacity), "advancePercent": 50}
                """
            }
            #expect(try await Self.send(app, .POST, "/api/v1/apprenticeship-policies", officer, nil, version(from: tomorrow, capacity: 5)).status == .forbidden)
            let past = try await Self.send(app, .POST, "/api/v1/apprenticeship-policies", city, nil, version(from: CivilDate.today(), capacity: 5))
            #expect(past.status == .unprocessableEntity && past.body.string.contains("apprenticeship.policy-not-in-future"))
            let added = try await Self.send(app, .POST, "/api/v1/apprenticeship-policies", city, nil, version(from: tomorrow, capacity: 5))
            #expect(added.status == .created, "\(added.body.string)")
            let versions = try JSONDecoder().decode([ApprenticeshipPolicyDTO].self, from: added.body)
            #expect(versions.map(\.mentorCapacity) == [5, 3] && versions.map(\.inForce) == [false, true])
            let again = try await Self.send(app, .POST, "/api/v1/apprenticeship-policies", city, nil, version(from: tomorrow, capacity: 6))
            #expect(again.status == .conflict)
            #expect(try await ApprenticeshipService.policy(on: app.db, day: tomorrow).mentorCapacity == 5)
            #expect(try await ApprenticeshipService.policy(on: app.db, day: CivilDate.today()).mentorCapacity == 3)
        }
    }
}

import Fluent
import Foundation
@testable import GongjiangApp
import GongjiangCore
import SQLKit
import Testing
import VaporTesting

/// Training's API as a provider, a district officer and the city use it; the public course finder.
@Suite("Training API")
struct TrainingAPITests {
    static func send(_ app: Application, _ method: HTTPMethod, _ path: String, _ caller: Caller?, key: String? = nil,
                     body: String? = nil) async throws -> TestingHTTPResponse {
        try await app.testing().sendRequest(method, path, headers: caller?.headers ?? [:]) { request in
            if let key { request.headers.replaceOrAdd(name: Idempotent.header, value: key) }
            if let body {
                request.headers.contentType = .json
                request.body = ByteBuffer(string: body)
            }
        }
    }

    @Test("A provider files a class, the district approves it, it shows in the public course finder with fee, subsidy and what the trainee pays; another provider sees nothing of it")
    func classesAndFinder() async throws {
        try await withGongjiang(.sqlite) { app in
            let world = try await TrainingWorld.make(app)
            let city = try await app.cityAdminToken()
            let approved = try await Self.send(app, .POST, "/api/v1/training-providers", city, body: """
                {"organizationId": "\(world.organization.uuidString)", "validFrom": "2020-01-01", "validUntil": "2099-12-31",
                 "scope": [{"occupationCode": "\(TrainingWorld.occupation)", "level": "4"}]}
                """)
            #expect(approved.status == .created, "\(approved.body.string)")
            let provider = try await app.tokenCaller(try await app.makeAccount(.trainingProvider, organizationID: world.organization))
            let starts = CivilDate.today().adding(days: 10), ends = starts.adding(days: 10)
            let filed = try await Self.send(app, .POST, "/api/v1/training-classes", provider, body: """
                {"occupationCode": "\(TrainingWorld.occupation)", "level": "4", "totalHours": 60, "practicalHours": 40, "startsOn": "\(starts)",
                 "endsOn": "\(ends)", "capacity": 30, "site": "崇川区工农路 1 号", "teachers": "李老师", "feeFen": 200000}
                """)
            #expect(filed.status == .created, "\(filed.body.string)")
            let made = try JSONDecoder().decode(ClassDTO.self, from: filed.body)
            let short = try await Self.send(app, .POST, "/api/v1/training-classes", provider, body: """
                {"occupationCode": "\(TrainingWorld.occupation)", "level": "4", "totalHours": 40, "practicalHours": 30, "startsOn": "\(starts)",
                 "endsOn": "\(ends)", "capacity": 30, "site": "地点", "teachers": "李老师"}
                """)
            #expect(short.status == .unprocessableEntity)
            #expect(short.body.string.contains("training.hours-below-minimum"))

            let officer = try await app.tokenCaller(try await app.makeAccount(.districtOfficer, district: "320602"))
            let step = try await Self.send(app, .POST, "/api/v1/training-classes/\(made.id.uuidString)/transitions", officer, body: #"{"event": "approve"}"#)
            #expect(step.status == .ok, "\(step.body.string)")
            let elsewhere = try await app.tokenCaller(try await app.makeAccount(.districtOfficer, district: "320612"))
            #expect(try await Self.send(app, .GET, "/api/v1/training-classes/\(made.id.uuidString)", elsewhere).status == .notFound)
            let stranger = try await app.tokenCaller(try await app.makeAccount(.trainingProvider))
            #expect(try await Self.send(app, .GET, "/api/v1/training-classes/\(made.id.uuidString)", stranger).status == .notFound)

            let finder = try await Self.send(app, .GET, "/api/v1/public/training-classes?occupation_code=\(TrainingWorld.occupation)&level=4", nil)
            #expect(finder.status == .ok)
            let courses = try JSONDecoder().decode(ListDTO<CourseDTO>.self, from: finder.body)
            #expect(courses.items.count == 1)
            // A-class 中级: 1,500 benchmark + 200 assessment = 1,700 yuan; the fee is 2,000, so the trainee pays 300.
            #expect(courses.items.first?.subsidyFen == 170_000 && courses.items.first?.traineePaysFen == 30_000)
        }
    }

    @Test("Claim steps take an Idempotency-Key: the city's approval retried commits the budget once")
    func claimApprovalIsIdempotent() async throws {
        try await withGongjiang(.sqlite) { app in
            let world = try await TrainingWorld.make(app)
            try await world.provider()
            _ = try await LedgerService.allocate(AllocationInput(amountFen: 100_000_000, document: "通财社〔2026〕1号"), world.ledger(on: "2026-01-10"))
            _ = try await LedgerService.setBudget(BudgetInput(districtCode: "320602", year: 2026, amountFen: 1_000_000, document: "通人社〔2026〕2号"),
                                                  world.ledger(on: "2026-01-10"))
            let classID = try await world.fileClass()
            try await TrainingService.stepClass(classID, event: "approve", reason: nil, world.context(.district, on: "2026-03-02"))
            let enrolment = try await TrainingService.enrol(classID, EnrolmentInput(name: "张伟", idNumber: Fixture.residentID(sequence: 201),
                                                                                    category: "insured-employee"), world.context(.organization, on: "2026-03-05"))
            try await TrainingService.recordAttendance(enrolment, hours: 60, world.context(.organization, on: "2026-03-20"))
            try await TrainingService.stepClass(classID, event: "close", reason: nil, world.context(.organization, on: "2026-03-21"))
            let certificate = try await world.certificate(for: try await world.person(of: enrolment))
            let claim = try await TrainingService.fileClaim(ClaimInput(certificateId: certificate, payee: "provider", payeeAccount: "32050100123456789012"),
                                                            world.context(.organization, on: "2026-04-02"))
            for event in ["district-approve", "publish"] {
                try await TrainingService.stepClaim(claim, event: event, reason: nil, world.context(.district, on: "2026-04-03"))
            }
            try await TrainingService.stepClaim(claim, event: "conclude", reason: nil, world.context(.district, on: "2026-04-20"))
            let city = try await app.cityAdminToken()
            let path = "/api/v1/training-claims/\(claim.uuidString)/transitions"
            let first = try await Self.send(app, .POST, path, city, key: "approve-1", body: #"{"event": "city-approve"}"#)
            #expect(first.status == .ok, "\(first.body.string)")
            let again = try await Self.send(app, .POST, path, city, key: "approve-1", body: #"{"event": "city-approve"}"#)
            #expect(again.status == .ok && again.headers.first(name: Idempotent.replayedHeader) == "true")
            #expect(try await app.db.sql.raw("SELECT COUNT(*) AS n FROM ledger_payments").first()?.decode(column: "n", as: Int.self) == 1)
            let dto = try JSONDecoder().decode(ClaimDTO.self, from: first.body)
            #expect(dto.state == "approved" && dto.computation.contains("= 1,700.00 元"))
            let none = try await Self.send(app, .POST, path, city, body: #"{"event": "city-approve"}"#)
            #expect(none.status == .badRequest)
        }
    }
}

import Fluent
import Foundation
@testable import GongjiangApp
import GongjiangCore
import SQLKit
import Testing
import VaporTesting

extension TrainingWorld {
    /// A class of `count` trainees who all completed it, each with a certificate and a claim filed by the provider on
    /// 2026-04-02; the district's budget for 2026 is `budgetFen`.
    func claims(_ count: Int, budgetFen: Int64 = 10_000_000, phones: [String?] = []) async throws -> [UUID] {
        var claims: [UUID] = []
        for (index, certificate) in try await certified(count, budgetFen: budgetFen, phones: phones).enumerated() {
            claims.append(try await TrainingService.fileClaim(ClaimInput(certificateId: certificate, payee: "person",
                                                                         payeeAccount: "62220202001122" + String(format: "%05d", index)),
                                                              context(.organization, on: "2026-04-02")))
        }
        return claims
    }

    /// Trainees who completed a class, each with a certificate and no claim yet: the certificates' ids.
    func certified(_ count: Int, budgetFen: Int64 = 10_000_000, phones: [String?] = []) async throws -> [UUID] {
        try await provider()
        _ = try await LedgerService.allocate(AllocationInput(amountFen: 100_000_000, document: "通财社〔2026〕1号"), ledger(on: "2026-01-10"))
        _ = try await LedgerService.setBudget(BudgetInput(districtCode: "320602", year: 2026, amountFen: budgetFen, document: "通人社〔2026〕2号"),
                                              ledger(on: "2026-01-10"))
        let classID = try await fileClass()
        try await TrainingService.stepClass(classID, event: "approve", reason: nil, context(.district, on: "2026-03-02"))
        var enrolments: [UUID] = []
        for index in 0..<count {
            enrolments.append(try await TrainingService.enrol(classID, EnrolmentInput(
                name: "学员\(index)", idNumber: Fixture.residentID(sequence: 200 + index), category: "insured-employee",
                phone: index < phones.count ? phones[index] : nil), context(.organization, on: "2026-03-05")))
        }
        for enrolment in enrolments { try await TrainingService.recordAttendance(enrolment, hours: 60, context(.organization, on: "2026-03-20")) }
        try await TrainingService.stepClass(classID, event: "close", reason: nil, context(.organization, on: "2026-03-21"))
        var certificates: [UUID] = []
        for enrolment in enrolments { certificates.append(try await certificate(for: try await person(of: enrolment))) }
        return certificates
    }

    func count(_ sql: String) async throws -> Int {
        try await app.db.sql.raw(SQLQueryString(sql)).first()?.decode(column: "n", as: Int.self) ?? -1
    }
}

/// The reviewer's lists (issue 10, "Review"): one step for many claims, whole or not at all; the signals that need
/// counts (a shared phone, a provider's pass rate); the rules' versions and categories as the city edits them.
@Suite("Training lists, signals and rules")
struct TrainingListTests {
    @Test("One step for a list: every claim moves or none; publish puts them on one notice; the city's approval beyond the budget refuses the whole list, says by how much, commits nothing",
          arguments: TestDatabase.available)
    func listSteps(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let world = try await TrainingWorld.make(app)
            // Three claims of 1,700 yuan against a budget of 4,000: two fit, three do not.
            let claims = try await world.claims(3, budgetFen: 400_000)
            let district = world.context(.district, on: "2026-04-03")
            _ = try await TrainingService.stepClaims([claims[0]], event: "district-approve", reason: nil, district)
            // A list with one claim already past this step is refused whole, naming it.
            do {
                _ = try await TrainingService.stepClaims(claims, event: "district-approve", reason: nil, district)
                Issue.record("a list with a claim in another state was accepted")
            } catch let problem as RequestProblem {
                #expect(problem.chinese.hasPrefix("TS-2026-000001"), "\(problem.chinese)")
            }
            #expect(try await world.count("SELECT COUNT(*) AS n FROM training_claims WHERE state = 'district-approved'") == 1)
            _ = try await TrainingService.stepClaims(Array(claims.dropFirst()), event: "district-approve", reason: nil, district)
            // Nothing selected, too many, or a return without its reason.
            await #expect(throws: RequestProblem.self) { try await TrainingService.stepClaims([], event: "publish", reason: nil, district) }
            await #expect(throws: RequestProblem.self) {
                try await TrainingService.stepClaims((0...TrainingService.maximumClaimsPerStep).map { _ in UUID() }, event: "publish", reason: nil, district)
            }
            await #expect(throws: RequestProblem.self) { try await TrainingService.stepClaims(claims, event: "return", reason: nil, district) }
            // Another district's officer finds none of them.
            await #expect(throws: RequestProblem.notFound) {
                try await TrainingService.stepClaims(claims, event: "publish", reason: nil,
                                                     TrainingContext(database: app.db, scope: .districts(["320612"]), actor: .district,
                                                                     audit: AuditEvent(actor: "other", entity: .trainingClaim, action: .update), now: district.now, vault: app.vault))
            }

            let outcome = try await TrainingService.stepClaims(claims, event: "publish", reason: nil, district)
            let notice = try #require(outcome.noticeID)
            #expect(try await world.count("SELECT COUNT(DISTINCT notice_id) AS n FROM training_claims") == 1)
            let record = try #require(try await NoticeRecord.find(notice, on: app.db))
            #expect(record.title.contains("3 件") && record.subjectKind == ClaimNotice.subjectKind)
            _ = try await TrainingService.stepClaims(claims, event: "conclude", reason: nil, world.context(.district, on: "2026-04-20"))

            let city = world.context(.city, on: "2026-04-21")
            do {
                _ = try await TrainingService.stepClaims(claims, event: "city-approve", reason: nil, city)
                Issue.record("an approval beyond the budget was accepted")
            } catch let refusal as LedgerRefusal {
                #expect(refusal.chinese.contains("还差 1,100.00 元"), "\(refusal.chinese)")
            }
            #expect(try await world.count("SELECT COUNT(*) AS n FROM ledger_payments") == 0, "nothing committed")
            #expect(try await world.count("SELECT COUNT(*) AS n FROM training_claims WHERE state = 'notice-concluded'") == 3)
            _ = try await TrainingService.stepClaims(Array(claims.prefix(2)), event: "city-approve", reason: nil, city)
            #expect(try await LedgerService.balance(of: .of(.districtBudget, district: "320602", year: 2026), on: app.db) == Money(fen: 60_000))
            _ = try await TrainingService.stepClaims([claims[2]], event: "reject", reason: "预算用尽，转下一年度", city)
            #expect(try await world.claimState(claims[2]) == "rejected")
            guard case .success = try await LedgerVerification.run(on: app.db) else { Issue.record("ledger verify"); return }
            #expect(try await AuditTrail.verify(on: app.db).1 == nil)
        }
    }

    @Test("Through the API: a list step takes an Idempotency-Key, answers the ids and the notice, and a retry moves nothing twice")
    func listStepThroughTheAPI() async throws {
        try await withGongjiang(.sqlite) { app in
            let world = try await TrainingWorld.make(app)
            let claims = try await world.claims(2)
            let officer = try await app.tokenCaller(try await app.makeAccount(.districtOfficer, district: "320602"))
            let body = #"{"event": "district-approve", "claimIds": ["\#(claims[0].uuidString)", "\#(claims[1].uuidString)"]}"#
            let first = try await TrainingAPITests.send(app, .POST, "/api/v1/training-claim-transitions", officer, key: "list-1", body: body)
            #expect(first.status == .ok, "\(first.body.string)")
            let again = try await TrainingAPITests.send(app, .POST, "/api/v1/training-claim-transitions", officer, key: "list-1", body: body)
            #expect(again.headers.first(name: Idempotent.replayedHeader) == "true")
            #expect(try await world.count("SELECT COUNT(*) AS n FROM training_claims WHERE state = 'district-approved'") == 2)
            let noKey = try await TrainingAPITests.send(app, .POST, "/api/v1/training-claim-transitions", officer, body: body)
            #expect(noKey.status == .badRequest)
            let published = try await TrainingAPITests.send(app, .POST, "/api/v1/training-claim-transitions", officer, key: "list-2",
                                                             body: #"{"event": "publish", "claimIds": ["\#(claims[0].uuidString)", "\#(claims[1].uuidString)"]}"#)
            let result = try JSONDecoder().decode(ClaimsStepDTO.self, from: published.body)
            #expect(result.ids.count == 2 && result.noticeId != nil)
            // The public sees the notice's list, names masked.
            let page = try await app.testing().sendRequest(.GET, "/notices/training/\(result.noticeId!.uuidString)")
            #expect(page.status == .ok)
            #expect(page.body.string.contains("学*") && !page.body.string.contains("学员0"))
        }
    }

    @Test("Signals for the review queue: trainees sharing a phone, a provider whose pass rate is far above its peers'; neither refuses the claim")
    func countedSignals() async throws {
        try await withGongjiang(.sqlite) { app in
            let world = try await TrainingWorld.make(app)
            // Peers: three providers with 20 completed trainees and 10 claims each (50%), kept as counters.
            for serial in 0..<3 {
                let organization = Organization()
                organization.uscc = Fixture.creditCode(900 + serial)
                organization.name = "同类机构\(serial)"
                organization.kindCode = OrganizationKind.trainingProvider.rawValue
                organization.districtCode = "320602"
                try await organization.create(on: app.db)
                let id = try await TrainingService.approveProvider(ProviderInput(organizationId: organization.id, validFrom: "2026-01-01", validUntil: "2028-12-31",
                                                                                 scope: [.init(occupationCode: TrainingWorld.occupation, level: "4")]),
                                                                   world.context(.city, on: "2026-01-05"))
                try await app.db.sql.raw("UPDATE training_providers SET completed_trainees = 20, claims_filed = 10 WHERE id = \(bind: id)").run()
            }
            // This provider: 20 trainees, all certified; three gave one phone.
            let phone = "13962800001"
            let claims = try await world.claims(20, phones: [phone, phone, phone])
            #expect(claims.count == 20, "signals never refuse")
            let signals = try await app.db.sql.raw("SELECT number, signals FROM training_claims ORDER BY number").all().map {
                (try $0.decode(column: "number", as: String.self), try $0.decode(column: "signals", as: String.self))
            }
            // The three who gave one phone were all enrolled before any claim: each claim of theirs says so; the others not.
            for index in 0..<3 { #expect(signals[index].1.contains("sharedContact") && signals[index].1.contains("phone"), "\(signals[index].1)") }
            #expect(!signals[3].1.contains("sharedContact"))
            // The pass rate: 20 of 20 (100%) against the peers' 50% median fires at 150% of it, from the 20th trainee's count.
            #expect(signals[19].1.contains("passRateOutlier"), "\(signals[19].1)")
            #expect(try await world.count("SELECT COUNT(*) AS n FROM training_claims WHERE is_flagged") >= 2)
            let row = try await app.db.sql.raw("SELECT completed_trainees, claims_filed FROM training_providers WHERE organization_id = \(bind: world.organization)").first()!
            #expect(try row.decode(column: "completed_trainees", as: Int.self) == 20 && row.decode(column: "claims_filed", as: Int.self) == 20)
            // A bad phone is refused with the field named.
            await #expect(throws: RequestProblem.self) {
                try await TrainingService.enrol(try await world.fileClass(level: "3", starts: "2026-05-10", ends: "2026-05-20"),
                                                EnrolmentInput(name: "赵六", idNumber: Fixture.residentID(sequence: 901), category: "insured-employee", phone: "12345"),
                                                world.context(.organization, on: "2026-03-01"))
            }
        }
    }

    @Test("The city adds a version of the rules from a future day and a category; a retired category admits no enrolment; others may not edit", arguments: TestDatabase.available)
    func rulesAsData(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let world = try await TrainingWorld.make(app)
            let city = world.context(.city, on: "2026-11-30")
            var input = PolicyVersionInput(effectiveFrom: "2027-01-01", minimumHoursLevel5: 40, minimumHoursHigher: 60, practicalSharePercent: 60,
                                           completionAttendancePercent: 85, claimWindowMonths: 12, claimsPerPersonPerYear: 3,
                                           shortageUpliftMaximumPercent: 30, noticeWorkingDays: 5, classLeadDays: 1)
            try await TrainingService.addPolicyVersion(input, city)
            #expect(try await TrainingService.policy(on: app.db, day: try CivilDate(parsing: "2026-12-31")).minimumHoursHigher == 56)
            #expect(try await TrainingService.policy(on: app.db, day: try CivilDate(parsing: "2027-01-01")).minimumHoursHigher == 60)
            await #expect(throws: RequestProblem.self) { try await TrainingService.addPolicyVersion(input, city) }   // the same day twice
            input.effectiveFrom = "2026-11-30"
            await #expect(throws: TrainingRefusal.self) { try await TrainingService.addPolicyVersion(input, city) }
            input.effectiveFrom = "2027-06-01"
            input.completionAttendancePercent = 101
            await #expect(throws: TrainingRefusal.self) { try await TrainingService.addPolicyVersion(input, city) }
            input.completionAttendancePercent = nil
            await #expect(throws: RequestProblem.self) { try await TrainingService.addPolicyVersion(input, city) }
            await #expect(throws: WorkflowRefusal.self) {
                try await TrainingService.addPolicyVersion(input, world.context(.district, on: "2026-11-30"))
            }
            #expect(try await world.count("SELECT COUNT(*) AS n FROM training_policies") == 2)

            try await TrainingService.saveCategory(CategoryInput(code: "flexible-worker", nameZh: "灵活就业人员", nameEn: "Flexible worker", isActive: true), city)
            await #expect(throws: RequestProblem.self) {
                try await TrainingService.saveCategory(CategoryInput(code: "Flexible Worker", nameZh: "灵活就业人员", nameEn: "Flexible worker"), city)
            }
            try await TrainingService.saveCategory(CategoryInput(code: "veteran", nameZh: "退役军人", nameEn: "Veteran", isActive: false), city)
            try await world.provider()
            let classID = try await world.fileClass()
            await #expect(throws: RequestProblem.self) {
                try await TrainingService.enrol(classID, EnrolmentInput(name: "张伟", idNumber: Fixture.residentID(sequence: 201), category: "veteran"),
                                                world.context(.organization, on: "2026-03-05"))
            }
            _ = try await TrainingService.enrol(classID, EnrolmentInput(name: "张伟", idNumber: Fixture.residentID(sequence: 201), category: "flexible-worker"),
                                                world.context(.organization, on: "2026-03-05"))
            let audited = try await world.count("SELECT COUNT(*) AS n FROM audit_records WHERE entity IN ('training-policy', 'eligibility-category')")
            #expect(audited == 3)
        }
    }
}

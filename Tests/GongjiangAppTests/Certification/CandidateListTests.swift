import Fluent
import Foundation
@testable import GongjiangApp
import GongjiangCore
import SQLKit
import Testing
import VaporTesting

@Suite("Certification: candidates and scores as lists")
struct CandidateListTests {
    static func day(_ text: String) -> CivilDate { CertificationWorld.day(text) }

    static func input(_ sequence: Int, name: String = "赵一", level: String = "5", override: String? = nil) -> CandidateInput {
        CandidateInput(idType: nil, idNumber: Fixture.residentID(sequence: sequence), name: name, level: level,
                       workingSince: "2020-01-01", schools: nil, apprenticeshipCompleted: nil, overrideReason: override)
    }

    @Test("A list answers row by row: the good rows are written together, a bad row changes nothing and says why",
          arguments: TestDatabase.available)
    func registerList(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let world = try await CertificationWorld.make(app)
            let plan = try await world.plan(levels: [.level5, .level4], filedOn: Self.day("2025-09-16"))
            let org = world.asOrganization(on: Self.day("2025-09-17"))
            let existing = try await world.candidate(plan, sequence: 201, name: "钱二", on: Self.day("2025-09-17"))
            let persons = try await Person.query(on: app.db).count()
            let audits = try await AuditEntry.query(on: app.db).count()
            let rows = [
                Self.input(211, name: "孙三"),                              // new person, eligible by years
                Self.input(201, name: "钱二"),                              // already a candidate of the plan
                Self.input(213, name: "李四", level: "3"),                  // a level the plan does not hold
                Self.input(215, name: "周五", level: "4"),                  // ineligible for 四级 without a reason
                Self.input(217, name: "吴六", level: "4", override: "省级技能竞赛三等奖"),
                Self.input(211, name: "孙三"),                              // the same person twice in one list
                CandidateInput(idType: nil, idNumber: "32060219900101001X", name: "郑七", level: "5", workingSince: "2030-01-01",
                               schools: ["nowhere"], apprenticeshipCompleted: nil, overrideReason: nil),
            ]
            let results = try await CertificationService.registerCandidates(rows, plan: plan, org)
            #expect(results.count == rows.count)
            #expect((try? results[0].get()) != nil)
            #expect(throws: CertificationRefusal.candidateDuplicate) { try results[1].get() }
            #expect(throws: RequestProblem.self) { try results[2].get() }
            #expect(throws: CertificationRefusal.candidateIneligible) { try results[3].get() }
            #expect((try? results[4].get())?.eligibility == "override")
            #expect(throws: CertificationRefusal.candidateDuplicate) { try results[5].get() }
            // A bad ID number, a future working-since day and an unknown school: every problem of the row at once.
            if case .failure(let error) = results[6], case .validation(let problems) = error as? RequestProblem {
                #expect(Set(problems.map(\.field)) == ["idNumber", "workingSince", "schools[0]"])
            } else {
                Issue.record("row 7 should fail validation")
            }
            let candidates = try await PlanCandidate.query(on: app.db).filter(\.$planID == plan.id!).all()
            #expect(candidates.count == 3)
            #expect(Set(candidates.map(\.id)) == Set([existing.id, try results[0].get().id, try results[4].get().id]))
            // Two new persons joined the registry in the plan's district; one audit record for each person and candidate.
            #expect(try await Person.query(on: app.db).count() == persons + 2)
            #expect(try await AuditEntry.query(on: app.db).count() == audits + 4)
            #expect(try await AuditTrail.verify(on: app.db).problem == nil)

        }
    }

    @Test("Scores as a list: each row answers, the good ones are written in one transaction; a list for a locked plan is refused",
          arguments: TestDatabase.available)
    func scoresList(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let world = try await CertificationWorld.make(app)
            let plan = try await world.plan(levels: [.level5], filedOn: Self.day("2025-09-16"))
            let registered = try await CertificationService.registerCandidates((0..<4).map { Self.input(301 + 2 * $0, name: "王\($0)") }, plan: plan,
                                                                                world.asOrganization(on: Self.day("2025-09-17")))
                .map { try $0.get() }
            // Before the exam: the whole list is refused.
            let early = world.asOrganization(on: Self.day("2025-09-20"))
            await #expect(throws: CertificationRefusal.self) {
                _ = try await CertificationService.recordScores(registered.map { ($0, ScoresInput(theory: "80", practical: "80")) }, plan: plan, early)
            }
            let org = world.asOrganization(on: world.examDay(plan))
            let results = try await CertificationService.recordScores([
                (registered[0], ScoresInput(theory: "80", practical: "70.5")),
                (registered[1], ScoresInput(theory: "101", practical: "70")),
                (registered[2], ScoresInput(theory: "59.5", practical: "90")),
                (registered[3], ScoresInput(theory: "75", practical: "75", review: "80")),
            ], plan: plan, org)
            #expect((try? results[0].get()) != nil)
            #expect(throws: RequestProblem.self) { try results[1].get() }
            #expect((try? results[2].get()) != nil)
            #expect(throws: RequestProblem.self) { try results[3].get() }
            let stored = Dictionary(uniqueKeysWithValues: try await PlanCandidate.query(on: app.db).filter(\.$planID == plan.id!).all().map { ($0.id!, $0) })
            #expect(stored[registered[0].id!]?.scores[.practical] == (try Score(parsing: "70.5")))
            #expect(stored[registered[1].id!]?.scores.isEmpty == true)
            #expect(stored[registered[2].id!]?.scores[.theory] == (try Score(parsing: "59.5")))
            #expect(stored[registered[3].id!]?.scores.isEmpty == true)
            // The rest scored, the results submitted: the plan is locked, and a list is refused whole.
            _ = try await CertificationService.recordScores([(stored[registered[1].id!]!, ScoresInput(theory: "70", practical: "70")),
                                                             (stored[registered[3].id!]!, ScoresInput(theory: "75", practical: "75"))], plan: plan, org)
            try await CertificationService.step(plan, .submitResults, reason: nil, org)
            await #expect(throws: CertificationRefusal.planLocked) {
                _ = try await CertificationService.recordScores([(registered[0], ScoresInput(theory: "90", practical: "90"))], plan: plan, org)
            }
            #expect(try await PlanCandidate.query(on: app.db).filter(\.$planID == plan.id!).filter(\.$stateCode == "passed").count() == 3)
        }
    }
}

@Suite("Certification: serials taken as a block at issue")
struct SerialBlockTests {
    static func day(_ text: String) -> CivilDate { CertificationWorld.day(text) }

    @Test("A plan takes its level's serials as one block: one past 999999 refuses the whole issue and changes nothing; exactly up to it issues",
          arguments: TestDatabase.available)
    func blockAtTheLimit(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let world = try await CertificationWorld.make(app)
            let filed = Self.day("2025-09-16"), registered = Self.day("2025-09-17")
            // A first plan starts the counter of 2025's 五级 serials.
            let first = try await world.plan(filedOn: filed)
            _ = try await world.issue(first, candidates: [try await world.candidate(first, sequence: 401, name: "甲一", on: registered)], on: registered)
            try await app.db.sql.raw("UPDATE certificate_serials SET last_serial = \(bind: CertificateIssue.maximumSerial - 2)").run()

            // Three more need 999998 to 1000000: refused, the plan still waiting, no number taken.
            let three = try await world.plan(filedOn: filed)
            let threeCandidates = [try await world.candidate(three, sequence: 403, name: "乙一", on: registered),
                                   try await world.candidate(three, sequence: 405, name: "乙二", on: registered),
                                   try await world.candidate(three, sequence: 407, name: "乙三", on: registered)]
            await #expect(throws: CertificationRefusal.serialsExhausted) {
                _ = try await world.issue(three, candidates: threeCandidates, on: registered)
            }
            #expect(try await CertificationPlan.find(three.id, on: app.db)?.state == .noticeConcluded)
            #expect(try await Certificate.query(on: app.db).count() == 1)
            #expect(try await CertificateSerial.query(on: app.db).first()?.lastSerial == CertificateIssue.maximumSerial - 2)

            // Two fit exactly: 999998 and 999999.
            let two = try await world.plan(filedOn: filed)
            let twoCandidates = [try await world.candidate(two, sequence: 409, name: "丙一", on: registered),
                                 try await world.candidate(two, sequence: 411, name: "丙二", on: registered)]
            _ = try await world.issue(two, candidates: twoCandidates, on: registered)
            let numbers = try await Certificate.query(on: app.db).filter(\.$candidateID ~~ twoCandidates.compactMap(\.id)).all().map(\.number)
            #expect(Set(numbers.map { String($0.suffix(6)) }) == ["999998", "999999"])
            let certified = try await PlanCandidate.query(on: app.db).filter(\.$planID == two.id!).all()
            #expect(certified.allSatisfy { $0.state == .certified && $0.certificateID != nil })
            #expect(Set(certified.compactMap(\.certificateID)).count == 2)
            #expect(try await AuditTrail.verify(on: app.db).problem == nil)
        }
    }
}

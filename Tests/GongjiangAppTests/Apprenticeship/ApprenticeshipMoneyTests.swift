import Fluent
import Foundation
@testable import GongjiangApp
import GongjiangCore
import SQLKit
import Testing
import VaporTesting

/// The apprenticeship's money and progress through the service (issue 11): the advance committed on approval from the
/// district's budget, the settlement or clawback, completion read from the registry, agreement changes against the
/// floor in force on their day; after each, `ledger verify` and the audit chain hold.
@Suite("Apprenticeship money")
struct ApprenticeshipMoneyTests {
    typealias World = ApprenticeshipWorkflowTests.World

    /// A mentor who may take a whole class: the city's policy version from 2026 raises the load (the policy is data).
    static func roomyMentors(_ app: Application) async throws {
        let policy = ApprenticeshipPolicy.nantong2019
        try await app.db.sql.insert(into: "apprenticeship_policies")
            .columns("id", "effective_from", "minimum_contract_months", "minimum_duration_months", "maximum_duration_months", "mentor_capacity", "advance_percent")
            .values(SQLBind(UUID()), SQLBind("2026-01-01"), SQLBind(policy.minimumContractMonths), SQLBind(policy.minimumDurationMonths),
                    SQLBind(policy.maximumDurationMonths), SQLBind(50), SQLBind(policy.advancePercent)).run()
    }

    static func verify(_ app: Application) async throws {
        let ledger = try await LedgerVerification.run(on: app.db)
        if case .failure(let violation) = ledger { Issue.record("ledger verify: \(violation)") }
        #expect(try await AuditTrail.verify(on: app.db).1 == nil)
    }

    static func payment(_ app: Application, kind: String, plan: UUID) async throws -> (amount: Int64, state: String, clawed: Int64, payee: String)? {
        guard let row = try await app.db.sql.raw("""
            SELECT amount_fen, state, clawed_back_fen, payee_kind FROM ledger_payments WHERE source_kind = \(bind: kind) AND source_id = \(bind: plan.uuidString)
            """).first() else { return nil }
        return (try row.decode(column: "amount_fen", as: Int64.self), try row.decode(column: "state", as: String.self),
                try row.decode(column: "clawed_back_fen", as: Int64.self), try row.decode(column: "payee_kind", as: String.self))
    }

    /// The finance office sends the advance to the bank, which pays it.
    static func payAdvance(_ world: World, plan: UUID, on day: String) async throws {
        let payment = try await world.app.db.sql.raw("SELECT advance_payment_id FROM apprenticeship_plans WHERE id = \(bind: plan)").first()!
            .decode(column: "advance_payment_id", as: UUID.self)
        let ledger = world.training.ledger(on: day)
        let year = try CivilDate(parsing: day).year
        let batch = try await LedgerService.createBatch(BatchInput(districtCode: "320602", year: year, paymentIds: [payment]), ledger)
        let lines = try await LedgerQueries(database: world.app.db, scope: .city).lines(of: batch)
        _ = try await LedgerService.applyResult(batch, rows: [["reference", "amount", "result"]] + lines.map { [$0.reference, $0.amount.plainYuanText, "成功"] },
                                                ledger)
    }

    /// `count` apprentices of the same mentor, each a new person.
    static func enrol(_ world: World, plan: UUID, count: Int, from sequence: Int, mentor: String, on day: String) async throws -> [UUID] {
        var ids: [UUID] = []
        for index in 0..<count {
            ids.append(try await ApprenticeshipService.addApprentice(plan, ApprenticeshipWorkflowTests.apprentice(sequence + index, mentor: mentor),
                                                                     world.context(.organization, on: day)))
        }
        return ids
    }

    static func certify(_ world: World, _ apprentices: [UUID], level: Int, issued: String, source: String = "imported") async throws {
        for apprentice in apprentices {
            let person = try await world.app.db.sql.raw("SELECT person_id FROM apprentices WHERE id = \(bind: apprentice)").first()!
                .decode(column: "person_id", as: UUID.self)
            let certificate = try await world.training.certificate(for: person, level: level, issued: issued)
            try await world.app.db.sql.raw("UPDATE certificates SET source = \(bind: source) WHERE id = \(bind: certificate)").run()
        }
    }

    @Test("rules.md's worked example through the ledger: 45 planned at 高级工 (5,000 a year) advance 112,500 on approval; 33 complete over two years and 217,500 is committed at settlement", arguments: TestDatabase.available)
    func workedExample(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let world = try await World.make(app)
            try await Self.roomyMentors(app)
            let plan = try await world.plan(level: "3", months: 24, planned: 45)
            try await ApprenticeshipService.stepPlan(plan, event: "approve", reason: nil, world.context(.district, on: "2026-02-05"))
            let advance = try #require(try await Self.payment(app, kind: ApprenticeshipService.advanceSource, plan: plan))
            #expect(advance.amount == Money(yuan: 112_500).fen && advance.state == "committed" && advance.payee == "enterprise")
            try await Self.payAdvance(world, plan: plan, on: "2026-02-10")
            let mentor = try await world.mentor(sequence: 801, level: 2)
            let apprentices = try await Self.enrol(world, plan: plan, count: 40, from: 1, mentor: mentor, on: "2026-02-20")
            // 33 hold 高级工 of the occupation by the end (one from the certification module); 7 leave early.
            try await Self.certify(world, Array(apprentices.prefix(32)), level: SkillLevel.level3.rawValue, issued: "2027-12-10")
            try await Self.certify(world, [apprentices[32]], level: SkillLevel.level2.rawValue, issued: "2027-12-12", source: "issued")
            for apprentice in apprentices.suffix(7) {
                try await ApprenticeshipService.exit(apprentice, ExitInput(reason: "离职"), world.context(.organization, on: "2027-06-01"))
            }
            let settlement = try await ApprenticeshipService.settle(plan, world.context(.city, on: "2027-12-20"))
            #expect(settlement == .init(completed: 33, exitedAtEnd: 0, amount: Money(yuan: 217_500)))
            let settled = try #require(try await Self.payment(app, kind: ApprenticeshipService.settlementSource, plan: plan))
            #expect(settled.amount == Money(yuan: 217_500).fen && settled.state == "committed")
            #expect(try await world.count("SELECT COUNT(*) AS n FROM apprenticeship_plans WHERE state = 'settled' AND completed_headcount = 33") == 1)
            // A second settlement is refused: the plan is settled, and the ledger holds one payment per source.
            await #expect(throws: WorkflowRefusal.self) { _ = try await ApprenticeshipService.settle(plan, world.context(.city, on: "2027-12-21")) }
            try await Self.verify(app)
        }
    }

    @Test("Approval is refused whole when the district's budget is short of the advance: the plan stays filed and nothing is committed")
    func budgetShort() async throws {
        try await withGongjiang(.sqlite) { app in
            let world = try await World.make(app)
            // 200 planned at 高级工 (5,000 a year): an advance of 500,000 yuan against a budget cut to 400,000.
            _ = try await LedgerService.setBudget(BudgetInput(districtCode: "320602", year: 2026, amountFen: -460_000_000, document: "通人社职〔2026〕9号"),
                                                  world.training.ledger(on: "2026-01-20"))
            let plan = try await world.plan(level: "3", months: 36, planned: 200)
            await #expect(throws: LedgerRefusal.self) {
                try await ApprenticeshipService.stepPlan(plan, event: "approve", reason: nil, world.context(.district, on: "2026-02-05"))
            }
            #expect(try await world.count("SELECT COUNT(*) AS n FROM apprenticeship_plans WHERE state = 'filed' AND advance_payment_id IS NULL") == 1)
            #expect(try await world.count("SELECT COUNT(*) AS n FROM ledger_payments") == 0)
            try await Self.verify(app)
        }
    }

    @Test("Clawback: 10 planned at 中级工 advance 20,000; one completes, two leave; settlement 4,000 − 20,000 = −16,000 is clawed back from the paid advance. Before the advance is paid, settlement is refused and nothing changes", arguments: TestDatabase.available)
    func clawback(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let world = try await World.make(app)
            let plan = try await world.plan(level: "4", months: 12, planned: 10)
            try await ApprenticeshipService.stepPlan(plan, event: "approve", reason: nil, world.context(.district, on: "2026-02-05"))
            let mentor = try await world.mentor(sequence: 801, level: 3)
            let apprentices = try await Self.enrol(world, plan: plan, count: 3, from: 1, mentor: mentor, on: "2026-02-20")
            try await Self.certify(world, [apprentices[0]], level: SkillLevel.level4.rawValue, issued: "2026-11-01")
            for apprentice in apprentices.suffix(2) {
                try await ApprenticeshipService.exit(apprentice, ExitInput(reason: "劳动合同解除"), world.context(.organization, on: "2026-06-01"))
            }
            await #expect(throws: ApprenticeshipRefusal.advanceUnpaid(state: "待支付")) {
                _ = try await ApprenticeshipService.settle(plan, world.context(.city, on: "2026-11-10"))
            }
            #expect(try await world.count("SELECT COUNT(*) AS n FROM apprentices WHERE state = 'completed'") == 0, "the refused settlement recorded nothing")
            try await Self.payAdvance(world, plan: plan, on: "2026-11-12")
            let settlement = try await ApprenticeshipService.settle(plan, world.context(.city, on: "2026-11-20"))
            #expect(settlement.amount == Money(yuan: -16_000) && settlement.completed == 1)
            let advance = try #require(try await Self.payment(app, kind: ApprenticeshipService.advanceSource, plan: plan))
            #expect(advance.amount == Money(yuan: 20_000).fen && advance.clawed == Money(yuan: 16_000).fen && advance.state == "clawed-back")
            #expect(try await Self.payment(app, kind: ApprenticeshipService.settlementSource, plan: plan) == nil)
            let due = try await app.db.sql.raw("SELECT CAST(SUM(balance_fen) AS BIGINT) AS n FROM ledger_accounts WHERE kind = 'clawback-due'").first()?
                .decode(column: "n", as: Int64?.self)
            #expect(due == Money(yuan: 16_000).fen)
            try await Self.verify(app)
        }
    }

    @Test("Settlement waits for the class: one apprentice in training before the end refuses it; after the end, those still in training leave as not completed")
    func settlementAfterEnd() async throws {
        try await withGongjiang(.sqlite) { app in
            let world = try await World.make(app)
            let plan = try await world.plan(level: "4", months: 12, planned: 2)
            try await ApprenticeshipService.stepPlan(plan, event: "approve", reason: nil, world.context(.district, on: "2026-02-05"))
            try await Self.payAdvance(world, plan: plan, on: "2026-02-10")
            let mentor = try await world.mentor(sequence: 801, level: 3)
            let apprentices = try await Self.enrol(world, plan: plan, count: 2, from: 1, mentor: mentor, on: "2026-02-20")
            try await Self.certify(world, [apprentices[0]], level: SkillLevel.level4.rawValue, issued: "2026-12-01")
            await #expect(throws: ApprenticeshipRefusal.stillTraining(active: 1, endsOn: try CivilDate(parsing: "2027-02-28"))) {
                _ = try await ApprenticeshipService.settle(plan, world.context(.city, on: "2026-12-10"))
            }
            // The refusal rolled back the completion it read on the way.
            #expect(try await world.count("SELECT COUNT(*) AS n FROM apprentices WHERE state = 'active'") == 2)
            let settlement = try await ApprenticeshipService.settle(plan, world.context(.city, on: "2027-03-05"))
            // 1 × 4,000 × 1 − 4,000 advanced = 0: nothing more paid, nothing clawed back.
            #expect(settlement == .init(completed: 1, exitedAtEnd: 1, amount: .zero))
            #expect(try await world.count("SELECT COUNT(*) AS n FROM apprentices WHERE state = 'exited' AND exit_reason = '培养期满未取得目标等级证书'") == 1)
            try await Self.verify(app)
        }
    }

    @Test("Completion is read from the registry: a certificate of the occupation at or above the target level issued since the start completes; a lower level, another occupation, an earlier or a revoked one does not")
    func completion() async throws {
        try await withGongjiang(.sqlite) { app in
            let world = try await World.make(app)
            let plan = try await world.plan(level: "3", months: 24, planned: 5)
            try await ApprenticeshipService.stepPlan(plan, event: "approve", reason: nil, world.context(.district, on: "2026-02-05"))
            let mentor = try await world.mentor(sequence: 801, level: 2)
            let apprentices = try await Self.enrol(world, plan: plan, count: 3, from: 1, mentor: mentor, on: "2026-03-01")
            try await Self.certify(world, [apprentices[0]], level: SkillLevel.level4.rawValue, issued: "2026-09-01")   // below the target
            try await Self.certify(world, [apprentices[1]], level: SkillLevel.level3.rawValue, issued: "2026-02-27")   // before the start
            try await Self.certify(world, [apprentices[2]], level: SkillLevel.level3.rawValue, issued: "2026-09-01")
            try await app.db.sql.raw("""
                INSERT INTO certificates (id, number, number_format, person_id, occupation_code, work_type, level, issue_date, issuer_name, status, source)
                SELECT \(bind: UUID()), 'S0000321000022649990001', 'national', person_id, '4-12-01-01', '', \(bind: SkillLevel.level1.rawValue), '2026-09-01',
                       '南通市职业技能鉴定中心', 'valid', 'imported' FROM apprentices WHERE id = \(bind: apprentices[0])
                """).run()
            #expect(try await ApprenticeshipService.checkCompletions(plan, world.context(.district, on: "2026-09-10")) == 1)
            #expect(try await world.count("SELECT COUNT(*) AS n FROM apprentices WHERE state = 'completed' AND certificate_id IS NOT NULL") == 1)
            // Checking again changes nothing.
            #expect(try await ApprenticeshipService.checkCompletions(plan, world.context(.organization, on: "2026-09-11")) == 0)
            try await Self.verify(app)
        }
    }

    @Test("The floor changing on its effective date in the middle of an apprenticeship: the page warns; a change to 2,489.99 from 2027-01-01 is refused naming the new floor, from the day before it passes; at 2,600 it passes")
    func floorChangeMidway() async throws {
        try await withGongjiang(.sqlite) { app in
            let world = try await World.make(app)
            // The province publishes tier 1's next floor, 2,600 yuan from 2027-01-01, into the reference table.
            try await app.db.sql.raw("""
                INSERT INTO minimum_wages (id, province_code, tier, effective_from, monthly_fen, hourly_fen, source, is_confirmed)
                VALUES (\(bind: UUID()), '32', 1, '2027-01-01', 260000, 2500, 'test', \(bind: true))
                """).run()
            let plan = try await world.plan(level: "3", months: 24, planned: 5)
            try await ApprenticeshipService.stepPlan(plan, event: "approve", reason: nil, world.context(.district, on: "2026-02-05"))
            let mentor = try await world.mentor(sequence: 801, level: 2)
            let apprentice = try await ApprenticeshipService.addApprentice(plan, ApprenticeshipWorkflowTests.apprentice(1, mentor: mentor, wageFen: 249_000),
                                                                           world.context(.organization, on: "2026-02-20"))
            let parsed = try await ApprenticeshipService.plan(plan, world.context(.district, on: "2026-03-01"))
            let listed = try await ApprenticeshipQueries(database: app.db, scope: .city).apprentices(of: parsed, today: try CivilDate(parsing: "2026-03-01"))
            #expect(listed.first?.wageWarning?.contains("2027-01-01") == true)
            let enterprise = world.context(.organization, on: "2026-12-01")
            func change(_ wage: Int64, from day: String) async throws {
                try await ApprenticeshipService.changeAgreement(apprentice, ApprenticeChangeInput(effectiveOn: day, monthlyWageFen: wage, reason: "调薪"), enterprise)
            }
            do {
                try await change(248_999, from: "2027-01-01")
                Issue.record("a wage below the new floor was accepted")
            } catch let refusal as ApprenticeshipRefusal {
                #expect(refusal.chinese == "月工资 2,489.99 元低于崇川区 2027-01-01 起执行的最低工资 2,600.00 元")
            }
            #expect(try await world.count("SELECT COUNT(*) AS n FROM apprentice_changes") == 0)
            // The day before, the old floor (2,490) is in force: one fen below it is refused, at it passes.
            await #expect(throws: ApprenticeshipRefusal.self) { try await change(248_999, from: "2026-12-31") }
            try await change(249_500, from: "2026-12-31")
            try await change(260_000, from: "2027-01-01")
            #expect(try await world.count("SELECT COUNT(*) AS n FROM apprentice_changes") == 2)
            #expect(try await world.count("SELECT COUNT(*) AS n FROM apprentices WHERE monthly_wage_fen = 260000") == 1)
            // Outside the apprenticeship, no change.
            await #expect(throws: ApprenticeshipRefusal.self) { try await change(300_000, from: "2028-03-01") }
            // A contract cut below a year is refused as at filing.
            await #expect(throws: ApprenticeshipRefusal.self) {
                try await ApprenticeshipService.changeAgreement(apprentice, ApprenticeChangeInput(effectiveOn: "2026-12-31", contractEnd: "2027-01-31"), enterprise)
            }
            try await Self.verify(app)
        }
    }
}

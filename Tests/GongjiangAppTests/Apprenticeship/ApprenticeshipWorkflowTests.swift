import Fluent
import Foundation
@testable import GongjiangApp
import GongjiangCore
import SQLKit
import Testing
import VaporTesting

/// Enterprise apprenticeships through the service (issue 11): a plan filed with an approved school and approved by the
/// district; apprentices whose agreement, mentor and other apprenticeships are checked, bad input changing nothing.
@Suite("Apprenticeship")
struct ApprenticeshipWorkflowTests {
    struct World {
        let app: Application
        let enterprise: UUID
        let school: UUID
        let training: TrainingWorld

        static func make(_ app: Application) async throws -> World {
            let training = try await TrainingWorld.make(app)
            // The school: training's provider, approved for 车工 at 中级 and 高级.
            try await training.provider()
            let enterprise = Organization()
            enterprise.uscc = Fixture.creditCode(501)
            enterprise.name = "南通通海机械制造有限公司"
            enterprise.kindCode = OrganizationKind.enterprise.rawValue
            enterprise.districtCode = "320602"
            try await enterprise.create(on: app.db)
            // The district's budgets: an approval commits its advance from them.
            let ledger = training.ledger(on: "2024-01-05")
            _ = try await LedgerService.allocate(AllocationInput(amountFen: 2_000_000_000, document: "通财社〔2024〕1号"), ledger)
            for year in [2026, 2027] {
                _ = try await LedgerService.setBudget(BudgetInput(districtCode: "320602", year: year, amountFen: 500_000_000, document: "通人社职〔\(year)〕5号"),
                                                      ledger)
            }
            return World(app: app, enterprise: enterprise.id!, school: training.organization, training: training)
        }

        func context(_ actor: WorkflowActor, on day: String) -> ApprenticeshipContext {
            let scope: Scope = switch actor {
            case .organization: .organization(enterprise)
            case .district: .districts(["320602"])
            default: .city
            }
            return TrainingContext(database: app.db, scope: scope, actor: actor, audit: AuditEvent(actor: "\(actor)", entity: .apprenticeshipPlan, action: .update),
                                   now: ChinaTime.start(of: try! CivilDate(parsing: day)).addingTimeInterval(10 * 3600), vault: app.vault)
        }

        func plan(level: String = "3", months: Int = 24, planned: Int = 45, starts: String = "2026-03-01", filed: String = "2026-02-01") async throws -> UUID {
            try await ApprenticeshipService.filePlan(ApprenticeshipPlanInput(
                schoolId: school, occupationCode: TrainingWorld.occupation, targetLevel: level, durationMonths: months, schoolHours: 400, workHours: 1200,
                startsOn: starts, plannedHeadcount: planned, bankAccount: "32060101000012345"), context(.organization, on: filed))
        }

        /// A registry person holding `level` since `issued` (long before the plans start, unless a test says otherwise).
        func mentor(sequence: Int, level: Int, issued: String = "2020-06-01") async throws -> String {
            let number = Fixture.residentID(birth: "19800101", sequence: sequence)
            // Each mentor's class of its own, one after another, so a provider's classes never overlap.
            let starts = try CivilDate(parsing: "2026-03-10").adding(days: 12 * max(0, sequence - 801))
            let person = try await TrainingService.enrol(try await training.fileClass(level: "4", starts: starts.description,
                                                                                      ends: starts.adding(days: 10).description),
                                                         EnrolmentInput(name: "导师\(sequence)", idNumber: number, category: "insured-employee"),
                                                         training.context(.organization, on: "2026-03-01"))
            _ = try await training.certificate(for: try await training.person(of: person), level: SkillLevel(nationalLevel: level)!.rawValue, issued: issued)
            return number
        }

        func count(_ sql: String) async throws -> Int {
            try await app.db.sql.raw(SQLQueryString(sql)).first()?.decode(column: "n", as: Int.self) ?? -1
        }
    }

    static func apprentice(_ sequence: Int, mentor: String, wageFen: Int64 = 300_000, end: String? = "2028-02-29") -> ApprenticeInput {
        ApprenticeInput(name: "学徒\(sequence)", idNumber: Fixture.residentID(birth: "20040101", sequence: sequence), hireKind: "new-hire",
                        mentorIdNumber: mentor, teacherName: "王老师", contractStart: "2026-03-01", contractEnd: end,
                        monthlyWageFen: wageFen, trainingFeeFen: 400_000, mentorAllowanceFen: 30_000)
    }

    @Test("A plan is filed with an approved school and approved by the district; bad plans are refused and write nothing", arguments: TestDatabase.available)
    func plans(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let world = try await World.make(app)
            await #expect(throws: ApprenticeshipRefusal.duration(months: 37, minimum: 12, maximum: 36)) { try await world.plan(months: 37) }
            // The school is approved for 中级 and 高级 only.
            await #expect(throws: ApprenticeshipRefusal.outsideSchoolScope(occupationCode: TrainingWorld.occupation, level: .level2)) {
                try await world.plan(level: "2")
            }
            await #expect(throws: ApprenticeshipRefusal.targetLevel(.level5)) { try await world.plan(level: "5") }
            #expect(try await world.count("SELECT COUNT(*) AS n FROM apprenticeship_plans") == 0)
            let plan = try await world.plan()
            await #expect(throws: WorkflowRefusal.self) {
                try await ApprenticeshipService.stepPlan(plan, event: "approve", reason: nil, world.context(.organization, on: "2026-02-02"))
            }
            try await ApprenticeshipService.stepPlan(plan, event: "approve", reason: nil, world.context(.district, on: "2026-02-02"))
            #expect(try await world.count("SELECT COUNT(*) AS n FROM apprenticeship_plans WHERE state = 'approved'") == 1)
            #expect(try await AuditTrail.verify(on: app.db).1 == nil)
        }
    }

    @Test("Apprentices: a wage one fen below the district's floor, a short contract, a mentor below the level or over capacity, a second apprenticeship — each refused with its reason, nothing written")
    func apprentices() async throws {
        try await withGongjiang(.sqlite) { app in
            let world = try await World.make(app)
            let plan = try await world.plan(level: "3")
            try await ApprenticeshipService.stepPlan(plan, event: "approve", reason: nil, world.context(.district, on: "2026-02-02"))
            let senior = try await world.mentor(sequence: 801, level: 3)
            let junior = try await world.mentor(sequence: 802, level: 4)
            let enterprise = world.context(.organization, on: "2026-02-10")
            // 崇川区 is tier 1: 2,490 yuan from 2025-01-01 (minimum-wages.csv).
            do {
                _ = try await ApprenticeshipService.addApprentice(plan, Self.apprentice(1, mentor: senior, wageFen: 248_999), enterprise)
                Issue.record("a wage below the floor was accepted")
            } catch let refusal as ApprenticeshipRefusal {
                #expect(refusal.chinese == "月工资 2,489.99 元低于崇川区 2025-01-01 起执行的最低工资 2,490.00 元")
            }
            await #expect(throws: ApprenticeshipRefusal.self) {
                try await ApprenticeshipService.addApprentice(plan, Self.apprentice(1, mentor: senior, end: "2027-02-27"), enterprise)
            }
            await #expect(throws: ApprenticeshipRefusal.mentorBelowTarget(held: .level4, target: .level3)) {
                try await ApprenticeshipService.addApprentice(plan, Self.apprentice(1, mentor: junior), enterprise)
            }
            // The level is the one held on the day the apprenticeship starts: a certificate issued later does not count.
            let late = try await world.mentor(sequence: 804, level: 2, issued: "2026-03-28")
            await #expect(throws: ApprenticeshipRefusal.mentorBelowTarget(held: nil, target: .level3)) {
                try await ApprenticeshipService.addApprentice(plan, Self.apprentice(1, mentor: late), enterprise)
            }
            #expect(try await world.count("SELECT COUNT(*) AS n FROM apprentices") == 0)
            _ = try await ApprenticeshipService.addApprentice(plan, Self.apprentice(1, mentor: senior, wageFen: 249_000), enterprise)
            _ = try await ApprenticeshipService.addApprentice(plan, Self.apprentice(2, mentor: senior, end: nil), enterprise)
            _ = try await ApprenticeshipService.addApprentice(plan, Self.apprentice(3, mentor: senior), enterprise)
            await #expect(throws: ApprenticeshipRefusal.mentorFull(capacity: 3)) {
                try await ApprenticeshipService.addApprentice(plan, Self.apprentice(4, mentor: senior), enterprise)
            }
            // The same person in a second plan at once.
            let other = try await world.plan(level: "3")
            try await ApprenticeshipService.stepPlan(other, event: "approve", reason: nil, world.context(.district, on: "2026-02-02"))
            let another = try await world.mentor(sequence: 803, level: 2)
            await #expect(throws: ApprenticeshipRefusal.alreadyApprenticed) {
                try await ApprenticeshipService.addApprentice(other, Self.apprentice(1, mentor: another), enterprise)
            }
            #expect(try await world.count("SELECT COUNT(*) AS n FROM apprentices") == 3)
            // Another enterprise sees nothing of the plan.
            let stranger = TrainingContext(database: app.db, scope: .organization(UUID()), actor: .organization,
                                           audit: AuditEvent(actor: "x", entity: .apprentice, action: .create), now: enterprise.now, vault: app.vault)
            await #expect(throws: RequestProblem.notFound) {
                try await ApprenticeshipService.addApprentice(plan, Self.apprentice(5, mentor: another), stranger)
            }
        }
    }

    @Test("A returned plan is corrected by its enterprise (checked as at filing: 37 months refused, nothing changed), resubmitted and approved; a filed or approved plan cannot be amended, nor another enterprise's")
    func amendReturnedPlan() async throws {
        try await withGongjiang(.sqlite) { app in
            let world = try await World.make(app)
            let plan = try await world.plan(level: "3", months: 24, planned: 45)
            let enterprise = world.context(.organization, on: "2026-02-03")
            func amend(months: Int, planned: Int, _ context: ApprenticeshipContext) async throws {
                try await ApprenticeshipService.amendPlan(plan, ApprenticeshipPlanInput(
                    schoolId: world.school, occupationCode: TrainingWorld.occupation, targetLevel: "3", durationMonths: months, schoolHours: 400,
                    workHours: 1200, startsOn: "2026-03-01", plannedHeadcount: planned, bankAccount: "32060101000099999"), context)
            }
            await #expect(throws: WorkflowRefusal.self) { try await amend(months: 24, planned: 30, enterprise) }
            try await ApprenticeshipService.stepPlan(plan, event: "return", reason: "计划人数与合作协议不符", world.context(.district, on: "2026-02-02"))
            await #expect(throws: ApprenticeshipRefusal.duration(months: 37, minimum: 12, maximum: 36)) { try await amend(months: 37, planned: 30, enterprise) }
            let stranger = TrainingContext(database: app.db, scope: .organization(UUID()), actor: .organization,
                                           audit: AuditEvent(actor: "x", entity: .apprenticeshipPlan, action: .update), now: enterprise.now, vault: app.vault)
            await #expect(throws: RequestProblem.notFound) { try await amend(months: 24, planned: 30, stranger) }
            #expect(try await world.count("SELECT COUNT(*) AS n FROM apprenticeship_plans WHERE planned_headcount = 45") == 1)
            try await amend(months: 18, planned: 30, enterprise)
            #expect(try await world.count("SELECT COUNT(*) AS n FROM apprenticeship_plans WHERE planned_headcount = 30 AND duration_months = 18 AND ends_on = '2027-08-31'") == 1)
            try await ApprenticeshipService.stepPlan(plan, event: "resubmit", reason: nil, enterprise)
            try await ApprenticeshipService.stepPlan(plan, event: "approve", reason: nil, world.context(.district, on: "2026-02-05"))
            // 30 × 5,000 × 50% advanced, to the corrected account.
            let advance = try await app.db.sql.raw("SELECT amount_fen, payee_account_masked FROM ledger_payments").first()
            #expect(try advance?.decode(column: "amount_fen", as: Int64.self) == Money(yuan: 75_000).fen)
            #expect(try advance?.decode(column: "payee_account_masked", as: String.self).hasSuffix("9999") == true)
            await #expect(throws: WorkflowRefusal.self) { try await amend(months: 24, planned: 30, enterprise) }
            #expect(try await AuditTrail.verify(on: app.db).1 == nil)
        }
    }
}

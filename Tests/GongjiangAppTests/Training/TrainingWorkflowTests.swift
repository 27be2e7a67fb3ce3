import Fluent
import Foundation
@testable import GongjiangApp
import GongjiangCore
import SQLKit
import Testing
import VaporTesting

/// Subsidised training end to end through the special account (issue 10, "Training"), on SQLite and PostgreSQL.
struct TrainingWorld {
    let app: Application
    let organization: UUID
    static let occupation = "6-18-01-01"  // 车工, class A in the shipped sample

    static func make(_ app: Application) async throws -> TrainingWorld {
        let organization = Organization()
        organization.uscc = Fixture.creditCode(77)
        organization.name = "南通市技工培训学校"
        organization.kindCode = OrganizationKind.trainingProvider.rawValue
        organization.districtCode = "320602"
        try await organization.create(on: app.db)
        return TrainingWorld(app: app, organization: organization.id!)
    }

    func context(_ actor: WorkflowActor, on day: String) -> TrainingContext {
        let scope: Scope = switch actor {
        case .organization: .organization(organization)
        case .district: .districts(["320602"])
        default: .city
        }
        let now = ChinaTime.start(of: try! CivilDate(parsing: day)).addingTimeInterval(10 * 3600)
        return TrainingContext(database: app.db, scope: scope, actor: actor, audit: AuditEvent(actor: "\(actor)", entity: .trainingClass, action: .update),
                               now: now, vault: app.vault)
    }

    func ledger(on day: String) -> LedgerContext {
        LedgerContext(database: app.db, scope: .city, actor: .city, audit: AuditEvent(actor: "finance", entity: .ledgerTransaction, action: .create),
                      now: ChinaTime.start(of: try! CivilDate(parsing: day)).addingTimeInterval(11 * 3600), vault: app.vault)
    }

    func provider() async throws {
        _ = try await TrainingService.approveProvider(ProviderInput(organizationId: organization, validFrom: "2026-01-01", validUntil: "2028-12-31",
                                                                    scope: [.init(occupationCode: Self.occupation, level: "4"),
                                                                            .init(occupationCode: Self.occupation, level: "3")]),
                                                      context(.city, on: "2026-01-05"))
    }

    func fileClass(level: String = "4", starts: String = "2026-03-10", ends: String = "2026-03-20", capacity: Int = 30) async throws -> UUID {
        try await TrainingService.fileClass(ClassInput(occupationCode: Self.occupation, level: level, totalHours: 60, practicalHours: 40,
                                                       startsOn: starts, endsOn: ends, capacity: capacity, site: "南通市崇川区工农路 1 号",
                                                       teachers: "李老师、王老师", feeFen: 180_000), context(.organization, on: "2026-03-01"))
    }

    func certificate(for person: UUID, level: Int = 2, issued: String = "2026-03-28") async throws -> UUID {
        let certificate = Certificate()
        certificate.number = "S000032100002264" + String(Int.random(in: 100_000...999_999))
        certificate.numberFormat = "national"
        certificate.personID = person
        certificate.occupationCode = Self.occupation
        certificate.workType = ""
        certificate.levelRank = level
        certificate.issueDate = issued
        certificate.issuerName = "南通市职业技能鉴定中心"
        certificate.status = CertificateStatus.valid.rawValue
        certificate.source = "imported"
        try await certificate.create(on: app.db)
        return certificate.id!
    }

    func person(of enrolment: UUID) async throws -> UUID {
        try await app.db.sql.raw("SELECT person_id FROM training_enrolments WHERE id = \(bind: enrolment)").first()!.decode(column: "person_id", as: UUID.self)
    }

    func claimState(_ id: UUID) async throws -> String {
        try await app.db.sql.raw("SELECT state FROM training_claims WHERE id = \(bind: id)").first()!.decode(column: "state", as: String.self)
    }
}

@Suite("Training")
struct TrainingWorkflowTests {
    @Test("Provider → class → enrolment → attendance → completion → claim → review → notice → approval (budget) → bank → paid",
          arguments: TestDatabase.available)
    func wholePath(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let world = try await TrainingWorld.make(app)
            try await world.provider()
            _ = try await LedgerService.allocate(AllocationInput(amountFen: 100_000_000, document: "通财社〔2026〕1号"), world.ledger(on: "2026-01-10"))
            _ = try await LedgerService.setBudget(BudgetInput(districtCode: "320602", year: 2026, amountFen: 1_000_000, document: "通人社〔2026〕2号"),
                                                  world.ledger(on: "2026-01-10"))
            let classID = try await world.fileClass()
            try await TrainingService.stepClass(classID, event: "approve", reason: nil, world.context(.district, on: "2026-03-02"))
            let provider = world.context(.organization, on: "2026-03-05")
            let first = try await TrainingService.enrol(classID, EnrolmentInput(name: "张伟", idNumber: Fixture.residentID(sequence: 201),
                                                                                category: "insured-employee"), provider)
            let second = try await TrainingService.enrol(classID, EnrolmentInput(name: "李娜", idNumber: Fixture.residentID(sequence: 302),
                                                                                 category: "registered-unemployed"), provider)
            try await TrainingService.recordAttendance(first, hours: 48, world.context(.organization, on: "2026-03-20"))   // 80%: completes
            try await TrainingService.recordAttendance(second, hours: 47, world.context(.organization, on: "2026-03-20"))  // 78%: does not
            let third = try await TrainingService.enrol(classID, EnrolmentInput(name: "王芳", idNumber: Fixture.residentID(sequence: 403),
                                                                                category: "rural-migrant"), provider)
            try await TrainingService.recordAttendance(third, hours: 60, world.context(.organization, on: "2026-03-20"))
            await #expect(throws: RequestProblem.self) {
                try await TrainingService.stepClass(classID, event: "close", reason: nil, world.context(.organization, on: "2026-03-20"))
            }
            try await TrainingService.stepClass(classID, event: "close", reason: nil, world.context(.organization, on: "2026-03-21"))
            let states = try await app.db.sql.raw("SELECT state FROM training_enrolments ORDER BY attended_hours DESC").all()
                .map { try $0.decode(column: "state", as: String.self) }
            #expect(states == ["completed", "completed", "incomplete"])

            let person = try await world.person(of: first)
            let certificate = try await world.certificate(for: person)
            let claimID = try await TrainingService.fileClaim(ClaimInput(certificateId: certificate, payee: "person", payeeAccount: "6222020200112233445"),
                                                              world.context(.organization, on: "2026-04-02"))
            // A-class 中级: 1,500 yuan benchmark + 200 assessment subsidy (the shipped 2023 standards), computed, not typed.
            let row = try await app.db.sql.raw("SELECT amount_fen, computation FROM training_claims WHERE id = \(bind: claimID)").first()!
            #expect(try row.decode(column: "amount_fen", as: Int64.self) == 170_000)
            #expect(try row.decode(column: "computation", as: String.self).contains("\"benchmark\""))
            // The same certificate again is refused; the incomplete trainee's certificate finds no completed class.
            await #expect(throws: TrainingRefusal.sameOccupationAndLevel) {
                try await TrainingService.fileClaim(ClaimInput(certificateId: certificate, payee: "person", payeeAccount: "6222020200112233445"),
                                                    world.context(.organization, on: "2026-04-02"))
            }
            let other = try await world.certificate(for: try await world.person(of: second))
            await #expect(throws: RequestProblem.self) {
                try await TrainingService.fileClaim(ClaimInput(certificateId: other, payee: "person", payeeAccount: "6222020200199887766"),
                                                    world.context(.organization, on: "2026-04-02"))
            }

            // Not both subsidies for one certificate: the insurance fund paid the third trainee's skill-upgrade subsidy.
            let thirdCertificate = try await world.certificate(for: try await world.person(of: third))
            _ = try await TrainingService.recordSkillUpgradeSubsidy(SkillUpgradeSubsidyInput(certificateId: thirdCertificate, paidOn: "2026-03-30",
                                                                                             amountFen: 150_000), world.context(.district, on: "2026-03-30"))
            await #expect(throws: TrainingRefusal.unemploymentSkillSubsidyPaid) {
                try await TrainingService.fileClaim(ClaimInput(certificateId: thirdCertificate, payee: "person", payeeAccount: "6222020200155667788"),
                                                    world.context(.organization, on: "2026-04-02"))
            }

            let district = world.context(.district, on: "2026-04-03")
            try await TrainingService.stepClaim(claimID, event: "district-approve", reason: nil, district)
            try await TrainingService.stepClaim(claimID, event: "publish", reason: nil, district)
            // The city cannot approve before the notice is concluded, and the notice not before its last day.
            await #expect(throws: WorkflowRefusal.self) {
                try await TrainingService.stepClaim(claimID, event: "city-approve", reason: nil, world.context(.city, on: "2026-04-03"))
            }
            await #expect(throws: NoticeRefusal.self) {
                try await TrainingService.stepClaim(claimID, event: "conclude", reason: nil, world.context(.district, on: "2026-04-07"))
            }
            try await TrainingService.stepClaim(claimID, event: "conclude", reason: nil, world.context(.district, on: "2026-04-20"))
            try await TrainingService.stepClaim(claimID, event: "city-approve", reason: nil, world.context(.city, on: "2026-04-21"))
            #expect(try await world.claimState(claimID) == "approved")
            #expect(try await LedgerService.balance(of: .of(.districtBudget, district: "320602", year: 2026), on: app.db) == Money(fen: 1_000_000 - 170_000))

            let batch = try await LedgerService.createBatch(BatchInput(districtCode: "320602", year: 2026), world.ledger(on: "2026-04-22"))
            let line = try #require(try await LedgerQueries(database: app.db, scope: .city).lines(of: batch).first)
            _ = try await LedgerService.applyResult(batch, rows: [["reference", "amount", "result"], [line.reference, "1700.00", "成功"]],
                                                    world.ledger(on: "2026-04-25"))
            #expect(try await world.claimState(claimID) == "paid", "the ledger told training")
            guard case .success = try await LedgerVerification.run(on: app.db) else { Issue.record("ledger verify"); return }
            #expect(try await AuditTrail.verify(on: app.db).1 == nil)

            // The annual figures count the paid claim and its money; a clawback takes both back.
            let paid = try await AnnualFigureQueries.compute(year: 2026, scope: .city, on: app.db)
            #expect(paid.subsidisedTrainingPersonTimes == 1 && paid.subsidyPaidFen == 170_000)
            let payment = try await app.db.sql.raw("SELECT payment_id FROM training_claims WHERE id = \(bind: claimID)").first()!
                .decode(column: "payment_id", as: UUID.self)
            try await LedgerService.clawback(payment, ClawbackInput(amountFen: nil, reason: "签到记录不实"), world.ledger(on: "2026-05-10"))
            let clawed = try await AnnualFigureQueries.compute(year: 2026, scope: .districts(["320602"]), on: app.db)
            #expect(clawed.subsidisedTrainingPersonTimes == 0 && clawed.subsidyPaidFen == 0)
        }
    }

    @Test("Bad input is refused with its reason and changes nothing: hours below the minimum, outside scope, past capacity, overlapping")
    func badInput() async throws {
        try await withGongjiang(.sqlite) { app in
            let world = try await TrainingWorld.make(app)
            try await world.provider()
            let provider = world.context(.organization, on: "2026-03-01")
            await #expect(throws: TrainingRefusal.hoursBelowMinimum(hours: 50, minimum: 56, level: .level4)) {
                try await TrainingService.fileClass(ClassInput(occupationCode: TrainingWorld.occupation, level: "4", totalHours: 50, practicalHours: 40,
                                                               startsOn: "2026-03-10", endsOn: "2026-03-20", capacity: 30, site: "地点", teachers: "教师"), provider)
            }
            await #expect(throws: TrainingRefusal.outsideProviderScope(occupationCode: TrainingWorld.occupation, level: .level2)) {
                try await TrainingService.fileClass(ClassInput(occupationCode: TrainingWorld.occupation, level: "2", totalHours: 60, practicalHours: 40,
                                                               startsOn: "2026-03-10", endsOn: "2026-03-20", capacity: 30, site: "地点", teachers: "教师"), provider)
            }
            #expect(try await app.db.sql.raw("SELECT COUNT(*) AS n FROM training_classes").first()?.decode(column: "n", as: Int.self) == 0)
            let small = try await world.fileClass(capacity: 1)
            let overlapping = try await world.fileClass(level: "3", starts: "2026-03-20", ends: "2026-03-30")
            _ = try await TrainingService.enrol(small, EnrolmentInput(name: "张伟", idNumber: Fixture.residentID(sequence: 201), category: "insured-employee"), provider)
            await #expect(throws: TrainingRefusal.classFull(capacity: 1)) {
                try await TrainingService.enrol(small, EnrolmentInput(name: "李娜", idNumber: Fixture.residentID(sequence: 302), category: "insured-employee"), provider)
            }
            await #expect(throws: TrainingRefusal.self) {
                try await TrainingService.enrol(overlapping, EnrolmentInput(name: "张伟", idNumber: Fixture.residentID(sequence: 201), category: "insured-employee"), provider)
            }
            await #expect(throws: RequestProblem.self) {
                try await TrainingService.enrol(overlapping, EnrolmentInput(name: "王芳", idNumber: Fixture.residentID(sequence: 403), category: "astronaut"), provider)
            }
            #expect(try await app.db.sql.raw("SELECT COUNT(*) AS n FROM training_enrolments").first()?.decode(column: "n", as: Int.self) == 1)
            // Not both subsidies for one certificate: once the skill-upgrade subsidy is recorded, the training claim is refused.
            let person = try await app.db.sql.raw("SELECT person_id FROM training_enrolments").first()!.decode(column: "person_id", as: UUID.self)
            let certificate = try await world.certificate(for: person)
            _ = try await TrainingService.recordSkillUpgradeSubsidy(SkillUpgradeSubsidyInput(certificateId: certificate, paidOn: "2026-04-01", amountFen: 150_000),
                                                                    world.context(.district, on: "2026-04-01"))
            await #expect(throws: RequestProblem.self) {
                try await TrainingService.recordSkillUpgradeSubsidy(SkillUpgradeSubsidyInput(certificateId: certificate, paidOn: "2026-04-01", amountFen: 150_000),
                                                                    world.context(.district, on: "2026-04-01"))
            }
            // Another provider cannot see this provider's class.
            let stranger = TrainingContext(database: app.db, scope: .organization(UUID()), actor: .organization,
                                           audit: AuditEvent(actor: "x", entity: .trainingClass, action: .update), now: Date(), vault: app.vault)
            await #expect(throws: RequestProblem.notFound) {
                try await TrainingService.enrol(small, EnrolmentInput(name: "赵六", idNumber: Fixture.residentID(sequence: 504), category: "insured-employee"), stranger)
            }
        }
    }
}

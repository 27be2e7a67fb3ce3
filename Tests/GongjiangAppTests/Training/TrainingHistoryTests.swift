import Fluent
import Foundation
@testable import GongjiangApp
import GongjiangCore
import SQLKit
import Testing
import VaporTesting

@Suite("Training: the city-scale demo's history, past years by the bulk path and this year through the workflow")
struct TrainingHistoryTests {
    @Test("Past years' claims are written paid, with their classes, notices and payments, and agree with the ledger, the standards and the figures; this year's go through every step",
          arguments: TestDatabase.available)
    func historyByBulkPathAndWorkflow(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let today = try CivilDate(parsing: "2026-11-30")
            let demo = DemoContext(application: app, scale: .city, seed: 7, today: today, fraction: 0.002)
            _ = try await DemoCity(scale: .city, seed: 7, fraction: 0.002, today: today).build(on: app.db, vault: app.vault)
            let outcome = try await TrainingHistory(demo: demo).build()
            #expect(outcome.years == [2023, 2024, 2025, 2026])
            #expect(outcome.imported > 0 && outcome.imported < outcome.filed)
            let sql = app.db.sql

            // The ledger holds (the build checks it too, and fails otherwise).
            guard case .success = try await LedgerVerification.run(on: app.db) else {
                Issue.record("ledger verify failed")
                return
            }
            // Every past year's claim is paid, from a closed class it completed, on a concluded notice of its district,
            // by a paid payment of its amount.
            let past = try await sql.raw("""
                SELECT k.id, k.amount_fen, k.state, k.level, k.occupation_code, k.district_code, c.issue_date, e.state AS enrolment, t.state AS class,
                    n.state AS notice, n.district_code AS notice_district, y.state AS payment, y.amount_fen AS paid_fen
                FROM training_claims k JOIN certificates c ON c.id = k.certificate_id JOIN training_enrolments e ON e.id = k.enrolment_id
                JOIN training_classes t ON t.id = e.class_id JOIN public_notices n ON n.id = k.notice_id JOIN ledger_payments y ON y.id = k.payment_id
                WHERE k.year < 2026
                """).all()
            #expect(past.count == outcome.imported)
            let standards = try await TrainingService.standards(on: app.db)
            let policy = try await TrainingService.policy(on: app.db, day: today)
            for row in past {
                #expect(try row.decode(column: "state", as: String.self) == ClaimState.paid.rawValue)
                #expect(try row.decode(column: "enrolment", as: String.self) == "completed")
                #expect(try row.decode(column: "class", as: String.self) == ClassState.closed.rawValue)
                #expect(try row.decode(column: "notice", as: String.self) == "concluded")
                #expect(try row.decode(column: "notice_district", as: String.self) == (try row.decode(column: "district_code", as: String.self)))
                #expect(try row.decode(column: "payment", as: String.self) == PaymentState.paid.rawValue)
                let amount = try row.decode(column: "amount_fen", as: Int64.self)
                #expect(try row.decode(column: "paid_fen", as: Int64.self) == amount)
                // The amount the standards give for the certificate's class, level and day (the demo's occupations have no uplift).
                let occupation = try row.decode(column: "occupation_code", as: String.self)
                let subsidyClass = try #require(try await Occupation.find(occupation, on: app.db)).subsidyClass
                let level = try #require(SkillLevel(rawValue: try row.decode(column: "level", as: Int.self)))
                let computed = try standards.compute(subsidyClass: subsidyClass, level: level,
                                                     on: try CivilDate(parsing: try row.decode(column: "issue_date", as: String.self)),
                                                     upliftPercent: 0, policy: policy)
                #expect(computed.total.fen == amount)
            }
            // The person-times figure counts every paid claim in its district and year, past and present alike.
            let counted = try await sql.raw("""
                SELECT district_code, year, CAST(SUM(n) AS BIGINT) AS n FROM stat_counts WHERE metric = \(bind: SkillAggregates.Metric.trainingPaid)
                GROUP BY district_code, year ORDER BY district_code, year
                """).all().map { "\(try $0.decode(column: "district_code", as: String.self))|\(try $0.decode(column: "year", as: Int.self))|\(try $0.decode(column: "n", as: Int64.self))" }
            let paid = try await sql.raw("""
                SELECT district_code, year, COUNT(*) AS n FROM training_claims WHERE state = 'paid' GROUP BY district_code, year ORDER BY district_code, year
                """).all().map { "\(try $0.decode(column: "district_code", as: String.self))|\(try $0.decode(column: "year", as: Int.self))|\(try $0.decode(column: "n", as: Int64.self))" }
            #expect(counted == paid)
            #expect(try await sql.raw("SELECT COUNT(*) AS n FROM training_claims WHERE state = 'paid'").first()?.decode(column: "n", as: Int.self) == outcome.paid)
            // This year's claims were filed one by one through the workflow (an audit record each); past years' came in
            // by month and district.
            let thisYear = try await sql.raw("SELECT COUNT(*) AS n FROM training_claims WHERE year = 2026").first()?.decode(column: "n", as: Int.self) ?? 0
            #expect(thisYear == outcome.filed - outcome.imported)
            let filedOneByOne = try await AuditEntry.query(on: app.db).filter(\.$entity == "training-claim").filter(\.$action == "create").count()
            #expect(filedOneByOne == thisYear)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == TrainingHistory.historyImport.rawValue).count() > 0)
            #expect(try await AuditTrail.verify(on: app.db).problem == nil)
        }
    }
}

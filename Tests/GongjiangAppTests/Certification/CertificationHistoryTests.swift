import Fluent
import Foundation
@testable import GongjiangApp
import GongjiangCore
import SQLKit
import Testing
import VaporTesting

@Suite("Certification: the city-scale demo's current year through the workflow")
struct CertificationHistoryTests {
    @Test("The current year's certificates come only from plans: each drawn certificate is a candidate, issued once its notice ends",
          arguments: TestDatabase.available)
    func currentYearThroughPlans(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let today = try CivilDate(parsing: "2026-11-30")
            let demo = DemoContext(application: app, scale: .city, seed: 5, today: today, fraction: 0.001)
            let city = try await DemoCity(scale: .city, seed: 5, fraction: 0.001, today: today, currentYear: demo.currentYear)
                .build(on: app.db, vault: app.vault)
            #expect(city.certificates > 0)
            let drawn = demo.currentYear.take()
            #expect(!drawn.isEmpty)
            // The registry's bulk path wrote nothing of this year.
            let thisYear = try await Certificate.query(on: app.db).filter(\.$issueDate >= "2026-01-01").count()
            #expect(thisYear == 0)
            for entry in drawn { demo.currentYear.append(entry) }

            let outcome = try await CertificationHistory(demo: demo).build()
            #expect(outcome.candidates + outcome.refused == drawn.count)
            #expect(outcome.issued > 0 && outcome.issued <= outcome.candidates)
            let issued = try await Certificate.query(on: app.db).filter(\.$issueDate >= "2026-01-01").all()
            #expect(issued.count == outcome.issued)
            #expect(issued.allSatisfy { $0.source == CertificateSource.issued.rawValue && $0.candidateID != nil && $0.issueDate <= "2026-11-30" })
            // Each issued certificate's candidate sat in a plan that went the whole way, and the person is the drawn one, in
            // the drawn district.
            let byNumber = Dictionary(grouping: drawn, by: \.idNumber)
            for certificate in issued.prefix(200) {
                let candidate = try #require(try await PlanCandidate.find(certificate.candidateID, on: app.db))
                #expect(candidate.state == .certified)
                let plan = try #require(try await CertificationPlan.find(candidate.planID, on: app.db))
                #expect(plan.state == .issued && plan.occupationCode == certificate.occupationCode)
                let person = try #require(try await Person.find(certificate.personID, on: app.db))
                let entries = try #require(byNumber[try person.idNumber(app.vault)])
                #expect(entries.contains { $0.occupationCode == certificate.occupationCode && $0.level == certificate.level })
                #expect(person.districtCode == entries[0].district)
            }
            // What is not issued is still in flight on today: its plan's notice runs.
            let open = try await CertificationPlan.query(on: app.db)
                .filter(\.$stateCode !~ [PlanState.issued.rawValue, PlanState.cancelled.rawValue]).all()
            #expect(open.count == outcome.inFlight)
            #expect(open.allSatisfy { $0.state == .inNotice })
            #expect(try await AuditTrail.verify(on: app.db).problem == nil)
        }
    }
}

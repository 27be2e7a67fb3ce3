import Fluent
import Foundation
@testable import GongjiangApp
import GongjiangCore
import SQLKit
import Testing
import VaporTesting

/// A test's view of the ledger: the city's finance office as a context, and the steps a module takes to pay.
struct LedgerWorld {
    let app: Application
    static let district = "320602"
    static let year = 2026

    var context: LedgerContext {
        LedgerContext(database: app.db, scope: .city, actor: .city, audit: AuditEvent(actor: "finance", entity: .ledgerTransaction, action: .create),
                      now: Date(), vault: app.vault)
    }

    var system: LedgerContext {
        LedgerContext(database: app.db, scope: .city, actor: .system, audit: AuditEvent(actor: "training", entity: .ledgerTransaction, action: .create),
                      now: Date(), vault: app.vault)
    }

    /// Money in, and a budget for the district.
    func fund(budgetYuan: Int64, district: String = Self.district) async throws {
        _ = try await LedgerService.allocate(AllocationInput(amountFen: budgetYuan * 100 * 10, document: "通财社〔2026〕1号"), context)
        _ = try await LedgerService.setBudget(BudgetInput(districtCode: district, year: Self.year, amountFen: budgetYuan * 100,
                                                         document: "通人社〔2026〕2号"), context)
    }

    /// What a module does on approval: commit the budget to one payee, in its own audited transaction.
    @discardableResult
    func commit(_ source: String, yuan: Int64, district: String = Self.district, account: String = "6222020200112233445") async throws -> UUID {
        let context = system
        return try await AuditTrail.transaction(on: app.db) { tx, log in
            try await LedgerService.commit(PaymentOrder(source: LedgerSource(kind: "test-claim", id: source), districtCode: district, year: Self.year,
                                                        payee: .person, payeeName: "王小明", payeeAccount: account, amount: Money(yuan: yuan),
                                                        purpose: "职业技能培训补贴"), on: tx, log: log, context)
        }
    }

    func budget(_ district: String = Self.district) async throws -> Money {
        try await LedgerService.balance(of: .of(.districtBudget, district: district, year: Self.year), on: app.db)
    }

    func state(_ payment: UUID) async throws -> PaymentState? {
        try await LedgerQueries(database: app.db, scope: .city).payment(payment)?.state
    }

    func verify() async throws {
        switch try await LedgerVerification.run(on: app.db) {
        case .success: break
        case .failure(let violation): Issue.record("ledger verify: \(violation)")
        }
        let (_, problem) = try await AuditTrail.verify(on: app.db)
        #expect(problem == nil, "audit verify")
    }

    func references(of batch: UUID) async throws -> [(reference: String, amount: Money)] {
        try await LedgerQueries(database: app.db, scope: .city).lines(of: batch).map { ($0.reference, $0.amount) }
    }

    static func resultFile(_ lines: [(String, Money, Bool)]) -> [[String]] {
        [["reference", "amount", "result", "reason"]] + lines.map { [$0.0, $0.1.plainYuanText, $0.2 ? "paid" : "failed", $0.2 ? "" : "账户已销户"] }
    }
}

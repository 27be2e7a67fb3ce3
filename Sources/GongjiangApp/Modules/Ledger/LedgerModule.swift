import Foundation
import GongjiangCore
import Vapor

extension Section {
    static let ledger = Section("ledger", title: "ledger.nav")
}

/// The special account's ledger (专账资金): allocations, district budgets, commitments, payment batches and the bank's
/// results, clawbacks; the trial balance; `ledger verify`. Every module that moves money pays through it.
struct LedgerModule: GongjiangModule {
    var name: String { "ledger" }

    var navigation: [NavigationEntry] {
        [NavigationEntry(section: .ledger, path: PagePath.ledger.url(), requirement: .permission(.readLedger))]
    }

    func pageRoutes(_ routes: any RoutesBuilder) throws {
        try routes.register(collection: LedgerPageRoutes())
    }

    func apiRoutes(_ api: any RoutesBuilder) throws {
        let handlers = LedgerAPI()
        api.get("ledger", "trial-balance", use: handlers.trialBalance).requires(.permission(.readLedger))
        api.get("ledger", "check", use: handlers.check).requires(.permission(.manageLedger))
        api.get("ledger", "transactions", use: handlers.transactions).requires(.permission(.readLedger))
        api.get("ledger", "transactions", ":id", use: handlers.transaction).requires(.permission(.readLedger))
        api.post("ledger", "transactions", ":id", "reversal", use: handlers.reverse).requires(.permission(.manageLedger))
        api.post("ledger", "allocations", use: handlers.allocate).requires(.permission(.manageLedger))
        api.post("ledger", "budgets", use: handlers.budget).requires(.permission(.manageLedger))
        api.get("payments", use: handlers.payments).requires(.permission(.readLedger))
        api.get("payments", ":id", use: handlers.payment).requires(.permission(.readLedger))
        api.post("payments", ":id", "cancellation", use: handlers.cancel).requires(.permission(.manageLedger))
        api.post("payments", ":id", "clawback", use: handlers.clawback).requires(.permission(.manageLedger))
        api.post("payments", ":id", "recovery", use: handlers.recover).requires(.permission(.manageLedger))
        api.get("payment-batches", use: handlers.batches).requires(.permission(.readLedger))
        api.post("payment-batches", use: handlers.createBatch).requires(.permission(.manageLedger))
        api.get("payment-batches", ":id", use: handlers.batch).requires(.permission(.readLedger))
        api.get("payment-batches", ":id", "bank-file", use: handlers.bankFile).requires(.permission(.manageLedger))
        api.post("payment-batches", ":id", "bank-result", use: handlers.bankResult).requires(.permission(.manageLedger))
    }

    var openAPI: OpenAPIFragment { OpenAPIDocument.ledger }

    func buildDemo(_ demo: DemoContext) async throws -> [String] {
        try await LedgerDemo(demo).build()
    }
}

extension PagePath {
    static let ledger = PagePath("ledger")
    static let ledgerBatch = PagePath("ledger", "batches", ":id")
}

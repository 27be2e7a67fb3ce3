import Fluent
import Foundation
@testable import GongjiangApp
import GongjiangCore
import SQLKit
import Testing
import VaporTesting

/// The special account's ledger (issue 10, "The ledger"), on SQLite and PostgreSQL.
@Suite("Ledger")
struct LedgerTests {
    @Test("Money's whole path: allocation, budget, commitment, batch, bank file, paid and failed, re-issue, clawback, recovery",
          arguments: TestDatabase.available)
    func wholePath(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let world = LedgerWorld(app: app)
            try await world.fund(budgetYuan: 10_000)
            let first = try await world.commit("c-1", yuan: 1_500)
            let second = try await world.commit("c-2", yuan: 800, account: "6217 0000 1111 2222 333")
            #expect(try await world.budget() == Money(yuan: 7_700))
            try await world.verify()

            let batch = try await LedgerService.createBatch(BatchInput(districtCode: LedgerWorld.district, year: LedgerWorld.year), world.context)
            #expect(try await world.state(first) == .batched)
            let (number, lines) = try await LedgerService.bankFile(batch, world.context)
            #expect(number == "PB-320602-2026-0001")
            #expect(lines.map(\.account).sorted() == ["6217000011112222333", "6222020200112233445"], "whole accounts in the bank's file")
            #expect(lines.allSatisfy { $0.payeeName == "王小明" })
            // The account is sealed at rest: the table holds neither account in the clear.
            let stored = try await app.db.sql.raw("SELECT payee_account_sealed, payee_account_masked FROM ledger_payments").all()
            for row in stored {
                let sealed = try row.decode(column: "payee_account_sealed", as: String.self)
                #expect(!sealed.contains("6222020200112233445") && !sealed.contains("6217000011112222333"))
                #expect(try row.decode(column: "payee_account_masked", as: String.self).hasSuffix("3445")
                        || (try row.decode(column: "payee_account_masked", as: String.self)).hasSuffix("2333"))
            }

            let sent = try await world.references(of: batch)
            let firstLine = try #require(sent.first { $0.amount == Money(yuan: 1_500) })
            let secondLine = try #require(sent.first { $0.amount == Money(yuan: 800) })
            let summary = try await LedgerService.applyResult(batch, rows: LedgerWorld.resultFile([(firstLine.reference, firstLine.amount, true),
                                                                                                   (secondLine.reference, secondLine.amount, false)]), world.context)
            #expect(summary == BatchResultSummary(paid: 1, paidFen: 150_000, failed: 1, failedFen: 80_000, stillOpen: 0))
            #expect(try await world.state(first) == .paid)
            #expect(try await world.state(second) == .failed)
            try await world.verify()

            // The same result again is refused whole: the lines are settled.
            await #expect(throws: BankResultRefusal.self) {
                try await LedgerService.applyResult(batch, rows: LedgerWorld.resultFile([(firstLine.reference, firstLine.amount, true)]), world.context)
            }
            // Re-issue: the failed payment goes out again in a new batch, under a new reference, and is paid.
            let reissue = try await LedgerService.createBatch(BatchInput(districtCode: LedgerWorld.district, year: LedgerWorld.year), world.context)
            let again = try await world.references(of: reissue)
            #expect(again.count == 1 && again[0].reference != secondLine.reference && again[0].reference.hasPrefix("PB-320602-2026-0002-"))
            _ = try await LedgerService.applyResult(reissue, rows: LedgerWorld.resultFile([(again[0].reference, again[0].amount, true)]), world.context)
            #expect(try await world.state(second) == .paid)
            // Nothing is owed any more: a third batch has nothing to send.
            await #expect(throws: RequestProblem.self) {
                try await LedgerService.createBatch(BatchInput(districtCode: LedgerWorld.district, year: LedgerWorld.year), world.context)
            }

            // A wrong payment is clawed back, in part, and the recovered money returns to the budget.
            try await LedgerService.clawback(first, ClawbackInput(amountFen: 50_000, reason: "证书核查不实"), world.context)
            await #expect(throws: LedgerRefusal.clawbackTooLarge(paid: Money(yuan: 1_000), asked: Money(yuan: 1_001))) {
                try await LedgerService.clawback(first, ClawbackInput(amountFen: 100_100, reason: "再追回"), world.context)
            }
            try await LedgerService.recover(first, amountFen: nil, world.context)
            #expect(try await world.budget() == Money(yuan: 7_700 + 500))
            try await world.verify()

            let balances = try await LedgerQueries(database: app.db, scope: .city).balances(year: nil, district: nil)
            let debits = balances.reduce(Money.zero) { $0 + $1.debits }, credits = balances.reduce(Money.zero) { $0 + $1.credits }
            #expect(debits == credits, "the trial balance balances")
            #expect(balances.first { $0.account == .of(.paid, district: "320602", year: 2026) }?.balance == Money(yuan: 1_000 + 800))
        }
    }

    // Twelve at once: enough that the budget runs out in the middle; more only queue longer for the pool's connections
    // (on PostgreSQL under the whole suite's load, 30 waited past the pool's 10-second timeout).
    @Test("Budgets hold under concurrency: 12 approvals of 1,000 yuan against 10,000 leave exactly 10 committed and 0 left",
          arguments: TestDatabase.available)
    func budgetUnderConcurrency(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let world = LedgerWorld(app: app)
            try await world.fund(budgetYuan: 10_000)
            let outcomes = await withTaskGroup(of: String.self) { group in
                for index in 0..<12 {
                    group.addTask {
                        // As a client would: a refusal is final; a request that found no free connection in time is
                        // sent again (nothing of it was written).
                        var last = ""
                        for _ in 0..<5 {
                            do {
                                try await world.commit("c-\(index)", yuan: 1_000)
                                return "committed"
                            } catch let refusal as LedgerRefusal {
                                return refusal.code
                            } catch {
                                last = "\(error)"
                            }
                        }
                        return last
                    }
                }
                var all: [String] = []
                for await outcome in group { all.append(outcome) }
                return all
            }
            #expect(outcomes.filter { $0 == "committed" }.count == 10)
            #expect(outcomes.filter { $0 == "ledger.budget-exceeded" }.count == 2, "\(Set(outcomes))")
            #expect(try await world.budget() == .zero)
            try await world.verify()
        }
    }

    @Test("An approval beyond the budget is refused, says by how much, and writes nothing", arguments: TestDatabase.available)
    func overBudget(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let world = LedgerWorld(app: app)
            try await world.fund(budgetYuan: 1_000)
            do {
                try await world.commit("c-1", yuan: 1_200)
                Issue.record("committed beyond the budget")
            } catch let refusal as LedgerRefusal {
                #expect(refusal == .insufficient(.of(.districtBudget, district: "320602", year: 2026), available: Money(yuan: 1_000),
                                                 requested: Money(yuan: 1_200)))
                #expect(refusal.chinese.contains("还差 200.00 元"))
            }
            #expect(try await app.db.sql.raw("SELECT COUNT(*) AS n FROM ledger_payments").first()?.decode(column: "n", as: Int.self) == 0)
            #expect(try await world.budget() == Money(yuan: 1_000))
            // A source is paid once: a second commitment for the same claim is refused.
            try await world.commit("c-2", yuan: 100)
            await #expect(throws: LedgerRefusal.duplicateSource(LedgerSource(kind: "test-claim", id: "c-2"))) {
                try await world.commit("c-2", yuan: 100)
            }
            // Taking back more budget than is left is refused too.
            await #expect(throws: LedgerRefusal.self) {
                try await LedgerService.setBudget(BudgetInput(districtCode: "320602", year: 2026, amountFen: -100_000, document: "收回"), world.context)
            }
            try await world.verify()
        }
    }

    @Test("Bad result files are refused whole and change nothing: unknown reference, wrong amount, settled line, wrong columns",
          arguments: TestDatabase.available)
    func badResultFiles(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let world = LedgerWorld(app: app)
            try await world.fund(budgetYuan: 5_000)
            let payment = try await world.commit("c-1", yuan: 300)
            try await world.commit("c-2", yuan: 200)
            let batch = try await LedgerService.createBatch(BatchInput(districtCode: "320602", year: 2026), world.context)
            let sent = try await world.references(of: batch)
            let files: [[[String]]] = [
                LedgerWorld.resultFile([(sent[0].reference, sent[0].amount, true), ("PB-320602-2026-0009-00001", Money(yuan: 300), true)]),
                LedgerWorld.resultFile([(sent[0].reference, sent[0].amount + Money(fen: 1), true)]),
                [["reference", "amount", "status"], [sent[0].reference, "300.00", "paid"]],
                [["reference", "amount", "result"]],
            ]
            for file in files {
                await #expect(throws: BankResultRefusal.self) { try await LedgerService.applyResult(batch, rows: file, world.context) }
            }
            #expect(try await world.state(payment) == .batched, "nothing changed")
            #expect(try await LedgerQueries(database: app.db, scope: .city).lines(of: batch).allSatisfy { $0.state == "sent" })
            try await world.verify()
        }
    }

    @Test("ledger verify names the first violation: an unbalanced transaction, a kept balance that differs, a payment paid twice")
    func verifyFindsViolations() async throws {
        try await withGongjiang(.sqlite) { app in
            let world = LedgerWorld(app: app)
            try await world.fund(budgetYuan: 1_000)
            try await world.commit("c-1", yuan: 100)
            try await world.verify()
            // One posting changed behind the ledger's back.
            try await app.db.sql.raw("UPDATE ledger_postings SET amount_fen = amount_fen + 1 WHERE amount_fen = 10000").run()
            guard case .failure(let unbalanced) = try await LedgerVerification.run(on: app.db) else { Issue.record("not found"); return }
            #expect(unbalanced.rule == "unbalanced")
            try await app.db.sql.raw("UPDATE ledger_postings SET amount_fen = amount_fen - 1 WHERE amount_fen = 10001").run()
            try await app.db.sql.raw("UPDATE ledger_accounts SET balance_fen = balance_fen + 5 WHERE kind = 'commitment'").run()
            guard case .failure(let balance) = try await LedgerVerification.run(on: app.db) else { Issue.record("not found"); return }
            #expect(balance.rule == "balance")
        }
    }
}

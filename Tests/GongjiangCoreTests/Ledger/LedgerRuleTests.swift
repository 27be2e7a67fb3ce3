import Foundation
import Testing
@testable import GongjiangCore

/// The special account's double-entry rules (issue 10, "The ledger" 1–3), each at its boundary.
@Suite("Ledger: double entry, budgets, the payment workflow")
struct LedgerRuleTests {
    let source = LedgerSource(kind: "training-claim", id: "c-1")
    let budget = LedgerAccountKey.of(.districtBudget, district: "320602", year: 2026)
    let committed = LedgerAccountKey.of(.commitment, district: "320602", year: 2026)

    @Test("Double entry: a transaction's postings sum to zero, none is zero, at least two")
    func postingsSumToZero() throws {
        let entry = try LedgerEntry.transfer(.commitment, Money(fen: 150_000), from: budget, to: committed, source: source)
        #expect(entry.postings.reduce(Money.zero) { $0 + $1.amount } == .zero)
        #expect(entry.amount == Money(fen: 150_000))
        #expect(throws: LedgerRefusal.unbalanced(Money(fen: 1))) {
            try LedgerEntry(kind: .budget, source: source, postings: [LedgerPosting(.cityPool, Money(fen: -100)), LedgerPosting(budget, Money(fen: 101))])
        }
        #expect(throws: LedgerRefusal.zeroAmount) {
            try LedgerEntry(kind: .budget, source: source, postings: [LedgerPosting(.cityPool, .zero), LedgerPosting(budget, .zero)])
        }
        #expect(throws: LedgerRefusal.unbalanced(.zero)) {
            try LedgerEntry(kind: .budget, source: source, postings: [LedgerPosting(.cityPool, Money(fen: 5))])
        }
        #expect(throws: LedgerRefusal.zeroAmount) { try LedgerEntry.transfer(.budget, .zero, from: .cityPool, to: budget, source: source) }
        #expect(throws: LedgerRefusal.negativeAmount(Money(fen: -1))) {
            try LedgerEntry.transfer(.budget, Money(fen: -1), from: .cityPool, to: budget, source: source)
        }
    }

    @Test("A correction is a reversal: the exact opposite, naming what it reverses; a reversal is not reversed again")
    func reversal() throws {
        let entry = try LedgerEntry.transfer(.budget, Money(yuan: 1_000), from: .cityPool, to: budget, source: source)
        let reversal = try entry.reversal(of: "T-1", memo: "录入错误")
        #expect(reversal.kind == .reversal)
        #expect(reversal.source == LedgerSource(kind: "transaction", id: "T-1"))
        #expect(zip(entry.postings, reversal.postings).allSatisfy { $0.account == $1.account && $0.amount.fen == -$1.amount.fen })
        #expect(throws: LedgerRefusal.reversalOfReversal) { try reversal.reversal(of: "T-2", memo: "") }
    }

    @Test("Budgets hold: spending exactly what is left is allowed; one fen more is refused and says by how much")
    func budgetBoundary() throws {
        let left = Money(yuan: 2_000)
        let exact = try LedgerEntry.transfer(.commitment, left, from: budget, to: committed, source: source)
        try LedgerRules.check(exact, balances: [budget: left])
        let over = try LedgerEntry.transfer(.commitment, left + Money(fen: 1), from: budget, to: committed, source: source)
        #expect(throws: LedgerRefusal.insufficient(budget, available: left, requested: left + Money(fen: 1))) {
            try LedgerRules.check(over, balances: [budget: left])
        }
        let refusal = LedgerRefusal.insufficient(budget, available: left, requested: left + Money(fen: 1))
        #expect(refusal.code == "ledger.budget-exceeded")
        #expect(refusal.chinese.contains("还差 0.01 元"))
        #expect(refusal.english.contains("0.01 yuan short"))
        #expect(refusal.kind == .conflict)
        // The funding source alone may go below zero: its balance is what the fund has received.
        let allocation = try LedgerEntry.transfer(.allocation, Money(yuan: 50_000_000), from: .fundingSource, to: .cityPool, source: source)
        try LedgerRules.check(allocation, balances: [:])
        #expect(LedgerAccountKind.allCases.filter(\.mayGoNegative) == [.fundingSource])
    }

    @Test("Account codes read back; malformed ones are refused", arguments: ["city-pool", "funding-source", "district-budget:320602:2026",
                                                                              "paid:320681:2025"])
    func accountCodes(code: String) throws {
        let key = try #require(LedgerAccountKey(code: code))
        #expect(key.code == code)
    }

    @Test("Malformed account codes", arguments: ["", "city-pool:320602:2026", "district-budget", "district-budget:3206:2026",
                                                 "district-budget:320602:abc", "district-budget:320602:1999", "wallet"])
    func malformedAccountCodes(code: String) {
        #expect(LedgerAccountKey(code: code) == nil)
    }

    @Test("Payment: every state × event × actor against the one table")
    func paymentWorkflow() {
        for state in PaymentState.allCases {
            for event in PaymentEvent.allCases {
                for actor in WorkflowActor.allCases {
                    let step = PaymentRules.workflow.transition(from: state, on: event)
                    let next = try? PaymentRules.workflow.apply(event, to: state, by: actor, reason: "理由")
                    #expect(next == (step?.actors.contains(actor) == true ? step?.to : nil), "\(state) + \(event) by \(actor)")
                }
            }
        }
        // A paid payment is never sent again; a failed one is (a re-issue); the bank alone pays or fails.
        #expect(PaymentRules.workflow.transition(from: .paid, on: .dispatch) == nil)
        #expect(PaymentRules.workflow.transition(from: .failed, on: .dispatch)?.to == .batched)
        #expect(PaymentRules.workflow.transition(from: .batched, on: .pay)?.actors == [.system])
        #expect(throws: WorkflowRefusal.reasonRequired(workflow: "payment", event: "clawback")) {
            try PaymentRules.workflow.apply(.clawback, to: .paid, by: .city, reason: " ")
        }
    }

    @Test("Idempotency keys: visible ASCII, 1–255 characters; the fingerprint is of method, path and body")
    func idempotencyKeys() {
        #expect(Idempotency.validKey(UUID().uuidString))
        #expect(Idempotency.validKey(String(repeating: "k", count: 255)))
        #expect(!Idempotency.validKey(String(repeating: "k", count: 256)))
        #expect(!Idempotency.validKey(""))
        #expect(!Idempotency.validKey("a b"))
        #expect(!Idempotency.validKey("键"))
        let one = Idempotency.fingerprint(method: "POST", path: "/api/v1/ledger/budgets", body: Array(#"{"a":1}"#.utf8))
        #expect(one == Idempotency.fingerprint(method: "POST", path: "/api/v1/ledger/budgets", body: Array(#"{"a":1}"#.utf8)))
        #expect(one != Idempotency.fingerprint(method: "POST", path: "/api/v1/ledger/budgets", body: Array(#"{"a":2}"#.utf8)))
        #expect(one != Idempotency.fingerprint(method: "POST", path: "/api/v1/ledger/allocations", body: Array(#"{"a":1}"#.utf8)))
        #expect(one.count == 64)
    }
}

/// The bank's result file (issue 10, "The ledger" 5): applied whole or refused whole, naming each bad line.
@Suite("Bank files")
struct BankFileTests {
    let sent: [String: BankFile.Sent] = [
        "GJ2026-00001-1": .init(amount: Money(fen: 150_000), settled: false),
        "GJ2026-00002-1": .init(amount: Money(fen: 80_000), settled: false),
        "GJ2026-00003-1": .init(amount: Money(fen: 20_000), settled: true),
    ]

    @Test("A good result file: each line paid or failed, in English or Chinese headers and words")
    func goodFile() throws {
        let english = BankFile.readResult([["reference", "amount", "result", "reason"], ["GJ2026-00001-1", "1500.00", "paid", ""],
                                           ["GJ2026-00002-1", "800", "failed", "账户已销户"]], sent: sent)
        let results = try english.get()
        #expect(results.map(\.paid) == [true, false])
        #expect(results[1].reason == "账户已销户")
        let chinese = BankFile.readResult([["\u{FEFF}参考号", "金额", "结果", "失败原因"], ["GJ2026-00001-1", "1,500.00", "成功", ""]], sent: sent)
        #expect(try chinese.get().first?.amount == Money(fen: 150_000))
    }

    @Test("Refused whole, each bad line named", arguments: [
        (["GJ2026-09999-1", "1500.00", "paid"], "bank-result.unknown-reference"),
        (["GJ2026-00003-1", "200.00", "paid"], "bank-result.already-settled"),
        (["GJ2026-00001-1", "1500.01", "paid"], "bank-result.amount-mismatch"),
        (["GJ2026-00001-1", "15OO", "paid"], "bank-result.amount-unreadable"),
        (["GJ2026-00001-1", "1500.00", "maybe"], "bank-result.result"),
    ])
    func badLines(line: [String], code: String) {
        let read = BankFile.readResult([["reference", "amount", "result"], ["GJ2026-00002-1", "800.00", "paid"], line], sent: sent)
        guard case .failure(let issuesRefused) = read else { Issue.record("accepted: \(line)"); return }
        #expect(issuesRefused.issues.map(\.code) == [code])
        #expect(issuesRefused.issues.first?.row == 3)
    }

    @Test("Wrong columns, a reference given twice, and an empty file are refused")
    func wrongFiles() {
        guard case .failure(let columnsRefused) = BankFile.readResult([["reference", "amount", "status"]], sent: sent) else { Issue.record(); return }
        #expect(columnsRefused.issues.first?.code == "bank-result.columns")
        guard case .failure(let missingRefused) = BankFile.readResult([["reference", "result"]], sent: sent) else { Issue.record(); return }
        #expect(missingRefused.issues.first?.code == "bank-result.columns")
        let twice = BankFile.readResult([["reference", "amount", "result"], ["GJ2026-00001-1", "1500", "paid"],
                                         ["GJ2026-00001-1", "1500", "failed"]], sent: sent)
        guard case .failure(let duplicateRefused) = twice else { Issue.record(); return }
        #expect(duplicateRefused.issues.map(\.code) == ["bank-result.duplicate-reference"])
        guard case .failure(let emptyRefused) = BankFile.readResult([["reference", "amount", "result"]], sent: sent) else { Issue.record(); return }
        #expect(emptyRefused.issues.first?.code == "bank-result.empty")
        guard case .failure(let nothingRefused) = BankFile.readResult([], sent: sent) else { Issue.record(); return }
        #expect(nothingRefused.issues.first?.code == "bank-result.empty")
    }

    @Test("The bank file's amount is yuan with two decimals and no separators")
    func lineCells() {
        let line = BankFile.Line(reference: "R", payeeName: "张三", account: "6222020200112233445", amount: Money(fen: 123_405), purpose: "培训补贴")
        #expect(line.cells == ["R", "张三", "6222020200112233445", "1234.05", "培训补贴"])
        #expect(BankFile.Line(reference: "R", payeeName: "", account: "", amount: Money(fen: 7), purpose: "").cells[3] == "0.07")
    }
}

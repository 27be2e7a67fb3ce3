import Fluent
import Foundation
import GongjiangCore
import SQLKit
import Vapor

/// Every movement of the special account's money. A method either writes its whole transaction (postings, kept
/// balances, the record it concerns, the audit record) or nothing. Other modules pay through these methods, inside
/// their own audited transaction when the step and the money must commit together (a claim approved and its budget
/// committed).
enum LedgerService {
    /// Writes `entry`: each account's kept balance moves by a conditional update that refuses to take an account that
    /// holds money below zero (so a budget holds however many approvals run at once, on SQLite and PostgreSQL), then
    /// the transaction and its postings. Returns the transaction's id. Runs inside the caller's transaction.
    @discardableResult
    static func post(_ entry: LedgerEntry, reverses: UUID? = nil, on tx: any Database, _ context: LedgerContext) async throws -> UUID {
        try await post([entry], reverses: reverses, on: tx, context)[0]
    }

    /// Posts entries in the caller's transaction, each its own transaction row with its postings; every account moved
    /// once for all of them, in the order of their codes, so that two writers never wait on each other crosswise.
    static func post(_ entries: [LedgerEntry], reverses: UUID? = nil, on tx: any Database, _ context: LedgerContext) async throws -> [UUID] {
        var byAccount: [LedgerAccountKey: Money] = [:]
        for posting in entries.flatMap(\.postings) { byAccount[posting.account, default: .zero] = byAccount[posting.account, default: .zero] + posting.amount }
        var accountIDs: [LedgerAccountKey: UUID] = [:]
        for (account, amount) in byAccount.sorted(by: { $0.key.code < $1.key.code }) {
            accountIDs[account] = try await move(account, by: amount, on: tx, context)
        }
        let ids = entries.map { _ in UUID.timeOrdered(now: context.now) }
        for chunk in Array(zip(ids, entries)).chunked(500) {
            var transactions = BulkInsert(into: "ledger_transactions", columns: [
                "id", "kind", "source_kind", "source_id", "amount_fen", "memo", "reverses_id", "created_by", "created_at"])
            var postings = BulkInsert(into: "ledger_postings", columns: ["id", "transaction_id", "account_id", "payment_id", "amount_fen"])
            for (id, entry) in chunk {
                transactions.append([.uuid(id), .text(entry.kind.rawValue), .text(entry.source.kind), .text(entry.source.id),
                                     .integer(Int(entry.amount.fen)), .text(entry.memo), .uuid(reverses), .text(context.createdBy), .date(context.now)])
                for posting in entry.postings {
                    postings.append([.uuid(UUID.timeOrdered(now: context.now)), .uuid(id), .uuid(accountIDs[posting.account]),
                                     .uuid(posting.paymentID.flatMap(UUID.init(uuidString:))), .integer(Int(posting.amount.fen))])
                }
            }
            try await transactions.run(on: tx)
            try await postings.run(on: tx)
        }
        return ids
    }

    /// Moves one account's kept balance, creating the account the first time it is used.
    private static func move(_ account: LedgerAccountKey, by amount: Money, on tx: any Database, _ context: LedgerContext) async throws -> UUID {
        // The condition is the budget's guard: an account that holds money is never taken below zero. PostgreSQL
        // re-reads the row after waiting for a concurrent writer's lock, so the check is of the latest balance.
        let mayGoNegative = account.kind.mayGoNegative
        func update() async throws -> UUID? {
            try await tx.sql.raw("""
                UPDATE ledger_accounts SET balance_fen = balance_fen + \(bind: amount.fen)
                WHERE code = \(bind: account.code) AND (balance_fen + \(bind: amount.fen) >= 0 OR \(bind: mayGoNegative))
                RETURNING id
                """).first()?.decode(column: "id", as: UUID.self)
        }
        // Accounts exist after their first use: the update alone, and the insert only when it found no row.
        if let id = try await update() { return id }
        try await tx.sql.raw("""
            INSERT INTO ledger_accounts (id, code, kind, district_code, year, balance_fen, created_at)
            VALUES (\(bind: UUID.timeOrdered(now: context.now)), \(bind: account.code), \(bind: account.kind.rawValue), \(bind: account.district),
                    \(bind: account.year), 0, \(bind: context.now))
            ON CONFLICT (code) DO NOTHING
            """).run()
        if let id = try await update() { return id }
        let available = try await balance(of: account, on: tx)
        throw LedgerRefusal.insufficient(account, available: available, requested: Money(fen: -amount.fen))
    }

    static func balance(of account: LedgerAccountKey, on database: any Database) async throws -> Money {
        let row = try await database.sql.raw("SELECT balance_fen FROM ledger_accounts WHERE code = \(bind: account.code)").first()
        return Money(fen: try row?.decode(column: "balance_fen", as: Int64.self) ?? 0)
    }

    // MARK: - The city's entries

    /// 资金拨入: money into the special account, with the document that allocated it.
    static func allocate(_ input: AllocationInput, _ context: LedgerContext) async throws -> UUID {
        guard context.actor == .city else { throw WorkflowRefusal.notYourStep(workflow: "ledger", event: "allocate", actor: context.actor) }
        var problems: [FieldProblem] = []
        let amount = Self.amount(input.amountFen, field: "amountFen", problems: &problems)
        let document = text(input.document, field: "document", label: "拨款文件", maximum: 100, required: true, problems: &problems)
        let memo = text(input.memo, field: "memo", label: "摘要", maximum: 500, required: false, problems: &problems) ?? ""
        guard problems.isEmpty, let amount, let document else { throw RequestProblem.validation(problems) }
        let entry = try LedgerEntry.transfer(.allocation, amount, from: .fundingSource, to: .cityPool,
                                             source: LedgerSource(kind: "allocation", id: document), memo: memo)
        return try await context.write { tx, log in
            let id = try await post(entry, on: tx, context)
            log.record(context.event(.ledgerTransaction, id, .create, after: AuditValues.json([
                "kind": "allocation", "document": document, "amountFen": String(amount.fen)])))
            return id
        }
    }

    /// 预算下达: gives a district its budget for a year from the city pool, or (a negative amount) takes back what it
    /// has not committed.
    static func setBudget(_ input: BudgetInput, _ context: LedgerContext) async throws -> UUID {
        guard context.actor == .city else { throw WorkflowRefusal.notYourStep(workflow: "ledger", event: "budget", actor: context.actor) }
        var problems: [FieldProblem] = []
        let district = try await Self.district(input.districtCode, on: context.database, problems: &problems)
        let year = Self.year(input.year, problems: &problems)
        let memo = text(input.memo, field: "memo", label: "摘要", maximum: 500, required: false, problems: &problems) ?? ""
        let document = text(input.document, field: "document", label: "预算文件", maximum: 100, required: true, problems: &problems)
        var amount: Money?
        if let fen = input.amountFen, fen != 0, abs(fen) <= maximumFen { amount = Money(fen: fen) } else {
            problems.append(FieldProblem(field: "amountFen", code: "ledger.amount", chinese: "金额（分）必须为非零整数，绝对值不超过 1000 亿元",
                                         english: "The amount in fen must be a non-zero integer of at most 100 billion yuan"))
        }
        guard problems.isEmpty, let district, let year, let amount, let document else { throw RequestProblem.validation(problems) }
        let budget = LedgerAccountKey.of(.districtBudget, district: district, year: year)
        let entry = amount > .zero
            ? try LedgerEntry.transfer(.budget, amount, from: .cityPool, to: budget, source: LedgerSource(kind: "budget", id: document), memo: memo)
            : try LedgerEntry.transfer(.budget, Money(fen: -amount.fen), from: budget, to: .cityPool, source: LedgerSource(kind: "budget", id: document), memo: memo)
        return try await context.write { tx, log in
            let id = try await post(entry, on: tx, context)
            log.record(context.event(.ledgerTransaction, id, .create, after: AuditValues.json([
                "kind": "budget", "district": district, "year": String(year), "amountFen": String(amount.fen), "document": document])))
            return id
        }
    }

    /// 冲正: reverses an allocation or a budget entered wrongly. Payment steps are corrected by their own steps
    /// (cancel, clawback), never by reversing the bank's record.
    static func reverse(_ transactionID: UUID, reason raw: String?, _ context: LedgerContext) async throws -> UUID {
        guard context.actor == .city else { throw WorkflowRefusal.notYourStep(workflow: "ledger", event: "reverse", actor: context.actor) }
        var problems: [FieldProblem] = []
        let reason = text(raw, field: "reason", label: "冲正原因", maximum: 500, required: true, problems: &problems)
        guard problems.isEmpty, let reason else { throw RequestProblem.validation(problems) }
        return try await context.write { tx, log in
            guard let original = try await LedgerQueries(database: tx, scope: context.scope).transaction(transactionID) else { throw RequestProblem.notFound }
            guard original.kind == .allocation || original.kind == .budget || original.kind == .reversal else {
                throw RequestProblem.conflict(code: "ledger.not-reversible", chinese: "支付环节的记账不能冲正，请使用撤销或追回",
                                              english: "Payment steps are not reversed; cancel or claw back instead")
            }
            let already = try await tx.sql.raw("SELECT id FROM ledger_transactions WHERE reverses_id = \(bind: transactionID)").first()
            guard already == nil else { throw LedgerRefusal.alreadyReversed }
            let entry = try LedgerEntry(kind: original.kind, source: original.source, postings: original.postings, memo: original.memo)
                .reversal(of: transactionID.uuidString, memo: reason)
            let id = try await post(entry, reverses: transactionID, on: tx, context)
            log.record(context.event(.ledgerTransaction, id, .create, after: AuditValues.json([
                "kind": "reversal", "reverses": transactionID.uuidString, "reason": reason])))
            return id
        }
    }

    // MARK: - Input checks

    /// 100 billion yuan: far above any year's fund, far below Int64's reach when amounts are summed.
    static let maximumFen: Int64 = 10_000_000_000_000

    static func amount(_ fen: Int64?, field: String, problems: inout [FieldProblem]) -> Money? {
        guard let fen, fen > 0, fen <= maximumFen else {
            problems.append(FieldProblem(field: field, code: "ledger.amount", chinese: "金额（分）必须为正整数，且不超过 1000 亿元",
                                         english: "The amount in fen must be a positive integer of at most 100 billion yuan"))
            return nil
        }
        return Money(fen: fen)
    }

    static func year(_ year: Int?, problems: inout [FieldProblem]) -> Int? {
        guard let year, (2000...2100).contains(year) else {
            problems.append(FieldProblem(field: "year", code: "ledger.year", chinese: "年度应在 2000–2100 之间", english: "The year must be 2000–2100"))
            return nil
        }
        return year
    }

    /// A district of the city (not the city itself): budgets and payments are kept per district.
    static func district(_ code: String?, on database: any Database, problems: inout [FieldProblem]) async throws -> String? {
        guard let code, code.count == 6, code.allSatisfy(\.isASCIIDigit),
              try await database.sql.raw("SELECT code FROM districts WHERE code = \(bind: code) AND kind <> 'prefecture'").first() != nil
        else {
            problems.append(FieldProblem(field: "districtCode", code: "ledger.unknown-district", chinese: "请选择本市的区县",
                                         english: "Choose a district of the city"))
            return nil
        }
        return code
    }

    static func text(_ raw: String?, field: String, label: String, maximum: Int, required: Bool, problems: inout [FieldProblem]) -> String? {
        CertificationService.text(raw, field: field, label: label, maximum: maximum, required: required, problems: &problems)
    }
}

struct AllocationInput: Content {
    var amountFen: Int64?
    /// The document that allocated the money (苏财社〔2026〕12号).
    var document: String?
    var memo: String?
}

struct BudgetInput: Content {
    var districtCode: String?
    var year: Int?
    /// Positive: given to the district; negative: taken back from what it has not committed.
    var amountFen: Int64?
    var document: String?
    var memo: String?
}

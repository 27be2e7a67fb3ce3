import Fluent
import Foundation
import NIOConcurrencyHelpers
import GongjiangCore
import SQLKit
import Vapor

/// An order to pay one payee for one source, made by the module that approved it (a training claim, an
/// apprenticeship settlement, a programme award).
struct PaymentOrder: Sendable {
    var source: LedgerSource
    var districtCode: String
    var year: Int
    var payee: PaymentRules.Payee
    var payeeName: String
    /// The bank account: the person's social-security card account, or the provider's.
    var payeeAccount: String
    var amount: Money
    /// What the bank shows the payee: "职业技能培训补贴".
    var purpose: String
}

/// A bank account number as banks print it: 8–32 digits (a card's 16–19, a company account's longer ones).
enum BankAccount {
    static func normalized(_ raw: String) -> String? {
        let digits = raw.halfWidthNormalized.filter { $0 != " " && $0 != "-" }
        guard (8...32).contains(digits.count), digits.allSatisfy(\.isASCIIDigit) else { return nil }
        return digits
    }
}

extension LedgerService {
    /// 承诺: commits the district's budget to one payee for one source, inside the caller's transaction (the approval
    /// that owes the money). Refused, and nothing written, when the budget does not hold it or the source already has
    /// a payment. Returns the payment's id.
    @discardableResult
    static func commit(_ order: PaymentOrder, on tx: any Database, log: AuditLog, _ context: LedgerContext) async throws -> UUID {
        try await commit([order], on: tx, log: log, context)[0]
    }

    /// Commits many payments in the caller's transaction (a city approval of a reviewer's list): each payment its own
    /// commitment transaction naming its source, as one alone would have; the budgets moved once per account for the
    /// list, so a budget short for the list refuses it whole and says by how much. Answers the payments' ids in order.
    static func commit(_ orders: [PaymentOrder], on tx: any Database, log: AuditLog, _ context: LedgerContext) async throws -> [UUID] {
        guard !orders.isEmpty else { return [] }
        var accounts: [String] = []
        for order in orders {
            guard let account = BankAccount.normalized(order.payeeAccount) else {
                throw RequestProblem.validation([FieldProblem(field: "payeeAccount", code: "ledger.bank-account",
                                                              chinese: "银行账号应为 8–32 位数字", english: "A bank account is 8–32 digits")])
            }
            guard order.amount > .zero else { throw LedgerRefusal.negativeAmount(order.amount) }
            accounts.append(account)
        }
        for (kind, sources) in Dictionary(grouping: orders.map(\.source), by: \.kind) {
            if let row = try await tx.sql.select().column("source_id").from("ledger_payments").where("source_kind", .equal, kind)
                .where(SQLIdentifier("source_id"), .in, SQLBind.group(sources.map(\.id))).first() {
                throw LedgerRefusal.duplicateSource(LedgerSource(kind: kind, id: try row.decode(column: "source_id", as: String.self)))
            }
            guard Set(sources.map(\.id)).count == sources.count else { throw LedgerRefusal.duplicateSource(sources[0]) }
        }
        let ids = orders.map { _ in UUID.timeOrdered(now: context.now) }
        // 16 values a row: 500 rows stay under SQLite's 32,766 bound parameters.
        for chunk in Array(zip(zip(ids, orders), accounts)).chunked(500) {
            var insert = BulkInsert(into: "ledger_payments", columns: [
                "id", "source_kind", "source_id", "district_code", "year", "payee_kind", "payee_name", "payee_account_sealed",
                "payee_account_masked", "amount_fen", "clawed_back_fen", "recovered_fen", "state", "purpose", "created_at", "updated_at"])
            for ((id, order), account) in chunk {
                insert.append([.uuid(id), .text(order.source.kind), .text(order.source.id), .text(order.districtCode), .integer(order.year),
                               .text(order.payee.rawValue), .text(order.payeeName), .text(try context.vault.seal(account)),
                               .text(Masking.bankAccount(account)), .integer(Int(order.amount.fen)), .integer(0), .integer(0),
                               .text(PaymentState.committed.rawValue), .text(order.purpose), .date(context.now), .date(context.now)])
            }
            try await insert.run(on: tx)
        }
        let entries = try zip(ids, orders).map { id, order in
            try LedgerEntry.transfer(.commitment, order.amount, from: .of(.districtBudget, district: order.districtCode, year: order.year),
                                     to: .of(.commitment, district: order.districtCode, year: order.year), source: order.source, payment: id.uuidString)
        }
        _ = try await post(entries, on: tx, context)
        for ((id, order), account) in zip(zip(ids, orders), accounts) {
            log.record(context.event(.payment, id, .create, after: AuditValues.json([
                "source": order.source.description, "district": order.districtCode, "year": String(order.year), "payee": order.payee.rawValue,
                "payeeName": Masking.name(order.payeeName), "account": Masking.bankAccount(account), "amountFen": String(order.amount.fen)])))
        }
        return ids
    }

    /// 撤销: a payment not yet paid (committed, or failed at the bank) is cancelled and its money returns to the budget.
    static func cancel(_ paymentID: UUID, reason: String?, _ context: LedgerContext) async throws {
        try await context.write { tx, log in
            try await cancel(paymentID, reason: reason, on: tx, log: log, context)
        }
    }

    static func cancel(_ paymentID: UUID, reason raw: String?, on tx: any Database, log: AuditLog, _ context: LedgerContext) async throws {
        let payment = try await LedgerQueries(database: tx, scope: context.scope).requirePayment(paymentID)
        let reason = try requiredReason(raw)
        _ = try PaymentRules.workflow.apply(.cancel, to: payment.state, by: context.actor, reason: reason)
        let entry = try LedgerEntry.transfer(.release, payment.amount, from: .of(.commitment, district: payment.districtCode, year: payment.year),
                                             to: .of(.districtBudget, district: payment.districtCode, year: payment.year),
                                             source: payment.source, payment: paymentID.uuidString, memo: reason)
        try await post(entry, on: tx, context)
        try await setState(paymentID, from: payment.state, to: .cancelled, reason: reason, on: tx, context)
        log.record(context.event(.payment, paymentID, .update, after: AuditValues.json(["state": "cancelled", "reason": reason]),
                                 before: AuditValues.json(["state": payment.state.rawValue])))
    }

    /// 追回: a payment made wrongly, in whole or in part, becomes money due back.
    static func clawback(_ paymentID: UUID, _ input: ClawbackInput, _ context: LedgerContext) async throws {
        try await context.write { tx, log in
            let payment = try await LedgerQueries(database: tx, scope: context.scope).requirePayment(paymentID)
            let reason = try requiredReason(input.reason)
            let amount = input.amountFen.map { Money(fen: $0) } ?? payment.amount - payment.clawedBack
            let paidNow = payment.amount - payment.clawedBack
            guard amount > .zero, amount <= paidNow else { throw LedgerRefusal.clawbackTooLarge(paid: paidNow, asked: amount) }
            // The first clawback moves the payment to clawed-back; a further part of the same payment keeps it there.
            if payment.state != .clawedBack {
                _ = try PaymentRules.workflow.apply(.clawback, to: payment.state, by: context.actor, reason: reason)
            }
            let entry = try LedgerEntry.transfer(.clawback, amount, from: .of(.paid, district: payment.districtCode, year: payment.year),
                                                 to: .of(.clawbackDue, district: payment.districtCode, year: payment.year),
                                                 source: payment.source, payment: paymentID.uuidString, memo: reason)
            try await post(entry, on: tx, context)
            try await tx.sql.raw("""
                UPDATE ledger_payments SET clawed_back_fen = clawed_back_fen + \(bind: amount.fen), state = \(bind: PaymentState.clawedBack.rawValue),
                    state_reason = \(bind: reason), updated_at = \(bind: context.now)
                WHERE id = \(bind: paymentID)
                """).run()
            try await LedgerSettlement.notify(payment.source, state: .clawedBack, on: tx, now: context.now)
            log.record(context.event(.payment, paymentID, .update, after: AuditValues.json([
                "state": "clawed-back", "amountFen": String(amount.fen), "reason": reason])))
        }
    }

    /// 追回到账: money recovered from the payee returns to the district's budget.
    static func recover(_ paymentID: UUID, amountFen: Int64?, _ context: LedgerContext) async throws {
        guard context.actor == .city else { throw WorkflowRefusal.notYourStep(workflow: "payment", event: "recover", actor: context.actor) }
        try await context.write { tx, log in
            let payment = try await LedgerQueries(database: tx, scope: context.scope).requirePayment(paymentID)
            let due = payment.clawedBack - payment.recovered
            let amount = amountFen.map { Money(fen: $0) } ?? due
            guard amount > .zero, amount <= due else { throw LedgerRefusal.recoveryTooLarge(due: due, asked: amount) }
            let entry = try LedgerEntry.transfer(.recovery, amount, from: .of(.clawbackDue, district: payment.districtCode, year: payment.year),
                                                 to: .of(.districtBudget, district: payment.districtCode, year: payment.year),
                                                 source: payment.source, payment: paymentID.uuidString)
            try await post(entry, on: tx, context)
            try await tx.sql.raw("""
                UPDATE ledger_payments SET recovered_fen = recovered_fen + \(bind: amount.fen), updated_at = \(bind: context.now) WHERE id = \(bind: paymentID)
                """).run()
            log.record(context.event(.payment, paymentID, .update, after: AuditValues.json(["recoveredFen": String(amount.fen)])))
        }
    }

    /// Changes a payment's state only if it is still in the state it was read in: a concurrent step that got there
    /// first makes this one a conflict, not a second effect.
    static func setState(_ id: UUID, from: PaymentState, to: PaymentState, reason: String? = nil, on tx: any Database,
                         _ context: LedgerContext) async throws {
        try await setState([id], from: from, to: to, reason: reason, on: tx, context)
    }

    /// Moves every payment of `ids` from one state to the next, a few hundred a statement; refused unless each is
    /// still in `from` (nothing changes then: the caller's transaction rolls back).
    static func setState(_ ids: [UUID], from: PaymentState, to: PaymentState, reason: String? = nil, on tx: any Database,
                         _ context: LedgerContext) async throws {
        for chunk in ids.chunked(500) {
            let rows = try await tx.sql.raw("""
                UPDATE ledger_payments SET state = \(bind: to.rawValue), state_reason = \(bind: reason), updated_at = \(bind: context.now)
                WHERE id IN (\(binds: Array(chunk))) AND state = \(bind: from.rawValue) RETURNING id
                """).all()
            guard rows.count == chunk.count else { throw LedgerRefusal.paymentState(from.chineseName) }
        }
    }

    static func requiredReason(_ raw: String?) throws -> String {
        var problems: [FieldProblem] = []
        guard let reason = text(raw, field: "reason", label: "原因", maximum: 500, required: true, problems: &problems) else {
            throw RequestProblem.validation(problems)
        }
        return reason
    }
}

struct ClawbackInput: Content {
    /// Nil: whatever of the payment has not been clawed back yet.
    var amountFen: Int64?
    var reason: String?
}

/// How the module a payment came from learns that the bank paid it, or that it was clawed back: in the same
/// transaction, so a claim is never shown unpaid while its money is out (modules talk through Swift APIs, not each
/// other's tables).
enum LedgerSettlement {
    /// Told the source ids (of one kind) whose payments reached one state.
    typealias Hook = @Sendable (any Database, [String], PaymentState, Date) async throws -> Void
    private static let hooks = NIOLockedValueBox<[String: Hook]>([:])

    static func register(sourceKind: String, _ hook: @escaping Hook) {
        hooks.withLockedValue { $0[sourceKind] = hook }
    }

    static func notify(_ source: LedgerSource, state: PaymentState, on tx: any Database, now: Date) async throws {
        try await notify([source], state: state, on: tx, now: now)
    }

    /// Tells each source's module at once for all its sources: a bank file of thousands of lines is a few calls.
    static func notify(_ sources: [LedgerSource], state: PaymentState, on tx: any Database, now: Date) async throws {
        for (kind, group) in Dictionary(grouping: sources, by: \.kind).sorted(by: { $0.key < $1.key }) {
            guard let hook = hooks.withLockedValue({ $0[kind] }) else { continue }
            try await hook(tx, group.map(\.id), state, now)
        }
    }
}

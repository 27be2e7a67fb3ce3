import Fluent
import Foundation
import GongjiangCore
import SQLKit
import Vapor

/// Payment batches: the payments of one district and year that are owed (committed, or failed and to be re-issued)
/// go to the bank in one file; the bank's result file settles each line.
extension LedgerService {
    /// The most lines one bank file carries: banks' bulk-payment templates take a few thousand.
    static let maximumBatchLines = 5_000

    /// Makes a batch of the district's owed payments (or of the ones named) and sends their money to the bank
    /// (commitments → in transit), each payment getting a new reference.
    static func createBatch(_ input: BatchInput, _ context: LedgerContext) async throws -> UUID {
        guard context.actor == .city else { throw WorkflowRefusal.notYourStep(workflow: "payment", event: "dispatch", actor: context.actor) }
        var problems: [FieldProblem] = []
        let district = try await Self.district(input.districtCode, on: context.database, problems: &problems)
        let year = Self.year(input.year, problems: &problems)
        if let ids = input.paymentIds, ids.isEmpty || ids.count > maximumBatchLines {
            problems.append(FieldProblem(field: "paymentIds", code: "ledger.batch-size", chinese: "每批 1–\(maximumBatchLines) 笔",
                                         english: "A batch holds 1–\(maximumBatchLines) payments"))
        }
        guard problems.isEmpty, let district, let year else { throw RequestProblem.validation(problems) }
        return try await context.write { tx, log in
            var query = tx.sql.select().columns("id", "amount_fen", "state", "source_kind", "source_id").from("ledger_payments")
                .where("district_code", .equal, district).where("year", .equal, year)
                .where(SQLIdentifier("state"), .in, SQLBind.group([PaymentState.committed.rawValue, PaymentState.failed.rawValue]))
                .orderBy("created_at").orderBy("id").limit(maximumBatchLines)
            if let ids = input.paymentIds { query = query.where(SQLIdentifier("id"), .in, SQLBind.group(ids)) }
            let rows = try await query.all()
            guard !rows.isEmpty, input.paymentIds.map({ Set($0).count == rows.count }) ?? true else {
                throw RequestProblem.conflict(code: "ledger.nothing-to-pay",
                                              chinese: input.paymentIds == nil ? "该区县该年度没有待支付的款项" : "所列支付中有不存在、不属于该区县年度或已不在待支付状态的",
                                              english: input.paymentIds == nil ? "Nothing is owed in this district and year"
                                                  : "Some of the payments named are unknown, elsewhere, or no longer owed")
            }
            let sequence = try await tx.sql.raw("""
                SELECT COUNT(*) AS n FROM payment_batches WHERE district_code = \(bind: district) AND year = \(bind: year)
                """).first()?.decode(column: "n", as: Int.self) ?? 0
            // "PB-320602-2026-0007": the district, the year and the batch's place among them; a line's reference adds
            // its place in the batch. Never reused: batches are never deleted.
            let number = "PB-\(district)-\(year)-" + String(sequence + 1).leftPadded(to: 4)
            let batchID = UUID.timeOrdered(now: context.now)
            var postings: [LedgerPosting] = []
            var total = Money.zero
            var lines = tx.sql.insert(into: "payment_lines").columns("id", "batch_id", "payment_id", "reference", "amount_fen", "state")
            var dispatched: [PaymentState: [UUID]] = [:]
            for (index, row) in rows.enumerated() {
                let paymentID = try row.decode(column: "id", as: UUID.self)
                let amount = Money(fen: try row.decode(column: "amount_fen", as: Int64.self))
                let state = PaymentState(rawValue: try row.decode(column: "state", as: String.self)) ?? .committed
                _ = try PaymentRules.workflow.apply(.dispatch, to: state, by: context.actor)
                dispatched[state, default: []].append(paymentID)
                lines = lines.values(SQLBind(UUID.timeOrdered(now: context.now)), SQLBind(batchID), SQLBind(paymentID),
                                     SQLBind(number + "-" + String(index + 1).leftPadded(to: 5)), SQLBind(amount.fen), SQLBind("sent"))
                postings.append(LedgerPosting(.of(.commitment, district: district, year: year), Money(fen: -amount.fen), payment: paymentID.uuidString))
                postings.append(LedgerPosting(.of(.inTransit, district: district, year: year), amount, payment: paymentID.uuidString))
                total = total + amount
            }
            for (state, ids) in dispatched.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                try await setState(ids, from: state, to: .batched, on: tx, context)
            }
            try await tx.sql.insert(into: "payment_batches")
                .columns("id", "number", "district_code", "year", "state", "line_count", "total_fen", "created_by", "created_at")
                .values(SQLBind(batchID), SQLBind(number), SQLBind(district), SQLBind(year), SQLBind("sent"), SQLBind(rows.count),
                        SQLBind(total.fen), SQLBind(context.createdBy), SQLBind(context.now))
                .run()
            try await lines.run()
            try await post(LedgerEntry(kind: .dispatch, source: LedgerSource(kind: "payment-batch", id: batchID.uuidString), postings: postings,
                                       memo: number), on: tx, context)
            log.record(context.event(.paymentBatch, batchID, .create, after: AuditValues.json([
                "number": number, "lines": String(rows.count), "totalFen": String(total.fen)])))
            return batchID
        }
    }

    /// The file for the bank: every line with the payee's whole name and account. Its download is audited as a viewing
    /// of personal data.
    static func bankFile(_ batchID: UUID, _ context: LedgerContext) async throws -> (number: String, lines: [BankFile.Line]) {
        guard let batch = try await LedgerQueries(database: context.database, scope: context.scope).batch(batchID) else { throw RequestProblem.notFound }
        let rows = try await context.database.sql.raw("""
            SELECT l.reference, l.amount_fen, p.payee_name, p.payee_account_sealed, p.purpose
            FROM payment_lines l JOIN ledger_payments p ON p.id = l.payment_id WHERE l.batch_id = \(bind: batchID) ORDER BY l.reference
            """).all()
        var lines: [BankFile.Line] = []
        for row in rows {
            lines.append(BankFile.Line(reference: try row.decode(column: "reference", as: String.self),
                                       payeeName: try row.decode(column: "payee_name", as: String.self),
                                       account: try context.vault.open(try row.decode(column: "payee_account_sealed", as: String.self)),
                                       amount: Money(fen: try row.decode(column: "amount_fen", as: Int64.self)),
                                       purpose: try row.decode(column: "purpose", as: String.self)))
        }
        let event = context.event(.paymentBatch, batchID, .viewUnmasked, after: AuditValues.json([
            "number": batch.number, "format": "bank-file", "lines": String(lines.count)]))
        try await context.write { _, log in log.record(event) }
        return (batch.number, lines)
    }

    /// Applies the bank's result file to a batch: every line paid (in transit → paid) or failed (back to commitments,
    /// to re-issue). The whole file is checked first; one bad line refuses it all and nothing changes.
    static func applyResult(_ batchID: UUID, rows: [[String]], _ context: LedgerContext) async throws -> BatchResultSummary {
        guard context.actor == .city else { throw WorkflowRefusal.notYourStep(workflow: "payment", event: "settle", actor: context.actor) }
        return try await context.write { tx, log in
            guard let batch = try await LedgerQueries(database: tx, scope: context.scope).batch(batchID) else { throw RequestProblem.notFound }
            let lineRows = try await tx.sql.raw("""
                SELECT l.id, l.payment_id, l.reference, l.amount_fen, l.state, p.source_kind, p.source_id
                FROM payment_lines l JOIN ledger_payments p ON p.id = l.payment_id WHERE l.batch_id = \(bind: batchID)
                """).all()
            var sent: [String: BankFile.Sent] = [:]
            var lineByReference: [String: (id: UUID, payment: UUID, source: LedgerSource)] = [:]
            for row in lineRows {
                let reference = try row.decode(column: "reference", as: String.self)
                sent[reference] = BankFile.Sent(amount: Money(fen: try row.decode(column: "amount_fen", as: Int64.self)),
                                                settled: try row.decode(column: "state", as: String.self) != "sent")
                lineByReference[reference] = (try row.decode(column: "id", as: UUID.self), try row.decode(column: "payment_id", as: UUID.self),
                                              LedgerSource(kind: try row.decode(column: "source_kind", as: String.self),
                                                           id: try row.decode(column: "source_id", as: String.self)))
            }
            let results: [BankFile.Result]
            switch BankFile.readResult(rows, sent: sent) {
            case .success(let read): results = read
            case .failure(let refusal): throw BankResultRefusal(issues: refusal.issues)
            }
            let district = batch.districtCode, year = batch.year
            var postings: [LedgerPosting] = []
            var summary = BatchResultSummary()
            // The lines settled a statement per outcome and reason, not one a line: a bank file holds thousands.
            struct Outcome: Hashable {
                let next: PaymentState
                let reason: String
            }
            var settled: [Outcome: [(id: UUID, payment: UUID, source: LedgerSource)]] = [:]
            for result in results {
                let line = lineByReference[result.reference]!
                let event: PaymentEvent = result.paid ? .pay : .fail
                let next = try PaymentRules.workflow.apply(event, to: .batched, by: .system)
                settled[Outcome(next: next, reason: result.reason), default: []].append(line)
                postings.append(LedgerPosting(.of(.inTransit, district: district, year: year), Money(fen: -result.amount.fen), payment: line.payment.uuidString))
                postings.append(LedgerPosting(.of(result.paid ? .paid : .commitment, district: district, year: year), result.amount,
                                              payment: line.payment.uuidString))
                if result.paid { summary.paid += 1; summary.paidFen += result.amount.fen } else { summary.failed += 1; summary.failedFen += result.amount.fen }
            }
            for (outcome, lines) in settled.sorted(by: { ($0.key.next.rawValue, $0.key.reason) < ($1.key.next.rawValue, $1.key.reason) }) {
                try await setState(lines.map(\.payment), from: .batched, to: outcome.next, reason: outcome.next == .paid ? nil : outcome.reason,
                                   on: tx, context)
                try await LedgerSettlement.notify(lines.map(\.source), state: outcome.next, on: tx, now: context.now)
                for chunk in lines.map(\.id).chunked(500) {
                    let updated = try await tx.sql.raw("""
                        UPDATE payment_lines SET state = \(bind: outcome.next == .paid ? "paid" : "failed"), reason = \(bind: outcome.reason),
                            settled_at = \(bind: context.now)
                        WHERE id IN (\(binds: Array(chunk))) AND state = 'sent' RETURNING id
                        """).all()
                    guard updated.count == chunk.count else { throw LedgerRefusal.paymentState("已回盘") }
                }
            }
            try await post(LedgerEntry(kind: .settlement, source: LedgerSource(kind: "payment-batch", id: batchID.uuidString), postings: postings,
                                       memo: batch.number), on: tx, context)
            let open = try await tx.sql.raw("SELECT COUNT(*) AS n FROM payment_lines WHERE batch_id = \(bind: batchID) AND state = 'sent'")
                .first()?.decode(column: "n", as: Int.self) ?? 0
            summary.stillOpen = open
            try await tx.sql.raw("""
                UPDATE payment_batches SET state = \(bind: open == 0 ? "settled" : "partly-settled"), settled_at = \(bind: open == 0 ? context.now : nil)
                WHERE id = \(bind: batchID)
                """).run()
            log.record(context.event(.paymentBatch, batchID, .update, after: AuditValues.json([
                "result": "bank", "paid": String(summary.paid), "failed": String(summary.failed), "open": String(open)])))
            return summary
        }
    }
}

struct BatchInput: Content {
    var districtCode: String?
    var year: Int?
    /// Nil: every payment the district owes for the year (up to the batch limit).
    var paymentIds: [UUID]?
}

struct BatchResultSummary: Content, Equatable {
    var paid = 0
    var paidFen: Int64 = 0
    var failed = 0
    var failedFen: Int64 = 0
    var stillOpen = 0
}

/// A result file refused whole, with every bad line.
struct BankResultRefusal: Error {
    let issues: [BankFile.Issue]

    var problem: RequestProblem {
        .validation(issues.map { FieldProblem(field: "row \($0.row)" + ($0.column.isEmpty ? "" : " \($0.column)"), code: $0.code,
                                              chinese: "第 \($0.row) 行：" + $0.chinese, english: "Row \($0.row): " + $0.english) })
    }
}

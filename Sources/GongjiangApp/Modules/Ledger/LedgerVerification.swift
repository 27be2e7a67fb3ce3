import Fluent
import Foundation
import NIOConcurrencyHelpers
import GongjiangCore
import SQLKit

/// `gongjiang ledger verify`: the ledger's invariants, checked from the stored rows alone.
/// 1. every transaction has at least two postings and they sum to zero;
/// 2. every account's kept balance is the sum of its postings, and none that holds money is below zero;
/// 3. no payment is paid twice: at most one paid bank line each, and what its postings put into `paid` is what the
///    payment says was paid (its amount, less what was clawed back, once its bank line is paid);
/// 4. every transaction names a source that exists (a payment batch, a payment's source, the transaction it reverses).
enum LedgerVerification {
    struct Totals: Sendable, Equatable {
        var transactions = 0
        var postings = 0
        var payments = 0
        /// By account kind, summed over districts and years.
        var byKind: [LedgerAccountKind: Money] = [:]
    }

    struct Violation: Error, Sendable, Equatable, CustomStringConvertible {
        let rule: String
        let detail: String
        var description: String { "\(rule): \(detail)" }
    }

    /// Source kinds whose id names a row of a table; modules add theirs (a training claim, a programme award).
    private static let sources = NIOLockedValueBox<[String: String]>([
        "payment-batch": "payment_batches",
        "transaction": "ledger_transactions",
    ])

    static func registerSource(_ kind: String, table: String) {
        sources.withLockedValue { $0[kind] = table }
    }

    static func run(on database: any Database) async throws -> Result<Totals, Violation> {
        let sql = database.sql
        if let row = try await sql.raw("""
            SELECT t.id, COUNT(p.id) AS n, CAST(COALESCE(SUM(p.amount_fen), 0) AS BIGINT) AS total FROM ledger_transactions t
            LEFT JOIN ledger_postings p ON p.transaction_id = t.id GROUP BY t.id
            HAVING COUNT(p.id) < 2 OR COALESCE(SUM(p.amount_fen), 0) <> 0 LIMIT 1
            """).first() {
            return .failure(Violation(rule: "unbalanced", detail: "transaction \(try row.decode(column: "id", as: UUID.self)) has "
                                      + "\(try row.decode(column: "n", as: Int.self)) postings summing to \(try row.decode(column: "total", as: Int64.self)) fen"))
        }
        if let row = try await sql.raw("""
            SELECT a.code, a.balance_fen, CAST(COALESCE(SUM(p.amount_fen), 0) AS BIGINT) AS total FROM ledger_accounts a
            LEFT JOIN ledger_postings p ON p.account_id = a.id GROUP BY a.id, a.code, a.balance_fen
            HAVING a.balance_fen <> COALESCE(SUM(p.amount_fen), 0) LIMIT 1
            """).first() {
            return .failure(Violation(rule: "balance", detail: "account \(try row.decode(column: "code", as: String.self)) keeps "
                                      + "\(try row.decode(column: "balance_fen", as: Int64.self)) fen but its postings sum to \(try row.decode(column: "total", as: Int64.self))"))
        }
        if let row = try await sql.raw("""
            SELECT code, balance_fen FROM ledger_accounts WHERE balance_fen < 0 AND kind <> 'funding-source' LIMIT 1
            """).first() {
            return .failure(Violation(rule: "below-zero", detail: "account \(try row.decode(column: "code", as: String.self)) holds "
                                      + "\(try row.decode(column: "balance_fen", as: Int64.self)) fen"))
        }
        if let row = try await sql.raw("""
            SELECT payment_id, COUNT(*) AS n FROM payment_lines WHERE state = 'paid' GROUP BY payment_id HAVING COUNT(*) > 1 LIMIT 1
            """).first() {
            return .failure(Violation(rule: "paid-twice", detail: "payment \(try row.decode(column: "payment_id", as: UUID.self)) has "
                                      + "\(try row.decode(column: "n", as: Int.self)) paid bank lines"))
        }
        if let row = try await sql.raw("""
            SELECT y.id, y.expected, CAST(COALESCE(SUM(p.amount_fen), 0) AS BIGINT) AS total FROM (
                SELECT id, CASE WHEN state IN ('paid', 'clawed-back') THEN amount_fen - clawed_back_fen ELSE 0 END AS expected FROM ledger_payments
            ) y
            LEFT JOIN ledger_postings p ON p.payment_id = y.id
                AND p.account_id IN (SELECT id FROM ledger_accounts WHERE kind = 'paid')
            GROUP BY y.id, y.expected HAVING COALESCE(SUM(p.amount_fen), 0) <> y.expected LIMIT 1
            """).first() {
            return .failure(Violation(rule: "paid-amount", detail: "payment \(try row.decode(column: "id", as: UUID.self)) should have paid "
                                      + "\(try row.decode(column: "expected", as: Int64.self)) fen; its postings paid \(try row.decode(column: "total", as: Int64.self))"))
        }
        if let row = try await sql.raw("""
            SELECT y.id FROM ledger_payments y WHERE y.state IN ('paid', 'clawed-back')
                AND NOT EXISTS (SELECT 1 FROM payment_lines l WHERE l.payment_id = y.id AND l.state = 'paid') LIMIT 1
            """).first() {
            return .failure(Violation(rule: "paid-without-bank", detail: "payment \(try row.decode(column: "id", as: UUID.self)) is paid with no paid bank line"))
        }
        // PostgreSQL sums BIGINT to NUMERIC: every sum above is cast back so that both databases answer in BIGINT.
        // Sources: every transaction names one; a payment's postings carry their payment's source.
        if let row = try await sql.raw("""
            SELECT id FROM ledger_transactions WHERE source_kind = '' OR source_id = '' LIMIT 1
            """).first() {
            return .failure(Violation(rule: "source", detail: "transaction \(try row.decode(column: "id", as: UUID.self)) names no source"))
        }
        if let row = try await sql.raw("""
            SELECT t.id FROM ledger_transactions t JOIN ledger_postings p ON p.transaction_id = t.id
            JOIN ledger_payments y ON y.id = p.payment_id
            WHERE t.kind IN ('commitment', 'release', 'clawback', 'recovery') AND (t.source_kind <> y.source_kind OR t.source_id <> y.source_id) LIMIT 1
            """).first() {
            return .failure(Violation(rule: "source", detail: "transaction \(try row.decode(column: "id", as: UUID.self)) moves a payment's money but names another source"))
        }
        // The source table's id is a UUID stored as upper-case text on SQLite and as uuid on PostgreSQL: the transaction's
        // source id is brought to that form, so each look-up is one probe of the table's primary key (comparing the
        // table's id as text instead would read the whole table once per transaction).
        let isPostgres = sql.dialect.name == "postgresql"
        for (kind, table) in sources.withLockedValue({ $0 }).sorted(by: { $0.key < $1.key }) {
            let probe = isPostgres
                ? "s.id = CASE WHEN t.source_id ~* '^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$' THEN CAST(t.source_id AS uuid) END"
                : "s.id = UPPER(t.source_id)"
            if let row = try await sql.raw("""
                SELECT t.id, t.source_id FROM ledger_transactions t WHERE t.source_kind = \(bind: kind)
                AND NOT EXISTS (SELECT 1 FROM \(ident: table) s WHERE \(unsafeRaw: probe)) LIMIT 1
                """).first() {
                return .failure(Violation(rule: "source", detail: "transaction \(try row.decode(column: "id", as: UUID.self)) names \(kind) "
                                          + "\(try row.decode(column: "source_id", as: String.self)), which does not exist"))
            }
        }
        var totals = Totals()
        totals.transactions = try await count("ledger_transactions", sql)
        totals.postings = try await count("ledger_postings", sql)
        totals.payments = try await count("ledger_payments", sql)
        for row in try await sql.raw("SELECT kind, CAST(SUM(balance_fen) AS BIGINT) AS total FROM ledger_accounts GROUP BY kind").all() {
            if let kind = LedgerAccountKind(rawValue: try row.decode(column: "kind", as: String.self)) {
                totals.byKind[kind] = Money(fen: try row.decode(column: "total", as: Int64.self))
            }
        }
        return .success(totals)
    }

    private static func count(_ table: String, _ sql: any SQLDatabase) async throws -> Int {
        try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()?.decode(column: "n", as: Int.self) ?? 0
    }
}

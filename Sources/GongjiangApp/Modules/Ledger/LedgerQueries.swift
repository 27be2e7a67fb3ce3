import Fluent
import Foundation
import GongjiangCore
import SQLKit

/// The ledger's reads, each limited to the caller's scope: the city reads every district, a district officer their
/// own; what lies outside answers as if it did not exist.
struct LedgerQueries: Sendable {
    let database: any Database
    let scope: Scope

    struct Transaction: Sendable {
        let id: UUID
        let kind: LedgerTransactionKind
        let source: LedgerSource
        let amount: Money
        let memo: String
        let reverses: UUID?
        let createdBy: String
        let createdAt: Date
        let postings: [LedgerPosting]
    }

    struct Payment: Sendable {
        let id: UUID
        let source: LedgerSource
        let districtCode: String
        let year: Int
        let payee: String
        let payeeName: String
        let accountMasked: String
        let amount: Money
        let clawedBack: Money
        let recovered: Money
        let state: PaymentState
        let stateReason: String?
        let purpose: String
        let updatedAt: Date
    }

    struct Batch: Sendable {
        let id: UUID
        let number: String
        let districtCode: String
        let year: Int
        let state: String
        let lineCount: Int
        let total: Money
        let createdAt: Date
    }

    struct Balance: Sendable {
        let account: LedgerAccountKey
        let balance: Money
        let debits: Money
        let credits: Money
    }

    /// The districts the caller sees, as a condition on a `district_code` column; nil for the whole city.
    private var districtFilter: [String]? {
        switch scope {
        case .city: nil
        default: Array(scope.districtCodes ?? []).sorted()
        }
    }

    func transaction(_ id: UUID) async throws -> Transaction? {
        guard let row = try await database.sql.raw("""
            SELECT id, kind, source_kind, source_id, amount_fen, memo, reverses_id, created_by, created_at FROM ledger_transactions
            WHERE id = \(bind: id)
            """).first() else { return nil }
        let postings = try await database.sql.raw("""
            SELECT a.code, p.amount_fen, p.payment_id FROM ledger_postings p JOIN ledger_accounts a ON a.id = p.account_id
            WHERE p.transaction_id = \(bind: id) ORDER BY p.id
            """).all().map { row in
                LedgerPosting(LedgerAccountKey(code: try row.decode(column: "code", as: String.self))!,
                              Money(fen: try row.decode(column: "amount_fen", as: Int64.self)),
                              payment: try row.decode(column: "payment_id", as: UUID?.self)?.uuidString)
            }
        // A district officer sees a transaction that touches one of their district's accounts.
        if let districts = districtFilter, !postings.contains(where: { $0.account.district.map(districts.contains) ?? false }) { return nil }
        return try Self.transaction(row, postings: postings)
    }

    static func transaction(_ row: some SQLRow, postings: [LedgerPosting]) throws -> Transaction {
        Transaction(id: try row.decode(column: "id", as: UUID.self),
                    kind: LedgerTransactionKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .allocation,
                    source: LedgerSource(kind: try row.decode(column: "source_kind", as: String.self), id: try row.decode(column: "source_id", as: String.self)),
                    amount: Money(fen: try row.decode(column: "amount_fen", as: Int64.self)), memo: try row.decode(column: "memo", as: String.self),
                    reverses: try row.decode(column: "reverses_id", as: UUID?.self), createdBy: try row.decode(column: "created_by", as: String.self),
                    createdAt: try row.decode(column: "created_at", as: Date.self), postings: postings)
    }

    /// Transactions newest first, optionally of one kind or touching one district; `before` pages on.
    func transactions(kind: LedgerTransactionKind?, district: String?, before: UUID?, limit: Int) async throws -> [Transaction] {
        var query = database.sql.select().distinct()
            .columns(SQLColumn("id", table: "t"), SQLColumn("kind", table: "t"), SQLColumn("source_kind", table: "t"), SQLColumn("source_id", table: "t"),
                     SQLColumn("amount_fen", table: "t"), SQLColumn("memo", table: "t"), SQLColumn("reverses_id", table: "t"),
                     SQLColumn("created_by", table: "t"), SQLColumn("created_at", table: "t"))
            .from(SQLAlias(SQLIdentifier("ledger_transactions"), as: SQLIdentifier("t")))
        if let kind { query = query.where(SQLColumn("kind", table: "t"), .equal, SQLBind(kind.rawValue)) }
        if let before { query = query.where(SQLColumn("id", table: "t"), .lessThan, SQLBind(before)) }
        let districts = districtFilter.map { filter in district.map { filter.contains($0) ? [$0] : [] } ?? filter } ?? district.map { [$0] }
        if let districts {
            guard !districts.isEmpty else { return [] }
            query = query.join(SQLAlias(SQLIdentifier("ledger_postings"), as: SQLIdentifier("p")), on: SQLColumn("transaction_id", table: "p"), .equal, SQLColumn("id", table: "t"))
                .join(SQLAlias(SQLIdentifier("ledger_accounts"), as: SQLIdentifier("a")), on: SQLColumn("id", table: "a"), .equal, SQLColumn("account_id", table: "p"))
                .where(SQLColumn("district_code", table: "a"), .in, SQLBind.group(districts))
        }
        let rows = try await query.orderBy(SQLOrderBy(expression: SQLColumn("id", table: "t"), direction: SQLDirection.descending)).limit(limit).all()
        return try rows.map { try Self.transaction($0, postings: []) }
    }

    /// Every account the caller sees with its balance, and its debits and credits of a year's accounts (or all).
    func balances(year: Int?, district: String?) async throws -> [Balance] {
        var query = database.sql.select()
            .column(SQLColumn("code", table: "a")).column(SQLColumn("balance_fen", table: "a"))
            // PostgreSQL sums BIGINT to NUMERIC: cast back, so both databases answer in BIGINT.
            .column(SQLRaw("CAST(COALESCE(SUM(CASE WHEN p.amount_fen > 0 THEN p.amount_fen ELSE 0 END), 0) AS BIGINT)"), as: "debits")
            .column(SQLRaw("CAST(COALESCE(SUM(CASE WHEN p.amount_fen < 0 THEN -p.amount_fen ELSE 0 END), 0) AS BIGINT)"), as: "credits")
            .from(SQLAlias(SQLIdentifier("ledger_accounts"), as: SQLIdentifier("a")))
            .join(SQLAlias(SQLIdentifier("ledger_postings"), as: SQLIdentifier("p")), method: SQLJoinMethod.left, on: SQLColumn("account_id", table: "p"), .equal, SQLColumn("id", table: "a"))
        if let year { query = query.where(SQLColumn("year", table: "a"), .equal, SQLBind(year)) }
        if let districts = districtFilter {
            query = query.where(SQLColumn("district_code", table: "a"), .in, SQLBind.group(district.map { districts.contains($0) ? [$0] : [] } ?? districts))
        } else if let district {
            query = query.where(SQLColumn("district_code", table: "a"), .equal, SQLBind(district))
        }
        let rows = try await query.groupBy(SQLColumn("code", table: "a")).groupBy(SQLColumn("balance_fen", table: "a"))
            .orderBy(SQLColumn("code", table: "a")).all()
        return try rows.compactMap { row in
            guard let key = LedgerAccountKey(code: try row.decode(column: "code", as: String.self)) else { return nil }
            return Balance(account: key, balance: Money(fen: try row.decode(column: "balance_fen", as: Int64.self)),
                           debits: Money(fen: try row.decode(column: "debits", as: Int64.self)),
                           credits: Money(fen: try row.decode(column: "credits", as: Int64.self)))
        }
    }

    func payment(_ id: UUID) async throws -> Payment? {
        guard let row = try await database.sql.raw("SELECT * FROM ledger_payments WHERE id = \(bind: id)").first() else { return nil }
        let payment = try Self.payment(row)
        guard scope.admitsDistrict(payment.districtCode) else { return nil }
        return payment
    }

    func requirePayment(_ id: UUID) async throws -> Payment {
        guard let payment = try await payment(id) else { throw RequestProblem.notFound }
        return payment
    }

    static func payment(_ row: some SQLRow) throws -> Payment {
        Payment(id: try row.decode(column: "id", as: UUID.self),
                source: LedgerSource(kind: try row.decode(column: "source_kind", as: String.self), id: try row.decode(column: "source_id", as: String.self)),
                districtCode: try row.decode(column: "district_code", as: String.self), year: try row.decode(column: "year", as: Int.self),
                payee: try row.decode(column: "payee_kind", as: String.self), payeeName: try row.decode(column: "payee_name", as: String.self),
                accountMasked: try row.decode(column: "payee_account_masked", as: String.self),
                amount: Money(fen: try row.decode(column: "amount_fen", as: Int64.self)),
                clawedBack: Money(fen: try row.decode(column: "clawed_back_fen", as: Int64.self)),
                recovered: Money(fen: try row.decode(column: "recovered_fen", as: Int64.self)),
                state: PaymentState(rawValue: try row.decode(column: "state", as: String.self)) ?? .committed,
                stateReason: try row.decode(column: "state_reason", as: String?.self), purpose: try row.decode(column: "purpose", as: String.self),
                updatedAt: try row.decode(column: "updated_at", as: Date.self))
    }

    func payments(state: PaymentState?, district: String?, year: Int?, before: UUID?, limit: Int) async throws -> [Payment] {
        var query = database.sql.select().column("*").from("ledger_payments")
        if let state { query = query.where("state", .equal, state.rawValue) }
        if let year { query = query.where("year", .equal, year) }
        if let before { query = query.where("id", .lessThan, before) }
        if let districts = districtFilter {
            query = query.where(SQLIdentifier("district_code"), .in, SQLBind.group(district.map { districts.contains($0) ? [$0] : [] } ?? districts))
        } else if let district {
            query = query.where("district_code", .equal, district)
        }
        return try await query.orderBy("id", .descending).limit(limit).all().map { try Self.payment($0) }
    }

    func batch(_ id: UUID) async throws -> Batch? {
        guard let row = try await database.sql.raw("SELECT * FROM payment_batches WHERE id = \(bind: id)").first() else { return nil }
        let batch = try Self.batch(row)
        return scope.admitsDistrict(batch.districtCode) ? batch : nil
    }

    static func batch(_ row: some SQLRow) throws -> Batch {
        Batch(id: try row.decode(column: "id", as: UUID.self), number: try row.decode(column: "number", as: String.self),
              districtCode: try row.decode(column: "district_code", as: String.self), year: try row.decode(column: "year", as: Int.self),
              state: try row.decode(column: "state", as: String.self), lineCount: try row.decode(column: "line_count", as: Int.self),
              total: Money(fen: try row.decode(column: "total_fen", as: Int64.self)), createdAt: try row.decode(column: "created_at", as: Date.self))
    }

    func batches(before: UUID?, limit: Int) async throws -> [Batch] {
        var query = database.sql.select().column("*").from("payment_batches")
        if let before { query = query.where("id", .lessThan, before) }
        if let districts = districtFilter { query = query.where(SQLIdentifier("district_code"), .in, SQLBind.group(districts)) }
        return try await query.orderBy("id", .descending).limit(limit).all().map { try Self.batch($0) }
    }

    struct Line: Sendable {
        let reference: String
        let paymentID: UUID
        let payeeName: String
        let accountMasked: String
        let amount: Money
        let state: String
        let reason: String?
    }

    func lines(of batchID: UUID) async throws -> [Line] {
        try await database.sql.raw("""
            SELECT l.reference, l.payment_id, l.amount_fen, l.state, l.reason, p.payee_name, p.payee_account_masked
            FROM payment_lines l JOIN ledger_payments p ON p.id = l.payment_id WHERE l.batch_id = \(bind: batchID) ORDER BY l.reference
            """).all().map { row in
                Line(reference: try row.decode(column: "reference", as: String.self), paymentID: try row.decode(column: "payment_id", as: UUID.self),
                     payeeName: try row.decode(column: "payee_name", as: String.self),
                     accountMasked: try row.decode(column: "payee_account_masked", as: String.self),
                     amount: Money(fen: try row.decode(column: "amount_fen", as: Int64.self)), state: try row.decode(column: "state", as: String.self),
                     reason: try row.decode(column: "reason", as: String?.self))
            }
    }
}

extension LedgerQueries {
    /// One movement of one payment's money, for its history.
    struct PaymentMovement: Sendable {
        let transactionID: UUID
        let kind: LedgerTransactionKind
        let account: LedgerAccountKey
        let amount: Money
        let at: Date
    }

    /// The movements of a payment's money into its accounts (the positive postings), oldest first.
    func movements(of paymentID: UUID) async throws -> [PaymentMovement] {
        try await database.sql.raw("""
            SELECT t.id, t.kind, t.created_at, a.code, p.amount_fen FROM ledger_postings p
            JOIN ledger_transactions t ON t.id = p.transaction_id JOIN ledger_accounts a ON a.id = p.account_id
            WHERE p.payment_id = \(bind: paymentID) AND p.amount_fen > 0 ORDER BY t.id
            """).all().compactMap { row in
                guard let account = LedgerAccountKey(code: try row.decode(column: "code", as: String.self)) else { return nil }
                return PaymentMovement(transactionID: try row.decode(column: "id", as: UUID.self),
                                       kind: LedgerTransactionKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .commitment,
                                       account: account, amount: Money(fen: try row.decode(column: "amount_fen", as: Int64.self)),
                                       at: try row.decode(column: "created_at", as: Date.self))
            }
    }

    /// Payments still owed (committed, or failed and to be sent again), by district, for a year.
    func owed(year: Int) async throws -> [String: (count: Int, amount: Money)] {
        var result: [String: (Int, Money)] = [:]
        let rows = try await database.sql.raw("""
            SELECT district_code, COUNT(*) AS n, CAST(SUM(amount_fen) AS BIGINT) AS total FROM ledger_payments
            WHERE year = \(bind: year) AND state IN ('committed', 'failed') GROUP BY district_code
            """).all()
        for row in rows {
            let district = try row.decode(column: "district_code", as: String.self)
            guard scope.admitsDistrict(district) else { continue }
            result[district] = (try row.decode(column: "n", as: Int.self), Money(fen: try row.decode(column: "total", as: Int64.self)))
        }
        return result
    }
}

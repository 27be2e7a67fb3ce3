import Fluent
import SQLKit

/// 016: the special account's ledger (专账).
/// - `ledger_accounts`: one row per account (`LedgerAccountKey.code`), with its balance kept beside the postings so that
///   a budget's check is one conditional update; `ledger verify` checks the kept balance against the postings.
/// - `ledger_transactions` and `ledger_postings`: immutable; a transaction names its source; a posting its account and,
///   for money owed to one payee, its payment.
/// - `ledger_payments`: one payee, one source, one amount; the source is unique, so nothing is owed (or paid) twice.
/// - `payment_batches` and `payment_lines`: what went to the bank in one file and what it answered. A reference is
///   never reused; a re-issue is a new line in a later batch.
/// - `idempotency_keys`: the answer given to each key, per caller, so a repeated request gets it again.
struct CreateLedger: AsyncMigration {
    var name: String { "016-CreateLedger" }

    func prepare(on database: any Database) async throws {
        try await database.schema("ledger_accounts")
            .id()
            .field("code", .string, .required)
            .field("kind", .string, .required)
            .field("district_code", .string)
            .field("year", .int)
            .field("balance_fen", .int64, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "code")
            .create()

        try await database.schema("ledger_transactions")
            .id()
            .field("kind", .string, .required)
            .field("source_kind", .string, .required)
            .field("source_id", .string, .required)
            .field("amount_fen", .int64, .required)
            .field("memo", .string, .required)
            .field("reverses_id", .uuid, .references("ledger_transactions", "id"))
            .field("created_by", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.sql.create(index: "ledger_transactions_source_idx").on("ledger_transactions").column("source_kind").column("source_id").run()
        // A transaction is reversed at most once.
        try await database.sql.create(index: "ledger_transactions_reverses_idx").unique().on("ledger_transactions").column("reverses_id").run()

        try await database.schema("ledger_payments")
            .id()
            .field("source_kind", .string, .required)
            .field("source_id", .string, .required)
            .field("district_code", .string, .required)
            .field("year", .int, .required)
            .field("payee_kind", .string, .required)
            .field("payee_name", .string, .required)
            .field("payee_account_sealed", .string, .required)
            .field("payee_account_masked", .string, .required)
            .field("amount_fen", .int64, .required)
            .field("clawed_back_fen", .int64, .required)
            .field("recovered_fen", .int64, .required)
            .field("state", .string, .required)
            .field("purpose", .string, .required)
            .field("state_reason", .string)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "source_kind", "source_id")
            .create()
        try await database.sql.create(index: "ledger_payments_district_state_idx").on("ledger_payments")
            .column("district_code").column("year").column("state").run()

        try await database.schema("ledger_postings")
            .id()
            .field("transaction_id", .uuid, .required, .references("ledger_transactions", "id"))
            .field("account_id", .uuid, .required, .references("ledger_accounts", "id"))
            .field("payment_id", .uuid, .references("ledger_payments", "id"))
            .field("amount_fen", .int64, .required)
            .create()
        try await database.sql.create(index: "ledger_postings_transaction_idx").on("ledger_postings").column("transaction_id").run()
        try await database.sql.create(index: "ledger_postings_account_idx").on("ledger_postings").column("account_id").run()
        try await database.sql.create(index: "ledger_postings_payment_idx").on("ledger_postings").column("payment_id").run()

        try await database.schema("payment_batches")
            .id()
            .field("number", .string, .required)
            .field("district_code", .string, .required)
            .field("year", .int, .required)
            .field("state", .string, .required)
            .field("line_count", .int, .required)
            .field("total_fen", .int64, .required)
            .field("created_by", .string, .required)
            .field("created_at", .datetime, .required)
            .field("settled_at", .datetime)
            .unique(on: "number")
            .create()

        try await database.schema("payment_lines")
            .id()
            .field("batch_id", .uuid, .required, .references("payment_batches", "id"))
            .field("payment_id", .uuid, .required, .references("ledger_payments", "id"))
            .field("reference", .string, .required)
            .field("amount_fen", .int64, .required)
            .field("state", .string, .required)
            .field("reason", .string)
            .field("settled_at", .datetime)
            .unique(on: "reference")
            .create()
        try await database.sql.create(index: "payment_lines_batch_idx").on("payment_lines").column("batch_id").run()
        try await database.sql.create(index: "payment_lines_payment_idx").on("payment_lines").column("payment_id").run()

        try await database.schema("idempotency_keys")
            .id()
            .field("caller", .string, .required)
            .field("key", .string, .required)
            .field("fingerprint", .string, .required)
            .field("status", .int, .required)
            .field("body", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "caller", "key")
            .create()
    }

    func revert(on database: any Database) async throws {
        for table in ["idempotency_keys", "payment_lines", "payment_batches", "ledger_postings", "ledger_payments", "ledger_transactions",
                      "ledger_accounts"] {
            try await database.schema(table).delete()
        }
    }
}

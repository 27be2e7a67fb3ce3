import Fluent
import SQLKit

/// 020: what the apprenticeship's money and progress need beyond 019.
/// - `apprenticeship_plans`: the enterprise's bank account the subsidy is paid to (sealed, with its masked form for
///   pages), the advance and the settlement as computed (the ledger's payments hold what was paid), the completed
///   headcount and the day of settlement.
/// - `apprentices.exited_on`: the day an apprentice left early (the reason is `exit_reason`).
/// - `apprentice_changes`: each change of an agreement (wage, contract, fee, allowance, mentor) with the day it takes
///   effect and the terms before and after, checked as at filing.
struct AddApprenticeshipMoney: AsyncMigration {
    var name: String { "020-AddApprenticeshipMoney" }

    func prepare(on database: any Database) async throws {
        // One column an ALTER: SQLite adds one at a time.
        for (column, type) in [("payee_account_sealed", DatabaseSchema.DataType.string), ("payee_account_masked", .string),
                               ("advance_fen", .int64), ("settlement_fen", .int64), ("completed_headcount", .int), ("settled_on", .string)] {
            try await database.schema("apprenticeship_plans").field(FieldKey(stringLiteral: column), type).update()
        }
        try await database.schema("apprentices").field("exited_on", .string).update()
        try await database.schema("apprentice_changes")
            .id()
            .field("apprentice_id", .uuid, .required, .references("apprentices", "id"))
            .field("effective_on", .string, .required)
            .field("before", .string, .required)
            .field("after", .string, .required)
            .field("reason", .string)
            .field("created_at", .datetime, .required)
            .create()
        try await database.sql.create(index: "apprentice_changes_apprentice_idx").on("apprentice_changes").column("apprentice_id").run()
        try await database.sql.create(index: "apprentices_started_idx").on("apprentices").column("started_on").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("apprentice_changes").delete()
        try await database.sql.drop(index: "apprentices_started_idx").run()
        try await database.schema("apprentices").deleteField("exited_on").update()
        for column in ["payee_account_sealed", "payee_account_masked", "advance_fen", "settlement_fen", "completed_headcount", "settled_on"] {
            try await database.schema("apprenticeship_plans").deleteField(FieldKey(stringLiteral: column)).update()
        }
    }
}

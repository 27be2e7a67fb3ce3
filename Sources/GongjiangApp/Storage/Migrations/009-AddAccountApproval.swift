import Fluent
import SQLKit

/// 009: privileged accounts wait for the security administrator's approval. Accounts that exist already were made
/// by an operator or before the rule, and stay approved.
struct AddAccountApproval: AsyncMigration {
    var name: String { "009-AddAccountApproval" }

    func prepare(on database: any Database) async throws {
        try await database.schema("accounts")
            .field("approval", .string, .required, .sql(.default("approved")))
            .update()
        try await database.schema("accounts")
            .field("requested_by", .string)
            .update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("accounts").deleteField("requested_by").update()
        try await database.schema("accounts").deleteField("approval").update()
    }
}

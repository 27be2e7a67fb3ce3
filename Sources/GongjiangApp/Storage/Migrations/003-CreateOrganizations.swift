import Fluent
import SQLKit

/// 003: organizations, keyed by unified social credit code.
struct CreateOrganizations: AsyncMigration {
    var name: String { "003-CreateOrganizations" }

    func prepare(on database: any Database) async throws {
        try await database.schema("organizations")
            .id()
            .field("uscc", .string, .required)
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("district_code", .string, .deferredReference("districts", "code"))
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "uscc")
            .create()
        try await database.sql.create(index: "organizations_name_idx").on("organizations").column("name").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("organizations").delete()
    }
}

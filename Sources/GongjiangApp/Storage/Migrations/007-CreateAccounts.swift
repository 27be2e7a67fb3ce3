import Fluent
import SQLKit

/// 007: accounts, server-side sessions, login failures, API tokens and security settings.
struct CreateAccounts: AsyncMigration {
    var name: String { "007-CreateAccounts" }

    func prepare(on database: any Database) async throws {
        try await database.schema("accounts")
            .id()
            .field("username", .string, .required)
            .field("display_name", .string, .required)
            .field("role", .string, .required)
            .field("district_code", .string, .references("districts", "code"))
            .field("organization_id", .uuid, .references("organizations", "id"))
            .field("password_hash", .string, .required)
            .field("must_change_password", .bool, .required)
            .field("totp_secret_sealed", .string)
            .field("totp_last_step", .int64)
            .field("is_disabled", .bool, .required)
            .field("is_demo", .bool, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "username")
            .create()
        try await database.schema("user_sessions")
            .id()
            .field("token_hash", .string, .required)
            .field("account_id", .uuid, .required, .references("accounts", "id"))
            .field("csrf_token", .string, .required)
            .field("awaits_second_factor", .bool, .required)
            .field("created_at", .datetime, .required)
            .field("last_seen_at", .datetime, .required)
            .field("ended_at", .datetime)
            .field("address", .string)
            .unique(on: "token_hash")
            .create()
        try await database.sql.create(index: "user_sessions_account_idx").on("user_sessions").column("account_id").run()
        try await database.schema("login_failures")
            .id()
            .field("subject", .string, .required)
            .field("occurred_at", .datetime, .required)
            .create()
        try await database.sql.create(index: "login_failures_subject_idx").on("login_failures")
            .column("subject").column("occurred_at").run()
        try await database.schema("api_tokens")
            .id()
            .field("account_id", .uuid, .required, .references("accounts", "id"))
            .field("name", .string, .required)
            .field("token_hash", .string, .required)
            .field("prefix", .string, .required)
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("revoked_at", .datetime)
            .field("last_used_at", .datetime)
            .unique(on: "token_hash")
            .create()
        try await database.schema("security_settings")
            .field("key", .string, .identifier(auto: false))
            .field("value", .string, .required)
            .field("updated_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        for table in ["security_settings", "api_tokens", "login_failures", "user_sessions", "accounts"] {
            try await database.schema(table).delete()
        }
    }
}

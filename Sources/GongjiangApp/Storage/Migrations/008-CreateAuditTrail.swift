import Fluent
import SQLKit

/// 008: the hash-chained audit trail, and its one-row head, which every writer updates first:
/// that update takes the write lock, so records get consecutive sequence numbers and each links to the last.
struct CreateAuditTrail: AsyncMigration {
    var name: String { "008-CreateAuditTrail" }

    func prepare(on database: any Database) async throws {
        try await database.schema("audit_records")
            .field("sequence", .int64, .identifier(auto: false))
            .field("occurred_at", .datetime, .required)
            .field("actor", .string, .required)
            .field("role", .string)
            .field("address", .string)
            .field("entity", .string, .required)
            .field("entity_id", .string)
            .field("action", .string, .required)
            .field("before_values", .string)
            .field("after_values", .string)
            .field("outcome", .string, .required)
            .field("hash", .string, .required)
            .create()
        try await database.sql.create(index: "audit_records_time_idx").on("audit_records").column("occurred_at").run()
        try await database.sql.create(index: "audit_records_entity_idx").on("audit_records").column("entity").column("entity_id").run()
        try await database.sql.create(index: "audit_records_actor_idx").on("audit_records").column("actor").run()
        try await database.schema("audit_head")
            .field("id", .int, .identifier(auto: false))
            .field("last_sequence", .int64, .required)
            .field("last_hash", .string, .required)
            .create()
        try await database.sql.insert(into: "audit_head").columns("id", "last_sequence", "last_hash")
            .values(SQLBind(1), SQLBind(Int64(0)), SQLBind(String(repeating: "0", count: 64))).run()
        // Append-only in the database itself, not just by convention: an UPDATE or DELETE is refused. Someone with
        // the owner's rights can still drop these; the hash chain is what catches that (`audit verify`).
        if database.isPostgres {
            try await database.sql.raw("""
                CREATE FUNCTION audit_records_append_only() RETURNS trigger AS $$
                BEGIN RAISE EXCEPTION 'audit records are append-only'; END; $$ LANGUAGE plpgsql
                """).run()
            try await database.sql.raw("""
                CREATE TRIGGER audit_records_append_only BEFORE UPDATE OR DELETE ON audit_records
                FOR EACH ROW EXECUTE FUNCTION audit_records_append_only()
                """).run()
        } else {
            for event in ["UPDATE", "DELETE"] {
                try await database.sql.raw(SQLQueryString("""
                    CREATE TRIGGER audit_records_no_\(unsafeRaw: event.lowercased()) BEFORE \(unsafeRaw: event) ON audit_records
                    BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END
                    """)).run()
            }
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("audit_head").delete()
        try await database.schema("audit_records").delete()
        if database.isPostgres {
            try await database.sql.raw("DROP FUNCTION IF EXISTS audit_records_append_only()").run()
        }
    }
}

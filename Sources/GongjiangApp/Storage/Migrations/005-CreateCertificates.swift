import Fluent
import SQLKit

/// 005: certificates held, keyed by their number, which is never reused.
struct CreateCertificates: AsyncMigration {
    var name: String { "005-CreateCertificates" }

    func prepare(on database: any Database) async throws {
        try await database.schema("certificates")
            .id()
            .field("number", .string, .required)
            .field("number_format", .string, .required)
            .field("person_id", .uuid, .required, .deferredReference("persons", "id"))
            .field("occupation_code", .string, .required, .deferredReference("occupations", "code"))
            .field("work_type", .string, .required)
            .field("level", .int, .required)
            .field("issue_date", .string, .required)
            .field("issuer_name", .string, .required)
            .field("status", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "number")
            .create()
        try await database.sql.create(index: "certificates_person_idx").on("certificates").column("person_id").run()
        try await database.sql.create(index: "certificates_occupation_level_idx").on("certificates")
            .column("occupation_code").column("level").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("certificates").delete()
    }
}

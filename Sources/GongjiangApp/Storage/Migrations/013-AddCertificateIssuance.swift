import Fluent
import SQLKit

/// 013: certificates the platform issues beside those imported. `source` says which (`imported` for every
/// certificate that exists already); an issued one records its candidate and filing; a revoked one its day and
/// reason. `certificate_serials` holds the last serial used per filing, site serial, year and level, so numbers are
/// handed out in order and never reused, revocation or not.
struct AddCertificateIssuance: AsyncMigration {
    var name: String { "013-AddCertificateIssuance" }

    func prepare(on database: any Database) async throws {
        try await database.schema("certificates").field("source", .string, .required, .sql(.default("imported"))).update()
        try await database.schema("certificates").field("filing_id", .uuid).update()
        try await database.schema("certificates").field("candidate_id", .uuid).update()
        try await database.schema("certificates").field("revoked_on", .string).update()
        try await database.schema("certificates").field("revoke_reason", .string).update()
        try await database.sql.create(index: "certificates_source_idx").on("certificates").column("source").run()
        try await database.sql.create(index: "certificates_filing_idx").on("certificates").column("filing_id").run()

        try await database.schema("certificate_serials")
            .id()
            .field("filing_id", .uuid, .required, .references("evaluation_filings", "id"))
            .field("site_serial", .string, .required)
            .field("year", .int, .required)
            .field("level", .int, .required)
            .field("last_serial", .int, .required)
            .unique(on: "filing_id", "site_serial", "year", "level")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("certificate_serials").delete()
        try await database.sql.drop(index: "certificates_filing_idx").run()
        try await database.sql.drop(index: "certificates_source_idx").run()
        for field in ["revoke_reason", "revoked_on", "candidate_id", "filing_id", "source"] {
            try await database.schema("certificates").deleteField(.string(field)).update()
        }
    }
}

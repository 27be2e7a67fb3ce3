import Fluent
import SQLKit

/// 004: persons, keyed by ID type and number.
struct CreatePersons: AsyncMigration {
    var name: String { "004-CreatePersons" }

    func prepare(on database: any Database) async throws {
        try await database.schema("persons")
            .id()
            .field("name", .string, .required)
            .field("id_type", .string, .required)
            .field("id_number", .string, .required)
            .field("id_last4", .string, .required)
            .field("sex", .string)
            .field("birth_date", .string)
            .field("phone", .string)
            .field("district_code", .string, .required, .references("districts", "code"))
            .field("employer_id", .uuid, .references("organizations", "id"))
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "id_type", "id_number")
            .create()
        // Lists sort by name then id (keyset pagination), and search by name prefix or last four digits.
        try await database.sql.create(index: "persons_name_id_idx").on("persons").column("name").column("id").run()
        try await database.sql.create(index: "persons_id_last4_idx").on("persons").column("id_last4").run()
        try await database.sql.create(index: "persons_district_idx").on("persons").column("district_code").run()
        try await database.sql.create(index: "persons_employer_idx").on("persons").column("employer_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("persons").delete()
    }
}

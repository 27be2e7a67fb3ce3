import Fluent
import SQLKit

/// 004: persons, keyed by the blind index of their ID type and number. ID numbers and phones are stored
/// sealed (AES-GCM); the database alone reveals neither.
struct CreatePersons: AsyncMigration {
    var name: String { "004-CreatePersons" }

    func prepare(on database: any Database) async throws {
        try await database.schema("persons")
            .id()
            .field("name", .string, .required)
            .field("id_type", .string, .required)
            .field("id_number_sealed", .string, .required)
            .field("id_number_index", .string, .required)
            .field("id_last4_index", .string, .required)
            .field("sex", .string)
            .field("birth_date", .string)
            .field("phone_sealed", .string)
            .field("district_code", .string, .required, .deferredReference("districts", "code"))
            .field("employer_id", .uuid, .deferredReference("organizations", "id"))
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "id_number_index")
            .create()
        // Lists sort by name then id (keyset pagination), and search by name prefix or last four digits.
        try await database.sql.create(index: "persons_name_id_idx").on("persons").column("name").column("id").run()
        try await database.sql.create(index: "persons_id_last4_idx").on("persons").column("id_last4_index").run()
        try await database.sql.create(index: "persons_district_idx").on("persons").column("district_code").run()
        try await database.sql.create(index: "persons_employer_idx").on("persons").column("employer_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("persons").delete()
    }
}

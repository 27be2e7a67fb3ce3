import Fluent
import SQLKit

/// 001: policy tables. Each row has an effective date because each is policy the bureau changes over time.
struct CreateReferenceTables: AsyncMigration {
    var name: String { "001-CreateReferenceTables" }

    func prepare(on database: any Database) async throws {
        try await database.schema("districts")
            .field("code", .string, .identifier(auto: false))
            .field("name_zh", .string, .required)
            .field("name_en", .string, .required)
            .field("kind", .string, .required)
            .field("minimum_wage_tier", .int)
            .field("effective_from", .string, .required)
            .create()
        try await database.schema("skill_levels")
            .field("rank", .int, .identifier(auto: false))
            .field("national_level", .int)
            .field("name_zh", .string, .required)
            .field("name_en", .string, .required)
            .field("is_high_skilled", .bool, .required)
            .field("effective_from", .string, .required)
            .create()
        try await database.schema("occupations")
            .field("code", .string, .identifier(auto: false))
            .field("name_zh", .string, .required)
            .field("name_en", .string, .required)
            .field("subsidy_class", .string, .required)
            .field("levels", .string, .required)
            .field("work_types", .string, .required)
            .field("is_code_confirmed", .bool, .required)
            .field("effective_from", .string, .required)
            .create()
        try await database.schema("minimum_wages")
            .id()
            .field("province_code", .string, .required)
            .field("tier", .int, .required)
            .field("effective_from", .string, .required)
            .field("monthly_fen", .int64, .required)
            .field("hourly_fen", .int64, .required)
            .field("source", .string, .required)
            .field("is_confirmed", .bool, .required)
            .unique(on: "province_code", "tier", "effective_from")
            .create()
        try await database.schema("training_subsidy_standards")
            .id()
            .field("effective_from", .string, .required)
            .field("subsidy_class", .string, .required)
            .field("national_level", .int, .required)
            .field("amount_fen", .int64, .required)
            .field("note", .string, .required)
            .unique(on: "effective_from", "subsidy_class", "national_level")
            .create()
        try await database.schema("assessment_subsidy_standards")
            .id()
            .field("effective_from", .string, .required)
            .field("national_level", .int, .required)
            .field("amount_fen", .int64, .required)
            .field("note", .string, .required)
            .unique(on: "effective_from", "national_level")
            .create()
        try await database.schema("apprenticeship_subsidy_standards")
            .id()
            .field("effective_from", .string, .required)
            .field("target_level", .int, .required)
            .field("amount_fen", .int64, .required)
            .field("source", .string, .required)
            .unique(on: "effective_from", "target_level")
            .create()
    }

    func revert(on database: any Database) async throws {
        for table in ["apprenticeship_subsidy_standards", "assessment_subsidy_standards", "training_subsidy_standards",
                      "minimum_wages", "occupations", "skill_levels", "districts"] {
            try await database.schema(table).delete()
        }
    }
}

import Fluent

/// 014: application conditions (申报条件) per occupation and level, with the day they apply from. The national
/// template applies wherever an occupation has none (rules.md: the year counts differ by occupation's standard).
struct CreateApplicationConditions: AsyncMigration {
    var name: String { "014-CreateApplicationConditions" }

    func prepare(on database: any Database) async throws {
        try await database.schema("application_conditions")
            .id()
            .field("occupation_code", .string, .required, .references("occupations", "code"))
            .field("level", .int, .required)
            .field("effective_from", .string, .required)
            /// Route codes (`ApplicationConditions.Route.code`), comma-separated; any one suffices.
            .field("routes", .string, .required)
            .unique(on: "occupation_code", "level", "effective_from")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("application_conditions").delete()
    }
}

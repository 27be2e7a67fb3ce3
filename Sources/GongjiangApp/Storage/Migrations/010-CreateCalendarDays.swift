import Fluent
import GongjiangCore

/// 010: the working-day calendar (holidays and make-up working days), seeded with the arrangements of 2020–2026
/// from the State Council General Office's yearly notices (`holidays-cn.csv`).
struct CreateCalendarDays: AsyncMigration {
    var name: String { "010-CreateCalendarDays" }

    func prepare(on database: any Database) async throws {
        try await database.schema("calendar_days")
            .field("date", .string, .identifier(auto: false))
            .field("kind", .string, .required)
            .field("name_zh", .string, .required)
            .field("name_en", .string, .required)
            .create()
        let days = try WorkingDays.shippedDays()
        try await database.transaction { tx in
            for day in days { try await CalendarDay(day).create(on: tx) }
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("calendar_days").delete()
    }
}

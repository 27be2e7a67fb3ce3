import Fluent
import Foundation
import SQLKit

/// 025: the day a person left the city (`persons.left_city_on`, 迁出本市), a registry fact recorded by the person's
/// district or the city. Modules that pay a person month by month read it: a programme title's allowance stops from
/// that day (issue 13).
struct AddPersonDeparture: AsyncMigration {
    var name: String { "025-AddPersonDeparture" }

    func prepare(on database: any Database) async throws {
        try await database.schema("persons").field("left_city_on", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("persons").deleteField("left_city_on").update()
    }
}

import Fluent
import Foundation
import SQLKit

/// 023: a worker's account names the registry person it is (`accounts.person_id`), so a worker applies to programmes
/// for themselves and sees only their own applications and titles.
struct AddAccountPerson: AsyncMigration {
    var name: String { "023-AddAccountPerson" }

    func prepare(on database: any Database) async throws {
        try await database.schema("accounts").field("person_id", .uuid, .references("persons", "id")).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("accounts").deleteField("person_id").update()
    }
}

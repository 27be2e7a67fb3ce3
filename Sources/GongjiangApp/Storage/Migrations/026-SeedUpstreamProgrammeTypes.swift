import Fluent
import Foundation
import GongjiangCore
import SQLKit

/// 026: the reference catalogue's types a database seeded by 022 does not have yet (the honours the city recommends
/// upward: 全国技术能手, 江苏省企业首席技师, 江苏省“双创计划”高技能人才, 江苏省公共实训基地). A type already there, as the
/// city may have edited it, is left as it is.
struct SeedUpstreamProgrammeTypes: AsyncMigration {
    var name: String { "026-SeedUpstreamProgrammeTypes" }

    func prepare(on database: any Database) async throws {
        let present = Set(try await database.sql.raw("SELECT code FROM programme_types").all().map { try $0.decode(column: "code", as: String.self) })
        let now = Date()
        for type in ProgrammeCatalogue.reference where !present.contains(type.code) {
            try await database.sql.insert(into: "programme_types")
                .columns("code", "name_zh", "name_en", "applicant_kind", "tier", "definition", "is_active", "created_at", "updated_at")
                .values(SQLBind(type.code), SQLBind(type.nameZH), SQLBind(type.nameEN), SQLBind(type.applicantKind.rawValue), SQLBind(type.tier.rawValue),
                        SQLBind(String(decoding: try JSONEncoder.sorted.encode(type), as: UTF8.self)), SQLBind(true), SQLBind(now), SQLBind(now))
                .run()
        }
    }

    func revert(on database: any Database) async throws {}
}

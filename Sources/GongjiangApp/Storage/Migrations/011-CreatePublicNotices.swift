import Fluent
import SQLKit

/// 011: public notices (公示) and the objections filed against them: one shared component, used by certification
/// results first and later by training claims and programme selections. `subject_kind` and `subject_id` name what a
/// notice shows (a certification plan's results); `entry` on an objection names the one entry it is about.
struct CreatePublicNotices: AsyncMigration {
    var name: String { "011-CreatePublicNotices" }

    func prepare(on database: any Database) async throws {
        try await database.schema("public_notices")
            .id()
            .field("subject_kind", .string, .required)
            .field("subject_id", .uuid, .required)
            .field("title", .string, .required)
            .field("working_days", .int, .required)
            .field("state", .string, .required)
            .field("published_on", .string)
            .field("last_day", .string)
            .field("concluded_on", .string)
            .field("district_code", .string)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.sql.create(index: "public_notices_subject_idx").on("public_notices")
            .column("subject_kind").column("subject_id").run()
        try await database.schema("notice_objections")
            .id()
            .field("notice_id", .uuid, .required, .references("public_notices", "id"))
            .field("entry", .string, .required)
            .field("filed_on", .string, .required)
            .field("objector", .string, .required)
            .field("content", .string, .required)
            .field("resolution", .string)
            .field("resolution_note", .string)
            .field("resolved_by", .string)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.sql.create(index: "notice_objections_notice_idx").on("notice_objections").column("notice_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("notice_objections").delete()
        try await database.schema("public_notices").delete()
    }
}

import Fluent
import Foundation
import GongjiangCore
import SQLKit

/// 022: incentive programmes (激励, issue 13).
/// - `programme_types`: each type's definition as JSON (`ProgrammeType`), seeded with the reference city's.
/// - `programme_calls`: a year's call (申报通知) of a type, with the type's definition as published (a later edit of the
///   type never changes a call already out), its dates and the notice's working days.
/// - `programme_call_districts`: the call's quota and budget per district.
/// - `programme_applications`: one application, unique per call and applicant (`applicant_key`), with its form, the
///   eligibility findings as checked at submission, the bank accounts awards are paid to (sealed, and masked for
///   pages), its state and its review results.
/// - `programme_attachments`: the files of an application, checked by content, kept in the database (at most 10 MB
///   each) so a backup holds them with the records they belong to.
/// - `expert_profiles`: an expert account's employer and declared relations, for conflict-free panels.
/// - `programme_reviews`: an expert's assignment to an application, the declaration and the scores.
/// - `programme_titles`: titles and honours on a record, with validity and assessments: awarded through an application,
///   or recorded by the city from elsewhere (a 全国技术能手 of earlier years, with its document) without one.
/// - `programme_payments`: each instalment of an award paid through the ledger, unique per title, line and instalment
///   so an instalment is never paid twice.
struct CreateProgrammes: AsyncMigration {
    var name: String { "022-CreateProgrammes" }

    func prepare(on database: any Database) async throws {
        try await database.schema("programme_types")
            .field("code", .string, .identifier(auto: false))
            .field("name_zh", .string, .required)
            .field("name_en", .string, .required)
            .field("applicant_kind", .string, .required)
            .field("tier", .string, .required)
            .field("definition", .string, .required)
            .field("is_active", .bool, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        let now = Date()
        for type in ProgrammeCatalogue.reference {
            try await database.sql.insert(into: "programme_types")
                .columns("code", "name_zh", "name_en", "applicant_kind", "tier", "definition", "is_active", "created_at", "updated_at")
                .values(SQLBind(type.code), SQLBind(type.nameZH), SQLBind(type.nameEN), SQLBind(type.applicantKind.rawValue), SQLBind(type.tier.rawValue),
                        SQLBind(String(decoding: try JSONEncoder.sorted.encode(type), as: UTF8.self)), SQLBind(true), SQLBind(now), SQLBind(now))
                .run()
        }

        try await database.schema("programme_calls")
            .id()
            .field("number", .string, .required)
            .field("type_code", .string, .required, .references("programme_types", "code"))
            .field("year", .int, .required)
            .field("title", .string, .required)
            .field("description", .string, .required)
            .field("definition", .string, .required)
            .field("opens_on", .string, .required)
            .field("closes_on", .string, .required)
            .field("notice_working_days", .int, .required)
            .field("state", .string, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "number")
            .create()
        try await database.sql.create(index: "programme_calls_state_idx").on("programme_calls").column("state").column("closes_on").run()

        try await database.schema("programme_call_districts")
            .id()
            .field("call_id", .uuid, .required, .references("programme_calls", "id"))
            .field("district_code", .string, .required)
            .field("quota", .int, .required)
            .field("budget_fen", .int64, .required)
            .unique(on: "call_id", "district_code")
            .create()

        try await database.schema("programme_applications")
            .id()
            .field("number", .string, .required)
            .field("call_id", .uuid, .required, .references("programme_calls", "id"))
            .field("district_code", .string, .required)
            .field("applicant_kind", .string, .required)
            .field("applicant_key", .string, .required)
            .field("person_id", .uuid, .references("persons", "id"))
            .field("organization_id", .uuid, .references("organizations", "id"))
            .field("filed_by_organization_id", .uuid, .references("organizations", "id"))
            .field("state", .string, .required)
            .field("form", .string, .required)
            .field("eligibility", .string, .required)
            .field("applicant_account_sealed", .string)
            .field("applicant_account_masked", .string)
            .field("employer_account_sealed", .string)
            .field("employer_account_masked", .string)
            .field("submitted_at", .datetime)
            .field("last_reason", .string)
            .field("trimmed_mean", .int)
            .field("rank", .int)
            .field("within_quota", .bool)
            .field("notice_id", .uuid)
            .field("upstream_outcome", .string)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "number")
            .unique(on: "call_id", "applicant_key")
            .create()
        try await database.sql.create(index: "programme_applications_call_idx").on("programme_applications")
            .column("call_id").column("state").column("district_code").run()

        try await database.schema("programme_attachments")
            .id()
            .field("application_id", .uuid, .required, .references("programme_applications", "id"))
            .field("key", .string, .required)
            .field("file_name", .string, .required)
            .field("media_type", .string, .required)
            .field("size", .int, .required)
            .field("sha256", .string, .required)
            .field("content", .data, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "application_id", "key")
            .create()

        try await database.schema("expert_profiles")
            .field("account_id", .uuid, .identifier(auto: false), .references("accounts", "id"))
            .field("person_id", .uuid, .references("persons", "id"))
            .field("employer_id", .uuid, .references("organizations", "id"))
            .field("specialty", .string, .required)
            .field("relations", .string, .required)
            .field("updated_at", .datetime, .required)
            .create()

        try await database.schema("programme_reviews")
            .id()
            .field("application_id", .uuid, .required, .references("programme_applications", "id"))
            .field("expert_account_id", .uuid, .required, .references("accounts", "id"))
            .field("assigned_at", .datetime, .required)
            .field("declared_at", .datetime)
            .field("declared_conflict", .bool)
            .field("declaration_note", .string)
            .field("scores", .string)
            .field("total", .int)
            .field("scored_at", .datetime)
            .unique(on: "application_id", "expert_account_id")
            .create()
        try await database.sql.create(index: "programme_reviews_expert_idx").on("programme_reviews").column("expert_account_id").run()

        try await database.schema("programme_titles")
            .id()
            .field("application_id", .uuid, .references("programme_applications", "id"))
            .field("type_code", .string, .required)
            .field("tier", .string, .required)
            .field("document", .string)
            .field("person_id", .uuid, .references("persons", "id"))
            .field("organization_id", .uuid, .references("organizations", "id"))
            .field("district_code", .string, .required)
            .field("awarded_on", .string, .required)
            .field("valid_until", .string)
            .field("next_assessment_on", .string)
            .field("ended_on", .string)
            .field("state", .string, .required)
            .field("last_reason", .string)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "application_id")
            .create()
        try await database.sql.create(index: "programme_titles_person_idx").on("programme_titles").column("person_id").run()

        try await database.schema("programme_payments")
            .id()
            .field("title_id", .uuid, .required, .references("programme_titles", "id"))
            .field("line", .int, .required)
            .field("instalment", .int, .required)
            .field("due_on", .string, .required)
            .field("amount_fen", .int64, .required)
            .field("ledger_payment_id", .uuid, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "title_id", "line", "instalment")
            .create()
    }

    func revert(on database: any Database) async throws {
        for table in ["programme_payments", "programme_titles", "programme_reviews", "expert_profiles", "programme_attachments",
                      "programme_applications", "programme_call_districts", "programme_calls", "programme_types"] {
            try await database.schema(table).delete()
        }
    }
}

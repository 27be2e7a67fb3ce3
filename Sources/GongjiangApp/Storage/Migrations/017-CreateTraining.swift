import Foundation
import Fluent
import GongjiangCore
import SQLKit

/// 017: subsidised training (补贴性职业技能培训).
/// - `training_policies`: the numbers of rules.md as dated versions, the Jiangsu 2023 version seeded.
/// - `eligibility_categories`: who may be trained at public cost, as data; the defaults seeded.
/// - `shortage_occupations`: a shortage occupation's uplift (≤ 30%) from a date.
/// - `training_providers` with their scope; `training_classes`; `training_enrolments` (a person once per class; the
///   schedule copied so overlaps are one indexed query).
/// - `skill_upgrade_subsidies`: certificates the unemployment-insurance skill subsidy was paid for (one or the other).
/// - `training_claims`: one per certificate; the amount and how it was computed, the signals, the payment.
struct CreateTraining: AsyncMigration {
    var name: String { "017-CreateTraining" }

    func prepare(on database: any Database) async throws {
        try await database.schema("training_policies")
            .id()
            .field("effective_from", .string, .required)
            .field("minimum_hours_level5", .int, .required)
            .field("minimum_hours_higher", .int, .required)
            .field("practical_share_percent", .int, .required)
            .field("completion_attendance_percent", .int, .required)
            .field("claim_window_months", .int, .required)
            .field("claims_per_person_per_year", .int, .required)
            .field("shortage_uplift_maximum_percent", .int, .required)
            .field("notice_working_days", .int, .required)
            .field("class_lead_days", .int, .required)
            .unique(on: "effective_from")
            .create()
        let policy = TrainingPolicy.jiangsu2023
        try await database.sql.insert(into: "training_policies")
            .columns("id", "effective_from", "minimum_hours_level5", "minimum_hours_higher", "practical_share_percent",
                     "completion_attendance_percent", "claim_window_months", "claims_per_person_per_year", "shortage_uplift_maximum_percent",
                     "notice_working_days", "class_lead_days")
            .values(SQLBind(UUID()), SQLBind(policy.effectiveFrom.description), SQLBind(policy.minimumHoursLevel5), SQLBind(policy.minimumHoursHigher),
                    SQLBind(policy.practicalSharePercent), SQLBind(policy.completionAttendancePercent), SQLBind(policy.claimWindowMonths),
                    SQLBind(policy.claimsPerPersonPerYear), SQLBind(policy.shortageUpliftMaximumPercent), SQLBind(policy.noticeWorkingDays),
                    SQLBind(policy.classLeadDays))
            .run()

        try await database.schema("eligibility_categories")
            .field("code", .string, .identifier(auto: false))
            .field("name_zh", .string, .required)
            .field("name_en", .string, .required)
            .field("is_active", .bool, .required)
            .create()
        for category in EligibilityCategory.defaults {
            try await database.sql.insert(into: "eligibility_categories").columns("code", "name_zh", "name_en", "is_active")
                .values(SQLBind(category.code), SQLBind(category.chineseName), SQLBind(category.englishName), SQLBind(true)).run()
        }

        try await database.schema("shortage_occupations")
            .id()
            .field("occupation_code", .string, .required)
            .field("uplift_percent", .int, .required)
            .field("effective_from", .string, .required)
            .unique(on: "occupation_code", "effective_from")
            .create()

        try await database.schema("training_providers")
            .id()
            .field("organization_id", .uuid, .required, .references("organizations", "id"))
            .field("district_code", .string, .required)
            .field("state", .string, .required)
            .field("valid_from", .string, .required)
            .field("valid_until", .string, .required)
            .field("last_reason", .string)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "organization_id")
            .create()
        try await database.schema("training_provider_scope")
            .id()
            .field("provider_id", .uuid, .required, .references("training_providers", "id"))
            .field("occupation_code", .string, .required)
            .field("level", .int, .required)
            .unique(on: "provider_id", "occupation_code", "level")
            .create()

        try await database.schema("training_classes")
            .id()
            .field("number", .string, .required)
            .field("provider_id", .uuid, .required, .references("training_providers", "id"))
            .field("district_code", .string, .required)
            .field("occupation_code", .string, .required)
            .field("level", .int, .required)
            .field("subsidy_class", .string, .required)
            .field("total_hours", .int, .required)
            .field("practical_hours", .int, .required)
            .field("starts_on", .string, .required)
            .field("ends_on", .string, .required)
            .field("capacity", .int, .required)
            .field("site", .string, .required)
            .field("teachers", .string, .required)
            .field("fee_fen", .int64, .required)
            .field("state", .string, .required)
            .field("last_reason", .string)
            .field("filed_on", .string, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "number")
            .create()
        try await database.sql.create(index: "training_classes_provider_idx").on("training_classes").column("provider_id").run()
        try await database.sql.create(index: "training_classes_finder_idx").on("training_classes")
            .column("state").column("starts_on").run()

        try await database.schema("training_enrolments")
            .id()
            .field("class_id", .uuid, .required, .references("training_classes", "id"))
            .field("person_id", .uuid, .required, .references("persons", "id"))
            .field("category", .string, .required)
            .field("attended_hours", .int, .required)
            .field("state", .string, .required)
            .field("starts_on", .string, .required)
            .field("ends_on", .string, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "class_id", "person_id")
            .create()
        try await database.sql.create(index: "training_enrolments_person_idx").on("training_enrolments").column("person_id").run()

        try await database.schema("skill_upgrade_subsidies")
            .id()
            .field("certificate_id", .uuid, .required, .references("certificates", "id"))
            .field("paid_on", .string, .required)
            .field("amount_fen", .int64, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "certificate_id")
            .create()

        try await database.schema("training_claims")
            .id()
            .field("number", .string, .required)
            .field("person_id", .uuid, .required, .references("persons", "id"))
            .field("certificate_id", .uuid, .required, .references("certificates", "id"))
            .field("enrolment_id", .uuid, .references("training_enrolments", "id"))
            .field("provider_id", .uuid, .references("training_providers", "id"))
            .field("district_code", .string, .required)
            .field("occupation_code", .string, .required)
            .field("level", .int, .required)
            .field("payee", .string, .required)
            .field("payee_name", .string, .required)
            .field("payee_account_sealed", .string, .required)
            .field("payee_account_index", .string, .required)
            .field("amount_fen", .int64, .required)
            .field("computation", .string, .required)
            .field("state", .string, .required)
            .field("last_reason", .string)
            .field("filed_on", .string, .required)
            .field("year", .int, .required)
            .field("notice_id", .uuid)
            .field("payment_id", .uuid)
            .field("signals", .string, .required)
            .field("is_flagged", .bool, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "number")
            .unique(on: "certificate_id")
            .create()
        try await database.sql.create(index: "training_claims_person_idx").on("training_claims").column("person_id").run()
        try await database.sql.create(index: "training_claims_state_idx").on("training_claims").column("district_code").column("state").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["training_claims", "skill_upgrade_subsidies", "training_enrolments", "training_classes", "training_provider_scope",
                      "training_providers", "shortage_occupations", "eligibility_categories", "training_policies"] {
            try await database.schema(table).delete()
        }
    }
}

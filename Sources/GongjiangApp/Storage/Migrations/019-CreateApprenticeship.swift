import Fluent
import Foundation
import GongjiangCore
import SQLKit

/// 019: enterprise apprenticeships (企业新型学徒制).
/// - `apprenticeship_policies`: the rules that are numbers, as dated versions (seeded with the reference city's).
/// - `apprenticeship_plans`: one class plan (an enterprise with a school or provider), its terms, state and the
///   ledger payments of its advance and settlement.
/// - `apprentices`: a person in a plan with the agreement's terms (contract dates, monthly wage, the fee and the
///   mentor's allowance), the mentor (a registry person) and the school teacher; a person is in one active
///   apprenticeship at a time, indexed for that check and for a mentor's load.
/// - `apprenticeship_assessments`: stage assessments.
/// - `apprenticeship_targets`: the city's yearly target and its split by district (a null district is the city's).
struct CreateApprenticeship: AsyncMigration {
    var name: String { "019-CreateApprenticeship" }

    func prepare(on database: any Database) async throws {
        try await database.schema("apprenticeship_policies")
            .id()
            .field("effective_from", .string, .required)
            .field("minimum_contract_months", .int, .required)
            .field("minimum_duration_months", .int, .required)
            .field("maximum_duration_months", .int, .required)
            .field("mentor_capacity", .int, .required)
            .field("advance_percent", .int, .required)
            .unique(on: "effective_from")
            .create()
        let policy = ApprenticeshipPolicy.nantong2019
        try await database.sql.insert(into: "apprenticeship_policies")
            .columns("id", "effective_from", "minimum_contract_months", "minimum_duration_months", "maximum_duration_months", "mentor_capacity",
                     "advance_percent")
            .values(SQLBind(UUID()), SQLBind(policy.effectiveFrom.description), SQLBind(policy.minimumContractMonths),
                    SQLBind(policy.minimumDurationMonths), SQLBind(policy.maximumDurationMonths), SQLBind(policy.mentorCapacity),
                    SQLBind(policy.advancePercent))
            .run()

        try await database.schema("apprenticeship_plans")
            .id()
            .field("number", .string, .required)
            .field("enterprise_id", .uuid, .required, .references("organizations", "id"))
            .field("school_id", .uuid, .required, .references("organizations", "id"))
            .field("district_code", .string, .required)
            .field("occupation_code", .string, .required)
            .field("target_level", .int, .required)
            .field("duration_months", .int, .required)
            .field("school_hours", .int, .required)
            .field("work_hours", .int, .required)
            .field("starts_on", .string, .required)
            .field("ends_on", .string, .required)
            .field("planned_headcount", .int, .required)
            .field("state", .string, .required)
            .field("last_reason", .string)
            .field("advance_payment_id", .uuid)
            .field("settlement_payment_id", .uuid)
            .field("filed_on", .string, .required)
            .field("year", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "number")
            .create()
        try await database.sql.create(index: "apprenticeship_plans_enterprise_idx").on("apprenticeship_plans").column("enterprise_id").run()
        try await database.sql.create(index: "apprenticeship_plans_district_idx").on("apprenticeship_plans").column("district_code").column("state").run()

        try await database.schema("apprentices")
            .id()
            .field("plan_id", .uuid, .required, .references("apprenticeship_plans", "id"))
            .field("person_id", .uuid, .required, .references("persons", "id"))
            .field("mentor_person_id", .uuid, .required, .references("persons", "id"))
            .field("teacher_name", .string, .required)
            .field("hire_kind", .string, .required)
            .field("contract_start", .string, .required)
            .field("contract_end", .string)
            .field("monthly_wage_fen", .int64, .required)
            .field("training_fee_fen", .int64, .required)
            .field("mentor_allowance_fen", .int64, .required)
            .field("state", .string, .required)
            .field("exit_reason", .string)
            .field("completed_on", .string)
            .field("certificate_id", .uuid)
            .field("started_on", .string, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await database.sql.create(index: "apprentices_plan_idx").on("apprentices").column("plan_id").run()
        try await database.sql.create(index: "apprentices_person_idx").on("apprentices").column("person_id").column("state").run()
        try await database.sql.create(index: "apprentices_mentor_idx").on("apprentices").column("mentor_person_id").column("state").run()

        try await database.schema("apprenticeship_assessments")
            .id()
            .field("apprentice_id", .uuid, .required, .references("apprentices", "id"))
            .field("stage", .string, .required)
            .field("assessed_on", .string, .required)
            .field("result", .string, .required)
            .field("note", .string)
            .field("created_at", .datetime, .required)
            .create()
        try await database.sql.create(index: "apprenticeship_assessments_apprentice_idx").on("apprenticeship_assessments").column("apprentice_id").run()

        try await database.schema("apprenticeship_targets")
            .id()
            .field("year", .int, .required)
            .field("district_code", .string)
            .field("target", .int, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "year", "district_code")
            .create()
    }

    func revert(on database: any Database) async throws {
        for table in ["apprenticeship_targets", "apprenticeship_assessments", "apprentices", "apprenticeship_plans", "apprenticeship_policies"] {
            try await database.schema(table).delete()
        }
    }
}

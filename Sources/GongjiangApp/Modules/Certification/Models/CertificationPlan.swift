import Fluent
import SQLKit
import Foundation
import GongjiangCore

/// A certification plan (认定计划) of a filed organization.
final class CertificationPlan: Model, @unchecked Sendable {
    static let schema = "certification_plans"

    @ID(key: .id) var id: UUID?
    @Field(key: "filing_id") var filingID: UUID
    @Field(key: "organization_id") var organizationID: UUID
    @OptionalField(key: "district_code") var districtCode: String?
    @Field(key: "occupation_code") var occupationCode: String
    /// `SkillLevel` ranks, comma-separated in ascending order.
    @Field(key: "levels") var levelsText: String
    @Field(key: "site_id") var siteID: UUID
    @Field(key: "exam_from") var examFrom: String
    @Field(key: "exam_to") var examTo: String
    @Field(key: "expected_candidates") var expectedCandidates: Int
    /// `PlanState` raw value.
    @Field(key: "state") var stateCode: String
    @Field(key: "supervised") var supervised: Bool
    @OptionalField(key: "supervision_note") var supervisionNote: String?
    @OptionalField(key: "notice_id") var noticeID: UUID?
    @OptionalField(key: "last_reason") var lastReason: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    var state: PlanState { PlanState(rawValue: stateCode) ?? .filed }

    var levels: [SkillLevel] {
        levelsText.split(separator: ",").compactMap { Int($0).flatMap(SkillLevel.init(rawValue:)) }
    }

    static func levelsText(_ levels: Set<SkillLevel>) -> String {
        levels.sorted().map { String($0.rawValue) }.joined(separator: ",")
    }

    var auditValues: String {
        AuditValues.json(["filingId": filingID.uuidString, "occupationCode": occupationCode, "levels": levelsText,
                          "siteId": siteID.uuidString, "examFrom": examFrom, "examTo": examTo,
                          "expectedCandidates": String(expectedCandidates), "state": stateCode,
                          "supervised": supervised ? "true" : "false", "supervisionNote": supervisionNote,
                          "reason": lastReason])
    }
}

/// A candidate (考生) of a plan, with what they declared for the application conditions and their scores.
final class PlanCandidate: Model, @unchecked Sendable {
    static let schema = "plan_candidates"

    @ID(key: .id) var id: UUID?
    @Field(key: "plan_id") var planID: UUID
    @Field(key: "person_id") var personID: UUID
    @Field(key: "level") var levelRank: Int
    /// `CandidateState` raw value.
    @Field(key: "state") var stateCode: String
    /// How the candidate qualified: the route's code, or `override`.
    @Field(key: "eligibility") var eligibility: String
    @OptionalField(key: "override_reason") var overrideReason: String?
    @OptionalField(key: "working_since") var workingSince: String?
    /// `ApplicationConditions.School` raw values, comma-separated.
    @Field(key: "schools") var schoolsText: String
    @Field(key: "apprenticeship_completed") var apprenticeshipCompleted: Bool
    @OptionalField(key: "theory_tenths") var theoryTenths: Int?
    @OptionalField(key: "practical_tenths") var practicalTenths: Int?
    @OptionalField(key: "review_tenths") var reviewTenths: Int?
    @OptionalField(key: "certificate_id") var certificateID: UUID?
    @OptionalField(key: "last_reason") var lastReason: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    var state: CandidateState { CandidateState(rawValue: stateCode) ?? .registered }
    var level: SkillLevel { SkillLevel(rawValue: levelRank) ?? .level5 }

    var scores: [ExamPart: Score] {
        get {
            var scores: [ExamPart: Score] = [:]
            if let theoryTenths { scores[.theory] = try? Score(tenths: theoryTenths) }
            if let practicalTenths { scores[.practical] = try? Score(tenths: practicalTenths) }
            if let reviewTenths { scores[.review] = try? Score(tenths: reviewTenths) }
            return scores
        }
        set {
            theoryTenths = newValue[.theory]?.tenths
            practicalTenths = newValue[.practical]?.tenths
            reviewTenths = newValue[.review]?.tenths
        }
    }

    var hasScores: Bool { theoryTenths != nil || practicalTenths != nil || reviewTenths != nil }

    static func scoresText(_ scores: [ExamPart: Score]) -> String {
        AuditValues.json(Dictionary(uniqueKeysWithValues: ExamPart.allCases.map { ($0.rawValue, scores[$0]?.description) }))
    }

    var auditValues: String {
        AuditValues.json(["planId": planID.uuidString, "personId": personID.uuidString, "level": String(levelRank),
                          "state": stateCode, "eligibility": eligibility, "overrideReason": overrideReason,
                          "theory": theoryTenths.map { Score.text(tenths: $0) }, "practical": practicalTenths.map { Score.text(tenths: $0) },
                          "review": reviewTenths.map { Score.text(tenths: $0) }, "certificateId": certificateID?.uuidString,
                          "reason": lastReason])
    }
}

extension PlanCandidate: BulkInsertable {
    static let insertColumns = ["id", "plan_id", "person_id", "level", "state", "eligibility", "override_reason", "working_since", "schools",
                                "apprenticeship_completed", "theory_tenths", "practical_tenths", "review_tenths", "certificate_id",
                                "last_reason", "created_at", "updated_at"]

    func insertValues(now: Date) -> [BulkInsert.Value] {
        [.uuid(id), .uuid(planID), .uuid(personID), .integer(levelRank), .text(stateCode), .text(eligibility), .text(overrideReason),
         .text(workingSince), .text(schoolsText), .bool(apprenticeshipCompleted), .integer(theoryTenths), .integer(practicalTenths),
         .integer(reviewTenths), .uuid(certificateID), .text(lastReason), .date(now), .date(now)]
    }
}

extension PlanCandidate {
    /// A plan's candidates (only those in `state` when given) in the order of their ids, read by column: a list step
    /// reads a plan's candidates without Fluent's reflection a row (see `BulkInsertable`).
    static func ofPlan(_ planID: UUID, state: CandidateState? = nil, on database: any Database) async throws -> [PlanCandidate] {
        var query = database.sql.select().columns(insertColumns.filter { $0 != "created_at" && $0 != "updated_at" }).from(schema)
            .where("plan_id", .equal, planID)
        if let state { query = query.where("state", .equal, state.rawValue) }
        return try await query.orderBy("id").all().map { row in
            let candidate = PlanCandidate()
            candidate.id = try row.decode(column: "id", as: UUID.self)
            candidate.planID = try row.decode(column: "plan_id", as: UUID.self)
            candidate.personID = try row.decode(column: "person_id", as: UUID.self)
            candidate.levelRank = try row.decode(column: "level", as: Int.self)
            candidate.stateCode = try row.decode(column: "state", as: String.self)
            candidate.eligibility = try row.decode(column: "eligibility", as: String.self)
            candidate.overrideReason = try row.decode(column: "override_reason", as: String?.self)
            candidate.workingSince = try row.decode(column: "working_since", as: String?.self)
            candidate.schoolsText = try row.decode(column: "schools", as: String.self)
            candidate.apprenticeshipCompleted = try row.decode(column: "apprenticeship_completed", as: Bool.self)
            candidate.theoryTenths = try row.decode(column: "theory_tenths", as: Int?.self)
            candidate.practicalTenths = try row.decode(column: "practical_tenths", as: Int?.self)
            candidate.reviewTenths = try row.decode(column: "review_tenths", as: Int?.self)
            candidate.certificateID = try row.decode(column: "certificate_id", as: UUID?.self)
            candidate.lastReason = try row.decode(column: "last_reason", as: String?.self)
            candidate._$idExists = true
            return candidate
        }
    }

    /// The persons who are candidates of a plan.
    static func personIDs(ofPlan planID: UUID, on database: any Database) async throws -> Set<UUID> {
        Set(try await database.sql.select().column("person_id").from(schema).where("plan_id", .equal, planID).all()
            .map { try $0.decode(column: "person_id", as: UUID.self) })
    }
}

extension Score {
    static func text(tenths: Int) -> String { (try? Score(tenths: tenths))?.description ?? String(tenths) }
}

/// A correction of submitted scores, with its reason: the scores before and after, and who made it.
final class ScoreAmendment: Model, @unchecked Sendable {
    static let schema = "score_amendments"

    @ID(key: .id) var id: UUID?
    @Field(key: "candidate_id") var candidateID: UUID
    @Field(key: "before_scores") var beforeScores: String
    @Field(key: "after_scores") var afterScores: String
    @Field(key: "reason") var reason: String
    @Field(key: "amended_by") var amendedBy: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

/// The last serial used per filing, site serial, year and level.
final class CertificateSerial: Model, @unchecked Sendable {
    static let schema = "certificate_serials"

    @ID(key: .id) var id: UUID?
    @Field(key: "filing_id") var filingID: UUID
    @Field(key: "site_serial") var siteSerial: String
    @Field(key: "year") var year: Int
    @Field(key: "level") var levelRank: Int
    @Field(key: "last_serial") var lastSerial: Int

    init() {}
}

/// One dated version of the certification policy.
final class CertificationPolicySetting: Model, @unchecked Sendable {
    static let schema = "certification_policies"

    @ID(key: .id) var id: UUID?
    @Field(key: "effective_from") var effectiveFrom: String
    @Field(key: "plan_lead_days") var planLeadDays: Int
    @Field(key: "notice_working_days") var noticeWorkingDays: Int
    @Field(key: "filing_validity_years") var filingValidityYears: Int
    @Field(key: "province_code") var provinceCode: String
    @Field(key: "city_code") var cityCode: String

    init() {}

    init(_ policy: CertificationPolicy) {
        effectiveFrom = policy.effectiveFrom.description
        planLeadDays = policy.planLeadDays
        noticeWorkingDays = policy.noticeWorkingDays
        filingValidityYears = policy.filingValidityYears
        provinceCode = policy.provinceCode
        cityCode = policy.cityCode
    }

    var policy: CertificationPolicy? {
        guard let from = try? CivilDate(parsing: effectiveFrom) else { return nil }
        return CertificationPolicy(effectiveFrom: from, planLeadDays: planLeadDays, noticeWorkingDays: noticeWorkingDays,
                                   filingValidityYears: filingValidityYears, provinceCode: provinceCode, cityCode: cityCode)
    }
}

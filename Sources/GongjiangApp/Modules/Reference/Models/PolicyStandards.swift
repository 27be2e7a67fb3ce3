import Fluent
import Foundation

/// Minimum wage by province and tier, from its effective date (Jiangsu tiers as applied in Nantong).
final class MinimumWage: Model, @unchecked Sendable {
    static let schema = "minimum_wages"

    @ID(key: .id) var id: UUID?
    @Field(key: "province_code") var provinceCode: String
    @Field(key: "tier") var tier: Int
    @Field(key: "effective_from") var effectiveFrom: String
    @Field(key: "monthly_fen") var monthlyFen: Int64
    @Field(key: "hourly_fen") var hourlyFen: Int64
    @Field(key: "source") var source: String
    @Field(key: "is_confirmed") var isConfirmed: Bool

    init() {}
}

/// Subsidy per person for subsidised training, by occupation class and national level.
final class TrainingSubsidyStandard: Model, @unchecked Sendable {
    static let schema = "training_subsidy_standards"

    @ID(key: .id) var id: UUID?
    @Field(key: "effective_from") var effectiveFrom: String
    @Field(key: "subsidy_class") var subsidyClass: String
    @Field(key: "national_level") var nationalLevel: Int
    @Field(key: "amount_fen") var amountFen: Int64
    @Field(key: "note") var note: String

    init() {}
}

/// Subsidy toward the assessment fee (鉴定补贴), by national level.
final class AssessmentSubsidyStandard: Model, @unchecked Sendable {
    static let schema = "assessment_subsidy_standards"

    @ID(key: .id) var id: UUID?
    @Field(key: "effective_from") var effectiveFrom: String
    @Field(key: "national_level") var nationalLevel: Int
    @Field(key: "amount_fen") var amountFen: Int64
    @Field(key: "note") var note: String

    init() {}
}

/// New-type apprenticeship subsidy per apprentice per year, by target level.
final class ApprenticeshipSubsidyStandard: Model, @unchecked Sendable {
    static let schema = "apprenticeship_subsidy_standards"

    @ID(key: .id) var id: UUID?
    @Field(key: "effective_from") var effectiveFrom: String
    @Field(key: "target_level") var targetLevel: Int
    @Field(key: "amount_fen") var amountFen: Int64
    @Field(key: "source") var source: String

    init() {}
}

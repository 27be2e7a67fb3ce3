import Fluent
import Foundation

/// One rung of the skill ladder as the bureau's table states it (人社部发〔2022〕14号).
final class SkillLevelEntry: Model, @unchecked Sendable {
    static let schema = "skill_levels"

    @ID(custom: "rank", generatedBy: .user) var id: Int?
    @OptionalField(key: "national_level") var nationalLevel: Int?
    @Field(key: "name_zh") var nameZH: String
    @Field(key: "name_en") var nameEN: String
    @Field(key: "is_high_skilled") var isHighSkilled: Bool
    @Field(key: "effective_from") var effectiveFrom: String

    init() {}
}

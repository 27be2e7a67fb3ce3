import Fluent
import Foundation

/// A county-level division of the city (GB/T 2260), with the minimum-wage tier that applies there.
final class District: Model, @unchecked Sendable {
    static let schema = "districts"

    @ID(custom: "code", generatedBy: .user) var id: String?
    @Field(key: "name_zh") var nameZH: String
    @Field(key: "name_en") var nameEN: String
    @Field(key: "kind") var kind: String
    @OptionalField(key: "minimum_wage_tier") var minimumWageTier: Int?
    @Field(key: "effective_from") var effectiveFrom: String

    init() {}
}

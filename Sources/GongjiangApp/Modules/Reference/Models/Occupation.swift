import Fluent
import Foundation

/// An entry of the national occupational classification (职业分类大典).
final class Occupation: Model, @unchecked Sendable {
    static let schema = "occupations"

    @ID(custom: "code", generatedBy: .user) var id: String?
    @Field(key: "name_zh") var nameZH: String
    @Field(key: "name_en") var nameEN: String
    /// Subsidy class A/B/C of the Jiangsu training catalogue.
    @Field(key: "subsidy_class") var subsidyClass: String
    /// National levels the occupation is certified at, "5,4,3,2,1".
    @Field(key: "levels") var levels: String
    /// Work types separated by ";".
    @Field(key: "work_types") var workTypes: String
    /// Whether the code was checked against the official catalogue.
    @Field(key: "is_code_confirmed") var isCodeConfirmed: Bool
    @Field(key: "effective_from") var effectiveFrom: String

    init() {}
}

import Fluent
import Foundation
import GongjiangCore

/// One version of an occupation's application conditions for one level.
final class ApplicationConditionRow: Model, @unchecked Sendable {
    static let schema = "application_conditions"

    @ID(key: .id) var id: UUID?
    @Field(key: "occupation_code") var occupationCode: String
    @Field(key: "level") var levelRank: Int
    @Field(key: "effective_from") var effectiveFrom: String
    @Field(key: "routes") var routesText: String

    init() {}

    var routes: [ApplicationConditions.Route] {
        routesText.split(separator: ",").compactMap { ApplicationConditions.Route(code: String($0)) }
    }
}

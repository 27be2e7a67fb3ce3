import Fluent
import Foundation
import GongjiangCore

/// Any legal entity in the registry, keyed by its unified social credit code.
final class Organization: Model, @unchecked Sendable {
    static let schema = "organizations"

    @ID(key: .id) var id: UUID?
    @Field(key: "uscc") var uscc: String
    @Field(key: "name") var name: String
    /// An `OrganizationKind` raw value; plain text rather than a database enum so both databases agree.
    @Field(key: "kind") var kindCode: String
    @OptionalField(key: "district_code") var districtCode: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    var kind: OrganizationKind { OrganizationKind(rawValue: kindCode) ?? .other }
}

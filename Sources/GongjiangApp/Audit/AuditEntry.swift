import Fluent
import Foundation

/// A stored audit record with its chain hash. Append-only: nothing updates or deletes these rows.
final class AuditEntry: Model, @unchecked Sendable {
    static let schema = "audit_records"

    @ID(custom: "sequence", generatedBy: .user) var id: Int64?
    @Field(key: "occurred_at") var occurredAt: Date
    @Field(key: "actor") var actor: String
    @OptionalField(key: "role") var role: String?
    @OptionalField(key: "address") var address: String?
    @Field(key: "entity") var entity: String
    @OptionalField(key: "entity_id") var entityID: String?
    @Field(key: "action") var action: String
    @OptionalField(key: "before_values") var before: String?
    @OptionalField(key: "after_values") var after: String?
    @Field(key: "outcome") var outcome: String
    @Field(key: "hash") var hash: String

    init() {}
}

import Fluent
import Foundation

/// One failed sign-in, counted per account and per source address for the lockout rule.
final class LoginFailure: Model, @unchecked Sendable {
    static let schema = "login_failures"

    @ID(key: .id) var id: UUID?
    /// "account:USERNAME" or "address:IP".
    @Field(key: "subject") var subject: String
    @Field(key: "occurred_at") var occurredAt: Date

    init() {}
}

import Fluent
import Foundation

/// A signed-in browser session, kept on the server. The cookie holds a random token; the table holds only its hash,
/// so a copy of the database does not let anyone sign in.
final class UserSession: Model, @unchecked Sendable {
    static let schema = "user_sessions"

    @ID(key: .id) var id: UUID?
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "account_id") var accountID: UUID
    @Field(key: "csrf_token") var csrfToken: String
    /// True between the password and the second factor: the session may only finish signing in.
    @Field(key: "awaits_second_factor") var awaitsSecondFactor: Bool
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "last_seen_at") var lastSeenAt: Date
    @OptionalField(key: "ended_at") var endedAt: Date?
    @OptionalField(key: "address") var address: String?

    init() {}
}

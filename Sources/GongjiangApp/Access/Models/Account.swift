import Fluent
import Foundation
import GongjiangCore

/// A person or system that signs in. One role per account (三员分立 keeps the administrative duties on separate accounts).
final class Account: Model, @unchecked Sendable {
    static let schema = "accounts"

    @ID(key: .id) var id: UUID?
    @Field(key: "username") var username: String
    @Field(key: "display_name") var displayName: String
    /// A `Role` raw value.
    @Field(key: "role") var roleCode: String
    /// For district officers: the district they serve.
    @OptionalField(key: "district_code") var districtCode: String?
    /// For evaluation organizations, training providers, schools and enterprises: the organization.
    @OptionalField(key: "organization_id") var organizationID: UUID?
    @Field(key: "password_hash") var passwordHash: String
    @Field(key: "must_change_password") var mustChangePassword: Bool
    /// TOTP secret, sealed like personal data; nil until the holder enrols.
    @OptionalField(key: "totp_secret_sealed") var totpSecretSealed: String?
    /// The time step of the last code accepted: RFC 6238 §5.2 says a code must not be accepted twice.
    @OptionalField(key: "totp_last_step") var totpLastStep: Int64?
    @Field(key: "is_disabled") var isDisabled: Bool
    /// Marks accounts that `demo` created, so production can refuse them.
    @Field(key: "is_demo") var isDemo: Bool
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    var role: Role? { Role(rawValue: roleCode) }
}

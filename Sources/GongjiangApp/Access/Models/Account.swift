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
    /// For workers: the registry person the account is (migration 023).
    @OptionalField(key: "person_id") var personID: UUID?
    @Field(key: "password_hash") var passwordHash: String
    @Field(key: "must_change_password") var mustChangePassword: Bool
    /// TOTP secret, sealed like personal data; nil until the holder enrols.
    @OptionalField(key: "totp_secret_sealed") var totpSecretSealed: String?
    /// The time step of the last code accepted: RFC 6238 §5.2 says a code must not be accepted twice.
    @OptionalField(key: "totp_last_step") var totpLastStep: Int64?
    @Field(key: "is_disabled") var isDisabled: Bool
    /// An `AccountApproval` raw value: a privileged account (city administrator, the three administrative duties)
    /// made by the system administrator waits for the security administrator's approval before it can sign in.
    @Field(key: "approval") var approvalCode: String
    /// Who asked for the account or grant that waits for approval.
    @OptionalField(key: "requested_by") var requestedBy: String?
    /// Marks accounts that `demo` created, so production can refuse them.
    @Field(key: "is_demo") var isDemo: Bool
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    var role: Role? { Role(rawValue: roleCode) }
    var approval: AccountApproval { AccountApproval(rawValue: approvalCode) ?? .pending }

    /// Enabled and, when its role needed it, approved. A disabled or unapproved account has no sessions and no tokens.
    var maySignIn: Bool { !isDisabled && approval == .approved }
}

/// Where a privileged account stands with the security administrator (三员分立: the system administrator makes
/// accounts, the security administrator decides who holds privileged roles).
enum AccountApproval: String, Sendable, CaseIterable {
    case approved
    case pending
    case rejected
}

import Fluent
import Foundation

/// A security policy the security administrator sets, e.g. `totp-required:district-officer` = `true`.
final class SecuritySetting: Model, @unchecked Sendable {
    static let schema = "security_settings"

    @ID(custom: "key", generatedBy: .user) var id: String?
    @Field(key: "value") var value: String
    @Field(key: "updated_at") var updatedAt: Date

    init() {}
}

import Fluent
import Foundation
import GongjiangCore
import Vapor

/// The security administrator's page: privileged accounts waiting for approval, and which roles must give a
/// one-time code at sign-in.
enum SecurityPage {
    struct Model {
        let totpRequired: [Role: Bool]
        let pending: [Account]

        static func load(_ request: Request) async throws -> Model {
            var required: [Role: Bool] = [:]
            for role in Role.allCases { required[role] = try await SecuritySettings.isTOTPRequired(for: role.rawValue, on: request.db) }
            let pending = try await Account.query(on: request.db).filter(\.$approvalCode == AccountApproval.pending.rawValue)
                .sort(\.$username).all()
            return Model(totpRequired: required, pending: pending)
        }
    }
}

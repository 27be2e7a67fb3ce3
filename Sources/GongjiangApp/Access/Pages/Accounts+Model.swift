import Fluent
import Foundation
import GongjiangCore
import Vapor

/// The system administrator's accounts page: every account with its state, and the form for a new one.
enum AccountsPage {
    struct Model {
        let accounts: [Account]
        let error: String?

        static func load(_ request: Request, error: String? = nil) async throws -> Model {
            Model(accounts: try await Account.query(on: request.db).sort(\.$username).all(), error: error)
        }
    }
}

import Fluent
import Foundation
import GongjiangCore
import Vapor

enum HomePage {
    struct Model {
        let totals: RegistryQueries.Totals

        static func load(_ request: Request, scope: Scope) async throws -> Model {
            Model(totals: try await RegistryQueries(database: request.db, scope: scope, vault: request.vault).totals())
        }
    }
}

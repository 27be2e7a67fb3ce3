import Fluent
import Foundation
import Vapor

enum OrganizationDetail {
    struct Model {
        let organization: Organization
        let employeeCount: Int
        let names: ReferenceNames

        static func load(_ request: Request, scope: RegistryScope) async throws -> Model {
            let queries = RegistryQueries(database: request.db, scope: scope, vault: request.vault)
            guard let organization = try await queries.organization(try request.uuidParameter()) else { throw RequestProblem.notFound }
            return Model(organization: organization, employeeCount: try await queries.employeeCount(of: organization.id!),
                         names: try await ReferenceNames.load(on: request.db))
        }
    }
}

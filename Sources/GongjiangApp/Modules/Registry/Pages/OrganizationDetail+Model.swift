import Fluent
import Foundation
import GongjiangCore
import Vapor

enum OrganizationDetail {
    struct Model {
        let organization: Organization
        let employeeCount: Int
        let names: ReferenceNames

        static func load(_ request: Request, scope: Scope) async throws -> Model {
            let queries = RegistryQueries(database: request.db, scope: scope, vault: request.vault)
            let id = try request.uuidParameter()
            guard let organization = try await queries.organization(id) else {
                throw try await request.notInScope(Organization.self, id, entity: .organization)
            }
            return Model(organization: organization, employeeCount: try await queries.employeeCount(of: organization.id!),
                         names: try await ReferenceNames.load(on: request.db))
        }
    }
}

import Fluent
import Foundation
import GongjiangCore
import Vapor

enum OrganizationDetail {
    struct Model {
        let organization: Organization
        let employeeCount: Int
        let names: ReferenceNames
        /// Titles and honours on the organization's record (programmes: studios and bases, honours recorded).
        let titles: [ProgrammeRecord.Entry]

        static func load(_ request: Request, scope: Scope) async throws -> Model {
            let queries = RegistryQueries(database: request.db, scope: scope, vault: request.vault)
            let id = try request.uuidParameter()
            guard let organization = try await queries.organization(id) else {
                throw try await request.notInScope(Organization.self, id, entity: .organization)
            }
            return Model(organization: organization, employeeCount: try await queries.employeeCount(of: organization.id!),
                         names: try await ReferenceNames.load(on: request.db),
                         titles: try await ProgrammeRecord.entries(of: .organization(organization.id!), today: CivilDate.today(now: request.now),
                                                                   on: request.db))
        }
    }
}

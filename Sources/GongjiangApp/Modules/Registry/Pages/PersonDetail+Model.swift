import Fluent
import Foundation
import Vapor

enum PersonDetail {
    struct Model {
        let person: Person
        let employer: Organization?
        let certificates: [Certificate]
        let names: ReferenceNames
        let vault: PersonalDataVault

        static func load(_ request: Request, scope: RegistryScope) async throws -> Model {
            let queries = RegistryQueries(database: request.db, scope: scope, vault: request.vault)
            guard let person = try await queries.person(try request.uuidParameter()) else { throw RequestProblem.notFound }
            let employer: Organization? = if let id = person.employerID {
                try await Organization.find(id, on: request.db)
            } else { nil }
            return Model(person: person, employer: employer,
                         certificates: try await queries.certificates(of: person.id!),
                         names: try await ReferenceNames.load(on: request.db), vault: request.vault)
        }
    }
}

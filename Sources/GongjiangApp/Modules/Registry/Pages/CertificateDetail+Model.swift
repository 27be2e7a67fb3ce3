import Fluent
import Foundation
import GongjiangCore
import Vapor

enum CertificateDetail {
    struct Model {
        let certificate: Certificate
        let holder: Person
        let names: ReferenceNames
        let vault: PersonalDataVault

        static func load(_ request: Request, scope: Scope) async throws -> Model {
            let queries = RegistryQueries(database: request.db, scope: scope, vault: request.vault)
            let id = try request.uuidParameter()
            guard let certificate = try await queries.certificate(id),
                  let holder = try await queries.person(certificate.personID) else {
                throw try await request.notInScope(Certificate.self, id, entity: .certificate)
            }
            return Model(certificate: certificate, holder: holder, names: try await ReferenceNames.load(on: request.db), vault: request.vault)
        }
    }
}

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
        let request: Request
        let error: String?

        /// A certificate the caller reaches: its holder in scope, or, for an evaluation organization, one it issued.
        static func load(_ request: Request, error: String? = nil) async throws -> Model {
            let id = try request.uuidParameter()
            guard let certificate = try await CertificationAPI.certificateInReach(id, request),
                  let holder = try await Person.find(certificate.personID, on: request.db) else {
                throw try await request.notInScope(Certificate.self, id, entity: .certificate)
            }
            return Model(certificate: certificate, holder: holder, names: try await ReferenceNames.load(on: request.db), vault: request.vault,
                         request: request, error: error)
        }

        /// The bureau revokes any certificate in its reach; an organization those it issued (the service checks).
        var mayRevoke: Bool {
            !certificate.isRevoked && (request.principal?.may(.superviseCertification) == true
                || (request.principal?.may(.operateCertification) == true && certificate.filingID != nil))
        }
    }
}

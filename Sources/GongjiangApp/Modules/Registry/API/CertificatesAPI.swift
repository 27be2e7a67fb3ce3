import Fluent
import Foundation
import GongjiangCore
import Vapor

/// `/api/v1/certificates`: list with filters, and detail. Certificates enter through imports and certification.
struct CertificatesAPI {
    func list(_ request: Request) async throws -> ListDTO<CertificateDTO> {
        let level = try request.query[Int.self, at: "level"].map { value -> SkillLevel in
            guard let level = SkillLevel(nationalLevel: value) else { throw RequestProblem.badParameter("level") }
            return level
        }
        let status = try request.query[String.self, at: "status"].map { value -> CertificateStatus in
            guard let status = CertificateStatus(rawValue: value) else { throw RequestProblem.badParameter("status") }
            return status
        }
        let source = try request.query[String.self, at: "source"].map { value -> CertificateSource in
            guard let source = CertificateSource(rawValue: value) else { throw RequestProblem.badParameter("source") }
            return source
        }
        let page = try await RegistryQueries(database: request.db, scope: request.scope, vault: request.vault).certificates(
            .init(number: request.query[String.self, at: "number"], personID: try request.optionalUUIDQuery("person_id"),
                  occupationCode: request.query[String.self, at: "occupation_code"], level: level, status: status, source: source),
            after: try request.pageCursor(), limit: PageSize.clamp(request.query[Int.self, at: "limit"]))
        return ListDTO(items: page.items.map(CertificateDTO.init), nextCursor: page.next?.encoded)
    }

    func detail(_ request: Request) async throws -> CertificateDTO {
        let id = try request.uuidParameter()
        guard let certificate = try await RegistryQueries(database: request.db, scope: request.scope, vault: request.vault)
            .certificate(id) else { throw try await request.notInScope(Certificate.self, id, entity: .certificate) }
        return CertificateDTO(certificate)
    }
}

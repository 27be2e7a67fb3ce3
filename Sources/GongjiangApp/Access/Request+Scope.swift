import Fluent
import Foundation
import GongjiangCore
import Vapor

extension Request {
    /// The answer for a record asked for by id that the caller's scope does not reach: 404, as if it did not exist.
    /// When it does exist (another district's, another organization's), the attempt is recorded as denied access,
    /// through the denial log so that a sweep over ids leaves one record a minute, not one a request.
    func notInScope<M: Model>(_ model: M.Type, _ id: UUID, entity: AuditEntity) async throws -> RequestProblem where M.IDValue == UUID {
        if try await M.find(id, on: db) != nil {
            try await AuditTrail.recordDenial(AuditEvent(self, entity: entity, entityID: id.uuidString, action: .outOfScope,
                                                         outcome: "denied"), request: self)
        }
        return RequestProblem.notFound
    }
}

import Fluent
import Foundation
import Vapor

/// What part of the registry the acting user may see. Every registry query takes one, so that
/// access control (districts, organizations) is applied in this one place and nowhere else.
struct RegistryScope: Sendable, Equatable {
    /// Nil: every district.
    var districtCodes: Set<String>?
    /// Nil: every organization; otherwise only persons employed there and the organization itself.
    var organizationID: UUID?

    /// The whole city, as the bureau sees it.
    static let city = RegistryScope(districtCodes: nil, organizationID: nil)

    /// Whether a record of this district (nil: none recorded) lies inside the scope's districts. A district-bound
    /// scope admits no record without a district, since it could not see it afterwards.
    func admitsDistrict(_ code: String?) -> Bool {
        guard let districtCodes else { return true }
        guard let code else { return false }
        return districtCodes.contains(code)
    }
}

extension Request {
    /// The answer for a record asked for by id that the caller's scope does not reach: 404, as if it did not exist.
    /// When it does exist (another district's, another organization's), the attempt is recorded as denied access,
    /// through the denial log so that a sweep over ids leaves one record a minute, not one a request.
    func notInScope<M: Model>(_ model: M.Type, _ id: UUID, entity: String) async throws -> RequestProblem where M.IDValue == UUID {
        if try await M.find(id, on: db) != nil {
            try await AuditTrail.recordDenial(AuditEvent(self, entity: entity, entityID: id.uuidString, action: "out-of-scope",
                                                         outcome: "denied"), request: self)
        }
        return RequestProblem.notFound
    }
}

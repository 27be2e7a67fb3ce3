import Foundation

/// How far an account reaches: which records it reads and which it may create or change. Derived from the account
/// by one pure function, `Scope.of`, so that it is decided in one place; every query filters through it and every
/// write checks the record against it before and after the change. No function takes a default scope, so a call
/// that forgets one does not compile.
public enum Scope: Sendable, Hashable, CustomStringConvertible {
    /// The whole city: the bureau's view.
    case city
    /// These districts (县市区): a district officer's.
    case districts(Set<String>)
    /// One organization: the organization itself and the persons it employs.
    case organization(UUID)
    /// An expert reviewer's: only what they are assigned to review (the programmes and certification modules
    /// assign reviews); no registry records.
    case assignments(Set<UUID>)
    /// One registry person: a worker's own record and applications.
    case person(UUID)
    /// Nothing: the administrative duties, which hold no business data.
    case nothing

    /// The one derivation from an account. An account missing the district or organization its role needs reaches
    /// nothing, rather than everything.
    public static func of(role: Role, districtCode: String?, organizationID: UUID?, personID: UUID? = nil, assignments: Set<UUID> = []) -> Scope {
        switch role {
        case .cityAdmin: .city
        case .districtOfficer: districtCode.map { .districts([$0]) } ?? .nothing
        case .evaluationOrg, .trainingProvider, .school, .enterprise: organizationID.map { .organization($0) } ?? .nothing
        case .expert: .assignments(assignments)
        case .worker: personID.map { .person($0) } ?? .nothing
        case .auditor, .systemAdmin, .securityAdmin: .nothing
        }
    }

    /// The districts a query is limited to: nil for no district limit (the city, or an organization, which is
    /// limited otherwise); an empty set matches nothing.
    public var districtCodes: Set<String>? {
        switch self {
        case .city, .organization: nil
        case .districts(let codes): codes
        case .assignments, .person, .nothing: []
        }
    }

    /// The registry person a worker's scope is limited to, if any.
    public var personID: UUID? {
        if case .person(let id) = self { id } else { nil }
    }

    /// The organization a query is limited to, if any.
    public var organizationID: UUID? {
        if case .organization(let id) = self { id } else { nil }
    }

    /// Whether a registry record of this district (nil: none recorded) may be created or kept by a write in this
    /// scope. A district-bound scope admits no record without a district, since it could not see it afterwards;
    /// organizations, experts and the administrative duties write no registry records.
    public func admitsDistrict(_ code: String?) -> Bool {
        switch self {
        case .city: true
        case .districts(let codes): code.map(codes.contains) ?? false
        case .organization, .assignments, .person, .nothing: false
        }
    }

    public var description: String {
        switch self {
        case .city: "city"
        case .districts(let codes): "districts:" + codes.sorted().joined(separator: ",")
        case .organization(let id): "organization:" + id.uuidString
        case .assignments(let ids): "assignments:\(ids.count)"
        case .person(let id): "person:" + id.uuidString
        case .nothing: "nothing"
        }
    }
}

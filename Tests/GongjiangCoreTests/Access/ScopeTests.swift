import Foundation
import Testing
@testable import GongjiangCore

@Suite("Scope")
struct ScopeTests {
    static let organization = UUID()
    static let review = UUID()

    @Test("Each role's scope comes from its account", arguments: [
        (Role.cityAdmin, Scope.city),
        (.districtOfficer, .districts(["320602"])),
        (.evaluationOrg, .organization(organization)),
        (.trainingProvider, .organization(organization)),
        (.school, .organization(organization)),
        (.enterprise, .organization(organization)),
        (.expert, .assignments([review])),
        (.auditor, .nothing),
        (.systemAdmin, .nothing),
        (.securityAdmin, .nothing),
    ])
    func scopeOfEachRole(role: Role, expected: Scope) {
        #expect(Scope.of(role: role, districtCode: "320602", organizationID: Self.organization, assignments: [Self.review]) == expected)
    }

    @Test("An account without the district or organization its role needs reaches nothing", arguments: [
        Role.districtOfficer, .evaluationOrg, .trainingProvider, .school, .enterprise,
    ])
    func missingAnchorReachesNothing(role: Role) {
        #expect(Scope.of(role: role, districtCode: nil, organizationID: nil) == .nothing)
    }

    @Test("Writes: which districts a scope admits, before and after a change", arguments: [
        (Scope.city, "320602" as String?, true),
        (.city, nil, true),
        (.districts(["320602"]), "320602", true),
        (.districts(["320602"]), "320612", false),
        (.districts(["320602"]), nil, false),          // a record it could not see afterwards
        (.districts([]), "320602", false),
        (.organization(organization), "320602", false),
        (.assignments([review]), "320602", false),
        (.nothing, "320602", false),
    ])
    func admitsDistrict(scope: Scope, district: String?, admitted: Bool) {
        #expect(scope.admitsDistrict(district) == admitted)
    }

    @Test("Queries: the district and organization limits", arguments: [
        (Scope.city, nil, nil),
        (.districts(["320602", "320612"]), Set(["320602", "320612"]), nil),
        (.organization(organization), nil, organization),
        (.assignments([review]), Set<String>(), nil),
        (.nothing, Set<String>(), nil),
    ] as [(Scope, Set<String>?, UUID?)])
    func queryLimits(scope: Scope, districts: Set<String>?, organization: UUID?) {
        #expect(scope.districtCodes == districts)
        #expect(scope.organizationID == organization)
    }
}

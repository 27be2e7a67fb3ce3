import Fluent
import Foundation
import GongjiangCore
import SQLKit

/// One account per role for trying the demo city. Marked as demo accounts: production refuses to start with them.
enum DemoAccounts {
    /// Meets the password policy (14 characters, 4 classes); printed by `demo`, never used outside it.
    static let password = "Gongjiang@2026"
    /// District officers serve 崇川区 in the demo.
    static let district = "320602"

    struct Login: Sendable { let username: String; let role: Role; let scope: String }

    static func ensure(on database: any Database, bcryptCost: Int) async throws -> [Login] {
        var logins: [Login] = []
        for role in Role.allCases {
            let username = role.rawValue
            // An account made before keeps its organization, whatever organizations were added since.
            if let existing = try await Account.query(on: database).filter(\.$username == username).first() {
                let organization = try await existing.organizationID.asyncMap { try await Organization.find($0, on: database) } ?? nil
                let person = try await existing.personID.asyncMap { try await Person.find($0, on: database) } ?? nil
                logins.append(Login(username: username, role: role,
                                    scope: role.isDistrictScoped ? district : organization?.name ?? person.map { Masking.name($0.name) } ?? "—"))
                continue
            }
            var organization: Organization? = nil
            if role.isOrganizationScoped { organization = try await demoOrganization(for: role, on: database) }
            let person = role.isPersonScoped ? try await demoPerson(on: database) : nil
            let scope = role.isDistrictScoped ? district : organization?.name ?? person.map { Masking.name($0.name) } ?? "—"
            logins.append(Login(username: username, role: role, scope: scope))
            _ = try await AccountService.create(
                .init(username: username, displayName: role.chineseName, role: role,
                      districtCode: role.isDistrictScoped ? district : nil, organizationID: organization?.id, personID: person?.id,
                      password: password, mustChangePassword: false, isDemo: true, byOperator: true),
                by: AuditEvent(actor: "demo", entity: .account, action: .create), on: database, bcryptCost: bcryptCost)
        }
        return logins
    }

    /// The person the demo worker account is: a holder of 高级工 or above employed by the demo enterprise (or anyone
    /// holding it), so the worker can apply to the demo's programmes for themselves.
    private static func demoPerson(on database: any Database) async throws -> Person? {
        let enterprise = try await Account.query(on: database).filter(\.$username == Role.enterprise.rawValue).first()?.organizationID
        for employer in [enterprise, nil] {
            let row = try await database.sql.raw("""
                SELECT p.id FROM persons p WHERE (\(bind: employer == nil) OR p.employer_id = \(bind: employer ?? UUID()))
                  AND EXISTS (SELECT 1 FROM certificates c WHERE c.person_id = p.id AND c.level >= \(bind: SkillLevel.level3.rawValue)
                      AND c.status = 'valid' AND c.revoked_on IS NULL)
                ORDER BY p.id LIMIT 1
                """).first()
            if let id = try row?.decode(column: "id", as: UUID.self) { return try await Person.find(id, on: database) }
        }
        return nil
    }

    /// The demo organization an organization role acts for: an existing one of the right kind, or a new one.
    private static func demoOrganization(for role: Role, on database: any Database) async throws -> Organization {
        let kind: OrganizationKind = switch role {
        case .evaluationOrg: .evaluationOrganization
        case .trainingProvider: .trainingProvider
        case .school: .technicalSchool
        default: .enterprise
        }
        if let existing = try await Organization.query(on: database).filter(\.$kindCode == kind.rawValue).sort(\.$uscc).first() {
            return existing
        }
        let organization = Organization()
        organization.kindCode = kind.rawValue
        organization.districtCode = district
        switch kind {
        case .trainingProvider:
            organization.name = "南通市崇川区示范职业培训学校"
            organization.uscc = DemoCity.creditCode(region: "320602", serial: 800_001, kind: "52")
        case .technicalSchool:
            organization.name = "南通示范技师学院"
            organization.uscc = DemoCity.creditCode(region: "320600", serial: 800_002, kind: "12")
        case .evaluationOrganization:
            organization.name = "南通示范职业技能评价中心"
            organization.uscc = DemoCity.creditCode(region: "320600", serial: 800_004, kind: "52")
        default:
            organization.name = "南通示范企业有限公司"
            organization.uscc = DemoCity.creditCode(region: "320602", serial: 800_003, kind: "91")
        }
        try await organization.create(on: database)
        return organization
    }
}

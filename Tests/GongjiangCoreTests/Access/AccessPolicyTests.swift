import Testing
@testable import GongjiangCore

@Suite("Access policy")
struct AccessPolicyTests {
    /// The table as agreed, written out independently of the implementation.
    static let table: [(Role, Set<Permission>)] = [
        (.cityAdmin, [.readRegistry, .writeRegistry, .importRegistry, .viewUnmaskedPersonalData, .readReference, .manageReference,
                      .readCertification, .superviseCertification, .approveCertification, .readLedger, .manageLedger, .readTraining,
                      .superviseTraining, .approveTraining, .readApprenticeship, .superviseApprenticeship, .approveApprenticeship,
                      .readStatistics, .readProgrammes, .superviseProgrammes, .approveProgrammes, .manageOwnTokens]),
        (.districtOfficer, [.readRegistry, .writeRegistry, .importRegistry, .readReference, .readCertification,
                            .superviseCertification, .readLedger, .readTraining, .superviseTraining, .readApprenticeship,
                            .superviseApprenticeship, .readStatistics, .readProgrammes, .superviseProgrammes, .manageOwnTokens]),
        (.evaluationOrg, [.readRegistry, .readReference, .readCertification, .operateCertification, .manageOwnTokens]),
        (.trainingProvider, [.readRegistry, .readReference, .readTraining, .operateTraining, .readApprenticeship, .operateApprenticeship,
                             .readProgrammes, .applyProgrammes, .manageOwnTokens]),
        (.school, [.readRegistry, .readReference, .readApprenticeship, .operateApprenticeship, .readProgrammes, .applyProgrammes, .manageOwnTokens]),
        (.enterprise, [.readRegistry, .readReference, .readCertification, .operateCertification, .readApprenticeship, .operateApprenticeship,
                       .reportWages, .readProgrammes, .applyProgrammes, .manageOwnTokens]),
        (.expert, [.readReference, .reviewProgrammes]),
        (.worker, [.readReference, .readProgrammes, .applyProgrammes, .manageOwnTokens]),
        (.auditor, [.readAudit]),
        (.systemAdmin, [.manageAccounts]),
        (.securityAdmin, [.manageSecurityPolicy]),
    ]

    static let duties: [Permission] = [.manageAccounts, .readAudit, .manageSecurityPolicy]

    @Test("Each role holds exactly the permissions of its row", arguments: table)
    func roleHoldsItsRow(role: Role, expected: Set<Permission>) {
        #expect(AccessPolicy.permissions(of: role) == expected)
    }

    @Test("The table has one row per role")
    func tableCoversEveryRole() {
        #expect(Self.table.map(\.0).count == Role.allCases.count)
        #expect(Set(Self.table.map(\.0)) == Set(Role.allCases))
    }

    @Test("allows answers each role and permission as the table does", arguments: Role.allCases, Permission.allCases)
    func allowsFollowsTable(role: Role, permission: Permission) throws {
        let row = try #require(Self.table.first { $0.0 == role })

        #expect(AccessPolicy.allows(role, permission) == row.1.contains(permission))
    }

    @Test("Permission codes are stable dotted strings", arguments: [
        (Permission.readRegistry, "registry.read"),
        (.writeRegistry, "registry.write"),
        (.importRegistry, "registry.import"),
        (.viewUnmaskedPersonalData, "personal-data.unmasked"),
        (.readReference, "reference.read"),
        (.manageReference, "reference.manage"),
        (.manageAccounts, "accounts.manage"),
        (.manageSecurityPolicy, "security-policy.manage"),
        (.readAudit, "audit.read"),
        (.manageOwnTokens, "tokens.manage-own"),
        (.readCertification, "certification.read"),
        (.operateCertification, "certification.operate"),
        (.superviseCertification, "certification.supervise"),
        (.approveCertification, "certification.approve"),
    ])
    func permissionCodes(permission: Permission, code: String) {
        #expect(permission.rawValue == code)
        #expect(Permission(rawValue: code) == permission)
    }

    // MARK: 三员分立

    @Test("No role holds two of the three administrative duties", arguments: Role.allCases)
    func noRoleHoldsTwoDuties(role: Role) {
        let held = AccessPolicy.permissions(of: role).intersection(Self.duties)

        #expect(held.count <= 1, "\(role) holds \(held)")
    }

    @Test("Each administrative duty is held by exactly one role, an administrative one", arguments: duties)
    func eachDutyHasOneHolder(duty: Permission) {
        let holders = Role.allCases.filter { AccessPolicy.allows($0, duty) }

        #expect(holders.count == 1)
        #expect(holders.allSatisfy { $0.isAdministrativeDuty })
    }

    @Test("Administrative roles reach neither the registry nor personal data",
          arguments: Role.allCases.filter(\.isAdministrativeDuty))
    func administratorsSeeNoBusinessData(role: Role) {
        let permissions = AccessPolicy.permissions(of: role)

        #expect(!permissions.contains(.readRegistry))
        #expect(!permissions.contains(.writeRegistry))
        #expect(!permissions.contains(.importRegistry))
        #expect(!permissions.contains(.viewUnmaskedPersonalData))
        #expect(permissions.count == 1)
    }

    @Test("The documented set of administrative duties matches the table")
    func administrativeDutiesSet() {
        #expect(Permission.administrativeDuties == Set(Self.duties))
    }

    @Test("Only the city administrator sees unmasked personal data; district officers see masked numbers")
    func onlyCityAdminSeesUnmaskedData() {
        let holders = Role.allCases.filter { AccessPolicy.allows($0, .viewUnmaskedPersonalData) }

        #expect(holders == [.cityAdmin])
        #expect(!AccessPolicy.allows(.districtOfficer, .viewUnmaskedPersonalData))
    }

    @Test("The auditor reads the audit trail and nothing else")
    func auditorReadsOnlyAudit() {
        #expect(AccessPolicy.permissions(of: .auditor) == [.readAudit])
        #expect(!AccessPolicy.allows(.systemAdmin, .readAudit))
        #expect(!AccessPolicy.allows(.cityAdmin, .readAudit))
    }
}

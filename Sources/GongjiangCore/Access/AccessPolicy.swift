/// What each role may do, as one table. Kept as data rather than scattered checks so that the
/// separation of duties can be read off (and tested) in one place.
public enum AccessPolicy {
    /// The table. A `switch` rather than a dictionary so that adding a role does not compile until
    /// its permissions are decided.
    ///
    /// 三员分立 (GB/T 22239-2019 8.1.4.2 d), 8.1.5.1–8.1.5.3): the system administrator, the security
    /// administrator and the auditor each hold exactly one administrative duty and no access to the
    /// registry or to personal data, so no single account can both act and erase the trace of it,
    /// or both change the security settings and read what they protect.
    public static func permissions(of role: Role) -> Set<Permission> {
        switch role {
        case .cityAdmin:
            [.readRegistry, .writeRegistry, .importRegistry, .viewUnmaskedPersonalData, .readReference, .manageReference,
             .readCertification, .superviseCertification, .approveCertification, .readLedger, .manageLedger, .readTraining,
             .superviseTraining, .approveTraining, .readApprenticeship, .superviseApprenticeship, .approveApprenticeship, .readStatistics,
             .readProgrammes, .superviseProgrammes, .approveProgrammes, .manageOwnTokens]
        case .districtOfficer:
            // No unmasked personal data: district officers work from masked ID numbers (minimum
            // necessary, PIPL art. 6); the city bureau holds the full numbers.
            [.readRegistry, .writeRegistry, .importRegistry, .readReference, .readCertification, .superviseCertification,
             .readLedger, .readTraining, .superviseTraining, .readApprenticeship, .superviseApprenticeship, .readStatistics,
             .readProgrammes, .superviseProgrammes, .manageOwnTokens]
        case .evaluationOrg:
            [.readRegistry, .readReference, .readCertification, .operateCertification, .manageOwnTokens]
        case .enterprise:
            // An enterprise certifies its own staff once filed as a type-Y evaluation organization (用人单位), and runs
            // its apprenticeships.
            [.readRegistry, .readReference, .readCertification, .operateCertification, .readApprenticeship, .operateApprenticeship, .reportWages,
             .readProgrammes, .applyProgrammes, .manageOwnTokens]
        case .trainingProvider:
            // A provider may teach an enterprise's apprentices: it sees those plans and records their assessments.
            [.readRegistry, .readReference, .readTraining, .operateTraining, .readApprenticeship, .operateApprenticeship, .readProgrammes,
             .applyProgrammes, .manageOwnTokens]
        case .school:
            [.readRegistry, .readReference, .readApprenticeship, .operateApprenticeship, .readProgrammes, .applyProgrammes, .manageOwnTokens]
        case .expert:
            // Experts reach the applications assigned to them and nothing of the registry.
            [.readReference, .reviewProgrammes]
        case .worker:
            // A worker's own applications to programmes, and nothing of anyone else's record.
            [.readReference, .readProgrammes, .applyProgrammes, .manageOwnTokens]
        case .auditor:
            [.readAudit]
        case .systemAdmin:
            [.manageAccounts]
        case .securityAdmin:
            [.manageSecurityPolicy]
        }
    }

    public static func allows(_ role: Role, _ permission: Permission) -> Bool {
        permissions(of: role).contains(permission)
    }
}

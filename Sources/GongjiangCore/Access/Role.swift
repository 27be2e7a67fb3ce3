/// What an account is for. An account has exactly one role; what the role may do is the table in
/// `AccessPolicy`, and how far it reaches (a district, an organization) is its scope.
///
/// Raw values are the kebab-case codes stored in `accounts.role` and written into audit records,
/// so renaming a case never changes stored data.
public enum Role: String, Sendable, Codable, CaseIterable {
    case cityAdmin = "city-admin"
    case districtOfficer = "district-officer"
    case evaluationOrg = "evaluation-org"
    case trainingProvider = "training-provider"
    case school
    case enterprise
    case expert
    case auditor
    case systemAdmin = "system-admin"
    case securityAdmin = "security-admin"
    /// 个人: a worker signing in for their own record, to apply to a programme for themselves.
    case worker

    public var chineseName: String {
        switch self {
        case .cityAdmin: "市局管理员"
        case .districtOfficer: "区县经办人"
        case .evaluationOrg: "评价机构"
        case .trainingProvider: "培训机构"
        case .school: "技工院校"
        case .enterprise: "企业"
        case .expert: "评审专家"
        case .auditor: "审计员"
        case .systemAdmin: "系统管理员"
        case .securityAdmin: "安全管理员"
        case .worker: "个人（劳动者）"
        }
    }

    public var englishName: String {
        switch self {
        case .cityAdmin: "City administrator"
        case .districtOfficer: "District officer"
        case .evaluationOrg: "Evaluation organization"
        case .trainingProvider: "Training provider"
        case .school: "Technical school"
        case .enterprise: "Enterprise"
        case .expert: "Expert reviewer"
        case .auditor: "Auditor"
        case .systemAdmin: "System administrator"
        case .securityAdmin: "Security administrator"
        case .worker: "Worker"
        }
    }

    /// A district officer sees and changes only the records of their own district (县市区).
    public var isDistrictScoped: Bool { self == .districtOfficer }

    /// A worker's account is one registry person's, and sees only what concerns that person.
    public var isPersonScoped: Bool { self == .worker }

    /// These accounts act for one organization and see only what concerns it.
    public var isOrganizationScoped: Bool {
        switch self {
        case .evaluationOrg, .trainingProvider, .school, .enterprise: true
        default: false
        }
    }

    /// 三员分立: the three administrative duties are different accounts. System admin, security admin and auditor.
    ///
    /// GB/T 22239-2019 (等保 2.0, level 3) separates 系统管理 (8.1.5.1), 审计管理 (8.1.5.2) and
    /// 安全管理 (8.1.5.3), and 8.1.4.2 d) asks for the least privilege and separated privileges of
    /// administrative users. `AccessPolicy` gives each of these roles one duty and no business data.
    public var isAdministrativeDuty: Bool {
        switch self {
        case .systemAdmin, .securityAdmin, .auditor: true
        default: false
        }
    }

    /// Roles that take effect only once the security administrator approves them: the city administrator (who
    /// reads every full ID number) and the three administrative duties. If the system administrator could make
    /// these alone, with a password they know, 三员分立 would be one person's choice.
    public var needsApproval: Bool { self == .cityAdmin || isAdministrativeDuty }
}

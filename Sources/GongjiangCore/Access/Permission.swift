/// One thing an account may do. Which roles hold which permissions is the table in `AccessPolicy`;
/// the shell checks a permission and then narrows what the account sees to its role's scope.
///
/// Raw values are dotted codes (`registry.read`) so that logs, audit records and the API name a
/// permission the same way however the Swift case is spelt.
public enum Permission: String, Sendable, CaseIterable {
    /// Persons, organizations and certificates, within the account's scope.
    case readRegistry = "registry.read"
    /// Create and update persons and organizations.
    case writeRegistry = "registry.write"
    /// Upload and run imports.
    case importRegistry = "registry.import"
    /// See full ID numbers and phone numbers. Every viewing is audited: the Personal Information
    /// Protection Law art. 28 counts ID numbers as sensitive personal information, and
    /// GB/T 22239-2019 8.1.4.11 b) forbids unauthorised access to and use of personal information.
    case viewUnmaskedPersonalData = "personal-data.unmasked"
    /// Reference tables (occupations, levels, districts).
    case readReference = "reference.read"
    /// Edit the policy tables a city administrator keeps up to date, such as each new year's holiday arrangement.
    case manageReference = "reference.manage"
    /// Create and disable accounts, reset passwords: the system administrator's duty.
    case manageAccounts = "accounts.manage"
    /// Security settings such as requiring TOTP for a role: the security administrator's duty.
    case manageSecurityPolicy = "security-policy.manage"
    /// Search and export the audit trail: the auditor's duty.
    case readAudit = "audit.read"
    /// Filings, plans, candidates, notices and issued certificates, within the account's scope.
    case readCertification = "certification.read"
    /// An evaluation organization's own work: file, plan, register candidates, enter scores, publish the notice,
    /// issue and revoke its certificates.
    case operateCertification = "certification.operate"
    /// The bureau's oversight in its scope: review filings, mark plans for on-site supervision, record and resolve
    /// objections to a notice, revoke a certificate.
    case superviseCertification = "certification.supervise"
    /// The city's decisions: approve, renew, suspend and end filings; set the certification policy.
    case approveCertification = "certification.approve"
    /// The special account's ledger in the account's scope: balances, transactions, payments, batches.
    case readLedger = "ledger.read"
    /// The city's finance office: allocations, budgets, reversals, payment batches, the bank's results, clawbacks.
    case manageLedger = "ledger.manage"
    /// Training providers, classes, enrolments and subsidy claims, within the account's scope.
    case readTraining = "training.read"
    /// A training provider's own work: file classes, enrol trainees, record attendance, close classes, file claims.
    case operateTraining = "training.operate"
    /// The bureau's review in its scope: approve or return classes, review claims, publish and conclude their notice.
    case superviseTraining = "training.supervise"
    /// The city's decisions: approve and suspend providers, approve claims (which commits the budget).
    case approveTraining = "training.approve"
    /// Apprenticeship plans and apprentices, within the account's scope (an enterprise or school sees its own plans).
    case readApprenticeship = "apprenticeship.read"
    /// An enterprise's or school's own work: file plans, add apprentices, change agreements, record stage assessments
    /// and exits.
    case operateApprenticeship = "apprenticeship.operate"
    /// The bureau's review in its scope: approve or return plans (approval commits the advance).
    case superviseApprenticeship = "apprenticeship.supervise"
    /// The city's decisions: settle plans, set the yearly targets.
    case approveApprenticeship = "apprenticeship.approve"
    /// The annual figures for the account's scope.
    case readStatistics = "statistics.read"
    /// An enterprise's yearly report of its workers' wages by occupation and skill level (技能等级与薪酬挂钩).
    case reportWages = "wages.report"
    /// Incentive programmes: types, published calls, and the applications in the account's scope (an organization its
    /// own, a district officer its district's, the city all).
    case readProgrammes = "programmes.read"
    /// An organization applies to a call, for itself or for its employee: the form, the attachments, submission.
    case applyProgrammes = "programmes.apply"
    /// The district's first review (初审): pass, return with a reason, or reject.
    case superviseProgrammes = "programmes.supervise"
    /// The city's decisions: define types, publish calls, the eligibility review, panels, the notice, approval and
    /// funding.
    case approveProgrammes = "programmes.approve"
    /// An expert's own reviews: only the applications assigned to them, a declaration before scoring, the scores.
    case reviewProgrammes = "programmes.review"
    /// Create and revoke one's own API tokens.
    case manageOwnTokens = "tokens.manage-own"

    /// The three duties that 三员分立 keeps in different hands (GB/T 22239-2019 8.1.5.1–8.1.5.3).
    public static let administrativeDuties: Set<Permission> = [.manageAccounts, .readAudit, .manageSecurityPolicy]
}

/// One `persons-certificates` row that passed every rule, in normalised form, ready to be written.
public struct ValidatedPersonCertificate: Sendable, Hashable {
    public let name: String
    public let idType: IDType
    /// Normalised; for a resident ID the 18-character value (15-digit numbers converted).
    public let idNumber: String
    /// Known only for resident IDs, which encode them.
    public let sex: Sex?
    public let birthDate: CivilDate?
    public let phone: String?
    public let districtCode: String
    public let employerUSCC: String?
    public let employerName: String?
    public let occupationCode: String
    /// "--" when none: a certificate never shows a blank work type (rules.md).
    public let workType: String
    public let level: SkillLevel
    public let certificateNumber: String
    public let issueDate: CivilDate
    public let issuerName: String

    public init(
        name: String, idType: IDType, idNumber: String, sex: Sex?, birthDate: CivilDate?,
        phone: String?, districtCode: String, employerUSCC: String?, employerName: String?,
        occupationCode: String, workType: String, level: SkillLevel, certificateNumber: String,
        issueDate: CivilDate, issuerName: String
    ) {
        self.name = name
        self.idType = idType
        self.idNumber = idNumber
        self.sex = sex
        self.birthDate = birthDate
        self.phone = phone
        self.districtCode = districtCode
        self.employerUSCC = employerUSCC
        self.employerName = employerName
        self.occupationCode = occupationCode
        self.workType = workType
        self.level = level
        self.certificateNumber = certificateNumber
        self.issueDate = issueDate
        self.issuerName = issuerName
    }
}

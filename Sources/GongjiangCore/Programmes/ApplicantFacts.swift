/// What the registry knows of an applicant on the day of an application, for the eligibility rules to read. The shell
/// fills it from the records; the rules never read a database.
public struct ApplicantFacts: Sendable, Equatable {
    public struct HeldCertificate: Sendable, Equatable {
        public let level: SkillLevel
        public let occupationCode: String
        public let issuedOn: CivilDate

        public init(level: SkillLevel, occupationCode: String, issuedOn: CivilDate) {
            self.level = level
            self.occupationCode = occupationCode
            self.issuedOn = issuedOn
        }
    }

    public struct HeldHonour: Sendable, Equatable {
        /// The programme type's code that awarded it (`nantong-technical-expert`), or an honour recorded from
        /// upstream (`national-technical-expert`).
        public let code: String
        public let awardedOn: CivilDate
        /// Nil: held for good.
        public let validUntil: CivilDate?
        public let revoked: Bool

        public init(code: String, awardedOn: CivilDate, validUntil: CivilDate? = nil, revoked: Bool = false) {
            self.code = code
            self.awardedOn = awardedOn
            self.validUntil = validUntil
            self.revoked = revoked
        }

        public func isHeld(on day: CivilDate) -> Bool {
            !revoked && awardedOn <= day && (validUntil.map { day <= $0 } ?? true)
        }
    }

    /// Valid, not revoked certificates (a person's; for an organization, none).
    public var certificates: [HeldCertificate]
    public var honours: [HeldHonour]
    /// The applicant's district (a person's registered district; an organization's).
    public var districtCode: String?
    /// The kind of the applicant's employer (a person's), or of the organization itself.
    public var employerKind: String?
    public var education: EducationLevel?
    public var schoolTrack: SchoolTrack?
    public var birthDate: CivilDate?

    public init(certificates: [HeldCertificate] = [], honours: [HeldHonour] = [], districtCode: String? = nil, employerKind: String? = nil,
                education: EducationLevel? = nil, schoolTrack: SchoolTrack? = nil, birthDate: CivilDate? = nil) {
        self.certificates = certificates
        self.honours = honours
        self.districtCode = districtCode
        self.employerKind = employerKind
        self.education = education
        self.schoolTrack = schoolTrack
        self.birthDate = birthDate
    }

    /// The education the applicant counts as: their own, or their school track's equivalent, whichever is higher.
    public var countedEducation: EducationLevel? {
        [education, schoolTrack?.equivalentEducation].compactMap { $0 }.max()
    }

    /// The day the applicant first held `level` or above, if they do on `day`.
    public func firstHeld(atLeast level: SkillLevel, on day: CivilDate) -> CivilDate? {
        certificates.filter { $0.level >= level && $0.issuedOn <= day }.map(\.issuedOn).min()
    }
}

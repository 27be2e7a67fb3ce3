/// An incentive programme's type (激励项目类型) as data a city administrator defines (issue 13): who applies, the
/// eligibility rules, the form, the attachments, the review stages, the scoring rubric, the quota, the funding and
/// how long the title lasts. The reference city's types ship as seeded data (`ProgrammeCatalogue`); amounts are never
/// code.
public struct ProgrammeType: Sendable, Equatable, Codable {
    public enum ApplicantKind: String, Sendable, Codable, CaseIterable {
        case person, organization
    }

    /// The level of the body that confers it: the city's own calls award municipal titles; provincial and national
    /// ones are recommended upward (推荐).
    public enum Tier: String, Sendable, Codable, CaseIterable, Comparable {
        case district, municipal, provincial, national

        public var chineseName: String {
            switch self {
            case .district: "区县级"
            case .municipal: "市级"
            case .provincial: "省级"
            case .national: "国家级"
            }
        }

        public static func < (lhs: Tier, rhs: Tier) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    /// A field of the application form beyond the applicant's registry facts.
    public struct FormField: Sendable, Equatable, Codable {
        public enum Kind: String, Sendable, Codable { case text, longText = "long-text", number, date }
        public let key: String
        public let label: String
        public let kind: Kind
        public let required: Bool
        /// Characters for text, the largest value for a number.
        public let maximum: Int
        /// Names the applicant (a studio named after its leader, an organization's own name): hidden from experts under
        /// blind review, with the applicant's name and number.
        public let identifying: Bool

        public init(key: String, label: String, kind: Kind, required: Bool, maximum: Int, identifying: Bool = false) {
            self.key = key
            self.label = label
            self.kind = kind
            self.required = required
            self.maximum = maximum
            self.identifying = identifying
        }

        private enum CodingKeys: String, CodingKey { case key, label, kind, required, maximum, identifying }

        /// A definition stored before `identifying` existed reads as not identifying.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.init(key: try container.decode(String.self, forKey: .key), label: try container.decode(String.self, forKey: .label),
                      kind: try container.decode(Kind.self, forKey: .kind), required: try container.decode(Bool.self, forKey: .required),
                      maximum: try container.decode(Int.self, forKey: .maximum),
                      identifying: try container.decodeIfPresent(Bool.self, forKey: .identifying) ?? false)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(key, forKey: .key)
            try container.encode(label, forKey: .label)
            try container.encode(kind, forKey: .kind)
            try container.encode(required, forKey: .required)
            try container.encode(maximum, forKey: .maximum)
            if identifying { try container.encode(true, forKey: .identifying) }
        }
    }

    public struct AttachmentRequirement: Sendable, Equatable, Codable {
        public let key: String
        public let label: String
        public let required: Bool

        public init(key: String, label: String, required: Bool) {
            self.key = key
            self.label = label
            self.required = required
        }
    }

    /// A criterion of the experts' rubric: scored 0…`maximum`, weighted.
    public struct Criterion: Sendable, Equatable, Codable {
        public let key: String
        public let label: String
        public let maximum: Int
        /// In percent; a rubric's weights add up to 100.
        public let weight: Int

        public init(key: String, label: String, maximum: Int, weight: Int) {
            self.key = key
            self.label = label
            self.maximum = maximum
            self.weight = weight
        }
    }

    public var code: String
    public var nameZH: String
    public var nameEN: String
    public var applicantKind: ApplicantKind
    public var tier: Tier
    /// Selected by the city and forwarded upward: the outcome upstream is recorded on the application.
    public var recommendsUpward: Bool
    public var eligibility: [EligibilityRule]
    public var fields: [FormField]
    public var attachments: [AttachmentRequirement]
    /// The review stages in order; expert review scores with the rubric.
    public var stages: [ReviewStage]
    public var rubric: [Criterion]
    /// Experts scoring each application.
    public var expertsPerApplication: Int
    /// Blind review: experts see no applicant's name, number or employer.
    public var blindReview: Bool
    /// What an award pays and to whom; empty for an honour alone, or when each call sets its amount.
    public var funding: [FundingLine]
    /// How long a title lasts, in months; nil for an honour held for good.
    public var validityMonths: Int?
    /// A periodic assessment every so many months while the title lasts; nil for none.
    public var assessmentEveryMonths: Int?
    public var effectiveFrom: CivilDate

    public init(code: String, nameZH: String, nameEN: String, applicantKind: ApplicantKind, tier: Tier, recommendsUpward: Bool = false,
                eligibility: [EligibilityRule], fields: [FormField], attachments: [AttachmentRequirement], stages: [ReviewStage] = ReviewStage.standard,
                rubric: [Criterion], expertsPerApplication: Int = 5, blindReview: Bool = false, funding: [FundingLine], validityMonths: Int?,
                assessmentEveryMonths: Int?, effectiveFrom: CivilDate) {
        self.code = code
        self.nameZH = nameZH
        self.nameEN = nameEN
        self.applicantKind = applicantKind
        self.tier = tier
        self.recommendsUpward = recommendsUpward
        self.eligibility = eligibility
        self.fields = fields
        self.attachments = attachments
        self.stages = stages
        self.rubric = rubric
        self.expertsPerApplication = expertsPerApplication
        self.blindReview = blindReview
        self.funding = funding
        self.validityMonths = validityMonths
        self.assessmentEveryMonths = assessmentEveryMonths
        self.effectiveFrom = effectiveFrom
    }

    /// The form field a per-head award reads its heads from.
    public static let headsField = "heads"

    /// A type as a city administrator defines it: a code of lowercase letters, digits and hyphens; names; each rule
    /// and number in range; a rubric whose weights add up to 100 when experts score; the trimmed mean needs three
    /// experts or more; an assessment only within the validity.
    public func check() throws(ProgrammeRefusal) {
        guard code.count >= 3, code.count <= 60, code.allSatisfy({ ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }) else {
            throw .badCode
        }
        guard !nameZH.trimmingCharacters(in: .whitespaces).isEmpty, nameZH.count <= 100, nameEN.count <= 200 else { throw .badName }
        for rule in eligibility { try rule.check() }
        guard Set(fields.map(\.key)).count == fields.count, Set(attachments.map(\.key)).count == attachments.count,
              Set(rubric.map(\.key)).count == rubric.count else { throw .duplicateKey }
        for field in fields where !(1...100_000_000).contains(field.maximum) { throw .fieldOutOfRange(key: field.key) }
        if stages.contains(.expert) {
            guard !rubric.isEmpty, rubric.map(\.weight).reduce(0, +) == 100, rubric.allSatisfy({ $0.weight > 0 && (1...1000).contains($0.maximum) }) else {
                throw .rubricWeights
            }
            guard (3...15).contains(expertsPerApplication) else { throw .expertsPerApplication }
            // The total is summed exactly over the maxima's least common multiple: keep it small enough never to overflow.
            guard ExpertReview.commonDenominator(rubric.map(\.maximum)) != nil else { throw .rubricMaxima }
        }
        guard stages == stages.sorted(), Set(stages).count == stages.count, !stages.isEmpty else { throw .stageOrder }
        for line in funding { try line.rule.check() }
        // A per-head award counts the heads the application states, in a number field of its own.
        if funding.contains(where: { if case .perHead = $0.rule { true } else { false } }),
           !fields.contains(where: { $0.key == Self.headsField && $0.kind == .number && $0.required }) {
            throw .headsFieldMissing
        }
        if let months = validityMonths, !(1...240).contains(months) { throw .validityOutOfRange }
        if let every = assessmentEveryMonths {
            guard let months = validityMonths, (1...months).contains(every) else { throw .assessmentOutsideValidity }
        }
    }
}

/// One payment of an award: its rule, and whether it goes to the applicant or to the applicant's employer (the
/// enterprise reward when an employee becomes a chief technician).
public struct FundingLine: Sendable, Equatable, Codable {
    public enum Payee: String, Sendable, Codable, CaseIterable { case applicant, employer }
    public let rule: FundingRule
    public let payee: Payee

    public init(_ rule: FundingRule, to payee: Payee) {
        self.rule = rule
        self.payee = payee
    }
}

/// The review stages a programme type may use, in their fixed order (rules.md: application → eligibility → first
/// review → expert review → notice → approval).
public enum ReviewStage: String, Sendable, Codable, CaseIterable, Comparable {
    /// 区县初审
    case district
    /// 市局资格审查
    case city
    /// 专家评审
    case expert
    /// 职称评审委员会 (title crossover: the committee's result is recorded)
    case titleCommittee = "title-committee"

    public static let standard: [ReviewStage] = [.district, .city, .expert]

    public static func < (lhs: ReviewStage, rhs: ReviewStage) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// Expert review (专家评审, issue 13): panels assigned without conflicts of interest, rubric scores, the trimmed mean
/// and the ranking within the quota. Pure: the shell loads experts, applications and scores and stores the result.
public enum ExpertReview {
    public struct Expert: Sendable, Equatable {
        public let id: String
        /// The expert's own person id in the registry, if any.
        public let personID: String?
        /// Their employer's organization id.
        public let employerID: String?
        /// Persons and organizations the expert declared a relation to (kin, a former employer, a business tie).
        public let declaredRelations: Set<String>

        public init(id: String, personID: String? = nil, employerID: String?, declaredRelations: Set<String> = []) {
            self.id = id
            self.personID = personID
            self.employerID = employerID
            self.declaredRelations = declaredRelations
        }
    }

    public struct Applicant: Sendable, Equatable {
        public let applicationID: String
        /// The applicant person, for a person's application.
        public let personID: String?
        /// The applicant's employer, or the applying organization.
        public let organizationID: String?

        public init(applicationID: String, personID: String?, organizationID: String?) {
            self.applicationID = applicationID
            self.personID = personID
            self.organizationID = organizationID
        }
    }

    /// Why an expert may not review an application, or nil.
    public static func conflict(_ expert: Expert, _ applicant: Applicant) -> Conflict? {
        if let person = applicant.personID, expert.personID == person { return .isApplicant }
        if let organization = applicant.organizationID, expert.employerID == organization { return .sameEmployer }
        let related = [applicant.personID, applicant.organizationID].compactMap { $0 }.filter(expert.declaredRelations.contains)
        return related.isEmpty ? nil : .declaredRelation
    }

    public enum Conflict: String, Sendable, Equatable {
        case isApplicant = "is-applicant"
        case sameEmployer = "same-employer"
        case declaredRelation = "declared-relation"

        public var chinese: String {
            switch self {
            case .isApplicant: "专家本人为申报人"
            case .sameEmployer: "专家与申报人（单位）同一单位"
            case .declaredRelation: "专家申报了与申报人（单位）的关联关系"
            }
        }
    }

    /// Assigns `perApplication` experts to each application, never one with a conflict: applications in the order
    /// given, each taking the least-loaded free experts (ties in the experts' order), so the panels are balanced and
    /// the same input gives the same panels. Refused whole when an application cannot have a full panel.
    public static func assign(_ applicants: [Applicant], experts: [Expert], perApplication: Int) throws(ProgrammeRefusal) -> [String: [String]] {
        var load: [String: Int] = [:]
        var panels: [String: [String]] = [:]
        for applicant in applicants {
            let free = experts.enumerated().filter { conflict($0.element, applicant) == nil }
                .sorted { (load[$0.element.id, default: 0], $0.offset) < (load[$1.element.id, default: 0], $1.offset) }
                .prefix(perApplication).map(\.element.id)
            guard free.count == perApplication else {
                throw .notEnoughExperts(application: applicant.applicationID, needed: perApplication, free: free.count)
            }
            for id in free { load[id, default: 0] += 1 }
            panels[applicant.applicationID] = free
        }
        return panels
    }

    /// One expert's rubric scores made into a total out of 100, in hundredths of a point: each criterion's score over
    /// its maximum times its weight, summed, rounded half up once at the end. Refused when a criterion is missing or
    /// out of its range.
    public static func total(_ scores: [String: Int], rubric: [ProgrammeType.Criterion]) throws(ProgrammeRefusal) -> Int {
        // A common denominator keeps the sum exact until the one rounding; `ProgrammeType.check` keeps it small.
        guard let denominator = commonDenominator(rubric.map(\.maximum)) else { throw .rubricMaxima }
        var numerator = 0
        for criterion in rubric {
            guard let score = scores[criterion.key] else { throw .scoreMissing(criterion: criterion.key) }
            guard (0...criterion.maximum).contains(score) else { throw .scoreOutOfRange(criterion: criterion.key, maximum: criterion.maximum) }
            numerator += score * criterion.weight * 100 * (denominator / criterion.maximum)
        }
        guard Set(scores.keys).isSubset(of: Set(rubric.map(\.key))) else { throw .scoreUnknownCriterion }
        return (numerator * 2 + denominator) / (denominator * 2)
    }

    /// The trimmed mean of an application's totals: the highest and the lowest dropped (one of each, however many
    /// share the value), the rest averaged, rounded half up, in hundredths. Three totals at least.
    public static func trimmedMean(_ totals: [Int]) throws(ProgrammeRefusal) -> Int {
        guard totals.count >= 3 else { throw .tooFewScores(have: totals.count, need: 3) }
        let kept = totals.sorted().dropFirst().dropLast()
        return (kept.reduce(0, +) * 2 + kept.count) / (kept.count * 2)
    }

    public struct Scored: Sendable, Equatable {
        public let applicationID: String
        public let number: String
        public let submittedAt: Double
        /// Each expert's total, hundredths of a point.
        public let totals: [Int]

        public init(applicationID: String, number: String, submittedAt: Double, totals: [Int]) {
            self.applicationID = applicationID
            self.number = number
            self.submittedAt = submittedAt
            self.totals = totals
        }
    }

    public struct Ranked: Sendable, Equatable {
        public let applicationID: String
        public let rank: Int
        public let trimmedMean: Int
        public let mean: Int
        public let withinQuota: Bool
        /// What decided the order against the application above when the trimmed means tie.
        public let tieBreak: TieBreak?
    }

    /// The stated tie-breaks, in order: a higher trimmed mean; then a higher mean of all the totals; then the earlier
    /// submission; then the lower application number (which is unique).
    public enum TieBreak: String, Sendable, Equatable {
        case mean, submittedEarlier = "submitted-earlier", number

        public var chinese: String {
            switch self {
            case .mean: "去尾均分相同，按全部评分均分"
            case .submittedEarlier: "均分相同，按提交时间先后"
            case .number: "均分与提交时间相同，按申报编号"
            }
        }
    }

    /// Ranks scored applications and marks the first `quota` as within it.
    public static func rank(_ scored: [Scored], quota: Int) throws(ProgrammeRefusal) -> [Ranked] {
        var rows: [(Scored, Int, Int)] = []
        for entry in scored {
            let trimmed = try trimmedMean(entry.totals)
            let mean = (entry.totals.reduce(0, +) * 2 + entry.totals.count) / (entry.totals.count * 2)
            rows.append((entry, trimmed, mean))
        }
        rows.sort { a, b in
            if a.1 != b.1 { return a.1 > b.1 }
            if a.2 != b.2 { return a.2 > b.2 }
            if a.0.submittedAt != b.0.submittedAt { return a.0.submittedAt < b.0.submittedAt }
            return a.0.number < b.0.number
        }
        return rows.enumerated().map { index, row in
            var tieBreak: TieBreak? = nil
            if index > 0, rows[index - 1].1 == row.1 {
                let above = rows[index - 1]
                tieBreak = above.2 != row.2 ? .mean : above.0.submittedAt != row.0.submittedAt ? .submittedEarlier : .number
            }
            return Ranked(applicationID: row.0.applicationID, rank: index + 1, trimmedMean: row.1, mean: row.2, withinQuota: index < quota,
                          tieBreak: tieBreak)
        }
    }

    /// The least common multiple of a rubric's maxima, or nil when it passes 1,000,000 (or a maximum is not positive):
    /// scores × weights × 100 over it then stay far inside an `Int`.
    public static func commonDenominator(_ maxima: [Int]) -> Int? {
        var result = 1
        for maximum in maxima {
            guard maximum > 0 else { return nil }
            result = result / gcd(result, maximum) * maximum
            guard result <= 1_000_000 else { return nil }
        }
        return result
    }

    private static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
}

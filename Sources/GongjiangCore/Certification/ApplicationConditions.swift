/// The application conditions (申报条件) for a skill level: the routes by which a person may sit the exam. The years
/// differ by occupation, so they are data stored per occupation with an effective date; `nationalTemplate` is the
/// default (rules.md, "Application conditions", from the national occupational skill standards' template).
public struct ApplicationConditions: Sendable, Equatable {
    /// One way to qualify for a level. Any one route suffices.
    public enum Route: Sendable, Equatable, Hashable {
        /// At least this many full years working in the occupation.
        case yearsInOccupation(Int)
        /// An apprenticeship in the occupation completed.
        case apprenticeshipCompleted
        /// At least this many full years since a certificate of `level` in the occupation was issued.
        case yearsAfterCertificate(SkillLevel, years: Int)
        /// A graduate of this kind of school, holding (when given) a certificate of `level` for at least `years` full
        /// years since its issue.
        case graduate(School, certificate: SkillLevel?, years: Int)
    }

    /// Kinds of schooling the routes name.
    public enum School: String, Sendable, Equatable, Hashable, CaseIterable {
        /// 技工学校 (and other secondary vocational schools' relevant majors).
        case technicalSchool = "technical-school"
        /// 大专 and above.
        case college
        /// 高级技工学校 or 技师学院.
        case seniorTechnicalSchool = "senior-technical-school"
        /// 预备技师 (the preparatory-technician class of a 技师学院).
        case preparatoryTechnician = "preparatory-technician"
    }

    public let routes: [SkillLevel: [Route]]
    /// The day these conditions apply from.
    public let effectiveFrom: CivilDate

    public init(routes: [SkillLevel: [Route]], effectiveFrom: CivilDate) {
        self.routes = routes
        self.effectiveFrom = effectiveFrom
    }

    /// rules.md's template. Where standards differ (四级: 2 or 4 years; 三级: 4 or 5), the template's smaller number,
    /// which an occupation's own conditions raise.
    public static let nationalTemplate = ApplicationConditions(routes: [
        .level5: [.yearsInOccupation(1), .apprenticeshipCompleted],
        .level4: [.yearsAfterCertificate(.level5, years: 2), .graduate(.technicalSchool, certificate: nil, years: 0)],
        .level3: [.yearsAfterCertificate(.level4, years: 4), .graduate(.college, certificate: .level4, years: 2)],
        .level2: [.yearsAfterCertificate(.level3, years: 4), .graduate(.seniorTechnicalSchool, certificate: .level3, years: 3),
                  .graduate(.preparatoryTechnician, certificate: nil, years: 2)],
        .level1: [.yearsAfterCertificate(.level2, years: 4)],
    ], effectiveFrom: CivilDate(uncheckedYear: 2020, month: 1, day: 1))

    /// What a candidate brings, as the registry knows it, in the occupation applied for.
    public struct Candidate: Sendable, Equatable {
        /// When the person started working in the occupation, if known.
        public var workingSince: CivilDate?
        public var apprenticeshipCompleted: Bool
        /// Issue dates of the certificates held in the occupation, by level.
        public var certificates: [SkillLevel: CivilDate]
        public var schools: Set<School>
        /// For 预备技师: when the class was completed.
        public var schoolCompletedOn: [School: CivilDate]

        public init(workingSince: CivilDate? = nil, apprenticeshipCompleted: Bool = false, certificates: [SkillLevel: CivilDate] = [:],
                    schools: Set<School> = [], schoolCompletedOn: [School: CivilDate] = [:]) {
            self.workingSince = workingSince
            self.apprenticeshipCompleted = apprenticeshipCompleted
            self.certificates = certificates
            self.schools = schools
            self.schoolCompletedOn = schoolCompletedOn
        }
    }

    public enum Decision: Sendable, Equatable {
        /// Eligible by this route (the first that holds, in the order the conditions list them).
        case eligible(Route)
        /// Not eligible: the level has these routes and the candidate meets none of them.
        case ineligible(routes: [Route])
        /// The conditions name no route for this level (above 一级, evaluated by enterprises on their own terms).
        case noConditions
    }

    /// Whether `candidate` may apply for `level` on `day`.
    public func decide(_ candidate: Candidate, for level: SkillLevel, on day: CivilDate) -> Decision {
        guard let routes = routes[level], !routes.isEmpty else { return .noConditions }
        for route in routes where Self.holds(route, candidate, on: day) { return .eligible(route) }
        return .ineligible(routes: routes)
    }

    static func holds(_ route: Route, _ candidate: Candidate, on day: CivilDate) -> Bool {
        switch route {
        case .yearsInOccupation(let years):
            guard let since = candidate.workingSince else { return false }
            return fullYears(from: since, to: day) >= years
        case .apprenticeshipCompleted:
            return candidate.apprenticeshipCompleted
        case .yearsAfterCertificate(let level, let years):
            guard let issued = candidate.certificates[level] else { return false }
            return fullYears(from: issued, to: day) >= years
        case .graduate(let school, let level, let years):
            guard candidate.schools.contains(school) else { return false }
            if let level {
                guard let issued = candidate.certificates[level] else { return false }
                return fullYears(from: issued, to: day) >= years
            }
            guard years > 0 else { return true }
            guard let completed = candidate.schoolCompletedOn[school] else { return false }
            return fullYears(from: completed, to: day) >= years
        }
    }

    /// Whole years from `start` to `end`: the anniversary must have been reached (a 29 February start reaches its
    /// anniversary on 28 February in a common year).
    public static func fullYears(from start: CivilDate, to end: CivilDate) -> Int {
        guard end >= start else { return 0 }
        var years = end.year - start.year
        let anniversaryDay = min(start.day, CivilDate.daysInMonth(year: end.year, month: start.month))
        if (end.month, end.day) < (start.month, anniversaryDay) { years -= 1 }
        return max(0, years)
    }
}

extension ApplicationConditions.Route {
    /// The route as stored and as the API writes it: `years-in-occupation:1`, `apprenticeship`,
    /// `after-certificate:5:2` (level code, years), `graduate:college:4:2` (school, level code or `-`, years).
    public var code: String {
        switch self {
        case .yearsInOccupation(let years): "years-in-occupation:\(years)"
        case .apprenticeshipCompleted: "apprenticeship"
        case .yearsAfterCertificate(let level, let years): "after-certificate:\(level.code):\(years)"
        case .graduate(let school, let level, let years): "graduate:\(school.rawValue):\(level?.code ?? "-"):\(years)"
        }
    }

    /// Reads a route's code; nil for anything else (years 0–30).
    public init?(code: String) {
        let parts = code.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        func years(_ text: String) -> Int? { Int(text).flatMap { (0...30).contains($0) ? $0 : nil } }
        switch parts.first {
        case "years-in-occupation" where parts.count == 2:
            guard let value = years(parts[1]) else { return nil }
            self = .yearsInOccupation(value)
        case "apprenticeship" where parts.count == 1:
            self = .apprenticeshipCompleted
        case "after-certificate" where parts.count == 3:
            guard let level = SkillLevel(code: parts[1]), let value = years(parts[2]) else { return nil }
            self = .yearsAfterCertificate(level, years: value)
        case "graduate" where parts.count == 4:
            guard let school = ApplicationConditions.School(rawValue: parts[1]), let value = years(parts[3]) else { return nil }
            if parts[2] == "-" {
                self = .graduate(school, certificate: nil, years: value)
            } else {
                guard let level = SkillLevel(code: parts[2]) else { return nil }
                self = .graduate(school, certificate: level, years: value)
            }
        default:
            return nil
        }
    }
}

extension ApplicationConditions {
    /// The routes in force for `level` on `day`: of the versions given (each an effective date and its routes), the
    /// latest whose date has come; nil when none has, and the caller falls back to the template.
    public static func routes(in versions: [(effectiveFrom: CivilDate, routes: [Route])], on day: CivilDate) -> [Route]? {
        versions.filter { $0.effectiveFrom <= day }.max { $0.effectiveFrom < $1.effectiveFrom }?.routes
    }
}

import Foundation

/// The filing (备案) of an evaluation organization: an employer (Y) or a social training-evaluation organization (S)
/// files its scope (occupations × levels), its sites, examiners and a contact; the district bureau reviews it and the
/// city bureau approves it, which gives a filing number and a validity period. It may be renewed, suspended and
/// ended ("有进有出", 人社鉴发〔2021〕1号). Only an active filing inside its validity certifies.
public enum FilingState: String, Sendable, Codable, CaseIterable {
    case submitted
    case districtApproved = "district-approved"
    case returned
    case active
    case rejected
    case suspended
    case exited
}

public enum FilingEvent: String, Sendable, Codable, CaseIterable {
    case resubmit
    case districtApprove = "district-approve"
    case districtReturn = "district-return"
    case cityApprove = "city-approve"
    case cityReject = "city-reject"
    case renew
    case suspend
    case reinstate
    case exit
}

public enum FilingRules {
    /// The filing workflow: the one table the pages, the API and the tests read.
    public static let workflow = Workflow<FilingState, FilingEvent>(name: "filing", [
        Transition(.submitted, .districtApprove, .districtApproved, by: [.district]),
        Transition(.submitted, .districtReturn, .returned, by: [.district], needsReason: true),
        Transition(.returned, .resubmit, .submitted, by: [.organization]),
        Transition(.districtApproved, .cityApprove, .active, by: [.city]),
        Transition(.districtApproved, .cityReject, .rejected, by: [.city], needsReason: true),
        Transition(.active, .renew, .active, by: [.city]),
        Transition(.active, .suspend, .suspended, by: [.city], needsReason: true),
        Transition(.suspended, .reinstate, .active, by: [.city]),
        Transition(.active, .exit, .exited, by: [.city], needsReason: true),
        Transition(.suspended, .exit, .exited, by: [.city], needsReason: true),
    ])

    /// One occupation × level an organization is filed for.
    public struct ScopeEntry: Sendable, Hashable, Codable, Comparable {
        public let occupationCode: String
        public let level: SkillLevel

        public init(occupationCode: String, level: SkillLevel) {
            self.occupationCode = occupationCode
            self.level = level
        }

        public static func < (a: ScopeEntry, b: ScopeEntry) -> Bool {
            (a.occupationCode, a.level.rawValue) < (b.occupationCode, b.level.rawValue)
        }
    }

    /// Checks what an organization files: at least one scope entry, every level one it may certify for its type
    /// (特级技师 and 首席技师 only by employers, who evaluate their own staff), at least one site and one examiner.
    public static func validate(type: EvaluationOrganizationType, scope: Set<ScopeEntry>, siteCount: Int,
                                examinerCount: Int) throws(CertificationRefusal) {
        guard !scope.isEmpty else { throw .filingScopeEmpty }
        for entry in scope.sorted() {
            if entry.level == .apprentice { throw .levelNotCertifiable(entry.level) }
            if entry.level > .level1 && type != .employer { throw .levelOnlyForEmployers(entry.level) }
        }
        guard siteCount >= 1 else { throw .filingNoSite }
        guard examinerCount >= 1 else { throw .filingNoExaminer }
    }

    /// The validity period a city approval or renewal gives: from `day` to the day before the same date
    /// `policy.filingValidityYears` later.
    public static func validity(approvedOn day: CivilDate, policy: CertificationPolicy) -> ClosedRange<CivilDate> {
        let end = day.adding(years: policy.filingValidityYears).adding(days: -1)
        return day...end
    }

    /// Whether a filing in `state` with `validity` certifies on `day`.
    public static func certifies(state: FilingState, validity: ClosedRange<CivilDate>?, on day: CivilDate) -> Bool {
        state == .active && (validity?.contains(day) ?? false)
    }

    /// The filing number the city's approval gives: city code, type, year and a sequence, e.g. `320600-S-2026-0007`.
    public static func number(cityCode: String, type: EvaluationOrganizationType, year: Int, sequence: Int) -> String {
        "\(cityCode)-\(type.rawValue)-\(year)-" + String(sequence).leftPadded(to: 4)
    }
}

extension String {
    /// The string with zeros in front up to `width` characters (unchanged when already as long).
    public func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}

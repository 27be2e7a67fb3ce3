import Foundation

/// A public notice (公示): results (certification scores, training-subsidy claims, programme selections) shown to the
/// public for a number of working days before they take effect, during which anyone may object; an objection is
/// resolved by upholding or dismissing it, and the outcome may proceed only once the period is over and no objection
/// is open. Certification, training and the programmes all use this one component.
///
/// The period is counted in working days with `WorkingDayCalendar`: the publication day counts when it is a working
/// day, so a 5-working-day notice published on Tuesday 2025-09-30 runs through Monday 2025-10-13 (09-30, then the
/// National Day block skipped, 10-09, 10-10, Saturday 10-11 which is worked, and 10-13). The number of days is the caller's, from the policy that requires the
/// notice, never a constant here.
public struct PublicNotice: Sendable, Equatable {
    public enum State: String, Sendable, CaseIterable, Codable {
        /// Being prepared; nothing is public yet.
        case draft
        /// Public; objections may be filed until the end of the period.
        case published
        /// The period is over and every objection resolved: the outcome may proceed.
        case concluded
        /// Taken down before it concluded (a mistake in what was shown): the outcome may not proceed on it.
        case withdrawn
    }

    public enum Event: String, Sendable, CaseIterable, Codable {
        case publish, fileObjection, resolveObjection, conclude, withdraw
    }

    /// Which event each state admits, and the state it leads to: the one table a page, the API and the tests read.
    /// Filing and resolving objections keep a notice published.
    public static let transitions: [State: [Event: State]] = [
        .draft: [.publish: .published, .withdraw: .withdrawn],
        .published: [.fileObjection: .published, .resolveObjection: .published, .conclude: .concluded, .withdraw: .withdrawn],
        .concluded: [:],
        .withdrawn: [:],
    ]

    public struct Objection: Sendable, Equatable, Codable {
        public enum Resolution: String, Sendable, Codable { case upheld, dismissed }

        public let id: UUID
        /// What the objection is about: one entry of the notice (a candidate, a claim, an applicant).
        public let subject: String
        public let filedOn: CivilDate
        public var resolution: Resolution?

        public var isOpen: Bool { resolution == nil }

        public init(id: UUID, subject: String, filedOn: CivilDate, resolution: Resolution?) {
            self.id = id
            self.subject = subject
            self.filedOn = filedOn
            self.resolution = resolution
        }
    }

    public private(set) var state: State = .draft
    public let workingDays: Int
    public private(set) var publishedOn: CivilDate?
    /// The last day of the period (inclusive).
    public private(set) var lastDay: CivilDate?
    public private(set) var objections: [Objection] = []

    /// A notice to run for `workingDays` working days (at least 1).
    public init(workingDays: Int) throws(NoticeRefusal) {
        guard workingDays >= 1 else { throw .periodTooShort(workingDays) }
        self.workingDays = workingDays
    }

    /// A notice as stored: the state, period and objections earlier events left. A published or concluded notice
    /// without its period is refused, so a damaged row cannot pass for one whose period is over.
    public init(restoring state: State, workingDays: Int, publishedOn: CivilDate?, lastDay: CivilDate?,
                objections: [Objection]) throws(NoticeRefusal) {
        try self.init(workingDays: workingDays)
        if state == .published || state == .concluded {
            guard publishedOn != nil, lastDay != nil else { throw .notAllowed(.conclude, in: state) }
        }
        self.state = state
        self.publishedOn = publishedOn
        self.lastDay = lastDay
        self.objections = objections
    }

    /// The last day of a period of `workingDays` working days published on `day`: the publication day counts when it
    /// is a working day.
    public static func lastDay(publishedOn day: CivilDate, workingDays: Int, calendar: WorkingDayCalendar) -> CivilDate {
        calendar.isWorkingDay(day) ? calendar.adding(workingDays: workingDays - 1, to: day)
                                   : calendar.adding(workingDays: workingDays, to: day)
    }

    /// Whether `event` is allowed in the current state at all (the table), before any date or objection rule.
    public func admits(_ event: Event) -> Bool { Self.transitions[state]?[event] != nil }

    private mutating func move(_ event: Event) throws(NoticeRefusal) {
        guard let next = Self.transitions[state]?[event] else { throw .notAllowed(event, in: state) }
        state = next
    }

    public mutating func publish(on day: CivilDate, calendar: WorkingDayCalendar) throws(NoticeRefusal) {
        guard admits(.publish) else { throw .notAllowed(.publish, in: state) }
        // A period whose year the calendar does not know would be counted Monday to Friday only, wrongly around
        // that year's holidays: refuse rather than publish a wrong end date.
        let last = Self.lastDay(publishedOn: day, workingDays: workingDays, calendar: calendar)
        for year in Set([day.year, last.year]) where !calendar.covers(year: year) { throw .calendarMissing(year) }
        try move(.publish)
        publishedOn = day
        lastDay = last
    }

    /// An objection filed on `day`, within the period.
    @discardableResult
    public mutating func fileObjection(about subject: String, on day: CivilDate, id: UUID) throws(NoticeRefusal) -> Objection {
        guard admits(.fileObjection), let publishedOn, let lastDay else { throw .notAllowed(.fileObjection, in: state) }
        guard day >= publishedOn, day <= lastDay else { throw .outsidePeriod(day, lastDay: lastDay) }
        try move(.fileObjection)
        let objection = Objection(id: id, subject: subject, filedOn: day, resolution: nil)
        objections.append(objection)
        return objection
    }

    public mutating func resolveObjection(_ id: UUID, as resolution: Objection.Resolution) throws(NoticeRefusal) {
        guard admits(.resolveObjection) else { throw .notAllowed(.resolveObjection, in: state) }
        guard let index = objections.firstIndex(where: { $0.id == id }) else { throw .unknownObjection }
        guard objections[index].isOpen else { throw .alreadyResolved }
        try move(.resolveObjection)
        objections[index].resolution = resolution
    }

    /// Concludes the notice on `day`: only after its last day, and with no objection open.
    public mutating func conclude(on day: CivilDate) throws(NoticeRefusal) {
        guard admits(.conclude), let lastDay else { throw .notAllowed(.conclude, in: state) }
        guard day > lastDay else { throw .periodNotOver(lastDay: lastDay) }
        let open = objections.filter(\.isOpen).count
        guard open == 0 else { throw .openObjections(open) }
        try move(.conclude)
    }

    public mutating func withdraw() throws(NoticeRefusal) {
        try move(.withdraw)
    }

    /// The entries that may proceed once the notice has concluded: those against which no objection was upheld.
    public func mayProceed(_ subject: String) -> Bool {
        state == .concluded && !objections.contains { $0.subject == subject && $0.resolution == .upheld }
    }
}

public enum NoticeRefusal: DomainError, Equatable {
    case periodTooShort(Int)
    case notAllowed(PublicNotice.Event, in: PublicNotice.State)
    case calendarMissing(Int)
    case outsidePeriod(CivilDate, lastDay: CivilDate)
    case unknownObjection
    case alreadyResolved
    case periodNotOver(lastDay: CivilDate)
    case openObjections(Int)

    public var kind: DomainErrorKind {
        switch self {
        case .periodTooShort: .invalid
        default: .conflict
        }
    }

    public var code: String {
        switch self {
        case .periodTooShort: "notice.period-too-short"
        case .notAllowed: "notice.not-allowed"
        case .calendarMissing: "notice.calendar-missing"
        case .outsidePeriod: "notice.outside-period"
        case .unknownObjection: "notice.objection-unknown"
        case .alreadyResolved: "notice.objection-resolved"
        case .periodNotOver: "notice.period-not-over"
        case .openObjections: "notice.open-objections"
        }
    }

    public var chinese: String {
        switch self {
        case .periodTooShort(let days): "公示期须至少 1 个工作日（实为 \(days)）"
        case .notAllowed(let event, let state): "公示处于“\(state.rawValue)”状态，不能执行“\(event.rawValue)”"
        case .calendarMissing(let year): "尚未登记 \(year) 年的节假日安排，无法计算公示期，请先导入"
        case .outsidePeriod(let day, let last): "\(day) 不在公示期内（公示期至 \(last)）"
        case .unknownObjection: "没有这条异议"
        case .alreadyResolved: "该异议已处理"
        case .periodNotOver(let last): "公示期至 \(last) 结束，尚未期满"
        case .openObjections(let count): "还有 \(count) 条异议未处理"
        }
    }

    public var english: String {
        switch self {
        case .periodTooShort(let days): "A notice runs for at least 1 working day (not \(days))"
        case .notAllowed(let event, let state): "A notice that is \(state.rawValue) does not allow \(event.rawValue)"
        case .calendarMissing(let year): "The holiday arrangement of \(year) is not known, so the period cannot be counted; import it first"
        case .outsidePeriod(let day, let last): "\(day) is outside the notice period (which ends on \(last))"
        case .unknownObjection: "There is no such objection"
        case .alreadyResolved: "This objection has been resolved already"
        case .periodNotOver(let last): "The notice period runs until \(last) and is not over yet"
        case .openObjections(let count): "\(count) objection(s) are still open"
        }
    }
}

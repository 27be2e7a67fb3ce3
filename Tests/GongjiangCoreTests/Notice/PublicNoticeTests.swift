import Foundation
import Testing
@testable import GongjiangCore

@Suite("Public notice (公示)")
struct PublicNoticeTests {
    static let calendar = WorkingDayCalendarTests.calendar
    static func day(_ text: String) -> CivilDate { try! CivilDate(parsing: text) }

    static func published(_ days: Int = 5, on day: String = "2025-09-30") throws -> PublicNotice {
        var notice = try PublicNotice(workingDays: days)
        try notice.publish(on: Self.day(day), calendar: calendar)
        return notice
    }

    /// A notice brought to `state` by the events that lead there.
    static func notice(in state: PublicNotice.State) throws -> PublicNotice {
        var notice = try PublicNotice(workingDays: 5)
        switch state {
        case .draft: break
        case .published: try notice.publish(on: day("2025-09-30"), calendar: calendar)
        case .concluded:
            try notice.publish(on: day("2025-09-30"), calendar: calendar)
            try notice.conclude(on: day("2025-10-15"))
        case .withdrawn: try notice.withdraw()
        }
        return notice
    }

    @Test("Every event in every state is allowed or refused exactly as the table says",
          arguments: PublicNotice.State.allCases, PublicNotice.Event.allCases)
    func transitionsFollowTheTable(state: PublicNotice.State, event: PublicNotice.Event) throws {
        var notice = try Self.notice(in: state)
        #expect(notice.state == state)
        let expected = PublicNotice.transitions[state]?[event]
        var objectionID = UUID()
        if event == .resolveObjection, state == .published {
            objectionID = try notice.fileObjection(about: "candidate-1", on: Self.day("2025-10-09"), id: UUID()).id
        }
        do {
            switch event {
            case .publish: try notice.publish(on: Self.day("2025-09-30"), calendar: Self.calendar)
            case .fileObjection: try notice.fileObjection(about: "candidate-1", on: Self.day("2025-10-09"), id: UUID())
            case .resolveObjection: try notice.resolveObjection(objectionID, as: .dismissed)
            case .conclude: try notice.conclude(on: Self.day("2025-10-15"))
            case .withdraw: try notice.withdraw()
            }
            #expect(notice.state == expected, "\(state) + \(event)")
        } catch {
            #expect(expected == nil, "\(state) + \(event) was refused: \(error.code)")
            #expect(error == .notAllowed(event, in: state))
            #expect(notice.state == state, "a refused event changes nothing")
        }
    }

    @Test("The period counts working days across a holiday block and a make-up Saturday", arguments: [
        // published on, working days, last day
        ("2025-09-30", 5, "2025-10-13"),   // Tue 09-30, the National Day block skipped, 10-09, 10-10, Sat 10-11 worked, 10-13
        ("2025-09-30", 1, "2025-09-30"),   // a working day counts itself
        ("2025-09-30", 2, "2025-10-09"),
        ("2025-10-01", 1, "2025-10-09"),   // published on a holiday: counting starts on the next working day
        ("2025-10-01", 3, "2025-10-11"),   // … and the make-up Saturday counts
        ("2025-09-27", 1, "2025-09-28"),   // published on a Saturday; Sunday 09-28 is worked
        ("2025-12-29", 5, "2026-01-05"),   // across the 2026 New Year's Day arrangement (Sunday 01-04 worked)
    ])
    func periodInWorkingDays(published: String, days: Int, last: String) throws {
        let notice = try Self.published(days, on: published)
        #expect(notice.lastDay == Self.day(last))
    }

    @Test("Objections are filed within the period only")
    func objectionsWithinThePeriod() throws {
        var notice = try Self.published()
        #expect(throws: NoticeRefusal.outsidePeriod(Self.day("2025-09-29"), lastDay: Self.day("2025-10-13"))) {
            try notice.fileObjection(about: "a", on: Self.day("2025-09-29"), id: UUID())
        }
        #expect(throws: NoticeRefusal.outsidePeriod(Self.day("2025-10-14"), lastDay: Self.day("2025-10-13"))) {
            try notice.fileObjection(about: "a", on: Self.day("2025-10-14"), id: UUID())
        }
        try notice.fileObjection(about: "a", on: Self.day("2025-09-30"), id: UUID())   // the first day
        try notice.fileObjection(about: "b", on: Self.day("2025-10-13"), id: UUID())   // the last day
        #expect(notice.objections.count == 2)
    }

    @Test("Concluding needs the period over and every objection resolved; an upheld objection holds back its subject")
    func concluding() throws {
        var notice = try Self.published()
        let first = try notice.fileObjection(about: "candidate-1", on: Self.day("2025-10-09"), id: UUID())
        let second = try notice.fileObjection(about: "candidate-2", on: Self.day("2025-10-10"), id: UUID())

        #expect(throws: NoticeRefusal.periodNotOver(lastDay: Self.day("2025-10-13"))) { try notice.conclude(on: Self.day("2025-10-13")) }
        #expect(throws: NoticeRefusal.openObjections(2)) { try notice.conclude(on: Self.day("2025-10-15")) }
        try notice.resolveObjection(first.id, as: .upheld)
        #expect(throws: NoticeRefusal.alreadyResolved) { try notice.resolveObjection(first.id, as: .dismissed) }
        #expect(throws: NoticeRefusal.unknownObjection) { try notice.resolveObjection(UUID(), as: .dismissed) }
        #expect(throws: NoticeRefusal.openObjections(1)) { try notice.conclude(on: Self.day("2025-10-15")) }
        #expect(!notice.mayProceed("candidate-3"), "nothing proceeds before the notice concludes")
        try notice.resolveObjection(second.id, as: .dismissed)
        try notice.conclude(on: Self.day("2025-10-15"))

        #expect(notice.state == .concluded)
        #expect(!notice.mayProceed("candidate-1"))
        #expect(notice.mayProceed("candidate-2"))
        #expect(notice.mayProceed("candidate-3"))
    }

    @Test("A period is at least one working day, and a year the calendar does not know is refused")
    func badPeriods() throws {
        #expect(throws: NoticeRefusal.periodTooShort(0)) { try PublicNotice(workingDays: 0) }
        var notice = try PublicNotice(workingDays: 5)
        #expect(throws: NoticeRefusal.calendarMissing(2027)) { try notice.publish(on: Self.day("2027-03-01"), calendar: Self.calendar) }
        #expect(notice.state == .draft)
        #expect(NoticeRefusal.periodTooShort(0).kind == .invalid)
        #expect(NoticeRefusal.openObjections(1).kind == .conflict)
    }
}

import Testing
@testable import GongjiangCore

@Suite("Working-day calendar")
struct WorkingDayCalendarTests {
    static func date(_ text: String) -> CivilDate { try! CivilDate(parsing: text) }

    /// The 2025 National Day and Mid-Autumn arrangement (国办发明电〔2024〕12号): 10-01 to 10-08 off, Sunday 09-28
    /// and Saturday 10-11 worked; also the 2026 New Year's Day arrangement, to show years kept apart.
    static let calendar: WorkingDayCalendar = {
        var days: [WorkingDayCalendar.Day] = []
        days.append(try! .parse(date: "2025-09-28", kind: "workday", nameZH: "国庆节、中秋节", nameEN: "National Day & Mid-Autumn Festival"))
        for day in 1...8 {
            days.append(try! .parse(date: "2025-10-0\(day)", kind: "holiday", nameZH: "国庆节、中秋节", nameEN: "National Day & Mid-Autumn Festival"))
        }
        days.append(try! .parse(date: "2025-10-11", kind: "workday", nameZH: "国庆节、中秋节", nameEN: "National Day & Mid-Autumn Festival"))
        for day in 1...3 { days.append(try! .parse(date: "2026-01-0\(day)", kind: "holiday", nameZH: "元旦", nameEN: "New Year's Day")) }
        days.append(try! .parse(date: "2026-01-04", kind: "workday", nameZH: "元旦", nameEN: "New Year's Day"))
        return try! WorkingDayCalendar(days: days)
    }()

    @Test("Which days around the 2025 National Day block are worked", arguments: [
        ("2025-09-26", true),    // Friday
        ("2025-09-27", false),   // Saturday
        ("2025-09-28", true),    // Sunday, made a working day
        ("2025-09-30", true),    // Tuesday
        ("2025-10-01", false),   // National Day
        ("2025-10-06", false),   // Monday, Mid-Autumn and the block
        ("2025-10-08", false),   // Wednesday, last day off
        ("2025-10-09", true),    // Thursday, back at work
        ("2025-10-10", true),
        ("2025-10-11", true),    // Saturday, made a working day
        ("2025-10-12", false),   // Sunday
    ])
    func workingDaysAroundNationalDay(date: String, worked: Bool) {
        #expect(Self.calendar.isWorkingDay(Self.date(date)) == worked)
    }

    @Test("Working days are counted across the 2025 National Day block", arguments: [
        // (from, n, the n-th working day after it)
        ("2025-09-26", 1, "2025-09-28"),   // Friday → the worked Sunday
        ("2025-09-26", 3, "2025-09-30"),
        ("2025-09-30", 1, "2025-10-09"),   // the eight days off are skipped
        ("2025-09-30", 3, "2025-10-11"),   // the worked Saturday counts
        ("2025-09-30", 5, "2025-10-14"),   // a 5-working-day notice published on 09-30 ends on 10-14
        ("2025-10-01", 1, "2025-10-09"),   // published on a holiday: counted from the next working day
        ("2025-09-25", 7, "2025-10-11"),
        ("2025-09-30", 0, "2025-09-30"),
    ])
    func countingAcrossNationalDay(from: String, count: Int, expected: String) {
        #expect(Self.calendar.adding(workingDays: count, to: Self.date(from)) == Self.date(expected))
    }

    @Test("The number of working days between two dates agrees with counting forwards")
    func workingDaysBetweenAgreesWithAdding() {
        let start = Self.date("2025-09-20")
        #expect(Self.calendar.workingDays(after: start, through: Self.date("2025-10-12")) == 11)
        for n in 0...30 {
            let end = Self.calendar.adding(workingDays: n, to: start)
            #expect(Self.calendar.workingDays(after: start, through: end) == n)
        }
        #expect(Self.calendar.workingDays(after: Self.date("2025-10-09"), through: Self.date("2025-10-01")) == 0)
    }

    @Test("A year the data does not cover counts Monday to Friday, and says so")
    func uncoveredYearsCountWeekdays() {
        #expect(Self.calendar.covers(year: 2025))
        #expect(!Self.calendar.covers(year: 2027))
        #expect(Self.calendar.isWorkingDay(Self.date("2027-10-01")))   // a Friday: no arrangement known yet
        #expect(!Self.calendar.isWorkingDay(Self.date("2027-10-02")))
    }

    @Test("A new year's notice replaces that year whole and leaves the others")
    func replacingAYear() throws {
        let update = [try WorkingDayCalendar.Day.parse(date: "2026-01-02", kind: "holiday", nameZH: "元旦", nameEN: "New Year's Day")]
        let updated = try Self.calendar.replacingYears(with: update)
        #expect(updated.isWorkingDay(Self.date("2026-01-01")))            // a Thursday no longer listed
        #expect(!updated.isWorkingDay(Self.date("2026-01-02")))
        #expect(!updated.isWorkingDay(Self.date("2026-01-04")))           // the Sunday is no longer worked
        #expect(!updated.isWorkingDay(Self.date("2025-10-01")))           // 2025 untouched
        #expect(updated.allDays.count == 11)
    }

    @Test("Bad rows are refused with the reason", arguments: [
        ("2025-02-30", "holiday", "春节", WorkingDayCalendarError.badDate("2025-02-30")),
        ("2025-13-01", "holiday", "国庆节", .badDate("2025-13-01")),
        ("2025-10-01", "off", "国庆节", .badKind("off")),
        ("2025-10-09", "workday", "国庆节", .workdayOnWeekday(try! CivilDate(parsing: "2025-10-09"))),
        ("2025-10-01", "holiday", "", .badName("2025-10-01")),
    ])
    func badRowsAreRefused(date: String, kind: String, name: String, error: WorkingDayCalendarError) {
        #expect(throws: error) { try WorkingDayCalendar.Day.parse(date: date, kind: kind, nameZH: name, nameEN: "") }
    }

    @Test("A date given twice is refused")
    func duplicateDates() throws {
        let day = try WorkingDayCalendar.Day.parse(date: "2025-10-01", kind: "holiday", nameZH: "国庆节", nameEN: "")
        #expect(throws: WorkingDayCalendarError.duplicateDate(day.date)) { try WorkingDayCalendar(days: [day, day]) }
    }
}

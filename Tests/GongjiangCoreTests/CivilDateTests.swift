import Foundation
import Testing
@testable import GongjiangCore

@Suite("Civil date")
struct CivilDateTests {
    // MARK: Construction

    @Test("Real dates are accepted, including month ends", arguments: [
        (2023, 1, 31), (2023, 2, 28), (2023, 3, 31), (2023, 4, 30), (2023, 6, 30), (2023, 9, 30),
        (2023, 11, 30), (2023, 12, 31), (1800, 1, 1), (9999, 12, 31),
    ])
    func realDatesAreAccepted(year: Int, month: Int, day: Int) throws {
        let civil = try CivilDate(year: year, month: month, day: day)

        #expect(civil.year == year && civil.month == month && civil.day == day)
    }

    @Test("Impossible dates and years outside 1800…9999 are refused", arguments: [
        (2023, 2, 29), (2023, 2, 30), (2023, 4, 31), (2023, 6, 31), (2023, 9, 31), (2023, 11, 31),
        (2023, 1, 32), (2023, 13, 1), (2023, 0, 1), (2023, 1, 0), (2023, -1, 1), (2023, 1, -1),
        (1799, 12, 31), (10000, 1, 1), (0, 1, 1),
    ])
    func impossibleDatesAreRefused(year: Int, month: Int, day: Int) {
        #expect(throws: CivilDateError.impossible(year: year, month: month, day: day)) {
            try CivilDate(year: year, month: month, day: day)
        }
    }

    @Test("Feb 29 exists in leap years only: every 4th year, not centuries, but every 400th", arguments: [
        (2000, true), (2024, true), (1996, true), (2400, true), (2096, true),
        (1900, false), (2100, false), (2023, false), (1800, false), (2200, false),
    ])
    func february29FollowsTheGregorianRule(year: Int, isLeap: Bool) {
        #expect(CivilDate.isLeapYear(year) == isLeap)
        #expect(CivilDate.daysInMonth(year: year, month: 2) == (isLeap ? 29 : 28))
        #expect((try? CivilDate(year: year, month: 2, day: 29)) != nil || !isLeap)
        #expect((try? CivilDate(year: year, month: 2, day: 29)) == nil || isLeap)
    }

    // MARK: Parsing

    @Test("The three spreadsheet formats and their variants are read", arguments: [
        "2023-05-01", "2023-5-1", "2023/05/01", "2023/5/1", "2023年5月1日", "2023年05月01日",
        " 2023-05-01 ", "２０２３－０５－０１", "２０２３年５月１日", "\u{3000}2023/5/1\u{3000}", "2023-05-1", "2023/5/01",
    ])
    func formatsAreRead(text: String) throws {
        #expect(try CivilDate(parsing: text) == date(2023, 5, 1))
    }

    @Test("Parsed dates print as ISO YYYY-MM-DD", arguments: [
        ("2023/5/1", "2023-05-01"), ("2023年12月31日", "2023-12-31"), ("1800-1-1", "1800-01-01"),
        ("9999/12/31", "9999-12-31"),
    ])
    func descriptionIsISO(text: String, iso: String) throws {
        #expect(try CivilDate(parsing: text).description == iso)
    }

    @Test("Unreadable text is refused as unreadable", arguments: [
        "abc", "", "2023", "2023-05", "2023-05-01-02", "23-05-01", "2023-005-01", "2023-05-001",
        "2023/05-01", "2023.05.01", "20230501", "2023年5月", "2023年5月1", "5月1日2023年", "2023--01",
        "2023-+5-01", "+2023-05-01", "2023-05-01T00:00:00", "2023年5-1日", "2023 05 01", "二〇二三年五月一日",
    ])
    func unreadableTextIsRefused(text: String) {
        #expect(throws: CivilDateError.unreadable(text)) { try CivilDate(parsing: text) }
    }

    @Test("Well-formed text naming a day that does not exist is refused as impossible", arguments: [
        ("2023-02-30", 2023, 2, 30), ("2023-13-01", 2023, 13, 1), ("2023/02/29", 2023, 2, 29),
        ("1900年2月29日", 1900, 2, 29), ("2023-00-10", 2023, 0, 10), ("2023-04-31", 2023, 4, 31),
        ("2023-01-00", 2023, 1, 0), ("1799-12-31", 1799, 12, 31),
    ])
    func impossibleTextIsRefused(text: String, year: Int, month: Int, day: Int) {
        #expect(throws: CivilDateError.impossible(year: year, month: month, day: day)) {
            try CivilDate(parsing: text)
        }
    }

    @Test("Feb 29 parses in 2000 and 2024 but not in 1900 and 2023")
    func leapDayParsing() throws {
        #expect(try CivilDate(parsing: "2000-02-29") == date(2000, 2, 29))
        #expect(try CivilDate(parsing: "2024/2/29") == date(2024, 2, 29))
        #expect(throws: CivilDateError.impossible(year: 1900, month: 2, day: 29)) { try CivilDate(parsing: "1900-02-29") }
        #expect(throws: CivilDateError.impossible(year: 2023, month: 2, day: 29)) { try CivilDate(parsing: "2023-02-29") }
    }

    // MARK: Arithmetic

    @Test("Adding days crosses month, leap-day and year boundaries", arguments: [
        (date(2024, 2, 28), 1, date(2024, 2, 29)),
        (date(2024, 2, 28), 2, date(2024, 3, 1)),
        (date(2023, 2, 28), 1, date(2023, 3, 1)),
        (date(2023, 12, 31), 1, date(2024, 1, 1)),
        (date(2024, 1, 1), -1, date(2023, 12, 31)),
        (date(2000, 3, 1), -1, date(2000, 2, 29)),
        (date(1900, 3, 1), -1, date(1900, 2, 28)),
        (date(2023, 5, 1), 0, date(2023, 5, 1)),
        (date(2000, 1, 1), 9132, date(2025, 1, 1)),
        (date(1970, 1, 1), -62091, date(1800, 1, 1)),
    ])
    func addingDays(start: CivilDate, days: Int, end: CivilDate) {
        #expect(start.adding(days: days) == end)
        #expect(start.days(until: end) == days)
        #expect(end.days(until: start) == -days)
    }

    @Test("Stepping one day at a time from 1800 to 2400 visits every real date exactly once, in order")
    func dayStepsMatchTheCalendar() {
        var current = date(1800, 1, 1)
        var count = 0
        while current.year < 2400 {
            let next = current.adding(days: 1)
            let expected: CivilDate
            if current.day < CivilDate.daysInMonth(year: current.year, month: current.month) {
                expected = CivilDate(uncheckedYear: current.year, month: current.month, day: current.day + 1)
            } else if current.month < 12 {
                expected = CivilDate(uncheckedYear: current.year, month: current.month + 1, day: 1)
            } else {
                expected = CivilDate(uncheckedYear: current.year + 1, month: 1, day: 1)
            }
            if next != expected {
                Issue.record("\(current) + 1 gave \(next), expected \(expected)")
                return
            }
            current = next
            count += 1
        }
        #expect(count == date(1800, 1, 1).days(until: date(2400, 1, 1)))
        #expect(count == 600 * 365 + 145)  // 145 leap days from 1800 to 2399
    }

    @Test("A leap year has 366 days and a common year 365")
    func yearLengths() {
        #expect(date(2024, 1, 1).days(until: date(2025, 1, 1)) == 366)
        #expect(date(2023, 1, 1).days(until: date(2024, 1, 1)) == 365)
        #expect(date(1900, 1, 1).days(until: date(1901, 1, 1)) == 365)
        #expect(date(2000, 1, 1).days(until: date(2001, 1, 1)) == 366)
    }

    @Test("Weekday runs 1 = Monday … 7 = Sunday", arguments: [
        (date(2023, 5, 1), 1), (date(2023, 5, 2), 2), (date(2023, 5, 3), 3), (date(2023, 5, 4), 4),
        (date(2023, 5, 5), 5), (date(2023, 5, 6), 6), (date(2023, 5, 7), 7), (date(1970, 1, 1), 4),
        (date(1969, 12, 28), 7), (date(2024, 2, 29), 4), (date(1800, 1, 1), 3), (date(9999, 12, 31), 5),
    ])
    func weekdays(day: CivilDate, weekday: Int) {
        #expect(day.weekday == weekday)
    }

    // MARK: Today in China

    @Test("Today is the date in China (UTC+8), which changes at 16:00 UTC", arguments: [
        (1_703_951_999.0, date(2023, 12, 30)),  // 2023-12-30T15:59:59Z = 23:59:59 in China
        (1_703_952_000.0, date(2023, 12, 31)),  // 2023-12-30T16:00:00Z = midnight in China
        (1_704_038_399.0, date(2023, 12, 31)),
        (1_704_038_400.0, date(2024, 1, 1)),
        (0.0, date(1970, 1, 1)),
        (-1.0, date(1970, 1, 1)),               // 07:59:59 in China
        (-28_800.0, date(1970, 1, 1)),          // exactly midnight in China
        (-28_801.0, date(1969, 12, 31)),
    ])
    func todayUsesChinaTime(seconds: Double, expected: CivilDate) {
        #expect(CivilDate.today(now: Date(timeIntervalSince1970: seconds)) == expected)
    }

    // MARK: Order and coding

    @Test("Dates order by year, then month, then day")
    func ordering() {
        #expect(date(2023, 5, 1) < date(2023, 5, 2))
        #expect(date(2023, 4, 30) < date(2023, 5, 1))
        #expect(date(2022, 12, 31) < date(2023, 1, 1))
        #expect(!(date(2023, 5, 1) < date(2023, 5, 1)))
        #expect([date(2024, 1, 1), date(1999, 12, 31), date(2023, 6, 15)].sorted()
                == [date(1999, 12, 31), date(2023, 6, 15), date(2024, 1, 1)])
    }

    @Test("A date encodes as its ISO string and decodes back")
    func codableAsISOString() throws {
        let data = try JSONEncoder().encode([date(2023, 5, 1)])

        #expect(String(decoding: data, as: UTF8.self) == #"["2023-05-01"]"#)
        #expect(try JSONDecoder().decode([CivilDate].self, from: data) == [date(2023, 5, 1)])
    }

    @Test("Decoding anything but a real ISO date string fails", arguments: [
        #"["2023-02-30"]"#, #"["abc"]"#, "[20230501]", #"["2023/5/1"]"#, #"["2023-5-1"]"#, #"[" 2023-05-01"]"#,
    ])
    func decodingRejectsBadDates(json: String) {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([CivilDate].self, from: Data(json.utf8))
        }
    }

    @Test("Errors have stable codes and bilingual messages naming the value")
    func errorMessages() {
        let unreadable = CivilDateError.unreadable("abc")
        let impossible = CivilDateError.impossible(year: 2023, month: 2, day: 30)

        #expect(unreadable.code == "civil-date.unreadable")
        #expect(impossible.code == "civil-date.impossible")
        #expect(unreadable.chinese.contains("abc") && unreadable.english.contains("abc"))
        #expect(impossible.chinese.contains("2023年2月30日") && impossible.english.contains("2023-2-30"))
    }
}

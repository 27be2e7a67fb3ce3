import Foundation

/// A calendar day with no time and no time zone: a birth date, an issue date, an exam day.
///
/// Policy dates in the platform are days in China, so they are kept as plain (year, month, day)
/// and never as `Date` instants, which would shift by a day when rendered in another time zone.
public struct CivilDate: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// The years accepted from input. Before 1800 no record the platform handles can exist;
    /// after 9999 the four-digit year of every format would break.
    public static let acceptedYears = 1800...9999

    /// A real Gregorian date in `acceptedYears`.
    public init(year: Int, month: Int, day: Int) throws(CivilDateError) {
        guard Self.acceptedYears.contains(year),
              (1...12).contains(month),
              (1...Self.daysInMonth(year: year, month: month)).contains(day)
        else { throw .impossible(year: year, month: month, day: day) }
        self.year = year
        self.month = month
        self.day = day
    }

    /// For values already known to be real dates (computed from a day number, or read back from a
    /// validated identifier); skips the checks.
    init(uncheckedYear year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Reads the forms found in bureau spreadsheets: "2023-05-01", "2023-5-1", "2023/05/01",
    /// "2023/5/1" and "2023年5月1日" (interchange.md, issue_date). Full-width digits are accepted.
    public init(parsing text: String) throws(CivilDateError) {
        // The fast path (ASCIIBytes.swift): ISO "YYYY-MM-DD", the form almost every file uses.
        if let (year, month, day) = text.withASCIIBytes({ bytes -> (Int, Int, Int)? in
            guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
                  let year = bytes.decimal(0..<4), let month = bytes.decimal(5..<7), let day = bytes.decimal(8..<10)
            else { return nil }
            return (year, month, day)
        }) {
            try self.init(year: year, month: month, day: day)
            return
        }
        let normalized = text.halfWidthNormalized
        guard let parts = Self.dateParts(normalized),
              parts.year.count == 4,
              (1...2).contains(parts.month.count),
              (1...2).contains(parts.day.count),
              let year = Int(parts.year), let month = Int(parts.month), let day = Int(parts.day),
              parts.year.isAllASCIIDigits, parts.month.isAllASCIIDigits, parts.day.isAllASCIIDigits
        else { throw .unreadable(text) }
        try self.init(year: year, month: month, day: day)
    }

    /// Splits "Y-M-D", "Y/M/D" or "Y年M月D日" into its three digit runs; one separator kind per text.
    private static func dateParts(_ text: String) -> (year: Substring, month: Substring, day: Substring)? {
        if text.hasSuffix("日") {
            guard let yearEnd = text.firstIndex(of: "年"),
                  let monthEnd = text.firstIndex(of: "月"),
                  yearEnd < monthEnd
            else { return nil }
            let dayEnd = text.index(before: text.endIndex)
            return (text[..<yearEnd],
                    text[text.index(after: yearEnd)..<monthEnd],
                    text[text.index(after: monthEnd)..<dayEnd])
        }
        for separator: Character in ["-", "/"] {
            let pieces = text.split(separator: separator, omittingEmptySubsequences: false)
            if pieces.count == 3 { return (pieces[0], pieces[1], pieces[2]) }
        }
        return nil
    }

    /// The calendar date in China at `now`. China keeps UTC+8 all year with no daylight saving
    /// time, so a fixed offset is exact and needs no time-zone database.
    public static func today(now: Date = Date()) -> CivilDate {
        let chinaOffset: Double = 8 * 3600
        // Rounded down, not truncated, so instants before 1970 still land on the right day.
        let days = ((now.timeIntervalSince1970 + chinaOffset) / 86_400).rounded(.down)
        return CivilDate(dayNumber: Int(days))
    }

    /// The date `days` later (earlier when negative). Arithmetic is not range-checked: only input
    /// is held to `acceptedYears`.
    public func adding(days: Int) -> CivilDate {
        CivilDate(dayNumber: dayNumber + days)
    }

    /// Days from this date to `other`; positive when `other` is later.
    public func days(until other: CivilDate) -> Int {
        other.dayNumber - dayNumber
    }

    /// ISO 8601 weekday: 1 = Monday … 7 = Sunday (Chinese weeks start on Monday).
    public var weekday: Int {
        // Day 0 (1970-01-01) was a Thursday, weekday 4.
        let zeroBased = ((dayNumber + 3) % 7 + 7) % 7
        return zeroBased + 1
    }

    public var isLeapYear: Bool { Self.isLeapYear(year) }

    /// "YYYY-MM-DD".
    public var description: String {
        let y = String(year), m = String(month), d = String(day)
        return String(repeating: "0", count: max(0, 4 - y.count)) + y + "-"
            + (m.count < 2 ? "0" : "") + m + "-"
            + (d.count < 2 ? "0" : "") + d
    }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    // MARK: Gregorian rules

    /// Gregorian leap years: every 4th year, except centuries, except every 4th century
    /// (so 1900 is not a leap year and 2000 is).
    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 1, 3, 5, 7, 8, 10, 12: 31
        case 4, 6, 9, 11: 30
        case 2: isLeapYear(year) ? 29 : 28
        default: 0
        }
    }

    // MARK: Day numbers

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`, proleptic Gregorian), which makes
    /// date arithmetic exact without going through `Calendar` and time zones.
    var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The inverse of `dayNumber` (Hinnant's `civil_from_days`).
    init(dayNumber: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        self.init(uncheckedYear: year, month: month, day: day)
    }

    // MARK: Codable as the ISO string

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        // Machine interchange is strict ISO "YYYY-MM-DD"; the lenient forms are for people's spreadsheets.
        guard let date = try? CivilDate(parsing: text), date.description == text else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "“\(text)” is not an ISO calendar date YYYY-MM-DD")
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

public enum CivilDateError: DomainError, Equatable {
    case unreadable(String)
    case impossible(year: Int, month: Int, day: Int)

    public var code: String {
        switch self {
        case .unreadable: "civil-date.unreadable"
        case .impossible: "civil-date.impossible"
        }
    }

    public var chinese: String {
        switch self {
        case .unreadable(let text):
            "无法识别的日期“\(text)”，应为 YYYY-MM-DD、YYYY/MM/DD 或 YYYY年M月D日"
        case .impossible(let year, let month, let day):
            "日期 \(year)年\(month)月\(day)日 不存在"
        }
    }

    public var english: String {
        switch self {
        case .unreadable(let text):
            "“\(text)” is not a date; use YYYY-MM-DD, YYYY/MM/DD or YYYY年M月D日"
        case .impossible(let year, let month, let day):
            "\(year)-\(month)-\(day) is not a real calendar date (years \(CivilDate.acceptedYears.lowerBound)–\(CivilDate.acceptedYears.upperBound))"
        }
    }
}

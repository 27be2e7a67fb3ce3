/// China's working days: Monday to Friday, less the public holidays, plus the weekend days made working days to
/// bridge them (调休). The State Council General Office publishes each year's arrangement in a notice, usually in
/// November (国务院办公厅关于20XX年部分节假日安排的通知); the dates are data (`shared/domain/holidays-cn.csv`,
/// imported by a city administrator for each new year), never code.
///
/// Public-notice periods (公示期), review deadlines and the like count in working days with this calendar: "N
/// working days after D" and "is D a working day". A year the data does not cover counts Monday to Friday only,
/// which is wrong around its holidays; `covers(year:)` lets a caller warn before that happens.
public struct WorkingDayCalendar: Sendable, Equatable {
    public enum DayKind: String, Sendable, Codable, CaseIterable {
        /// A public holiday (法定节假日 and the days off joined to it): not worked, even on a weekday.
        case holiday
        /// A weekend day worked in exchange for a day off (调休上班): worked.
        case workday
    }

    /// One dated exception to the Monday-to-Friday rule.
    public struct Day: Sendable, Equatable, Hashable {
        public let date: CivilDate
        public let kind: DayKind
        public let nameZH: String
        public let nameEN: String

        public init(date: CivilDate, kind: DayKind, nameZH: String, nameEN: String) {
            self.date = date
            self.kind = kind
            self.nameZH = nameZH
            self.nameEN = nameEN
        }
    }

    private let days: [CivilDate: Day]
    /// The years for which an arrangement is known.
    public let coveredYears: Set<Int>

    /// Throws when one date is given twice.
    public init(days: [Day]) throws(WorkingDayCalendarError) {
        var byDate: [CivilDate: Day] = [:]
        for day in days {
            guard byDate[day.date] == nil else { throw .duplicateDate(day.date) }
            byDate[day.date] = day
        }
        self.days = byDate
        self.coveredYears = Set(days.map(\.date.year))
    }

    /// The exception recorded for a date, if any.
    public func day(_ date: CivilDate) -> Day? { days[date] }

    public var allDays: [Day] { days.values.sorted { $0.date < $1.date } }

    public func covers(year: Int) -> Bool { coveredYears.contains(year) }

    /// A date is a working day if it is a make-up working day, or Monday to Friday and not a holiday.
    public func isWorkingDay(_ date: CivilDate) -> Bool {
        switch days[date]?.kind {
        case .workday: true
        case .holiday: false
        case nil: date.weekday <= 5
        }
    }

    /// The `count`-th working day after `date` (not counting `date` itself): 1 is the next working day. A notice
    /// published on D for N working days runs until the end of `adding(workingDays: N, to: D)`. 0 gives `date`.
    public func adding(workingDays count: Int, to date: CivilDate) -> CivilDate {
        precondition(count >= 0, "count working days forwards")
        var current = date
        var remaining = count
        while remaining > 0 {
            current = current.adding(days: 1)
            if isWorkingDay(current) { remaining -= 1 }
        }
        return current
    }

    /// How many working days lie after `start` up to and including `end` (0 when `end` is not after `start`).
    public func workingDays(after start: CivilDate, through end: CivilDate) -> Int {
        guard start < end else { return 0 }
        var count = 0
        var current = start.adding(days: 1)
        while current <= end {
            if isWorkingDay(current) { count += 1 }
            current = current.adding(days: 1)
        }
        return count
    }

    /// The calendar with the years of `update` replaced by it: a new notice replaces the arrangement of its year
    /// whole (a date it drops is no longer an exception), and leaves other years alone.
    public func replacingYears(with update: [Day]) throws(WorkingDayCalendarError) -> WorkingDayCalendar {
        let years = Set(update.map(\.date.year))
        return try WorkingDayCalendar(days: days.values.filter { !years.contains($0.date.year) } + update)
    }
}

extension WorkingDayCalendar.Day {
    /// One row of the holiday table (`date,kind,name_zh,name_en`), checked: a real date, a known kind, a holiday
    /// that is not already a day off without it being named, a make-up day that falls on a weekend.
    public static func parse(date text: String, kind kindText: String, nameZH: String, nameEN: String)
        throws(WorkingDayCalendarError) -> WorkingDayCalendar.Day {
        let date: CivilDate
        do { date = try CivilDate(parsing: text.trimmingCharacters(in: .whitespaces)) } catch { throw .badDate(text) }
        guard let kind = WorkingDayCalendar.DayKind(rawValue: kindText.trimmingCharacters(in: .whitespaces).lowercased()) else {
            throw .badKind(kindText)
        }
        // A make-up working day is by definition a Saturday or Sunday; a weekday marked so is a typo in the file.
        if kind == .workday, date.weekday <= 5 { throw .workdayOnWeekday(date) }
        let zh = nameZH.trimmingCharacters(in: .whitespaces)
        guard !zh.isEmpty, zh.count <= 40 else { throw .badName(text) }
        return .init(date: date, kind: kind, nameZH: zh, nameEN: String(nameEN.trimmingCharacters(in: .whitespaces).prefix(80)))
    }
}

public enum WorkingDayCalendarError: DomainError, Equatable {
    case badDate(String)
    case badKind(String)
    case workdayOnWeekday(CivilDate)
    case badName(String)
    case duplicateDate(CivilDate)
    case badHeader
    case notUTF8

    public var code: String {
        switch self {
        case .badDate: "calendar.date"
        case .badKind: "calendar.kind"
        case .workdayOnWeekday: "calendar.workday-on-weekday"
        case .badName: "calendar.name"
        case .duplicateDate: "calendar.duplicate-date"
        case .badHeader: "calendar.header"
        case .notUTF8: "calendar.encoding"
        }
    }

    public var chinese: String {
        switch self {
        case .badDate(let text): "日期“\(Masking.quote(text))”无效，应为 YYYY-MM-DD"
        case .badKind(let text): "类型“\(Masking.quote(text))”无效，应为 holiday（放假）或 workday（调休上班）"
        case .workdayOnWeekday(let date): "\(date) 是工作日，不能标为调休上班（workday 只用于周六、周日）"
        case .badName(let date): "\(Masking.quote(date)) 缺少节日名称（name_zh，最多 40 个字）"
        case .duplicateDate(let date): "日期 \(date) 出现了不止一次"
        case .badHeader: "表头应为 date,kind,name_zh,name_en"
        case .notUTF8: "文件不是 UTF-8 编码：请在表格软件中另存为“CSV UTF-8”后再上传"
        }
    }

    public var english: String {
        switch self {
        case .badDate(let text): "The date “\(Masking.quote(text))” is not a YYYY-MM-DD date"
        case .badKind(let text): "The kind “\(Masking.quote(text))” must be holiday or workday"
        case .workdayOnWeekday(let date): "\(date) is a weekday; workday marks only a Saturday or Sunday that is worked"
        case .badName(let date): "\(Masking.quote(date)) has no holiday name (name_zh, at most 40 characters)"
        case .duplicateDate(let date): "The date \(date) appears more than once"
        case .badHeader: "The header must be date,kind,name_zh,name_en"
        case .notUTF8: "The file is not UTF-8: save it as \"CSV UTF-8\" in the spreadsheet program and upload it again"
        }
    }
}

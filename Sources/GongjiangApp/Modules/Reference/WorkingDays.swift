import CSV
import Fluent
import SQLKit
import Foundation
import GongjiangCore
import Vapor

/// The working-day calendar as the application keeps it: the dated exceptions in `calendar_days`, read into
/// `GongjiangCore.WorkingDayCalendar`, and each new year's notice imported by a city administrator.
enum WorkingDays {
    /// The calendar as it stands in the database.
    static func calendar(on database: any Database) async throws -> WorkingDayCalendar {
        // Read by column rather than as models: every notice reads the whole calendar (a few hundred days), and decoding
        // that many models cost more than the notice itself (measured while the city-scale demo issued its plans).
        let rows = try await database.sql.select().columns("date", "kind", "name_zh", "name_en").from(CalendarDay.schema).all()
        return try WorkingDayCalendar(days: rows.compactMap { row in
            guard let date = try? CivilDate(parsing: try row.decode(column: "date", as: String.self)),
                  let kind = WorkingDayCalendar.DayKind(rawValue: try row.decode(column: "kind", as: String.self)) else { return nil }
            return WorkingDayCalendar.Day(date: date, kind: kind, nameZH: try row.decode(column: "name_zh", as: String.self),
                                          nameEN: try row.decode(column: "name_en", as: String.self))
        })
    }

    /// The arrangements shipped with the application (a copy of `shared/domain/holidays-cn.csv`).
    static func shippedDays() throws -> [WorkingDayCalendar.Day] {
        try ReferenceTables.rows("holidays-cn").map { row in
            try WorkingDayCalendar.Day.parse(date: row["date"] ?? "", kind: row["kind"] ?? "", nameZH: row["name_zh"] ?? "",
                                             nameEN: row["name_en"] ?? "")
        }
    }

    /// A refused line of an uploaded file.
    struct LineProblem: Equatable {
        let line: Int
        let error: WorkingDayCalendarError
    }

    /// Why an uploaded file was refused: every bad line, so all can be fixed at once.
    struct Refusal: Error, Equatable {
        let problems: [LineProblem]
    }

    /// An uploaded file must not be larger than this: a year is about 40 lines, so this is decades.
    static let maximumUploadBytes = 64 * 1024

    /// Reads an uploaded table in the shipped format (`date,kind,name_zh,name_en`, UTF-8). Every line is checked; the
    /// file is taken whole or not at all, so all its problems are reported together.
    static func parse(_ text: String) throws -> [WorkingDayCalendar.Day] {
        let reader = try CSVReader(string: text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text, hasHeaderRow: true)
        guard let header = reader.headerRow?.map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }),
              Array(header.prefix(3)) == ["date", "kind", "name_zh"] else {
            throw Refusal(problems: [LineProblem(line: 1, error: .badHeader)])
        }
        var days: [WorkingDayCalendar.Day] = []
        var problems: [LineProblem] = []
        var seen: Set<CivilDate> = []
        var line = 1
        while let row = reader.next() {
            line += 1
            if row.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            let cell = { (index: Int) in index < row.count ? row[index] : "" }
            do {
                let day = try WorkingDayCalendar.Day.parse(date: cell(0), kind: cell(1), nameZH: cell(2), nameEN: cell(3))
                guard seen.insert(day.date).inserted else { throw WorkingDayCalendarError.duplicateDate(day.date) }
                days.append(day)
            } catch let error as WorkingDayCalendarError {
                problems.append(LineProblem(line: line, error: error))
            }
        }
        guard problems.isEmpty else { throw Refusal(problems: problems) }
        guard !days.isEmpty else { throw Refusal(problems: [LineProblem(line: 1, error: .badHeader)]) }
        return days
    }

    /// Replaces the arrangement of every year in `days` with them, and audits what each year had before and has now.
    static func importYears(_ days: [WorkingDayCalendar.Day], by event: AuditEvent, on database: any Database) async throws {
        let years = Set(days.map(\.date.year)).sorted()
        try await AuditTrail.transaction(on: database) { tx, log in
            var before: [String: String?] = [:]
            for year in years {
                let range = CalendarDay.query(on: tx).filter(\.$id >= "\(year)-01-01").filter(\.$id <= "\(year)-12-31")
                before[String(year)] = String(try await range.count())
                try await CalendarDay.query(on: tx).filter(\.$id >= "\(year)-01-01").filter(\.$id <= "\(year)-12-31").delete()
            }
            for day in days { try await CalendarDay(day).create(on: tx) }
            var audited = event
            audited.entity = .calendar
            audited.entityID = years.map(String.init).joined(separator: " ")
            audited.action = .`import`
            audited.before = AuditValues.json(before)
            audited.after = AuditValues.json(Dictionary(uniqueKeysWithValues: years.map { year in
                (String(year), Optional(String(days.filter { $0.date.year == year }.count)))
            }))
            log.record(audited)
        }
    }
}

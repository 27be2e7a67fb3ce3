import Fluent
import Foundation
import GongjiangCore

/// One exception to China's Monday-to-Friday week: a public holiday or a weekend day worked in exchange
/// (`WorkingDayCalendar.Day`). Seeded from `holidays-cn.csv`; a city administrator imports each new year's notice.
final class CalendarDay: Model, @unchecked Sendable {
    static let schema = "calendar_days"

    /// The date, `YYYY-MM-DD`.
    @ID(custom: "date", generatedBy: .user) var id: String?
    /// A `WorkingDayCalendar.DayKind` raw value: holiday or workday.
    @Field(key: "kind") var kind: String
    @Field(key: "name_zh") var nameZH: String
    @Field(key: "name_en") var nameEN: String

    init() {}

    convenience init(_ day: WorkingDayCalendar.Day) {
        self.init()
        id = day.date.description
        kind = day.kind.rawValue
        nameZH = day.nameZH
        nameEN = day.nameEN
    }
}

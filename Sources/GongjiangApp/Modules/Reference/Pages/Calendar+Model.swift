import Fluent
import Foundation
import GongjiangCore
import Vapor

/// The working-day calendar page: one year's holidays and make-up working days, the years known, and (for a city
/// administrator) the upload of a new year's notice.
enum CalendarPage {
    struct Model {
        let year: Int
        let days: [WorkingDayCalendar.Day]
        let coveredYears: [Int]
        let mayImport: Bool
        let csrfToken: String
        var notice: Notice? = nil
        var problems: [WorkingDays.LineProblem] = []

        /// Years a page may ask for; anything else is a bad parameter, not an empty page.
        static let years = 2000...2100

        static func load(_ request: Request, year asked: Int? = nil) async throws -> Model {
            let calendar = try await WorkingDays.calendar(on: request.db)
            let year: Int
            if let asked {
                year = asked
            } else if let text = request.query[String.self, at: "year"], !text.isEmpty {
                guard let parsed = Int(text), years.contains(parsed) else { throw RequestProblem.badParameter("year") }
                year = parsed
            } else {
                year = CivilDate.today().year
            }
            return Model(year: year, days: calendar.allDays.filter { $0.date.year == year },
                         coveredYears: calendar.coveredYears.sorted(), mayImport: request.principal?.may(.manageReference) == true,
                         csrfToken: request.csrfToken)
        }
    }
}

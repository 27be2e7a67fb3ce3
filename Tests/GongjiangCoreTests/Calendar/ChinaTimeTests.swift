import Foundation
import Testing
@testable import GongjiangCore

@Suite("China time")
struct ChinaTimeTests {
    static func utc(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test("An instant shows as the time in China, UTC+8 all year", arguments: [
        ("2026-11-29T12:00:00Z", "2026-11-29 20:00:00"),
        ("2026-11-29T15:59:59Z", "2026-11-29 23:59:59"),
        ("2026-11-29T16:00:00Z", "2026-11-30 00:00:00"),   // midnight in China is 16:00 UTC the day before
        ("2026-07-01T00:00:00Z", "2026-07-01 08:00:00"),   // no daylight saving in summer
        ("1969-12-31T15:59:59Z", "1969-12-31 23:59:59"),   // before 1970 too
        ("2024-02-28T16:00:00Z", "2024-02-29 00:00:00"),
    ])
    func timestamp(instant: String, shown: String) {
        #expect(ChinaTime.timestamp(Self.utc(instant)) == shown)
    }

    @Test("A China day starts at 16:00 UTC the day before, and that instant shows as its midnight")
    func startOfDay() throws {
        let day = try CivilDate(parsing: "2025-10-01")
        #expect(ChinaTime.start(of: day) == Self.utc("2025-09-30T16:00:00Z"))
        #expect(ChinaTime.timestamp(ChinaTime.start(of: day)) == "2025-10-01 00:00:00")
        #expect(CivilDate.today(now: ChinaTime.start(of: day)) == day)
        #expect(CivilDate.today(now: ChinaTime.start(of: day).addingTimeInterval(-1)) == day.adding(days: -1))
    }
}

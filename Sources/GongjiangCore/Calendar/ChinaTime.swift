import Foundation

/// China time, the one way the platform turns instants into what people read and calendar days into instants.
/// Timestamps are stored in UTC; China keeps UTC+8 all year with no daylight saving time, so a fixed offset is
/// exact and needs no time-zone database.
public enum ChinaTime {
    public static let offset: TimeInterval = 8 * 3600

    /// `2026-11-29 20:05:07`, as pages and exports show a moment.
    public static func timestamp(_ date: Date) -> String {
        let seconds = Int((date.timeIntervalSince1970 + offset).rounded(.down))
        let day = CivilDate.today(now: date)
        let secondOfDay = ((seconds % 86_400) + 86_400) % 86_400
        return day.description + " " + twoDigits(secondOfDay / 3600) + ":" + twoDigits(secondOfDay / 60 % 60) + ":"
            + twoDigits(secondOfDay % 60)
    }

    /// The first instant of a China calendar day.
    public static func start(of day: CivilDate) -> Date {
        // Day number 0 is 1970-01-01.
        Date(timeIntervalSince1970: TimeInterval(day.dayNumber) * 86_400 - offset)
    }

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
}

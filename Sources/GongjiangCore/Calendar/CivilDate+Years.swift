extension CivilDate {
    /// The same day `years` years later (or earlier); 29 February becomes 28 February in a common year.
    public func adding(years: Int) -> CivilDate {
        let target = year + years
        return CivilDate(uncheckedYear: target, month: month, day: min(day, Self.daysInMonth(year: target, month: month)))
    }
}

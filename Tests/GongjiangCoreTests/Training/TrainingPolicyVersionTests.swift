import Foundation
import Testing
@testable import GongjiangCore

/// The training rules as dated data (issue 10: "every rule that comes from policy is data with an effective date"):
/// a city administrator's new version and category, each check at its boundary.
@Suite("Training rules as data")
struct TrainingPolicyVersionTests {
    static func day(_ text: String) -> CivilDate { try! CivilDate(parsing: text) }

    func version(from: String, _ change: (inout TrainingPolicy) -> Void = { _ in }) -> TrainingPolicy {
        var policy = TrainingPolicy.jiangsu2023
        policy.effectiveFrom = Self.day(from)
        change(&policy)
        return policy
    }

    @Test("A new version takes effect from tomorrow at the earliest: today's or an earlier date is refused, rules in force are not changed after the fact")
    func futureOnly() throws {
        try version(from: "2026-12-01").checkAsNewVersion(today: Self.day("2026-11-30"))
        #expect(throws: TrainingRefusal.policyNotInFuture(earliest: Self.day("2026-12-01"))) {
            try version(from: "2026-11-30").checkAsNewVersion(today: Self.day("2026-11-30"))
        }
        #expect(throws: TrainingRefusal.self) { try version(from: "2023-01-01").checkAsNewVersion(today: Self.day("2026-11-30")) }
    }

    @Test("Each number in its range, at both ends: a percent over 100, a notice of 31 working days, a claim window of 37 months are refused")
    func ranges() throws {
        let today = Self.day("2026-11-30")
        for entry in TrainingPolicy.ranges {
            // The version with this field at the bounds of its range passes; one past either bound is refused, naming the field.
            for (value, passes) in [(entry.range.lowerBound, true), (entry.range.upperBound, true), (entry.range.lowerBound - 1, false),
                                    (entry.range.upperBound + 1, false)] {
                let policy = try Self.setting(entry.field, to: value, in: version(from: "2027-01-01"))
                if passes {
                    try policy.checkAsNewVersion(today: today)
                } else {
                    #expect(throws: TrainingRefusal.policyValueOutOfRange(field: entry.field, label: entry.label, range: entry.range)) {
                        try policy.checkAsNewVersion(today: today)
                    }
                }
            }
        }
        #expect(TrainingPolicy.ranges.count == 9, "every number of the version has its range")
    }

    @Test("A version applies from its day: the day before, the earlier one is in force")
    func inForceFromItsDay() {
        let later = version(from: "2027-01-01") { $0.completionAttendancePercent = 90 }
        let versions = [TrainingPolicy.jiangsu2023, later]
        #expect(TrainingPolicy.inForce(versions, on: Self.day("2026-12-31"))?.completionAttendancePercent == 80)
        #expect(TrainingPolicy.inForce(versions, on: Self.day("2027-01-01"))?.completionAttendancePercent == 90)
        #expect(TrainingPolicy.inForce(versions, on: Self.day("2022-12-31")) == nil)
    }

    @Test("A category's code: 2–40 lower-case letters, digits or hyphens, starting with a letter")
    func categoryCode() throws {
        for good in ["ab", "flexible-worker", "veteran2", String(repeating: "a", count: 40)] { try EligibilityCategory.checkCode(good) }
        for bad in ["a", "", "2nd", "Veteran", "灵活就业", "a b", "a_b", String(repeating: "a", count: 41), "-a"] {
            #expect(throws: TrainingRefusal.categoryCode(bad)) { try EligibilityCategory.checkCode(bad) }
        }
    }

    static func setting(_ field: String, to value: Int, in policy: TrainingPolicy) throws -> TrainingPolicy {
        var policy = policy
        switch field {
        case "minimumHoursLevel5": policy.minimumHoursLevel5 = value
        case "minimumHoursHigher": policy.minimumHoursHigher = value
        case "practicalSharePercent": policy.practicalSharePercent = value
        case "completionAttendancePercent": policy.completionAttendancePercent = value
        case "claimWindowMonths": policy.claimWindowMonths = value
        case "claimsPerPersonPerYear": policy.claimsPerPersonPerYear = value
        case "shortageUpliftMaximumPercent": policy.shortageUpliftMaximumPercent = value
        case "noticeWorkingDays": policy.noticeWorkingDays = value
        case "classLeadDays": policy.classLeadDays = value
        default: Issue.record("no field \(field)")
        }
        return policy
    }
}

import Foundation
import Testing
@testable import GongjiangCore

@Suite("Login throttle")
struct LoginThrottleTests {
    static let start = Date(timeIntervalSince1970: 1_750_000_000)

    /// One situation: failures at these seconds after `start`, an attempt at `now`, and the lock's
    /// end in seconds after `start` (nil when the attempt is allowed).
    struct Row: Sendable, CustomTestStringConvertible {
        let label: String
        let failures: [TimeInterval]
        let now: TimeInterval
        let lockedUntil: TimeInterval?
        var testDescription: String { label }
    }

    @Test("Five failures within fifteen minutes lock the key until fifteen minutes after the newest", arguments: [
        Row(label: "no failures", failures: [], now: 0, lockedUntil: nil),
        Row(label: "4 failures are allowed", failures: [0, 10, 20, 30], now: 31, lockedUntil: nil),
        Row(label: "5 failures lock", failures: [0, 10, 20, 30, 40], now: 41, lockedUntil: 940),
        Row(label: "the moment of the 5th failure is locked", failures: [0, 10, 20, 30, 40], now: 40, lockedUntil: 940),
        Row(label: "6 failures lock from the newest", failures: [0, 10, 20, 30, 40, 50], now: 51, lockedUntil: 950),
        Row(label: "1 ms before the lock ends is locked", failures: [0, 10, 20, 30, 40], now: 939.999, lockedUntil: 940),
        Row(label: "exactly 15 min after the newest is allowed", failures: [0, 10, 20, 30, 40], now: 940, lockedUntil: nil),
        Row(label: "oldest exactly 15 min before the newest does not count", failures: [0, 600, 700, 800, 900], now: 901, lockedUntil: nil),
        Row(label: "oldest 1 ms inside the 15 min counts", failures: [0.001, 600, 700, 800, 900], now: 901, lockedUntil: 1800),
        Row(label: "one failure every 4 min never gathers 5 in 15 min", failures: [0, 240, 480, 720, 960], now: 961, lockedUntil: nil),
        Row(label: "old failures do not count", failures: [0, 10, 1000, 1010, 1020, 1030], now: 1031, lockedUntil: nil),
        Row(label: "the lock holds after the first failure is 15 min old",
            failures: [0, 60, 120, 180, 240], now: 1000, lockedUntil: 1140),
    ])
    func decision(row: Row) {
        let failures = row.failures.map { Self.start.addingTimeInterval($0) }

        let decision = LoginThrottle.decision(failures: failures, now: Self.start.addingTimeInterval(row.now))

        let expected: LoginThrottle.Decision = row.lockedUntil.map { .locked(until: Self.start.addingTimeInterval($0)) } ?? .allowed
        #expect(decision == expected)
    }

    @Test("The order in which failures are passed does not change the decision")
    func orderDoesNotMatter() {
        let failures = [40.0, 0, 30, 10, 20].map { Self.start.addingTimeInterval($0) }

        let decision = LoginThrottle.decision(failures: failures, now: Self.start.addingTimeInterval(60))

        #expect(decision == .locked(until: Self.start.addingTimeInterval(940)))
    }

    @Test("Limits are five failures and fifteen minutes, and three wrong codes for one pending sign-in")
    func limits() {
        #expect(LoginThrottle.maximumFailures == 5)
        #expect(LoginThrottle.lockout == 900)
        #expect(LoginThrottle.maximumSecondFactorFailures == 3)
    }

    @Test("A pending sign-in's limit of three: two wrong codes are allowed, the third locks", arguments: [
        ([0.0, 10], nil as TimeInterval?),
        ([0.0, 10, 20], 920 as TimeInterval?),
    ])
    func secondFactorLimit(failures: [TimeInterval], lockedUntil: TimeInterval?) {
        let decision = LoginThrottle.decision(failures: failures.map { Self.start.addingTimeInterval($0) },
                                              now: Self.start.addingTimeInterval(21),
                                              maximum: LoginThrottle.maximumSecondFactorFailures)

        #expect(decision == (lockedUntil.map { .locked(until: Self.start.addingTimeInterval($0)) } ?? .allowed))
    }
}

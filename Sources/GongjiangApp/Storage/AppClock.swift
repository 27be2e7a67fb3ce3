import Foundation
import NIOConcurrencyHelpers
import Vapor

/// The time the application reads: the system's, moved by tests. Sessions, lockouts, token expiry and the like read
/// `request.now` (or `application.clock.now()`), never `Date()`, so a test of "fifteen minutes later" advances the
/// clock instead of back-dating rows. Durations measured for progress bars still read the system clock.
final class AppClock: Sendable {
    private let offset = NIOLockedValueBox<TimeInterval>(0)

    func now() -> Date { Date().addingTimeInterval(offset.withLockedValue { $0 }) }

    /// Moves the application's time forwards (tests only; production never moves it).
    func advance(by interval: TimeInterval) { offset.withLockedValue { $0 += interval } }
}

extension Application {
    private struct ClockKey: StorageKey { typealias Value = AppClock }

    var clock: AppClock {
        get {
            guard let clock = storage[ClockKey.self] else { fatalError("configure(_:settings:) sets the clock before anything reads it") }
            return clock
        }
        set { storage[ClockKey.self] = newValue }
    }
}

extension Request {
    /// The application's time now.
    var now: Date { application.clock.now() }
}

import Foundation
import Testing
@testable import GongjiangCore

@Suite("Session lifetime")
struct SessionLifetimeTests {
    static let created = Date(timeIntervalSince1970: 1_750_000_000)

    @Test("A session expires after 30 idle minutes or 12 hours of age, whichever comes first", arguments: [
        // (seconds from creation to last activity, seconds from creation to now, expired)
        (0.0, 0.0, false),
        (0, 1799.999, false),             // idle 29:59.999
        (0, 1800, true),                  // idle exactly 30 min
        (600, 2399.999, false),           // idle is counted from the last activity
        (600, 2400, true),
        (43_000, 43_199.999, false),      // 12 h less 1 ms, recently active
        (43_000, 43_200, true),           // exactly 12 h, though active 200 s ago
        (43_199, 43_201, true),           // past 12 h
        (0, 50_000, true),                // both limits passed
    ])
    func expiry(lastSeen: TimeInterval, now: TimeInterval, expired: Bool) {
        let result = SessionLifetime.isExpired(
            createdAt: Self.created,
            lastSeenAt: Self.created.addingTimeInterval(lastSeen),
            now: Self.created.addingTimeInterval(now))

        #expect(result == expired)
    }

    @Test("Limits are 30 minutes idle and 12 hours in all")
    func limits() {
        #expect(SessionLifetime.idleTimeout == 1800)
        #expect(SessionLifetime.absoluteLimit == 43_200)
    }
}

import Foundation
import NIOConcurrencyHelpers
import Vapor

/// Recent public look-ups, by certificate number: the answer's bytes, its ETag, and the holder's full name to compare
/// each caller's name with. The most-called address of the platform then reads the database once a minute per
/// certificate, not once a request. An entry lives `lifetime` seconds (below the answer's `max-age`); a revocation
/// through the service removes its entry at once. 0 entries turns it off (GONGJIANG_VERIFY_CACHE).
final class VerificationCache: Sendable {
    struct Entry: Sendable {
        let holder: String
        let body: Data
        let etag: String
        let stored: Date
    }

    /// A minute: a change made outside this process (another instance, an import) shows within it.
    static let lifetime: TimeInterval = 60

    let capacity: Int
    private let entries = NIOLockedValueBox<[String: Entry]>([:])

    init(capacity: Int) { self.capacity = capacity }

    func entry(_ number: String, now: Date) -> Entry? {
        guard capacity > 0 else { return nil }
        return entries.withLockedValue { entries in
            guard let entry = entries[number] else { return nil }
            guard now.timeIntervalSince(entry.stored) < Self.lifetime else {
                entries[number] = nil
                return nil
            }
            return entry
        }
    }

    func store(_ number: String, _ entry: Entry) {
        guard capacity > 0 else { return }
        entries.withLockedValue { entries in
            if entries.count >= capacity {
                // Full: drop what has expired; if that is not enough, start again (a bounded cost, rarely paid).
                entries = entries.filter { entry.stored.timeIntervalSince($0.value.stored) < Self.lifetime }
                if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            }
            entries[number] = entry
        }
    }

    func forget(_ number: String) {
        entries.withLockedValue { $0[number] = nil }
    }
}

extension Application {
    private struct VerificationCacheKey: StorageKey { typealias Value = VerificationCache }

    var verificationCache: VerificationCache {
        get {
            guard let cache = storage[VerificationCacheKey.self] else { fatalError("configure(_:settings:) sets the cache") }
            return cache
        }
        set { storage[VerificationCacheKey.self] = newValue }
    }
}

import Fluent
import Foundation
import GongjiangCore
import Vapor

/// Guessing limits that hold under concurrency: a password, a second-factor code or the current password in a
/// password change is checked only after its attempt has been counted.
///
/// Checking the count first and writing the failure afterwards lets concurrent guesses all pass the check before any
/// of them is written: 40 concurrent wrong passwords once got 24 real checks where the limit is 5. Here each attempt
/// first writes its own row (committed at once), then counts the other rows: of N concurrent attempts, the k-th to
/// be written sees at least k − 1 others, so no more than `maximum` of them are ever checked. An attempt refused as
/// locked removes its row again (its secret was never checked, and counting it would keep the lock on for ever under
/// attack); a checked attempt that fails leaves its row as the failure; one that succeeds removes it.
enum Attempts {
    /// One limit an attempt is counted against.
    struct Counter {
        /// The subject this attempt's row is written under, e.g. "account:USERNAME".
        var subject: String
        /// The subjects whose rows count toward this limit (the written one and others sharing the limit).
        var counted: [String]
        var maximum: Int

        init(_ subject: String, alsoCounting others: [String] = [], maximum: Int = LoginThrottle.maximumFailures) {
            self.subject = subject
            self.counted = [subject] + others
            self.maximum = maximum
        }
    }

    struct Reservation {
        fileprivate let ids: [UUID]

        /// The attempt succeeded: it is no failure.
        func release(on database: any Database) async throws {
            try await LoginFailure.query(on: database).filter(\.$id ~~ ids).delete()
        }
    }

    enum Outcome {
        case reserved(Reservation)
        case locked(until: Date)
    }

    /// Writes the attempt's rows, then decides; when any counter is over its limit, removes them and answers locked.
    static func reserve(_ counters: [Counter], on database: any Database, now: Date) async throws -> Outcome {
        var ids: [UUID] = []
        for counter in counters {
            let row = LoginFailure()
            row.subject = counter.subject
            row.occurredAt = now
            try await row.create(on: database)
            ids.append(row.id!)
        }
        let since = now.addingTimeInterval(-LoginThrottle.lockout)
        var lockedUntil: Date?
        for counter in counters {
            let others = try await LoginFailure.query(on: database).filter(\.$subject ~~ counter.counted)
                .filter(\.$occurredAt > since).filter(\.$id !~ ids).all(\.$occurredAt)
            if case .locked(let until) = LoginThrottle.decision(failures: others, now: now, maximum: counter.maximum) {
                lockedUntil = max(lockedUntil ?? until, until)
            }
        }
        let reservation = Reservation(ids: ids)
        if let lockedUntil {
            try await reservation.release(on: database)
            return .locked(until: lockedUntil)
        }
        return .reserved(reservation)
    }

    /// The counters of a sign-in: the account (its wrong passwords and wrong second-factor codes together) and the
    /// source address.
    static func signIn(username: String, address: String) -> [Counter] {
        [Counter(passwordSubject(username), alsoCounting: [secondFactorSubject(username)]), Counter("address:" + address)]
    }

    /// Wrong passwords of an account; a correct password clears them.
    static func passwordSubject(_ username: String) -> String { "account:" + username }
    /// Wrong second-factor codes of an account. A correct password does not clear them, or someone holding the
    /// password could sign in again after every few wrong codes and guess on without ever being locked out.
    static func secondFactorSubject(_ username: String) -> String { "account-code:" + username }
    /// Wrong codes within one pending sign-in.
    static func pendingSignInSubject(_ session: UUID) -> String { "sign-in:" + session.uuidString }
}

extension AccessProblem {
    static func locked(until: Date, now: Date) -> AccessProblem {
        .locked(minutes: max(1, Int((until.timeIntervalSince(now) / 60).rounded(.up))))
    }
}

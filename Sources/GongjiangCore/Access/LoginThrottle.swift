import Foundation

/// Limits password guessing: after 5 failed logins within 15 minutes, further attempts are refused
/// for 15 minutes. GB/T 22239-2019 8.1.4.1 b) asks for 登录失败处理 (限制非法登录次数); the numbers are
/// this project's choice. The shell applies the rule twice, once to the failures of the account and
/// once to the failures from the source address, so that guessing many accounts from one address
/// is slowed as much as guessing one account from many.
///
/// Pure: the shell loads the recent failures and passes the clock in.
public struct LoginThrottle: Sendable {
    public static let maximumFailures = 5
    public static let lockout: TimeInterval = 15 * 60
    /// Wrong second-factor codes one pending sign-in may send before it is ended and the password is asked again.
    /// A 6-digit code has a million values: with 3 tries a sign-in, and every wrong code also counting toward the
    /// account's 5 failures in 15 minutes, guessing one takes years instead of the 16 minutes that unlimited tries
    /// took (3,000 codes in 8.6 s).
    public static let maximumSecondFactorFailures = 3

    public enum Decision: Equatable, Sendable {
        case allowed
        case locked(until: Date)
    }

    /// Given the times of recent failures for one key (account or address), newest last, decides
    /// whether a login attempt at `now` is allowed.
    ///
    /// The choice made here: the lock lasts until **the newest failure + 15 minutes**, and the
    /// failures that count are those in the 15 minutes up to and including the newest one. At the
    /// moment of the fifth failure this is exactly "5 failures within the 15 minutes before now".
    /// Anchoring the window on the newest failure rather than on `now` keeps the answer honest:
    /// with a window sliding with `now`, failures at 0, 1, 2, 3 and 4 minutes would report "locked
    /// until 19 min" yet let an attempt through at 15 min 1 s, when the first failure ages out.
    /// Here the lock holds for the whole time it announces, and nothing is locked once the newest
    /// failure is 15 minutes old.
    ///
    /// Both edges are half-open, so a failure exactly 15 minutes before the newest does not count
    /// and an attempt exactly 15 minutes after the newest failure is allowed. The order of
    /// `failures` does not matter; attempts refused while locked should not be recorded as
    /// failures (their passwords were never checked), or the lock would never lift under attack.
    public static func decision(failures: [Date], now: Date, maximum: Int = maximumFailures) -> Decision {
        guard let newest = failures.max() else { return .allowed }
        let until = newest.addingTimeInterval(lockout)
        guard now < until else { return .allowed }

        let windowStart = newest.addingTimeInterval(-lockout)
        let counted = failures.count { $0 > windowStart }
        return counted >= maximum ? .locked(until: until) : .allowed
    }
}

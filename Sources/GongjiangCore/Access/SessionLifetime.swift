import Foundation

/// When a signed-in session ends without the person signing out.
///
/// NIST SP 800-63B §4.2.3 (AAL2) requires reauthentication after 30 minutes of inactivity and at
/// least once every 12 hours whatever the activity; GB/T 22239-2019 8.1.4.1 b) asks for sessions
/// to end on timeout (登录连接超时自动退出). Both limits apply: an active session still ends at 12 hours,
/// so a stolen session cookie is not good forever.
public enum SessionLifetime {
    public static let idleTimeout: TimeInterval = 30 * 60
    public static let absoluteLimit: TimeInterval = 12 * 3600

    /// True once the session has been idle for 30 minutes or has existed for 12 hours. The limits
    /// themselves count as expired (≥), so "30 minutes" means at most 29:59.999 of idleness.
    public static func isExpired(createdAt: Date, lastSeenAt: Date, now: Date) -> Bool {
        now.timeIntervalSince(lastSeenAt) >= idleTimeout
            || now.timeIntervalSince(createdAt) >= absoluteLimit
    }
}

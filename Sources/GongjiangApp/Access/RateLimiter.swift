import Foundation
import NIOConcurrencyHelpers
import Vapor

/// Fixed-window request counting per API token and per source address, answered with 429 and `Retry-After`.
/// In memory: one server process serves a city; a cluster would move this to shared storage.
final class RateLimiter: Sendable {
    struct Limits: Sendable {
        /// Calls a token may make per window: a script paging through a district's records stays well inside it.
        var perToken: Int = 600
        /// Calls one address may make per window, whatever it sends: bounds unauthenticated hammering.
        var perAddress: Int = 1_200
        var window: TimeInterval = 60
    }

    private struct Window { var start: Date; var count: Int }
    private let windows = NIOLockedValueBox<[String: Window]>([:])
    let limits: Limits

    init(limits: Limits) { self.limits = limits }

    /// Counts one call for `key`; returns the seconds to wait when the key is over its limit.
    func hit(_ key: String, limit: Int, now: Date) -> Int? {
        windows.withLockedValue { windows in
            if windows.count > 100_000 { windows = windows.filter { now.timeIntervalSince($0.value.start) < limits.window } }
            var window = windows[key] ?? Window(start: now, count: 0)
            if now.timeIntervalSince(window.start) >= limits.window { window = Window(start: now, count: 0) }
            window.count += 1
            windows[key] = window
            guard window.count > limit else { return nil }
            return max(1, Int((limits.window - now.timeIntervalSince(window.start)).rounded(.up)))
        }
    }
}

/// Applies the limits to every request, pages and static files included, before anything else is done for it: a path
/// left out would be one to hammer (and, through denied access, to flood the audit trail from).
struct RateLimitMiddleware: AsyncMiddleware {
    let limiter: RateLimiter

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let retry = limiter.hit("address:" + request.sourceAddress, limit: limiter.limits.perAddress, now: request.now) {
            throw AccessProblem.rateLimited(retryAfter: retry)
        }
        if let token = request.headers.bearerAuthorization?.token,
           let retry = limiter.hit("token:" + Secrets.hash(token), limit: limiter.limits.perToken, now: request.now) {
            throw AccessProblem.rateLimited(retryAfter: retry)
        }
        return try await next.respond(to: request)
    }
}

/// Headers every response carries. The policy allows no script at all: the pages need none.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    static let contentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        response.headers.replaceOrAdd(name: "Content-Security-Policy", value: Self.contentSecurityPolicy)
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
        // Pages and API answers may show personal data: no browser or proxy may keep a copy. The stylesheet, and the
        // public answers that say so themselves (certificate verification, the JWK Set), may be cached.
        let isPublic = response.headers.first(name: .cacheControl)?.hasPrefix("public") == true
        if request.url.path != "/static/app.css" && !isPublic {
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        }
        return response
    }
}

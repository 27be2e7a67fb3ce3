import Fluent
import Foundation
import GongjiangCore
import Vapor

/// Authentication and authorization for every routed request, in one place:
/// who is calling (API token or session cookie), whether the route allows them, and CSRF on forms.
struct AccessMiddleware: AsyncMiddleware {
    static let sessionCookie = "gj_session"
    static let anonymousCSRFCookie = "gj_csrf"
    static let csrfField = "_csrf"
    static let csrfHeader = "X-CSRF-Token"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        try await authenticate(request)
        // A route that states no requirement is closed to everyone: forgetting to declare one must never open it.
        // A path that matches no route has nothing behind it to protect, and answers 404 to anyone.
        let requirement: Requirement = request.route.map { $0.requirement ?? .nobody } ?? .everyone
        let principal = request.principal

        if let principal, case .session = principal.channel, let step = try await pendingStep(for: principal, request: request) {
            if !step.allowedPaths.contains(where: { request.url.path == $0 }) {
                return request.redirect(to: step.path, redirectType: .normal)
            }
        }
        guard requirement.allows(principal) else {
            if principal == nil {
                if request.isAPI { throw AccessProblem.unauthenticated }
                let next = request.url.path + (request.url.query.map { "?" + $0 } ?? "")
                return request.redirect(to: PagePath.login.url(query: ["next": next]), redirectType: .normal)
            }
            try await AuditTrail.recordDenial(AuditEvent(request, entity: .route, entityID: request.method.rawValue + " " + request.url.path,
                                                         action: .accessDenied, outcome: "denied"), request: request)
            throw AccessProblem.forbidden
        }
        if request.method != .GET && request.method != .HEAD {
            try await checkCSRF(request)
        }
        return try await next.respond(to: request)
    }

    // MARK: - Who is calling

    private func authenticate(_ request: Request) async throws {
        if let bearer = request.headers.bearerAuthorization?.token {
            // Pages take session cookies only: a token is for scripts, and on a page it would bypass the API's
            // per-token rate limit and the CSRF reasoning that rests on cookies.
            guard request.isAPI else {
                try await AuditTrail.recordDenial(AuditEvent(request, entity: .apiToken, entityID: request.url.path,
                                                             action: .tokenOnPage, outcome: "denied"), request: request)
                throw AccessProblem.tokenOnPage
            }
            request.principal = try await principal(forToken: bearer, request: request)
            return
        }
        if request.headers.first(name: .authorization) != nil, request.isAPI {
            throw AccessProblem.badToken
        }
        if let token = request.cookies[Self.sessionCookie]?.string, !token.isEmpty {
            request.principal = try await principal(forSession: token, request: request)
        }
    }

    private func principal(forToken token: String, request: Request) async throws -> Principal {
        let now = request.now
        guard let stored = try await APIToken.query(on: request.db).filter(\.$tokenHash == Secrets.hash(token)).first(),
              stored.revokedAt == nil, stored.expiresAt > now,
              let account = try await Account.find(stored.accountID, on: request.db), account.maySignIn,
              let role = account.role else {
            try await AuditTrail.recordDenial(AuditEvent(request, entity: .apiToken, action: .tokenRefused, outcome: "denied"),
                                              request: request)
            throw AccessProblem.badToken
        }
        // Recording every use would write on every call; once a minute tells an owner the token is alive.
        if stored.lastUsedAt.map({ now.timeIntervalSince($0) > 60 }) ?? true {
            stored.lastUsedAt = now
            try await stored.update(on: request.db)
        }
        return Principal(accountID: account.id!, username: account.username, displayName: account.displayName, role: role,
                         districtCode: account.districtCode, organizationID: account.organizationID, personID: account.personID,
                         channel: .token(stored.id!))
    }

    private func principal(forSession token: String, request: Request) async throws -> Principal? {
        let now = request.now
        guard let session = try await UserSession.query(on: request.db).filter(\.$tokenHash == Secrets.hash(token)).first(),
              session.endedAt == nil else { return nil }
        if SessionLifetime.isExpired(createdAt: session.createdAt, lastSeenAt: session.lastSeenAt, now: now) {
            session.endedAt = now
            try await session.update(on: request.db)
            return nil
        }
        guard let account = try await Account.find(session.accountID, on: request.db), account.maySignIn,
              let role = account.role else { return nil }
        if now.timeIntervalSince(session.lastSeenAt) > 30 {
            session.lastSeenAt = now
            try await session.update(on: request.db)
        }
        request.storage[PendingKey.self] = Pending(awaitsSecondFactor: session.awaitsSecondFactor,
                                                   mustChangePassword: account.mustChangePassword)
        return Principal(accountID: account.id!, username: account.username, displayName: account.displayName, role: role,
                         districtCode: account.districtCode, organizationID: account.organizationID, personID: account.personID,
                         channel: .session(session.id!, csrfToken: session.csrfToken))
    }

    // MARK: - Unfinished sign-in

    fileprivate struct Pending { let awaitsSecondFactor: Bool; let mustChangePassword: Bool }
    fileprivate struct PendingKey: StorageKey { typealias Value = Pending }

    struct Step {
        let path: String
        let allowedPaths: [String]
    }

    /// A session that still owes its second factor, or a password change, may only do that (or sign out).
    private func pendingStep(for principal: Principal, request: Request) async throws -> Step? {
        guard let pending = request.storage[PendingKey.self] else { return nil }
        let always = [PagePath.logout.url(), "/static/app.css"]
        if pending.awaitsSecondFactor {
            return Step(path: PagePath.secondFactor.url(), allowedPaths: [PagePath.secondFactor.url(), PagePath.secondFactorEnrol.url()] + always)
        }
        if pending.mustChangePassword { return Step(path: PagePath.password.url(), allowedPaths: [PagePath.password.url()] + always) }
        return nil
    }

    // MARK: - CSRF

    /// Forms carry the session's token (or, before sign-in, the double-submit cookie's); scripts using a bearer
    /// token are not exposed to CSRF, since browsers never add that header by themselves.
    private func checkCSRF(_ request: Request) async throws {
        // A form's body may arrive after its head (a review queue's form with twenty ticked claims did, from Chromium):
        // read it now, within the routes' body limit, or the field would look absent.
        if request.body.data == nil, request.headers.contentType == .urlEncodedForm {
            _ = try await request.body.collect(max: request.application.routes.defaultMaxBodySize.value).get()
        }
        if let principal = request.principal {
            guard case .session(_, let expected) = principal.channel else { return }
            // Forms send the field; the streaming upload form sends it in its action's query, since its body is
            // read only by the handler; scripts may send the header.
            let sent = request.headers.first(name: Self.csrfHeader)
                ?? (request.body.data != nil ? try? request.content.get(String.self, at: Self.csrfField) : nil)
                ?? request.query[String.self, at: Self.csrfField]
            guard let sent, Secrets.constantTimeEquals(sent, expected) else { throw try await refuseCSRF(request) }
        } else {
            let cookie = request.cookies[Self.anonymousCSRFCookie]?.string
            let sent = try? request.content.get(String.self, at: Self.csrfField)
            guard let cookie, let sent, !cookie.isEmpty, Secrets.constantTimeEquals(sent, cookie) else { throw try await refuseCSRF(request) }
        }
    }

    private func refuseCSRF(_ request: Request) async throws -> AccessProblem {
        try await AuditTrail.recordDenial(AuditEvent(request, entity: .route, entityID: request.method.rawValue + " " + request.url.path,
                                                     action: .csrfRefused, outcome: "denied"), request: request)
        return .csrf
    }
}

/// Why access was refused; rendered like any other problem (problem+json or the error page).
enum AccessProblem: Error, Equatable {
    case unauthenticated
    case badToken
    case tokenOnPage
    case forbidden
    case csrf
    case rateLimited(retryAfter: Int)
    case locked(minutes: Int)
    case secureConnectionRequired
}

extension Request {
    var isAPI: Bool { url.path.hasPrefix("/api/") }
}

extension Request {
    /// True while this request's sign-in still has a step to take (a second factor, a forced password change). Pages
    /// then offer no navigation: every other page would only send the user back to that step.
    var hasUnfinishedSignIn: Bool {
        guard let pending = storage[AccessMiddleware.PendingKey.self] else { return false }
        return pending.awaitsSecondFactor || pending.mustChangePassword
    }
}

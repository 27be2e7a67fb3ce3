import Fluent
import Foundation
import GongjiangCore
import Vapor

/// Password sign-in with lockout, session rotation and the second factor.
enum SignIn {
    enum Outcome {
        case signedIn(cookieToken: String, next: String)
        case failed
    }

    /// Checks the password; on success starts a new session (a new id: whatever cookie came in is not reused).
    static func attempt(username rawUsername: String, password: String, request: Request) async throws -> Outcome {
        let now = request.now
        let settings = request.application.settings
        if settings.mode == .production, !(settings.trustsProxy && request.headers.first(name: "X-Forwarded-Proto") == "https"),
           request.application.http.server.configuration.tlsConfiguration == nil {
            throw AccessProblem.secureConnectionRequired
        }
        let username = rawUsername.trimmingCharacters(in: .whitespaces).lowercased()
        // The attempt is counted before the password is checked, so concurrent guesses cannot pass the limit.
        let reservation: Attempts.Reservation
        switch try await Attempts.reserve(Attempts.signIn(username: username, address: request.sourceAddress), on: request.db, now: now) {
        case .locked(let until):
            try await AuditTrail.recordDenial(AuditEvent(actor: username, entity: .session, action: .loginLocked, outcome: "denied")
                .from(request), request: request)
            throw AccessProblem.locked(until: until, now: now)
        case .reserved(let reserved):
            reservation = reserved
        }

        let account = try await Account.query(on: request.db).filter(\.$username == username).first()
        // Verify against a fixed hash when the account does not exist, so timing does not tell which usernames exist.
        let hash = account?.passwordHash ?? Self.decoyHash
        let matches = (try? Bcrypt.verify(password, created: hash)) ?? false
        guard let account, matches, account.maySignIn else {
            // The reserved rows stay: they are this attempt's failures.
            try await AuditTrail.record(AuditEvent(actor: username, entity: .session, action: .loginFailed, outcome: "failed")
                .from(request), on: request.db)
            return .failed
        }

        let token = Secrets.token()
        let needsSecondFactor = try await requiresSecondFactor(account, on: request.db)
        let session = UserSession()
        session.tokenHash = Secrets.hash(token)
        session.accountID = account.id!
        session.csrfToken = Secrets.token()
        session.awaitsSecondFactor = needsSecondFactor
        session.createdAt = now
        session.lastSeenAt = now
        session.address = request.sourceAddress
        try await AuditTrail.transaction(on: request.db) { tx, log in
            try await LoginFailure.query(on: tx).filter(\.$subject == Attempts.passwordSubject(username)).delete()
            try await reservation.release(on: tx)
            try await session.create(on: tx)
            var event = AuditEvent(actor: username, entity: .session, entityID: session.id?.uuidString, action: .login).from(request)
            event.role = account.roleCode
            log.record(event)
        }
        return .signedIn(cookieToken: token, next: "/")
    }

    /// A real hash at the usual cost, made once, for unknown usernames.
    private static let decoyHash: String = (try? Bcrypt.hash(Secrets.token(), cost: 12)) ?? ""

    /// Enrolled accounts always give their code; a role the security administrator marked must enrol.
    static func requiresSecondFactor(_ account: Account, on database: any Database) async throws -> Bool {
        if account.totpSecretSealed != nil { return true }
        return try await SecuritySettings.isTOTPRequired(for: account.roleCode, on: database)
    }

    static func sessionCookie(_ token: String, request: Request) -> HTTPCookies.Value {
        HTTPCookies.Value(string: token, maxAge: Int(SessionLifetime.absoluteLimit), path: PagePath.home.url(),
                          isSecure: request.application.settings.mode == .production, isHTTPOnly: true, sameSite: .strict)
    }

    /// Ends the session on the server, so the cookie is worthless even if it was copied.
    static func signOut(_ request: Request) async throws {
        guard let principal = request.principal, let id = principal.sessionID,
              let session = try await UserSession.find(id, on: request.db) else { return }
        try await AuditTrail.transaction(on: request.db) { tx, log in
            session.endedAt = request.now
            try await session.update(on: tx)
            log.record(AuditEvent(request, entity: .session, entityID: id.uuidString, action: .logout))
        }
    }
}

extension AuditEvent {
    /// The same event with the request's source address.
    func from(_ request: Request) -> AuditEvent {
        var event = self
        event.address = request.sourceAddress
        event.occurredAt = request.now
        return event
    }
}

/// Policies the security administrator sets.
enum SecuritySettings {
    static func totpKey(_ role: String) -> String { "totp-required:" + role }

    static func isTOTPRequired(for role: String, on database: any Database) async throws -> Bool {
        try await SecuritySetting.find(totpKey(role), on: database)?.value == "true"
    }

    static func setTOTPRequired(_ required: Bool, for role: Role, request: Request) async throws {
        let key = totpKey(role.rawValue)
        try await AuditTrail.transaction(on: request.db) { tx, log in
            let existing = try await SecuritySetting.find(key, on: tx)
            let before = existing?.value ?? "false"
            let setting = existing ?? SecuritySetting()
            setting.id = key
            setting.value = required ? "true" : "false"
            setting.updatedAt = request.now
            try await setting.save(on: tx)
            log.record(AuditEvent(request, entity: .securitySetting, entityID: key, action: .update,
                                  before: AuditValues.json(["value": before]), after: AuditValues.json(["value": setting.value])))
        }
    }
}

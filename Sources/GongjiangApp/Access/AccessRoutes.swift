import Fluent
import Foundation
import GongjiangCore
import Plot
import Vapor

/// Signing in and out, the second factor, one's own password and API tokens.
struct AccessRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(PagePath.login.components) { request -> Response in
            if request.principal != nil { return request.redirect(to: PagePath.home.url()) }
            return page(request, .login, AccessPages.login(request, next: safeNext(request.query[String.self, at: "next"])))
        }.requires(.everyone)

        routes.post(PagePath.login.components) { request -> Response in
            struct Form: Content { var username: String?; var password: String?; var next: String? }
            let form = try request.content.decode(Form.self)
            let t = request.localizer
            let username = form.username ?? ""
            switch try await SignIn.attempt(username: username, password: form.password ?? "", request: request) {
            case .failed:
                let response = page(request, .login, AccessPages.login(request, username: username, error: t("access.login.failed"),
                                                                       next: safeNext(form.next)))
                response.status = .unauthorized
                return response
            case .signedIn(let token, _):
                let response = request.redirect(to: safeNext(form.next), redirectType: .normal)
                response.cookies[AccessMiddleware.sessionCookie] = SignIn.sessionCookie(token, request: request)
                response.cookies[AccessMiddleware.anonymousCSRFCookie] = .expired
                return response
            }
        }.requires(.everyone)

        routes.get(PagePath.secondFactor.components) { request -> Response in
            guard try await request.awaitsSecondFactor() else { return request.redirect(to: PagePath.home.url(), redirectType: .normal) }
            let account = try await request.requireAccount()
            let owesCode = try await SignIn.requiresSecondFactor(account, on: request.db)
            guard owesCode else { return request.redirect(to: PagePath.home.url(), redirectType: .normal) }
            return page(request, .login, AccessPages.secondFactor(request, enrolment: try unconfirmedSecret(of: account, request),
                                                                  account: account.username,
                                                                  mustStartEnrolment: account.totpSecretSealed == nil))
        }.requires(.signedIn)

        // Enrolment changes security state, so it is a POST, and only for a sign-in that owes a second factor its
        // role requires; an account that has a secret already keeps it.
        routes.post(PagePath.secondFactorEnrol.components) { request -> Response in
            guard try await request.awaitsSecondFactor() else { return request.redirect(to: PagePath.home.url(), redirectType: .normal) }
            let account = try await request.requireAccount()
            if account.totpSecretSealed == nil {
                guard try await SecuritySettings.isTOTPRequired(for: account.roleCode, on: request.db) else {
                    return request.redirect(to: PagePath.home.url(), redirectType: .normal)
                }
                try await enrol(account, request)
            }
            return page(request, .login, AccessPages.secondFactor(request, enrolment: try unconfirmedSecret(of: account, request),
                                                                  account: account.username))
        }.requires(.signedIn)

        routes.post(PagePath.secondFactor.components) { request -> Response in
            struct Form: Content { var code: String? }
            let code = try request.content.decode(Form.self).code ?? ""
            guard try await request.awaitsSecondFactor(), let sessionID = request.principal?.sessionID,
                  let session = try await UserSession.find(sessionID, on: request.db) else {
                return request.redirect(to: PagePath.home.url(), redirectType: .normal)
            }
            let account = try await request.requireAccount()
            guard let sealed = account.totpSecretSealed else { return request.redirect(to: PagePath.secondFactor.url(), redirectType: .normal) }
            let now = request.now
            // Counted before the code is checked: this sign-in's wrong codes, and the account's, which share its lockout.
            let counters = [
                Attempts.Counter(Attempts.pendingSignInSubject(sessionID), maximum: LoginThrottle.maximumSecondFactorFailures),
                Attempts.Counter(Attempts.secondFactorSubject(account.username), alsoCounting: [Attempts.passwordSubject(account.username)]),
            ]
            let reservation: Attempts.Reservation
            switch try await Attempts.reserve(counters, on: request.db, now: now) {
            case .locked:
                return try await endPendingSignIn(session, request, action: .secondFactorLocked)
            case .reserved(let reserved):
                reservation = reserved
            }
            guard let secret = GongjiangCore.TOTP(base32Secret: try request.vault.open(sealed)),
                  let step = secret.matchingCounter(code, at: now), Int64(step) > (account.totpLastStep ?? -1) else {
                try await AuditTrail.record(AuditEvent(request, entity: .session, entityID: sessionID.uuidString,
                                                       action: .secondFactorFailed, outcome: "failed"), on: request.db)
                // The last allowed wrong code ends the sign-in at once, rather than at the next try.
                let failures = try await LoginFailure.query(on: request.db)
                    .filter(\.$subject == Attempts.pendingSignInSubject(sessionID)).count()
                if failures >= LoginThrottle.maximumSecondFactorFailures {
                    return try await endPendingSignIn(session, request, action: .secondFactorLocked)
                }
                let response = page(request, .login, AccessPages.secondFactor(request, enrolment: try unconfirmedSecret(of: account, request),
                                                                              account: account.username,
                                                                              error: request.localizer("access.totp.failed")))
                response.status = .unauthorized
                return response
            }
            account.totpLastStep = Int64(step)
            try await AuditTrail.transaction(on: request.db) { tx, log in
                session.awaitsSecondFactor = false
                try await session.update(on: tx)
                try await account.update(on: tx)
                try await reservation.release(on: tx)
                try await LoginFailure.query(on: tx).filter(\.$subject == Attempts.pendingSignInSubject(sessionID)).delete()
                log.record(AuditEvent(request, entity: .session, entityID: sessionID.uuidString, action: .secondFactor))
            }
            return request.redirect(to: PagePath.home.url(), redirectType: .normal)
        }.requires(.signedIn)

        routes.post(PagePath.logout.components) { request -> Response in
            try await SignIn.signOut(request)
            let response = request.redirect(to: PagePath.login.url(), redirectType: .normal)
            response.cookies[AccessMiddleware.sessionCookie] = .expired
            return response
        }.requires(.signedIn)

        routes.get(PagePath.account.components) { request -> Response in
            let principal = try request.requirePrincipal()
            let tokens = try await APIToken.query(on: request.db).filter(\.$accountID == principal.accountID)
                .sort(\.$createdAt, .descending).all()
            return page(request, .account, AccessPages.account(request, principal: principal, tokens: tokens))
        }.requires(.signedIn)

        routes.get(PagePath.password.components) { request -> Response in
            let account = try await request.requireAccount()
            return page(request, .account, AccessPages.changePassword(request, forced: account.mustChangePassword))
        }.requires(.signedIn)

        routes.post(PagePath.password.components) { request -> Response in
            struct Form: Content { var current: String?; var password: String?; var repeated: String? }
            let form = try request.content.decode(Form.self)
            let account = try await request.requireAccount()
            let t = request.localizer
            func refuse(_ message: String) -> Response {
                let response = page(request, .account, AccessPages.changePassword(request, forced: account.mustChangePassword, error: message))
                response.status = .unprocessableEntity
                return response
            }
            // Wrong current passwords count toward the account's lockout like wrong sign-in passwords: a stolen
            // session must not become a way to guess the password.
            let now = request.now
            let reservation: Attempts.Reservation
            switch try await Attempts.reserve([Attempts.Counter(Attempts.passwordSubject(account.username),
                                                                alsoCounting: [Attempts.secondFactorSubject(account.username)])],
                                              on: request.db, now: now) {
            case .locked:
                if let id = request.principal?.sessionID, let session = try await UserSession.find(id, on: request.db) {
                    try await AuditTrail.transaction(on: request.db) { tx, log in
                        session.endedAt = now
                        try await session.update(on: tx)
                        log.record(AuditEvent(request, entity: .account, entityID: account.id?.uuidString,
                                              action: .passwordChangeLocked, outcome: "denied"))
                    }
                }
                let response = page(request, .login, AccessPages.login(request, error: t("access.password.locked")))
                response.status = .tooManyRequests
                response.cookies[AccessMiddleware.sessionCookie] = .expired
                return response
            case .reserved(let reserved):
                reservation = reserved
            }
            guard (try? Bcrypt.verify(form.current ?? "", created: account.passwordHash)) == true else {
                try await AuditTrail.record(AuditEvent(request, entity: .account, entityID: account.id?.uuidString,
                                                       action: .passwordChangeFailed, outcome: "failed"), on: request.db)
                return refuse(t("access.password.wrong-current"))
            }
            try await reservation.release(on: request.db)
            guard let password = form.password, password == form.repeated else { return refuse(t("access.password.mismatch")) }
            guard password != form.current else { return refuse(t("access.password.same")) }
            do {
                try await AccountService.changePassword(of: account, to: password, by: AuditEvent(request, entity: .account, action: .passwordChange),
                                                        on: request.db, bcryptCost: request.application.settings.bcryptCost,
                                                        keepingSession: request.principal?.sessionID, now: request.now)
            } catch let refusal as AccountService.Refusal {
                return refuse(t.pick(refusal.chinese, refusal.english))
            }
            let tokens = try await APIToken.query(on: request.db).filter(\.$accountID == account.id!).filter(\.$revokedAt == nil)
                .filter(\.$expiresAt > now).sort(\.$createdAt, .descending).all()
            return page(request, .account, AccessPages.changePassword(request, forced: false, done: true, tokensToReview: tokens))
        }.requires(.signedIn)

        routes.post(PagePath.tokens.components) { request -> Response in
            struct Form: Content { var name: String?; var days: Int? }
            let form = try request.content.decode(Form.self)
            let principal = try request.requirePrincipal()
            let (token, _) = try await APITokens.create(for: principal.accountID, name: form.name ?? "",
                                                        days: form.days ?? 90, event: AuditEvent(request, entity: .apiToken, action: .create),
                                                        on: request.db, now: request.now)
            let tokens = try await APIToken.query(on: request.db).filter(\.$accountID == principal.accountID)
                .sort(\.$createdAt, .descending).all()
            return page(request, .account, AccessPages.account(request, principal: principal, tokens: tokens, newToken: token))
        }.requires(.permission(.manageOwnTokens))

        routes.post(PagePath.tokenRevoke.components) { request -> Response in
            let principal = try request.requirePrincipal()
            guard let token = try await APIToken.query(on: request.db).filter(\.$id == request.uuidParameter())
                .filter(\.$accountID == principal.accountID).first() else { throw RequestProblem.notFound }
            try await APITokens.revoke(token, event: AuditEvent(request, entity: .apiToken, action: .revoke), on: request.db,
                                       now: request.now)
            return request.redirect(to: PagePath.account.url(), redirectType: .normal)
        }.requires(.permission(.manageOwnTokens))
    }

    /// The secret to show while an enrolment is unconfirmed: the same one again until a first code confirms it, so
    /// that an enrolment left half-way (the page closed before the authenticator app was set up) can be finished at
    /// the next sign-in; nothing once confirmed.
    private func unconfirmedSecret(of account: Account, _ request: Request) throws -> GongjiangCore.TOTP? {
        guard let sealed = account.totpSecretSealed, account.totpLastStep == nil else { return nil }
        return GongjiangCore.TOTP(base32Secret: try request.vault.open(sealed))
    }

    private func enrol(_ account: Account, _ request: Request) async throws {
        var generator = SystemRandomNumberGenerator()
        let totp = GongjiangCore.TOTP(secret: GongjiangCore.TOTP.generateSecret(using: &generator))
        account.totpSecretSealed = try request.vault.seal(totp.base32Secret)
        try await AuditTrail.transaction(on: request.db) { tx, log in
            try await account.update(on: tx)
            log.record(AuditEvent(request, entity: .account, entityID: account.id?.uuidString, action: .totpEnrol))
        }
    }

    /// Too many wrong codes: the pending sign-in ends, and the password must be given again.
    private func endPendingSignIn(_ session: UserSession, _ request: Request, action: AuditAction) async throws -> Response {
        try await AuditTrail.transaction(on: request.db) { tx, log in
            session.endedAt = request.now
            try await session.update(on: tx)
            log.record(AuditEvent(request, entity: .session, entityID: session.id?.uuidString, action: action, outcome: "denied"))
        }
        let response = page(request, .login, AccessPages.login(request, error: request.localizer("access.totp.too-many")))
        response.status = .tooManyRequests
        response.cookies[AccessMiddleware.sessionCookie] = .expired
        return response
    }

    /// Only a path on this site: `next` must not send a user elsewhere after signing in.
    private func safeNext(_ next: String?) -> String {
        guard let next, next.count <= 500, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\"), !next.hasPrefix("/login"),
              !next.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) }) else { return "/" }
        return next
    }
}

extension Request {
    /// Whether this request's session still owes its second factor.
    func awaitsSecondFactor() async throws -> Bool {
        guard let id = principal?.sessionID, let session = try await UserSession.find(id, on: db) else { return false }
        return session.awaitsSecondFactor
    }

    func requirePrincipal() throws -> Principal {
        guard let principal else { throw AccessProblem.unauthenticated }
        return principal
    }

    func requireAccount() async throws -> Account {
        guard let account = try await Account.find(try requirePrincipal().accountID, on: db) else { throw AccessProblem.unauthenticated }
        return account
    }
}

/// API tokens: made here, shown once, kept as a hash.
enum APITokens {
    static let maximumDays = 366

    static func create(for accountID: UUID, name: String, days: Int, event: AuditEvent, on database: any Database,
                       now: Date) async throws -> (String, APIToken) {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard (1...60).contains(trimmed.count) else {
            throw RequestProblem.validation([FieldProblem(field: "name", code: "token.name", chinese: "令牌名称须为 1–60 个字符",
                                                          english: "A token name is 1–60 characters")])
        }
        guard (1...maximumDays).contains(days) else {
            throw RequestProblem.validation([FieldProblem(field: "days", code: "token.days", chinese: "有效期须为 1–366 天",
                                                          english: "A token lasts 1–366 days")])
        }
        let secret = Secrets.token(prefix: "gjt_")
        let token = APIToken()
        token.accountID = accountID
        token.name = trimmed
        token.tokenHash = Secrets.hash(secret)
        token.prefix = String(secret.prefix(8))
        token.createdAt = now
        token.expiresAt = now.addingTimeInterval(TimeInterval(days) * 86_400)
        try await AuditTrail.transaction(on: database) { tx, log in
            try await token.create(on: tx)
            var audited = event
            audited.entityID = token.id?.uuidString
            audited.after = AuditValues.json(["name": trimmed, "prefix": token.prefix, "expires": ISO8601DateFormatter().string(from: token.expiresAt)])
            log.record(audited)
        }
        return (secret, token)
    }

    static func revoke(_ token: APIToken, event: AuditEvent, on database: any Database, now: Date) async throws {
        try await AuditTrail.transaction(on: database) { tx, log in
            token.revokedAt = now
            try await token.update(on: tx)
            var audited = event
            audited.entityID = token.id?.uuidString
            log.record(audited)
        }
    }
}

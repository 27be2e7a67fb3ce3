import Fluent
import Foundation
import GongjiangCore
import Plot
import Vapor

/// Signing in and out, the second factor, one's own password and API tokens.
struct AccessRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("login") { request -> Response in
            if request.principal != nil { return request.redirect(to: "/") }
            return page(request, .login, AccessPages.login(request, next: safeNext(request.query[String.self, at: "next"])))
        }.requires(.everyone)

        routes.post("login") { request -> Response in
            struct Form: Content { var username: String?; var password: String?; var next: String? }
            let form = try request.content.decode(Form.self)
            let t = request.localizer
            let username = form.username ?? ""
            switch try await SignIn.attempt(username: username, password: form.password ?? "", request: request) {
            case .failed:
                let response = page(request, .login, AccessPages.login(request, username: username, error: t("login.failed"),
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

        routes.get("login", "second-factor") { request -> Response in
            let (account, enrolment) = try await secondFactorState(request)
            return page(request, .login, AccessPages.secondFactor(request, enrolment: enrolment, account: account.username))
        }.requires(.signedIn)

        routes.post("login", "second-factor") { request -> Response in
            struct Form: Content { var code: String? }
            let code = try request.content.decode(Form.self).code ?? ""
            let (account, enrolment) = try await secondFactorState(request)
            guard let sealed = account.totpSecretSealed, let secret = GongjiangCore.TOTP(base32Secret: try request.vault.open(sealed)),
                  let step = secret.matchingCounter(code, at: Date()), Int64(step) > (account.totpLastStep ?? -1) else {
                try await AuditTrail.record(AuditEvent(request, entity: "session", action: "second-factor-failed", outcome: "failed"),
                                            on: request.db)
                let response = page(request, .login, AccessPages.secondFactor(request, enrolment: enrolment, account: account.username,
                                                                              error: request.localizer("totp.failed")))
                response.status = .unauthorized
                return response
            }
            guard let id = request.principal?.sessionID, let session = try await UserSession.find(id, on: request.db) else {
                throw AccessProblem.unauthenticated
            }
            account.totpLastStep = Int64(step)
            try await AuditTrail.transaction(on: request.db) { tx, log in
                session.awaitsSecondFactor = false
                try await session.update(on: tx)
                try await account.update(on: tx)
                log.record(AuditEvent(request, entity: "session", entityID: id.uuidString, action: "second-factor"))
            }
            return request.redirect(to: "/", redirectType: .normal)
        }.requires(.signedIn)

        routes.post("logout") { request -> Response in
            try await SignIn.signOut(request)
            let response = request.redirect(to: "/login", redirectType: .normal)
            response.cookies[AccessMiddleware.sessionCookie] = .expired
            return response
        }.requires(.signedIn)

        routes.get("account") { request -> Response in
            let principal = try request.requirePrincipal()
            let tokens = try await APIToken.query(on: request.db).filter(\.$accountID == principal.accountID)
                .sort(\.$createdAt, .descending).all()
            return page(request, .account, AccessPages.account(request, principal: principal, tokens: tokens))
        }.requires(.signedIn)

        routes.get("account", "password") { request -> Response in
            let account = try await request.requireAccount()
            return page(request, .account, AccessPages.changePassword(request, forced: account.mustChangePassword))
        }.requires(.signedIn)

        routes.post("account", "password") { request -> Response in
            struct Form: Content { var current: String?; var password: String?; var repeated: String? }
            let form = try request.content.decode(Form.self)
            let account = try await request.requireAccount()
            let t = request.localizer
            func refuse(_ message: String) -> Response {
                let response = page(request, .account, AccessPages.changePassword(request, forced: account.mustChangePassword, error: message))
                response.status = .unprocessableEntity
                return response
            }
            guard (try? Bcrypt.verify(form.current ?? "", created: account.passwordHash)) == true else { return refuse(t("password.wrong-current")) }
            guard let password = form.password, password == form.repeated else { return refuse(t("password.mismatch")) }
            guard password != form.current else { return refuse(t("password.same")) }
            do {
                try await AccountService.changePassword(of: account, to: password, by: AuditEvent(request, entity: "account", action: "password-change"),
                                                        on: request.db, bcryptCost: request.application.settings.bcryptCost)
            } catch let refusal as AccountService.Refusal {
                return refuse(t.pick(refusal.chinese, refusal.english))
            }
            return page(request, .account, AccessPages.changePassword(request, forced: false, done: true))
        }.requires(.signedIn)

        routes.post("account", "tokens") { request -> Response in
            struct Form: Content { var name: String?; var days: Int? }
            let form = try request.content.decode(Form.self)
            let principal = try request.requirePrincipal()
            let (token, _) = try await APITokens.create(for: principal.accountID, name: form.name ?? "",
                                                        days: form.days ?? 90, event: AuditEvent(request, entity: "api-token", action: "create"),
                                                        on: request.db)
            let tokens = try await APIToken.query(on: request.db).filter(\.$accountID == principal.accountID)
                .sort(\.$createdAt, .descending).all()
            return page(request, .account, AccessPages.account(request, principal: principal, tokens: tokens, newToken: token))
        }.requires(.permission(.manageOwnTokens))

        routes.post("account", "tokens", ":id", "revoke") { request -> Response in
            let principal = try request.requirePrincipal()
            guard let token = try await APIToken.query(on: request.db).filter(\.$id == request.uuidParameter())
                .filter(\.$accountID == principal.accountID).first() else { throw RequestProblem.notFound }
            try await APITokens.revoke(token, event: AuditEvent(request, entity: "api-token", action: "revoke"), on: request.db)
            return request.redirect(to: "/account", redirectType: .normal)
        }.requires(.permission(.manageOwnTokens))
    }

    /// The account in the middle of signing in, and the secret to enrol when its role requires one: a new secret when
    /// it has none, and the same secret again while no code has confirmed it, so that an enrolment left half-way (the
    /// page closed before the authenticator app was set up) can still be finished at the next sign-in.
    private func secondFactorState(_ request: Request) async throws -> (Account, GongjiangCore.TOTP?) {
        let account = try await request.requireAccount()
        if let sealed = account.totpSecretSealed {
            guard account.totpLastStep == nil else { return (account, nil) }
            return (account, GongjiangCore.TOTP(base32Secret: try request.vault.open(sealed)))
        }
        var generator = SystemRandomNumberGenerator()
        let totp = GongjiangCore.TOTP(secret: GongjiangCore.TOTP.generateSecret(using: &generator))
        account.totpSecretSealed = try request.vault.seal(totp.base32Secret)
        try await AuditTrail.transaction(on: request.db) { tx, log in
            try await account.update(on: tx)
            log.record(AuditEvent(request, entity: "account", entityID: account.id?.uuidString, action: "totp-enrol"))
        }
        return (account, totp)
    }

    /// Only a path on this site: `next` must not send a user elsewhere after signing in.
    private func safeNext(_ next: String?) -> String {
        guard let next, next.count <= 500, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\"), !next.hasPrefix("/login"),
              !next.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) }) else { return "/" }
        return next
    }
}

/// Renders one page in the layout, with the double-submit cookie when the page made one.
func page(_ request: Request, _ section: Section, _ content: some Component, title: String? = nil) -> Response {
    let t = request.localizer
    let response = Layout(request: request, title: title ?? t(section.messageKey), section: section).render(content)
    return request.withAnonymousCSRFCookie(response)
}

extension Request {
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
                       now: Date = Date()) async throws -> (String, APIToken) {
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

    static func revoke(_ token: APIToken, event: AuditEvent, on database: any Database) async throws {
        try await AuditTrail.transaction(on: database) { tx, log in
            token.revokedAt = Date()
            try await token.update(on: tx)
            var audited = event
            audited.entityID = token.id?.uuidString
            log.record(audited)
        }
    }
}

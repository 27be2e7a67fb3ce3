import Fluent
import Foundation
@testable import GongjiangApp
import GongjiangCore
import Testing
import VaporTesting

@Suite("Sign-in, sessions and request security")
struct SessionSecurityTests {
    static let password = "Gongjiang#2026"

    /// Posts the sign-in form as a browser would, with the double-submit CSRF cookie, plus any extra cookie.
    static func signIn(_ app: Application, _ username: String, _ password: String = password,
                       extraCookies: [String: String] = [:], next: String? = nil) async throws -> TestingHTTPResponse {
        try await app.testing().sendRequest(.POST, "/login") { request in
            var cookies = HTTPCookies()
            cookies[AccessMiddleware.anonymousCSRFCookie] = .init(string: "login-csrf")
            for (name, value) in extraCookies { cookies[name] = .init(string: value) }
            request.headers.cookie = cookies
            request.headers.contentType = .urlEncodedForm
            var body = "_csrf=login-csrf&username=\(username)&password=\(password.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)"
            if let next { body += "&next=\(next.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)" }
            request.body = ByteBuffer(string: body)
        }
    }

    /// Starts enrolment in a second factor, as the button on the second-factor page does.
    static func enrol(_ app: Application, _ token: String) async throws -> TestingHTTPResponse {
        let session = try #require(try await UserSession.query(on: app.db).filter(\.$tokenHash == Secrets.hash(token)).first())
        return try await app.testing().sendRequest(.POST, "/login/second-factor/enrol", headers: cookieHeader(token)) { request in
            try request.content.encode(["_csrf": session.csrfToken], as: .urlEncodedForm)
        }
    }

    static func sessionToken(_ response: TestingHTTPResponse) -> String? {
        response.headers.setCookie?[AccessMiddleware.sessionCookie]?.string
    }

    static func cookieHeader(_ token: String) -> HTTPHeaders {
        var headers = HTTPHeaders()
        headers.cookie = [AccessMiddleware.sessionCookie: .init(string: token)]
        return headers
    }

    @Test("Signing in sets a new HttpOnly, SameSite=Strict session cookie, never the one the browser brought", arguments: TestDatabase.available)
    func signInRotatesTheSession(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let account = try await app.makeAccount(.cityAdmin)
            let response = try await Self.signIn(app, account.username, extraCookies: [AccessMiddleware.sessionCookie: "planted-by-attacker"])

            #expect(response.status == .seeOther)
            let token = try #require(Self.sessionToken(response))
            #expect(token != "planted-by-attacker")
            let cookie = try #require(response.headers.setCookie?[AccessMiddleware.sessionCookie])
            #expect(cookie.isHTTPOnly)
            #expect(cookie.sameSite == .strict)
            #expect(!cookie.isSecure)   // development and tests run on plain HTTP
            let home = try await app.testing().sendRequest(.GET, "/", headers: Self.cookieHeader(token))
            #expect(home.status == .ok)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "login").count() == 1)
        }
    }

    @Test("Five wrong passwords lock the account for 15 minutes, even against the right password, and each is audited", arguments: TestDatabase.available)
    func lockoutAfterFiveFailures(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let account = try await app.makeAccount(.cityAdmin)
            for _ in 0..<5 {
                let failed = try await Self.signIn(app, account.username, "Wrong#Password1")
                #expect(failed.status == .unauthorized)
            }
            let locked = try await Self.signIn(app, account.username)
            #expect(locked.status == .tooManyRequests)
            #expect(locked.headers.first(name: "Retry-After") != nil)
            #expect(Self.sessionToken(locked) == nil)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "login-failed").count() == 5)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "login-locked").count() == 1)

            // Fifteen minutes later the lock is gone.
            app.clock.advance(by: 15 * 60)
            let later = try await Self.signIn(app, account.username)
            #expect(later.status == .seeOther)
        }
    }

    @Test("Five failures from one address lock that address for every username", arguments: TestDatabase.available)
    func lockoutPerAddress(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let account = try await app.makeAccount(.cityAdmin)
            for index in 0..<5 { _ = try await Self.signIn(app, "nobody-\(index)", "Wrong#Password1") }
            let locked = try await Self.signIn(app, account.username)
            #expect(locked.status == .tooManyRequests)
        }
    }

    @Test("After sign-out, or when the account is disabled, the session cookie no longer works", arguments: TestDatabase.available)
    func logoutAndDisablingEndSessions(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let account = try await app.makeAccount(.cityAdmin)
            let caller = try await app.sessionCaller(account)
            let out = try await app.testing().sendRequest(.POST, "/logout", headers: caller.writeHeaders)
            #expect(out.status == .seeOther)
            let replay = try await app.testing().sendRequest(.GET, "/persons", headers: caller.headers)
            #expect(replay.status == .seeOther)
            #expect(replay.headers.first(name: .location)?.hasPrefix("/login?next=") == true)

            let second = try await app.sessionCaller(account)
            let token = try await app.tokenCaller(account)
            try await AccountService.setDisabled(account, true, by: AuditEvent(actor: "test", entity: .account, action: .disable), on: app.db,
                                                 now: app.clock.now())
            let afterDisable = try await app.testing().sendRequest(.GET, "/persons", headers: second.headers)
            #expect(afterDisable.status == .seeOther)
            let apiAfterDisable = try await app.testing().sendRequest(.GET, "/api/v1/persons", headers: token.headers)
            #expect(apiAfterDisable.status == .unauthorized)
            #expect(try await UserSession.query(on: app.db).filter(\.$endedAt == nil).count() == 0)
        }
    }

    @Test("A session idle for 30 minutes, or 12 hours old, has ended", arguments: TestDatabase.available)
    func sessionsExpire(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let account = try await app.makeAccount(.cityAdmin)
            let idle = try await app.sessionCaller(account)
            app.clock.advance(by: 29 * 60)
            #expect(try await app.testing().sendRequest(.GET, "/persons", headers: idle.headers).status == .ok)
            app.clock.advance(by: 30 * 60 + 1)
            #expect(try await app.testing().sendRequest(.GET, "/persons", headers: idle.headers).status == .seeOther)

            // In use all along, a session still ends 12 hours after it began.
            let busy = try await app.sessionCaller(account)
            for _ in 0..<28 {
                app.clock.advance(by: 25 * 60)
                #expect(try await app.testing().sendRequest(.GET, "/persons", headers: busy.headers).status == .ok)
            }
            app.clock.advance(by: 12 * 3600 - 28 * 25 * 60 + 1)
            #expect(try await app.testing().sendRequest(.GET, "/persons", headers: busy.headers).status == .seeOther)
        }
    }

    @Test("A form with a forged or missing CSRF token is refused, logged, and changes nothing", arguments: TestDatabase.available)
    func forgedCSRFIsRefused(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let admin = try await app.sessionCaller(try await app.makeAccount(.systemAdmin))
            for token in ["forged", ""] {
                let response = try await app.testing().sendRequest(.POST, "/admin/accounts", headers: admin.headers) { request in
                    request.headers.contentType = .urlEncodedForm
                    request.body = ByteBuffer(string: "_csrf=\(token)&username=mallory&role=city-admin&password=Gongjiang%232026")
                }
                #expect(response.status == .forbidden)
            }
            #expect(try await Account.query(on: app.db).filter(\.$username == "mallory").count() == 0)
            // The first refusal is recorded at once; the repeat from the same source is counted into one more record.
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "csrf-refused").count() == 1)
            try await app.denials.flush(on: app.db, now: app.clock.now(), all: true)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "csrf-refused-repeated").count() == 1)

            let genuine = try await app.testing().sendRequest(.POST, "/admin/accounts", headers: admin.headers) { request in
                request.headers.contentType = .urlEncodedForm
                request.body = ByteBuffer(string: "_csrf=\(admin.csrf!)&username=alice&role=city-admin&password=Gongjiang%232026")
            }
            #expect(genuine.status == .seeOther)
            #expect(try await Account.query(on: app.db).filter(\.$username == "alice").first()?.mustChangePassword == true)
        }
    }

    @Test("Pages carry the security headers and are never cached", arguments: TestDatabase.available)
    func securityHeaders(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let admin = try await app.cityAdmin()
            for path in ["/", "/persons", "/login", "/api/v1/persons"] {
                let response = try await app.testing().sendRequest(.GET, path, headers: path == "/login" ? [:] : admin.headers)
                let csp = response.headers.first(name: "Content-Security-Policy") ?? ""
                #expect(csp.contains("frame-ancestors 'none'"), "\(path)")
                #expect(!csp.contains("unsafe-inline"), "\(path)")
                #expect(!csp.contains("script-src"), "\(path): default-src 'none' already forbids every script")
                #expect(response.headers.first(name: "X-Content-Type-Options") == "nosniff", "\(path)")
                #expect(response.headers.first(name: "Referrer-Policy") == "same-origin", "\(path)")
                #expect(response.headers.first(name: .cacheControl) == "no-store", "\(path)")
            }
            let page = try await app.testing().sendRequest(.GET, "/persons", headers: admin.headers)
            #expect(!page.text.contains("<script"))
        }
    }

    @Test("API calls without a token, or with an expired, revoked or unknown one, answer 401 problem+json", arguments: TestDatabase.available)
    func badTokensAreRefused(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let anonymous = try await app.testing().sendRequest(.GET, "/api/v1/persons")
            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.headers.contentType?.subType == "problem+json")
            #expect(anonymous.headers.first(name: "WWW-Authenticate") == "Bearer")

            let account = try await app.makeAccount(.cityAdmin)
            let expired = try await app.tokenCaller(account)
            app.clock.advance(by: 30 * 86_400 + 1)   // the test token's 30 days
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/persons", headers: expired.headers).status == .unauthorized)

            let revoked = try await app.tokenCaller(account)
            let stored = try await APIToken.query(on: app.db).filter(\.$expiresAt > app.clock.now()).first()!
            try await APITokens.revoke(stored, event: AuditEvent(actor: "test", entity: .apiToken, action: .revoke), on: app.db,
                                       now: app.clock.now())
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/persons", headers: revoked.headers).status == .unauthorized)

            var unknown = HTTPHeaders()
            unknown.bearerAuthorization = BearerAuthorization(token: "gjt_made-up")
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/persons", headers: unknown).status == .unauthorized)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "token-refused").count() == 1)
            try await app.denials.flush(on: app.db, now: app.clock.now(), all: true)
            let repeated = try await AuditEntry.query(on: app.db).filter(\.$action == "token-refused-repeated").first()
            #expect(repeated?.after?.contains("\"count\":\"2\"") == true)
        }
    }

    @Test("A token over its rate limit gets 429 with Retry-After", arguments: TestDatabase.available)
    func rateLimit(database: TestDatabase) async throws {
        try await withGongjiang(database, adjust: { $0.rateLimitPerToken = 5 }) { app in
            let caller = try await app.cityAdminToken()
            for _ in 0..<5 {
                #expect(try await app.testing().sendRequest(.GET, "/api/v1/districts", headers: caller.headers).status == .ok)
            }
            let limited = try await app.testing().sendRequest(.GET, "/api/v1/districts", headers: caller.headers)
            #expect(limited.status == .tooManyRequests)
            #expect(Int(limited.headers.first(name: "Retry-After") ?? "") ?? 0 > 0)
            #expect(limited.headers.contentType?.subType == "problem+json")
        }
    }

    @Test("A new account must change its password first, and a password against the policy is refused", arguments: TestDatabase.available)
    func forcedPasswordChange(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let account = try await app.makeAccount(.districtOfficer)
            account.mustChangePassword = true
            try await account.update(on: app.db)
            let caller = try await app.sessionCaller(account)
            let redirected = try await app.testing().sendRequest(.GET, "/persons", headers: caller.headers)
            #expect(redirected.headers.first(name: .location) == "/account/password")

            let hashBefore = account.passwordHash
            for weak in ["short1!A", "alllowercaseletters", "\(account.username)X1!aaaa", "P@ssw0rd1234"] {
                let refused = try await app.testing().sendRequest(.POST, "/account/password", headers: caller.writeHeaders) { request in
                    try request.content.encode(["current": Self.password, "password": weak, "repeated": weak], as: .urlEncodedForm)
                }
                #expect(refused.status == .unprocessableEntity, "\(weak)")
            }
            #expect(try await Account.find(account.id, on: app.db)?.passwordHash == hashBefore)

            let changed = try await app.testing().sendRequest(.POST, "/account/password", headers: caller.writeHeaders) { request in
                try request.content.encode(["current": Self.password, "password": "Nantong-Skills-88", "repeated": "Nantong-Skills-88"],
                                           as: .urlEncodedForm)
            }
            #expect(changed.status == .ok)
            #expect(try await app.testing().sendRequest(.GET, "/persons", headers: caller.headers).status == .ok)
        }
    }

    @Test("The page to return to after sign-in must be on this site; header-splitting characters go nowhere", arguments: TestDatabase.available)
    func signInRedirectIsLocal(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let account = try await app.makeAccount(.cityAdmin)
            for next in ["https://evil.example/", "//evil.example", "/persons\r\nSet-Cookie: x=1", "/\\evil"] {
                let response = try await Self.signIn(app, account.username, next: next)
                #expect(response.headers.first(name: .location) == "/", "\(next)")
            }
            let good = try await Self.signIn(app, account.username, next: "/persons?q=1")
            #expect(good.headers.first(name: .location) == "/persons?q=1")
        }
    }

    @Test("When the security administrator requires TOTP for a role, its accounts enrol and then give a code at every sign-in", arguments: TestDatabase.available)
    func totpRequiredForRole(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            try await SecuritySetting(key: SecuritySettings.totpKey(Role.cityAdmin.rawValue), value: "true").create(on: app.db)
            let account = try await app.makeAccount(.cityAdmin)
            let signedIn = try await Self.signIn(app, account.username)
            let token = try #require(Self.sessionToken(signedIn))
            let headers = Self.cookieHeader(token)
            let blocked = try await app.testing().sendRequest(.GET, "/persons", headers: headers)
            #expect(blocked.headers.first(name: .location) == "/login/second-factor")

            let start = try await app.testing().sendRequest(.GET, "/login/second-factor", headers: headers)
            #expect(start.text.contains("/login/second-factor/enrol"))
            let enrol = try await Self.enrol(app, token)
            #expect(enrol.text.contains("otpauth://totp/"))
            #expect(!enrol.text.contains("href=\"/persons\""), "no navigation before the sign-in is finished")
            let stored = try #require(try await Account.find(account.id, on: app.db)?.totpSecretSealed)
            let totp = try #require(GongjiangCore.TOTP(base32Secret: try app.vault.open(stored)))
            let session = try await UserSession.query(on: app.db).filter(\.$tokenHash == Secrets.hash(token)).first()!

            let wrong = try await app.testing().sendRequest(.POST, "/login/second-factor", headers: headers) { request in
                try request.content.encode(["_csrf": session.csrfToken, "code": "000000"], as: .urlEncodedForm)
            }
            #expect(wrong.status == .unauthorized)
            // Left half-way: until a first code confirms it, a new sign-in shows the same secret again.
            let returning = try #require(Self.sessionToken(try await Self.signIn(app, account.username)))
            let shownAgain = try await app.testing().sendRequest(.GET, "/login/second-factor", headers: Self.cookieHeader(returning))
            #expect(shownAgain.text.contains("otpauth://totp/"))
            #expect(shownAgain.text.contains(totp.base32Secret))
            #expect(try await Account.find(account.id, on: app.db)?.totpSecretSealed == stored)
            let code = totp.code(at: Date())
            let right = try await app.testing().sendRequest(.POST, "/login/second-factor", headers: headers) { request in
                try request.content.encode(["_csrf": session.csrfToken, "code": code], as: .urlEncodedForm)
            }
            #expect(right.status == .seeOther)
            let persons = try await app.testing().sendRequest(.GET, "/persons", headers: headers)
            #expect(persons.status == .ok)
            #expect(persons.text.contains("href=\"/persons\""))

            // The same code cannot sign in a second session (RFC 6238 §5.2).
            let again = try #require(Self.sessionToken(try await Self.signIn(app, account.username)))
            let secondSession = try await UserSession.query(on: app.db).filter(\.$tokenHash == Secrets.hash(again)).first()!
            let replay = try await app.testing().sendRequest(.POST, "/login/second-factor", headers: Self.cookieHeader(again)) { request in
                try request.content.encode(["_csrf": secondSession.csrfToken, "code": code], as: .urlEncodedForm)
            }
            #expect(replay.status == .unauthorized)
            // Once confirmed, the secret is never shown again.
            let confirmed = try await app.testing().sendRequest(.GET, "/login/second-factor", headers: Self.cookieHeader(again))
            #expect(!confirmed.text.contains("otpauth://totp/"))
            #expect(!confirmed.text.contains(totp.base32Secret))
        }
    }

    @Test("A system administrator resets a lost second factor: the sessions end and the next sign-in enrols a new secret",
          arguments: TestDatabase.available)
    func secondFactorReset(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            try await SecuritySetting(key: SecuritySettings.totpKey(Role.cityAdmin.rawValue), value: "true").create(on: app.db)
            let account = try await app.makeAccount(.cityAdmin)
            let token = try #require(Self.sessionToken(try await Self.signIn(app, account.username)))
            _ = try await Self.enrol(app, token)
            let oldSecret = try #require(try await Account.find(account.id, on: app.db)?.totpSecretSealed)
            let totp = try #require(GongjiangCore.TOTP(base32Secret: try app.vault.open(oldSecret)))
            let session = try await UserSession.query(on: app.db).filter(\.$tokenHash == Secrets.hash(token)).first()!
            let confirmed = try await app.testing().sendRequest(.POST, "/login/second-factor", headers: Self.cookieHeader(token)) { request in
                try request.content.encode(["_csrf": session.csrfToken, "code": totp.code(at: Date())], as: .urlEncodedForm)
            }
            #expect(confirmed.status == .seeOther)

            let admin = try await app.makeAccount(.systemAdmin)
            let adminToken = try #require(Self.sessionToken(try await Self.signIn(app, admin.username)))
            let adminSession = try await UserSession.query(on: app.db).filter(\.$tokenHash == Secrets.hash(adminToken)).first()!
            let page = try await app.testing().sendRequest(.GET, "/admin/accounts", headers: Self.cookieHeader(adminToken))
            #expect(page.text.contains("/admin/accounts/\(account.id!.uuidString)/reset-second-factor"))
            let reset = try await app.testing().sendRequest(
                .POST, "/admin/accounts/\(account.id!.uuidString)/reset-second-factor", headers: Self.cookieHeader(adminToken)) { request in
                try request.content.encode(["_csrf": adminSession.csrfToken], as: .urlEncodedForm)
            }
            #expect(reset.status == .seeOther)
            // Its own second factor is not the administrator's to reset.
            let own = try await app.testing().sendRequest(
                .POST, "/admin/accounts/\(admin.id!.uuidString)/reset-second-factor", headers: Self.cookieHeader(adminToken)) { request in
                try request.content.encode(["_csrf": adminSession.csrfToken], as: .urlEncodedForm)
            }
            #expect(own.status == .forbidden)

            let after = try #require(try await Account.find(account.id, on: app.db))
            #expect(after.totpSecretSealed == nil && after.totpLastStep == nil)
            #expect(try await app.testing().sendRequest(.GET, "/persons", headers: Self.cookieHeader(token)).status != .ok)
            let again = try #require(Self.sessionToken(try await Self.signIn(app, account.username)))
            let enrol = try await Self.enrol(app, again)
            #expect(enrol.text.contains("otpauth://totp/"))
            #expect(!enrol.text.contains(totp.base32Secret))
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "second-factor-reset")
                .filter(\.$entityID == account.id!.uuidString).count() == 1)
        }
    }

    @Test("In production, a missing key file stops the start")
    func productionNeedsItsKeyFile() async throws {
        await #expect(throws: PersonalDataVault.VaultError.self) {
            try await withGongjiang(.sqlite, adjust: { $0.mode = .production }) { _ in }
        }
    }

    @Test("In production, session cookies are Secure, signing in over plain HTTP is refused, and demo accounts stop the start")
    func productionCookies() async throws {
        let keyFile = FileManager.default.temporaryDirectory.appendingPathComponent("keys-\(UUID().uuidString).json").path
        _ = try PersonalDataVault.load(path: keyFile, createIfMissing: true)
        defer { try? FileManager.default.removeItem(atPath: keyFile) }
        try await withGongjiang(.sqlite, adjust: { $0.mode = .production; $0.bcryptCost = 4; $0.keyFile = keyFile }) { app in
            let account = try await app.makeAccount(.cityAdmin)
            let plain = try await Self.signIn(app, account.username)
            #expect(plain.status == .forbidden)
            #expect(Self.sessionToken(plain) == nil)
            let cookie = SignIn.sessionCookie("x", request: Request(application: app, on: app.eventLoopGroup.any()))
            #expect(cookie.isSecure)

            try await ProductionChecks().didBootAsync(app)
            _ = try await DemoAccounts.ensure(on: app.db, bcryptCost: 4)
            await #expect(throws: ProductionChecks.ProductionRefusal.self) { try await ProductionChecks().didBootAsync(app) }
        }
    }
}

extension SecuritySetting {
    convenience init(key: String, value: String) {
        self.init()
        self.id = key
        self.value = value
        self.updatedAt = Date()
    }
}

import Fluent
import Foundation
@testable import GongjiangApp
import GongjiangCore
import Testing
import VaporTesting

/// Issue "Security: close what an outside probe found": one test per item (item 1 is `HostileInputPageTests`), each
/// reproducing the attack as the probe made it.
@Suite("What an outside probe found")
struct ProbeFindingsTests {
    typealias S = SessionSecurityTests

    static func session(_ app: Application, token: String) async throws -> UserSession {
        try #require(try await UserSession.query(on: app.db).filter(\.$tokenHash == Secrets.hash(token)).first())
    }

    static func auditCount(_ app: Application, _ action: String) async throws -> Int {
        try await AuditEntry.query(on: app.db).filter(\.$action == action).count()
    }

    static func postForm(_ app: Application, _ path: String, token: String, csrf: String, _ fields: [String: String]) async throws
        -> TestingHTTPResponse {
        try await app.testing().sendRequest(.POST, path, headers: S.cookieHeader(token)) { request in
            try request.content.encode(fields.merging(["_csrf": csrf]) { $1 }, as: .urlEncodedForm)
        }
    }

    /// An account with a confirmed second factor, and a sign-in that now owes its code.
    static func pendingSecondFactor(_ app: Application) async throws -> (Account, GongjiangCore.TOTP, String, UserSession) {
        let account = try await app.makeAccount(.cityAdmin)
        var generator = SystemRandomNumberGenerator()
        let totp = GongjiangCore.TOTP(secret: GongjiangCore.TOTP.generateSecret(using: &generator))
        account.totpSecretSealed = try app.vault.seal(totp.base32Secret)
        account.totpLastStep = 1
        try await account.update(on: app.db)
        let token = try #require(S.sessionToken(try await S.signIn(app, account.username)))
        let session = try await Self.session(app, token: token)
        #expect(session.awaitsSecondFactor)
        return (account, totp, token, session)
    }

    /// A six-digit code that is not the right one now (nor in the steps either side).
    static func wrongCode(_ totp: GongjiangCore.TOTP, _ n: Int) -> String {
        var candidate = n
        while true {
            let code = String(format: "%06d", candidate % 1_000_000)
            if totp.matchingCounter(code, at: Date()) == nil { return code }
            candidate += 1
        }
    }

    // MARK: 2

    /// Every valid resident ID number that agrees with what a role without unmasking is shown: the masked number
    /// (address code and last four), the year of birth and the sex. What an attacker could narrow a number down to.
    static func candidates(masked: String, birthYear: Int, sex: String?) -> [String] {
        let prefix = String(masked.prefix(6)), suffix = String(masked.suffix(4))
        var found: [String] = []
        for month in 1...12 {
            for day in 1...31 {
                let number = prefix + String(format: "%04d%02d%02d", birthYear, month, day) + suffix
                guard let id = try? ResidentID(number), Masking.residentID(id.value) == masked else { continue }
                if let sex, id.sex.rawValue != sex { continue }
                found.append(id.value)
            }
        }
        return found
    }

    @Test("Item 2: what a role without unmasking sees of a person (masked number, year of birth, sex) leaves many numbers possible",
          arguments: TestDatabase.available)
    func maskedNumberCannotBeRebuilt(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let (own, _, ownID) = try await ScopeTests.seedTwoDistricts(app)
            let officer = try await app.makeAccount(.districtOfficer, district: "320602")
            let api = try await app.tokenCaller(officer)
            let answer = try await app.testing().sendRequest(.GET, "/api/v1/persons/\(own.id!.uuidString)", headers: api.headers)
            struct Shown: Decodable { let idNumberMasked: String; let birthYear: Int?; let birthDate: String?; let sex: String? }
            let shown = try answer.json(Shown.self)
            #expect(shown.birthDate == nil)
            #expect(shown.birthYear == 1990)
            let candidates = Self.candidates(masked: shown.idNumberMasked, birthYear: shown.birthYear!, sex: shown.sex)
            #expect(candidates.contains(ownID))
            #expect(candidates.count >= 10, "the fields shown leave only \(candidates.count) candidate numbers")

            // The pages show the same: the year, never the date.
            let page = try await app.sessionCaller(officer)
            for path in ["/persons", "/persons/\(own.id!.uuidString)"] {
                let text = try await app.testing().sendRequest(.GET, path, headers: page.headers).text
                #expect(!text.contains("1990-01-01"), "\(path) shows the birth date beside the masked number")
                #expect(text.contains("1990"))
            }
            // Whoever may unmask sees the date with the number, and that viewing is audited.
            let admin = try await app.tokenCaller(try await app.makeAccount(.cityAdmin))
            let whole = try await app.testing().sendRequest(.GET, "/api/v1/persons/\(own.id!.uuidString)?unmasked=true", headers: admin.headers)
            #expect(try whole.json(Shown.self).birthDate == "1990-01-01")
        }
    }

    // MARK: 3

    @Test("Item 3: three wrong second-factor codes end the pending sign-in; the right code afterwards does not get in",
          arguments: TestDatabase.available)
    func secondFactorGuessesAreLimited(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let (account, totp, token, session) = try await Self.pendingSecondFactor(app)
            // Sent together, as the probe did: at most three codes are ever checked.
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for n in 0..<30 {
                    group.addTask {
                        try await Self.postForm(app, "/login/second-factor", token: token, csrf: session.csrfToken,
                                                ["code": Self.wrongCode(totp, n * 7919)]).status
                    }
                }
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }
            // At most three were checked (401); the rest met the lock (429) or a sign-in already ended (sent away).
            #expect(statuses.filter { $0 == .unauthorized }.count <= LoginThrottle.maximumSecondFactorFailures)
            let ended = try #require(try await UserSession.find(session.id, on: app.db))
            #expect(ended.awaitsSecondFactor, "no wrong code completed the sign-in")
            #expect(try await Self.auditCount(app, "second-factor-failed") <= LoginThrottle.maximumSecondFactorFailures)
            #expect(try await Self.auditCount(app, "second-factor-locked") >= 1)
            #expect(try await UserSession.find(session.id, on: app.db)?.endedAt != nil)

            let right = try await Self.postForm(app, "/login/second-factor", token: token, csrf: session.csrfToken,
                                                ["code": totp.code(at: Date())])
            #expect(right.status != .seeOther || right.headers.first(name: .location) != "/")
            let home = try await app.testing().sendRequest(.GET, "/", headers: S.cookieHeader(token))
            #expect(home.headers.first(name: .location)?.hasPrefix("/login") == true)

            // The wrong codes count toward the account's lockout, which a correct password does not clear: after a
            // few more sign-ins with wrong codes even the right password is refused, and no more than five codes in
            // all were checked within the fifteen minutes.
            var locked = false
            for attempt in 0..<4 where !locked {
                let signedIn = try await S.signIn(app, account.username)
                if signedIn.status == .tooManyRequests { locked = true; break }
                let again = try #require(S.sessionToken(signedIn))
                let pending = try await Self.session(app, token: again)
                for n in 0..<3 {
                    _ = try await Self.postForm(app, "/login/second-factor", token: again, csrf: pending.csrfToken,
                                                ["code": Self.wrongCode(totp, 100 * attempt + n)])
                }
            }
            #expect(locked)
            #expect(try await Self.auditCount(app, "second-factor-failed") <= LoginThrottle.maximumFailures)
        }
    }

    // MARK: 4

    @Test("Item 4: a district officer cannot create an organization in another district, nor move one out of theirs",
          arguments: TestDatabase.available)
    func organizationWritesStayInScope(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let officer = try await app.tokenCaller(try await app.makeAccount(.districtOfficer, district: "320602"))
            let elsewhere = try await app.testing().sendRequest(.POST, "/api/v1/organizations", headers: officer.headers) { request in
                try request.content.encode(["uscc": Fixture.creditCode(77), "name": "外区单位", "districtCode": "320685"])
            }
            #expect(elsewhere.status == .unprocessableEntity)
            #expect(elsewhere.text.contains("scope.district"))
            let nowhere = try await app.testing().sendRequest(.POST, "/api/v1/organizations", headers: officer.headers) { request in
                try request.content.encode(["uscc": Fixture.creditCode(78), "name": "无区县单位"])
            }
            #expect(nowhere.status == .unprocessableEntity)
            #expect(try await Organization.query(on: app.db).count() == 0)

            let created = try await app.testing().sendRequest(.POST, "/api/v1/organizations", headers: officer.headers) { request in
                try request.content.encode(["uscc": Fixture.creditCode(79), "name": "本区单位", "districtCode": "320602"])
            }
            #expect(created.status == .created)
            let id = try #require(try await Organization.query(on: app.db).first()?.id)
            let moved = try await app.testing().sendRequest(.PATCH, "/api/v1/organizations/\(id.uuidString)", headers: officer.headers) { request in
                try request.content.encode(["districtCode": "320681"])
            }
            #expect(moved.status == .unprocessableEntity)
            #expect(try await Organization.find(id, on: app.db)?.districtCode == "320602")
            let stillThere = try await app.testing().sendRequest(.GET, "/api/v1/organizations/\(id.uuidString)", headers: officer.headers)
            #expect(stillThere.status == .ok)
        }
    }

    @Test("Item 4: an import row may not attach a person to an employer outside the importer's districts",
          arguments: TestDatabase.available)
    func importEmployerStaysInScope(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let other = Organization()
            other.uscc = Fixture.creditCode(5)
            other.name = "通州区单位"
            other.kindCode = OrganizationKind.enterprise.rawValue
            other.districtCode = "320612"
            try await other.create(on: app.db)
            let path = try writeCSV([
                Fixture.header,
                Fixture.row(name: "本区人员", id: Fixture.residentID(sequence: 501), uscc: other.uscc, employer: "通州区单位",
                            number: Fixture.certificateNumber(level: 3, year: 23, serial: 501)),
                Fixture.row(name: "另一人", id: Fixture.residentID(sequence: 503), number: Fixture.certificateNumber(level: 3, year: 23, serial: 503)),
            ])
            let run = try await ImportJob.start(fileName: "scope.csv", on: app.db, now: app.clock.now())
            let report = try CSVReportSink(path: path + ".errors.csv")
            let summary = try await ImportJob.perform(run: run, path: path, encoding: nil, database: app.db, vault: app.vault,
                                                      actor: AuditEvent(actor: "officer", entity: .registryImport, action: .`import`),
                                                      scope: .districts(["320602"]), clock: app.clock, issues: report)
            #expect(summary.rejected == 1)
            #expect(summary.created == 1)
            #expect(try String(contentsOfFile: path + ".errors.csv", encoding: .utf8).contains("scope.employer"))
            #expect(try await Person.query(on: app.db).filter(\.$employerID == other.id!).count() == 0)
            // Item 11: the refused row is on the audit trail as denied access, once for the run.
            let denial = try #require(try await AuditEntry.query(on: app.db).filter(\.$action == "scope-denied").first())
            #expect(denial.outcome == "denied")
            #expect(denial.after?.contains("\"count\":\"1\"") == true)
        }
    }

    // MARK: 5

    @Test("Item 5: forty concurrent wrong passwords get at most five real checks", arguments: TestDatabase.available)
    func lockoutHoldsUnderConcurrency(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let account = try await app.makeAccount(.enterprise)
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for _ in 0..<40 {
                    group.addTask { try await S.signIn(app, account.username, "Wrong#Password1").status }
                }
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }
            let checked = statuses.filter { $0 == .unauthorized }.count
            #expect(checked <= LoginThrottle.maximumFailures)
            #expect(statuses.filter { $0 == .tooManyRequests }.count == 40 - checked)
            #expect(try await Self.auditCount(app, "login-failed") == checked)
            // Attempts refused while locked leave no failure behind, so the lock still lifts after 15 minutes.
            #expect(try await LoginFailure.query(on: app.db).filter(\.$subject == "account:" + account.username).count() == checked)
        }
    }

    // MARK: 6

    @Test("Item 6: a privileged account the system administrator makes waits for the security administrator; both steps are audited",
          arguments: TestDatabase.available)
    func privilegedRolesNeedApproval(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let systemAdmin = try await app.sessionCaller(try await app.makeAccount(.systemAdmin))
            let securityAdmin = try await app.sessionCaller(try await app.makeAccount(.securityAdmin))
            func create(_ username: String, _ role: Role) async throws -> TestingHTTPResponse {
                try await app.testing().sendRequest(.POST, "/admin/accounts", headers: systemAdmin.writeHeaders) { request in
                    try request.content.encode(["username": username, "role": role.rawValue, "password": S.password], as: .urlEncodedForm)
                }
            }
            #expect(try await create("attacker-admin", .cityAdmin).status == .seeOther)
            #expect(try await create("plain-enterprise", .enterprise).status != .seeOther) // needs an organization
            let pending = try #require(try await Account.query(on: app.db).filter(\.$username == "attacker-admin").first())
            #expect(pending.approval == .pending)
            #expect(pending.requestedBy == systemAdmin.account.username)

            // Not before approval: not by signing in, not by enabling it.
            #expect(try await S.signIn(app, "attacker-admin").status == .unauthorized)
            _ = try await app.testing().sendRequest(.POST, "/admin/accounts/\(pending.id!.uuidString)/enable", headers: systemAdmin.writeHeaders)
            #expect(try await S.signIn(app, "attacker-admin").status == .unauthorized)
            // The system administrator cannot approve it.
            let selfApproved = try await app.testing().sendRequest(.POST, "/admin/accounts/\(pending.id!.uuidString)/approve",
                                                                   headers: systemAdmin.writeHeaders)
            #expect(selfApproved.status == .forbidden)

            let page = try await app.testing().sendRequest(.GET, "/admin/security", headers: securityAdmin.headers)
            #expect(page.text.contains("attacker-admin"))
            let approved = try await app.testing().sendRequest(.POST, "/admin/accounts/\(pending.id!.uuidString)/approve",
                                                               headers: securityAdmin.writeHeaders)
            #expect(approved.status == .seeOther)
            #expect(try await S.signIn(app, "attacker-admin").status == .seeOther)
            #expect(try await Self.auditCount(app, "approve") == 1)
            let creation = try #require(try await AuditEntry.query(on: app.db).filter(\.$entityID == pending.id!.uuidString)
                .filter(\.$action == "create").first())
            #expect(creation.after?.contains("\"approval\":\"pending\"") == true)

            // A rejected account stays out, enabled or not.
            #expect(try await create("second-auditor", .auditor).status == .seeOther)
            let second = try #require(try await Account.query(on: app.db).filter(\.$username == "second-auditor").first())
            _ = try await app.testing().sendRequest(.POST, "/admin/accounts/\(second.id!.uuidString)/reject", headers: securityAdmin.writeHeaders)
            _ = try await app.testing().sendRequest(.POST, "/admin/accounts/\(second.id!.uuidString)/enable", headers: systemAdmin.writeHeaders)
            #expect(try await S.signIn(app, "second-auditor").status == .unauthorized)
            #expect(try await Self.auditCount(app, "reject") == 1)
            let again = try await app.testing().sendRequest(.POST, "/admin/accounts/\(second.id!.uuidString)/approve",
                                                            headers: securityAdmin.writeHeaders)
            #expect(again.status == .conflict, "an approval already decided is a conflict with the state, not bad input")
        }
    }

    // MARK: 7

    @Test("Item 7: repeated denials from one source become one record with a count per window", arguments: TestDatabase.available)
    func deniedRequestsCannotFloodTheTrail(database: TestDatabase) async throws {
        // A window that closed while 300 requests ran on a loaded machine (71 s once in CI) would add records of its own.
        try await withGongjiang(database, adjust: { $0.denialWindowSeconds = 3600 }) { app in
            let before = try await AuditEntry.query(on: app.db).count()
            for _ in 0..<150 {
                var headers = HTTPHeaders()
                headers.bearerAuthorization = BearerAuthorization(token: "junk")
                let page = try await app.testing().sendRequest(.GET, "/healthz", headers: headers)
                #expect(page.status == .unauthorized)
                let api = try await app.testing().sendRequest(.GET, "/api/v1/persons", headers: headers)
                #expect(api.status == .unauthorized)
            }
            #expect(try await AuditEntry.query(on: app.db).count() - before == 2)
            try await app.denials.flush(on: app.db, now: app.clock.now(), all: true)
            #expect(try await AuditEntry.query(on: app.db).count() - before == 4)
            let summary = try #require(try await AuditEntry.query(on: app.db).filter(\.$action == "token-refused-repeated").first())
            #expect(summary.after?.contains("\"count\":\"149\"") == true)
            #expect(try await AuditTrail.verify(on: app.db).problem == nil)
        }
    }

    @Test("Item 7: pages are rate-limited per address as the API is", arguments: TestDatabase.available)
    func pagesAreRateLimited(database: TestDatabase) async throws {
        try await withGongjiang(database, adjust: { $0.rateLimitPerAddress = 20 }) { app in
            var statuses: [HTTPStatus] = []
            for _ in 0..<25 { statuses.append(try await app.testing().sendRequest(.GET, "/login").status) }
            #expect(statuses.prefix(20).allSatisfy { $0 == .ok })
            let limited = try await app.testing().sendRequest(.GET, "/healthz")
            #expect(limited.status == .tooManyRequests)
            #expect(limited.headers.first(name: "Retry-After") != nil)
        }
    }

    // MARK: 8

    @Test("Item 8: wrong current passwords are audited and lock; a change ends the other sessions and lists the tokens",
          arguments: TestDatabase.available)
    func passwordChangeIsGuarded(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let account = try await app.makeAccount(.cityAdmin)
            let other = try await app.sessionCaller(account)
            _ = try await app.tokenCaller(account)
            let token = try #require(S.sessionToken(try await S.signIn(app, account.username)))
            let session = try await Self.session(app, token: token)
            let newPassword = "Another#Pass2027"

            let wrong = try await Self.postForm(app, "/account/password", token: token, csrf: session.csrfToken,
                                                ["current": "Wrong#Guess1", "password": newPassword, "repeated": newPassword])
            #expect(wrong.status == .unprocessableEntity)
            #expect(try await Self.auditCount(app, "password-change-failed") == 1)

            let changed = try await Self.postForm(app, "/account/password", token: token, csrf: session.csrfToken,
                                                  ["current": S.password, "password": newPassword, "repeated": newPassword])
            #expect(changed.status == .ok)
            #expect(changed.text.contains("/revoke"), "the tokens are listed for review")
            let ended = try await app.testing().sendRequest(.GET, "/persons", headers: other.headers)
            #expect(ended.headers.first(name: .location)?.hasPrefix("/login") == true)
            let kept = try await app.testing().sendRequest(.GET, "/persons", headers: S.cookieHeader(token))
            #expect(kept.status == .ok)

            // One wrong current password was counted already; four more reach the account's five, and the fifth
            // try after them is refused unchecked: the account is locked and this session ends.
            var statuses: [HTTPStatus] = []
            for n in 0..<5 {
                statuses.append(try await Self.postForm(app, "/account/password", token: token, csrf: session.csrfToken,
                                                        ["current": "Wrong#Guess\(n)", "password": S.password, "repeated": S.password]).status)
            }
            #expect(statuses == [.unprocessableEntity, .unprocessableEntity, .unprocessableEntity, .unprocessableEntity, .tooManyRequests])
            #expect(try await Self.auditCount(app, "password-change-failed") == LoginThrottle.maximumFailures)
            #expect(try await Self.auditCount(app, "password-change-locked") == 1)
            #expect(try await UserSession.find(session.id, on: app.db)?.endedAt != nil)
            #expect(try await S.signIn(app, account.username, newPassword).status == .tooManyRequests)
        }
    }

    // MARK: 9

    @Test("Item 9: a bearer token on a page route is refused; the API still takes it", arguments: TestDatabase.available)
    func tokensAreForTheAPIOnly(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let caller = try await app.cityAdminToken()
            let page = try await app.testing().sendRequest(.GET, "/persons", headers: caller.headers)
            #expect(page.status == .unauthorized)
            #expect(!page.text.contains("persons.title"))
            let api = try await app.testing().sendRequest(.GET, "/api/v1/persons", headers: caller.headers)
            #expect(api.status == .ok)
        }
    }

    // MARK: 10

    @Test("Item 10: import messages quote a bad value cut short, with identifiers masked in any spacing", arguments: TestDatabase.available)
    func importMessagesQuoteSafely(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let huge = String(repeating: "长", count: 200_000)
            let (summary, lines) = try await ImportTests.importFile(try writeCSV([
                Fixture.header,
                Fixture.row(name: huge, id: Fixture.residentID(sequence: 601)),
                Fixture.row(name: "李四", id: "320602 19900101 1099"),
                Fixture.row(name: "王五", id: Fixture.residentID(sequence: 605), district: "12012345678"),
            ]), app: app)
            #expect(summary.rejected == 3)
            let report = lines.joined(separator: "\n")
            #expect(report.utf8.count < 5_000)
            #expect(!report.contains("19900101"))
            #expect(!report.contains("12012345678"))
        }
    }

    // MARK: 11

    @Test("Item 11: reading or patching another district's record is recorded as denied access, aggregated", arguments: TestDatabase.available)
    func outOfScopeAttemptsAreRecorded(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let (_, other, _) = try await ScopeTests.seedTwoDistricts(app)
            let officer = try await app.makeAccount(.districtOfficer, district: "320602")
            let api = try await app.tokenCaller(officer)
            let page = try await app.sessionCaller(officer)
            for _ in 0..<10 {
                let read = try await app.testing().sendRequest(.GET, "/api/v1/persons/\(other.id!.uuidString)", headers: api.headers)
                #expect(read.status == .notFound)
            }
            let patch = try await app.testing().sendRequest(.PATCH, "/api/v1/persons/\(other.id!.uuidString)", headers: api.headers) { request in
                try request.content.encode(["name": "改名"])
            }
            #expect(patch.status == .notFound)
            #expect(try await app.testing().sendRequest(.GET, "/persons/\(other.id!.uuidString)", headers: page.headers).status == .notFound)
            // An id that exists nowhere is simply not found: nothing to record.
            _ = try await app.testing().sendRequest(.GET, "/api/v1/persons/\(UUID().uuidString)", headers: api.headers)

            let first = try await AuditEntry.query(on: app.db).filter(\.$action == "out-of-scope").all()
            #expect(first.count == 1)
            #expect(first.first?.entityID == other.id!.uuidString)
            #expect(first.first?.outcome == "denied")
            try await app.denials.flush(on: app.db, now: app.clock.now(), all: true)
            let summary = try #require(try await AuditEntry.query(on: app.db).filter(\.$action == "out-of-scope-repeated").first())
            #expect(summary.after?.contains("\"count\":\"11\"") == true)
        }
    }

    // MARK: 12

    @Test("Item 12: showing the second-factor page changes nothing; a secret is made only by a POST, when the role requires one",
          arguments: TestDatabase.available)
    func secondFactorPageDoesNotEnrol(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let plain = try await app.makeAccount(.enterprise)
            let token = try #require(S.sessionToken(try await S.signIn(app, plain.username)))
            let shown = try await app.testing().sendRequest(.GET, "/login/second-factor", headers: S.cookieHeader(token))
            #expect(shown.status == .seeOther)
            #expect(try await Account.find(plain.id, on: app.db)?.totpSecretSealed == nil)
            let session = try await Self.session(app, token: token)
            _ = try await Self.postForm(app, "/login/second-factor/enrol", token: token, csrf: session.csrfToken, [:])
            #expect(try await Account.find(plain.id, on: app.db)?.totpSecretSealed == nil)

            try await SecuritySetting(key: SecuritySettings.totpKey(Role.cityAdmin.rawValue), value: "true").create(on: app.db)
            let required = try await app.makeAccount(.cityAdmin)
            let pending = try #require(S.sessionToken(try await S.signIn(app, required.username)))
            let page = try await app.testing().sendRequest(.GET, "/login/second-factor", headers: S.cookieHeader(pending))
            #expect(page.status == .ok)
            #expect(!page.text.contains("otpauth://"))
            #expect(try await Account.find(required.id, on: app.db)?.totpSecretSealed == nil)
            let pendingSession = try await Self.session(app, token: pending)
            let enrolled = try await Self.postForm(app, "/login/second-factor/enrol", token: pending, csrf: pendingSession.csrfToken, [:])
            #expect(enrolled.text.contains("otpauth://totp/"))
            #expect(try await Account.find(required.id, on: app.db)?.totpSecretSealed != nil)
        }
    }
}

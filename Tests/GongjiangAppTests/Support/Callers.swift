import Fluent
import Foundation
@testable import GongjiangApp
import GongjiangCore
import VaporTesting

/// How a test calls the app as a given account: a session cookie with its CSRF token, or an API token.
struct Caller: Sendable {
    let account: Account
    let headers: HTTPHeaders
    let csrf: String?

    /// Headers for a state-changing request (the CSRF header for sessions).
    var writeHeaders: HTTPHeaders {
        var headers = headers
        if let csrf { headers.replaceOrAdd(name: AccessMiddleware.csrfHeader, value: csrf) }
        return headers
    }
}

extension Application {
    /// A fresh account in `role`; district officers serve 崇川区 (320602) unless told otherwise,
    /// organization roles get a new organization.
    func makeAccount(_ role: Role, district: String = "320602", organizationID: UUID? = nil,
                     username: String? = nil, password: String = "Gongjiang#2026") async throws -> Account {
        var organization = organizationID
        if role.isOrganizationScoped, organization == nil {
            let made = Organization()
            made.uscc = Fixture.creditCode(Int.random(in: 1...999_999_999))
            made.name = "测试单位\(UUID().uuidString.prefix(6))"
            made.kindCode = OrganizationKind.enterprise.rawValue
            made.districtCode = district
            try await made.create(on: db)
            organization = made.id
        }
        let name = username ?? "\(role.rawValue)-\(UUID().uuidString.prefix(6).lowercased())"
        return try await AccountService.create(
            .init(username: name, displayName: name, role: role, districtCode: district, organizationID: organization,
                  password: password, mustChangePassword: false, byOperator: true),
            by: AuditEvent(actor: "test", entity: .account, action: .create), on: db, bcryptCost: 4)
    }

    /// Signed in through a server-side session, as a browser would be.
    func sessionCaller(_ account: Account) async throws -> Caller {
        let token = Secrets.token()
        let session = UserSession()
        session.tokenHash = Secrets.hash(token)
        session.accountID = account.id!
        session.csrfToken = Secrets.token()
        session.awaitsSecondFactor = false
        session.createdAt = clock.now()
        session.lastSeenAt = clock.now()
        try await session.create(on: db)
        var headers = HTTPHeaders()
        headers.cookie = [AccessMiddleware.sessionCookie: .init(string: token)]
        return Caller(account: account, headers: headers, csrf: session.csrfToken)
    }

    /// Signed in with an API token, as a script would be.
    func tokenCaller(_ account: Account) async throws -> Caller {
        let (secret, _) = try await APITokens.create(for: account.id!, name: "test", days: 30,
                                                     event: AuditEvent(actor: "test", entity: .apiToken, action: .create), on: db,
                                                     now: clock.now())
        var headers = HTTPHeaders()
        headers.bearerAuthorization = BearerAuthorization(token: secret)
        return Caller(account: account, headers: headers, csrf: nil)
    }

    /// The city administrator, the role that sees the whole registry.
    func cityAdmin() async throws -> Caller { try await sessionCaller(try await makeAccount(.cityAdmin)) }
    func cityAdminToken() async throws -> Caller { try await tokenCaller(try await makeAccount(.cityAdmin)) }
}

import Fluent
import Foundation
@testable import GongjiangApp
import GongjiangCore
import Testing
import VaporTesting

/// Generated from the route table: every registered route, called by every role and by nobody,
/// answers as its stated requirement says. A new route without a requirement fails here.
@Suite("Access matrix")
struct AccessMatrixTests {
    enum Verdict: Equatable { case allowed, unauthenticated, forbidden }

    static func path(of route: Route) -> String {
        "/" + route.path.map { component -> String in
            switch component {
            case .constant(let value): value
            case .parameter: UUID().uuidString
            case .anything, .catchall: "x"
            }
        }.joined(separator: "/")
    }

    static func verdict(_ response: TestingHTTPResponse) -> Verdict {
        if response.status == .forbidden { return .forbidden }
        if response.status == .unauthorized, response.headers.first(name: "WWW-Authenticate") != nil { return .unauthenticated }
        // Sent to sign in (with the page to come back to); signing out also ends on /login, but with no `next`.
        if response.status == .seeOther, response.headers.first(name: .location)?.hasPrefix("/login?next=") == true { return .unauthenticated }
        return .allowed
    }

    @Test("Every route answers each role, and anonymous callers, exactly as its requirement says", arguments: TestDatabase.available)
    func everyRouteForEveryRole(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            var accounts: [Role: Account] = [:]
            var tokens: [Role: Caller] = [:]
            for role in Role.allCases {
                let account = try await app.makeAccount(role)
                accounts[role] = account
                tokens[role] = try await app.tokenCaller(account)
            }
            let routes = app.routes.all
            #expect(routes.count > 30)
            var checked = 0
            for route in routes {
                let requirement = try #require(route.requirement, "\(route.method) \(route.path) states no requirement")
                let path = Self.path(of: route)
                let isAPI = path.hasPrefix("/api/")
                for role in [Role?.none] + Role.allCases.map(Optional.some) {
                    var caller: Caller? = nil
                    if let role { caller = isAPI ? tokens[role] : try await app.sessionCaller(accounts[role]!) }
                    let response = try await app.testing().sendRequest(route.method, path, headers: caller?.writeHeaders ?? [:]) { request in
                        guard route.method != .GET else { return }
                        if isAPI {
                            request.headers.contentType = .json
                            request.body = ByteBuffer(string: "{}")
                        } else {
                            let token = caller?.csrf ?? "matrix-csrf"
                            if caller == nil { request.headers.cookie = [AccessMiddleware.anonymousCSRFCookie: .init(string: token)] }
                            request.headers.contentType = .urlEncodedForm
                            request.body = ByteBuffer(string: "_csrf=\(token)")
                        }
                    }
                    let expected: Verdict = requirement.allows(role: role) ? .allowed : (role == nil ? .unauthenticated : .forbidden)
                    #expect(Self.verdict(response) == expected,
                            "\(route.method) \(path) as \(role?.rawValue ?? "anonymous"): \(response.status.code), requirement \(requirement)")
                    checked += 1
                }
            }
            #expect(checked == routes.count * (Role.allCases.count + 1))
        }
    }
}

import Fluent
import Foundation
@testable import GongjiangApp
import GongjiangCore
import Testing
import VaporTesting

/// Generated from the route table: every registered route, called by every role and by nobody, answers with exactly
/// the status its stated requirement and its handler give. A new route without a requirement fails here, and so does
/// a new route without an expected status below, and a handler that breaks (500).
@Suite("Access matrix")
struct AccessMatrixTests {
    static func path(of route: Route) -> String {
        "/" + route.path.map { component -> String in
            switch component {
            case .constant(let value): value
            case .parameter: UUID().uuidString
            case .anything, .catchall: "x"
            }
        }.joined(separator: "/")
    }

    static func key(of route: Route) -> String {
        "\(route.method) /" + route.path.map(\.description).joined(separator: "/")
    }

    /// What each route answers a caller it admits, called as the matrix calls it: with a random id, an empty form
    /// (its CSRF token only) or an empty JSON object, and nothing else. Exact, so that a change of behaviour, and
    /// above all a 500, is seen.
    static let admitted: [String: HTTPStatus] = [
        // Programmes: an empty call or application is refused by name; a random id is found nowhere; an unknown type code
        // answers no such type; an empty step names no event.
        "GET /api/v1/programme-types": .ok,
        "GET /api/v1/programme-types/:code": .notFound,
        "PUT /api/v1/programme-types/:code": .unprocessableEntity,
        "GET /api/v1/programme-calls": .ok,
        "POST /api/v1/programme-calls": .unprocessableEntity,
        "GET /api/v1/programme-calls/:id": .notFound,
        "POST /api/v1/programme-calls/:id/transitions": .notFound,
        "GET /api/v1/public/programme-calls": .ok,
        "POST /api/v1/programme-eligibility": .notFound,
        "GET /api/v1/programme-applications": .ok,
        "POST /api/v1/programme-applications": .notFound,
        "GET /api/v1/programme-applications/:id": .notFound,
        "PUT /api/v1/programme-applications/:id/form": .notFound,
        "PUT /api/v1/programme-applications/:id/attachments/:key": .unprocessableEntity,
        "GET /api/v1/programme-applications/:id/attachments/:key": .notFound,
        "GET /api/v1/programme-reviews/:id/attachments/:key": .notFound,
        "GET /programmes/reviews/:id/attachments/:key": .notFound,
        "POST /api/v1/programme-applications/:id/transitions": .unprocessableEntity,
        "GET /programmes": .ok,
        "POST /programmes": .unprocessableEntity,
        "GET /programmes/calls/:id": .notFound,
        "POST /programmes/calls/:id/steps": .notFound,
        "POST /programmes/calls/:id/objections": .notFound,
        "POST /programmes/calls/:id/applications": .notFound,
        "GET /programmes/applications/:id": .notFound,
        "POST /programmes/applications/:id/steps": .notFound,
        "POST /programmes/applications/:id/attachments": .notFound,
        "POST /programmes/applications/:id/decision": .notFound,
        "POST /programmes/objections/:id/resolution": .notFound,
        "GET /programmes/reviews": .ok,
        "POST /programmes/reviews/:id/declaration": .conflict,
        "POST /programmes/reviews/:id/scores": .conflict,
        "GET /programmes/titles": .ok,
        "POST /programmes/titles/:id/steps": .unprocessableEntity,
        "POST /programmes/titles/payments": .badRequest,
        "GET /programmes/types": .ok,
        "POST /programmes/types": .unprocessableEntity,
        "GET /programmes/experts": .ok,
        "POST /programmes/experts/:id": .notFound,
        "PUT /api/v1/expert-profiles/:id": .notFound,
        "POST /api/v1/programme-calls/:id/review": .notFound,
        "GET /api/v1/programme-reviews": .ok,
        "POST /api/v1/programme-reviews/:id/declaration": .conflict,
        "PUT /api/v1/programme-reviews/:id/scores": .conflict,
        "POST /api/v1/programme-calls/:id/ranking": .notFound,
        "POST /api/v1/programme-calls/:id/notice": .notFound,
        "POST /api/v1/programme-calls/:id/objections": .conflict,
        "POST /api/v1/programme-objections/:id/resolution": .notFound,
        "POST /api/v1/programme-calls/:id/notice-conclusion": .conflict,
        "POST /api/v1/programme-applications/:id/approval": .badRequest,
        "POST /api/v1/programme-applications/:id/recommendation": .badRequest,
        "POST /api/v1/programme-applications/:id/upstream-outcome": .badRequest,
        "GET /api/v1/programme-titles": .ok,
        "POST /api/v1/programme-titles": .unprocessableEntity,
        "POST /programmes/titles/honours": .unprocessableEntity,
        "POST /api/v1/programme-titles/:id/transitions": .unprocessableEntity,
        "POST /api/v1/programme-titles/:id/payments": .badRequest,
        "POST /api/v1/programme-payments": .badRequest,
        // Apprenticeship: with a random id, nothing is found; an empty plan is refused by name; a year that is no year is a bad parameter.
        "GET /api/v1/apprenticeship-plans": .ok,
        "POST /api/v1/apprenticeship-plans": .unprocessableEntity,
        "GET /api/v1/apprenticeship-plans/:id": .notFound,
        "POST /api/v1/apprenticeship-plans/:id/transitions": .badRequest,
        "POST /api/v1/apprenticeship-plans/:id/settlement": .badRequest,
        "POST /api/v1/apprenticeship-plans/:id/completions": .notFound,
        "GET /api/v1/apprenticeship-plans/:id/apprentices": .notFound,
        "POST /api/v1/apprenticeship-plans/:id/apprentices": .notFound,
        "POST /api/v1/apprentices/:id/changes": .notFound,
        "POST /api/v1/apprentices/:id/assessments": .notFound,
        "POST /api/v1/apprentices/:id/exit": .notFound,
        "GET /api/v1/apprenticeship-targets/:year": .badRequest,
        "PUT /api/v1/apprenticeship-targets/:year": .badRequest,
        "GET /api/v1/statistics/annual/:year": .badRequest,
        "GET /api/v1/labour-force/:year": .badRequest,
        "PUT /api/v1/labour-force/:year": .badRequest,
        "GET /statistics/report": .ok,
        "GET /statistics/wages": .ok,
        "POST /statistics/wages": .unprocessableEntity,
        "GET /statistics/wages/template.csv": .ok,
        "POST /statistics/wages/file": .unprocessableEntity,
        "GET /api/v1/wage-reports/:year": .badRequest,
        "PUT /api/v1/wage-reports/:year": .badRequest,
        "GET /open-data": .ok,
        "GET /api/v1/public/statistics/:year": .badRequest,
        "GET /statistics": .ok,
        "GET /statistics/dashboard.csv": .badRequest,
        "GET /statistics/report/districts.csv": .ok,
        "GET /statistics/report/occupations.csv": .ok,
        "GET /statistics/labour-force": .ok,
        "POST /statistics/labour-force": .badRequest,
        "GET /statistics/labour-force/template.csv": .ok,
        "POST /statistics/labour-force/file": .unprocessableEntity,
        "GET /apprenticeship": .ok,
        "GET /apprenticeship/plans/new": .ok,
        "POST /apprenticeship/plans/new": .unprocessableEntity,
        "GET /apprenticeship/plans/:id": .notFound,
        "POST /apprenticeship/plans/:id/transitions": .notFound,
        "POST /apprenticeship/plans/:id/settlement": .notFound,
        "POST /apprenticeship/plans/:id/completions": .notFound,
        "POST /apprenticeship/plans/:id/apprentices": .notFound,
        "GET /apprenticeship/apprentices/:id": .notFound,
        "POST /apprenticeship/apprentices/:id/changes": .notFound,
        "POST /apprenticeship/apprentices/:id/assessments": .notFound,
        "POST /apprenticeship/apprentices/:id/exit": .notFound,
        "GET /apprenticeship/targets": .ok,
        "POST /apprenticeship/plans/:id/amendment": .notFound,
        "PUT /api/v1/apprenticeship-plans/:id": .notFound,
        "GET /apprenticeship/policy": .ok,
        "POST /apprenticeship/policy": .unprocessableEntity,
        "GET /api/v1/apprenticeship-policies": .ok,
        "POST /api/v1/apprenticeship-policies": .unprocessableEntity,
        "POST /apprenticeship/targets": .unprocessableEntity,
        "GET /api/v1/training-providers": .ok,
        "POST /api/v1/training-providers": .unprocessableEntity,
        "POST /api/v1/training-providers/:id/transitions": .notFound,
        "GET /api/v1/training-classes": .ok,
        "POST /api/v1/training-classes": .conflict,
        "GET /api/v1/training-classes/:id": .notFound,
        "POST /api/v1/training-classes/:id/transitions": .notFound,
        "GET /api/v1/training-classes/:id/enrolments": .notFound,
        "POST /api/v1/training-classes/:id/enrolments": .notFound,
        "PUT /api/v1/enrolments/:id/attendance": .notFound,
        "GET /api/v1/training-claims": .ok,
        "POST /api/v1/training-claims": .unprocessableEntity,
        "GET /api/v1/training-claims/:id": .notFound,
        "POST /api/v1/training-claims/:id/transitions": .badRequest,
        "GET /api/v1/public/training-classes": .ok,
        "POST /api/v1/training-claim-transitions": .badRequest,
        "GET /courses": .ok,
        "GET /notices/training/:id": .notFound,
        "GET /training/providers": .ok,
        "POST /training/providers": .unprocessableEntity,
        "POST /training/providers/:id/transitions": .notFound,
        "GET /training/classes": .ok,
        "GET /training/classes/new": .ok,
        // The matrix's organization is no approved provider: it files no class.
        "POST /training/classes/new": .conflict,
        "GET /training/classes/:id": .notFound,
        "POST /training/classes/:id/transitions": .notFound,
        "POST /training/classes/:id/enrolments": .notFound,
        "POST /training/enrolments/:id/attendance": .notFound,
        "GET /training/templates/enrolments.csv": .ok,
        "GET /training/templates/attendance.csv": .ok,
        "POST /training/classes/:id/files/enrolments": .notFound,
        "POST /training/classes/:id/files/attendance": .notFound,
        "GET /training/claims": .ok,
        "POST /training/claims": .unprocessableEntity,
        "POST /training/claims/transitions": .unprocessableEntity,
        "GET /training/claims/template.csv": .ok,
        "POST /training/claims/file": .unprocessableEntity,
        "GET /training/claims/:id": .notFound,
        "POST /training/claims/:id/transitions": .notFound,
        "GET /training/policy": .ok,
        "POST /training/policy/versions": .unprocessableEntity,
        "POST /training/policy/categories": .unprocessableEntity,
        "POST /api/v1/skill-upgrade-subsidies": .unprocessableEntity,
        "GET /ledger": .ok,
        "GET /ledger/payments": .ok,
        "GET /ledger/payments/:id": .notFound,
        "GET /ledger/batches/:id": .notFound,
        "GET /ledger/batches/:id/bank-file.csv": .notFound,
        "POST /ledger/allocations": .badRequest,
        "POST /ledger/budgets": .badRequest,
        "POST /ledger/batches": .badRequest,
        "POST /ledger/batches/:id/bank-result": .notFound,
        "POST /ledger/payments/:id/cancellation": .notFound,
        "POST /ledger/payments/:id/clawback": .notFound,
        "POST /ledger/payments/:id/recovery": .notFound,
        "GET /api/v1/ledger/trial-balance": .ok,
        "GET /api/v1/ledger/check": .ok,
        "GET /api/v1/ledger/transactions": .ok,
        "GET /api/v1/ledger/transactions/:id": .notFound,
        "POST /api/v1/ledger/transactions/:id/reversal": .badRequest,
        "POST /api/v1/ledger/allocations": .badRequest,
        "POST /api/v1/ledger/budgets": .badRequest,
        "GET /api/v1/payments": .ok,
        "GET /api/v1/payments/:id": .notFound,
        "POST /api/v1/payments/:id/cancellation": .badRequest,
        "POST /api/v1/payments/:id/clawback": .badRequest,
        "POST /api/v1/payments/:id/recovery": .badRequest,
        "GET /api/v1/payment-batches": .ok,
        "POST /api/v1/payment-batches": .badRequest,
        "GET /api/v1/payment-batches/:id": .notFound,
        "GET /api/v1/payment-batches/:id/bank-file": .notFound,
        "POST /api/v1/payment-batches/:id/bank-result": .unprocessableEntity,
        "GET /": .ok,
        "GET /static/app.css": .ok,
        "GET /healthz": .ok,
        "GET /login": .ok,
        "POST /login": .unauthorized,
        "GET /login/second-factor": .seeOther,
        "POST /login/second-factor/enrol": .seeOther,
        "POST /login/second-factor": .seeOther,
        "POST /logout": .seeOther,
        "GET /account": .ok,
        "GET /account/password": .ok,
        "POST /account/password": .unprocessableEntity,
        "POST /account/tokens": .unprocessableEntity,
        "POST /account/tokens/:id/revoke": .notFound,
        "GET /admin/accounts": .ok,
        "POST /admin/accounts": .unprocessableEntity,
        "POST /admin/accounts/:id/disable": .notFound,
        "POST /admin/accounts/:id/enable": .notFound,
        "POST /admin/accounts/:id/reset-second-factor": .notFound,
        "POST /admin/accounts/:id/approve": .notFound,
        "POST /admin/accounts/:id/reject": .notFound,
        "GET /admin/security": .ok,
        "POST /admin/security/totp": .badRequest,
        "GET /audit": .ok,
        "GET /audit/export.csv": .ok,
        "GET /persons": .ok,
        "GET /persons/:id": .notFound,
        "GET /organizations": .ok,
        "GET /organizations/:id": .notFound,
        "GET /certificates": .ok,
        "GET /certificates/:id": .notFound,
        "GET /reference": .ok,
        "GET /reference/calendar": .ok,
        "POST /reference/calendar": .unprocessableEntity,
        "GET /imports": .ok,
        "POST /imports": .badRequest,
        "GET /imports/template.csv": .ok,
        "GET /imports/:id": .notFound,
        "GET /imports/:id/report.csv": .notFound,
        "GET /api/v1/openapi.json": .ok,
        "GET /api/v1/persons": .ok,
        "POST /api/v1/persons": .unprocessableEntity,
        "GET /api/v1/persons/:id": .notFound,
        "PATCH /api/v1/persons/:id": .notFound,
        "POST /api/v1/persons/:id/departure": .notFound,
        "POST /persons/:id/departure": .notFound,
        "GET /api/v1/persons/:id/titles": .notFound,
        "GET /api/v1/organizations/:id/titles": .notFound,
        "GET /api/v1/organizations": .ok,
        "POST /api/v1/organizations": .unprocessableEntity,
        "GET /api/v1/organizations/:id": .notFound,
        "PATCH /api/v1/organizations/:id": .notFound,
        "GET /api/v1/certificates": .ok,
        "GET /api/v1/certificates/:id": .notFound,
        "GET /api/v1/districts": .ok,
        "GET /api/v1/occupations": .ok,
        "GET /api/v1/**": .notFound,
        "GET /.well-known/jwks.json": .ok,
        "GET /verify": .ok,
        "GET /certificates/:id/print": .notFound,
        "GET /certificates/export.csv": .ok,
        "POST /certificates/:id/revocation": .notFound,
        "GET /plans/candidates-template.csv": .ok,
        "GET /filings/:id/resubmit": .notFound,
        "POST /filings/:id/resubmit": .notFound,
        "GET /api/v1/occupations/:code/conditions": .notFound,
        "POST /api/v1/occupations/:code/conditions": .notFound,
        "GET /api/v1/certification-policies": .ok,
        "POST /api/v1/certification-policies": .unprocessableEntity,
        "GET /plans/scores-template.csv": .ok,
        "POST /plans/:id/candidates.csv": .notFound,
        "POST /plans/:id/scores.csv": .notFound,
        "GET /evaluation-organizations": .ok,
        "GET /api/v1/certificates/:id/credential": .notFound,
        // Without the holder's name, which the document requires.
        "GET /api/v1/public/certificates/:number": .badRequest,
        // Certification: an organization without an active filing cannot plan (409); forms posted empty are refused
        // field by field (422); ids that name nothing are 404, as out-of-scope ones are.
        "GET /api/v1/filings/:id": .notFound,
        "GET /api/v1/filings": .ok,
        "GET /api/v1/plans/:id/candidates": .notFound,
        "GET /api/v1/plans/:id/notice": .notFound,
        "GET /api/v1/plans/:id": .notFound,
        "GET /api/v1/plans": .ok,
        "GET /api/v1/public/evaluation-organizations": .ok,
        "GET /filings/:id": .notFound,
        "GET /filings/new": .ok,
        "GET /filings": .ok,
        "GET /plans/:id": .notFound,
        "GET /plans/new": .conflict,
        "GET /plans": .ok,
        "POST /api/v1/candidates/:id/amendments": .notFound,
        "POST /api/v1/candidates/:id/withdrawal": .notFound,
        "POST /api/v1/certificates/:id/revocation": .notFound,
        "POST /api/v1/filings/:id/transitions": .notFound,
        "POST /api/v1/filings": .unprocessableEntity,
        "POST /api/v1/objections/:id/resolution": .notFound,
        "POST /api/v1/plans/:id/candidates": .notFound,
        "POST /api/v1/plans/:id/objections": .notFound,
        "POST /api/v1/plans/:id/supervision": .notFound,
        "POST /api/v1/plans/:id/transitions": .notFound,
        "POST /api/v1/plans": .conflict,
        "POST /candidates/:id/amendments": .notFound,
        "POST /candidates/:id/scores": .notFound,
        "POST /candidates/:id/withdrawal": .notFound,
        "POST /filings/:id/transitions": .notFound,
        "POST /filings/new": .unprocessableEntity,
        "POST /objections/:id/resolution": .notFound,
        "POST /plans/:id/candidates": .notFound,
        "POST /plans/:id/objections": .notFound,
        "POST /plans/:id/supervision": .notFound,
        "POST /plans/:id/transitions": .notFound,
        "POST /plans/new": .conflict,
        "PUT /api/v1/candidates/:id/scores": .notFound,
        "PUT /api/v1/filings/:id": .notFound,
    ]

    /// Where a signed-in caller gets another answer than an anonymous one: the sign-in page sends them home.
    static let admittedSignedIn: [String: HTTPStatus] = ["GET /login": .seeOther]

    /// What a caller the route does not admit gets: sent to sign in (pages) or 401 (API) when anonymous, 403 otherwise.
    static func refused(_ route: Route, signedIn: Bool) -> HTTPStatus {
        if signedIn { return .forbidden }
        return route.path.first == .constant("api") ? .unauthorized : .seeOther
    }

    static func call(_ app: Application, _ route: Route, as caller: Caller?) async throws -> TestingHTTPResponse {
        let path = Self.path(of: route)
        let isAPI = path.hasPrefix("/api/")
        return try await app.testing().sendRequest(route.method, path, headers: caller?.writeHeaders ?? [:]) { request in
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
    }

    @Test("Every route answers each role, and anonymous callers, with exactly the status its requirement and handler give",
          arguments: TestDatabase.available)
    func everyRouteForEveryRole(database: TestDatabase) async throws {
        // Every route × every caller comes from one address: far more calls than the per-address limit allows a minute.
        try await withGongjiang(database, adjust: { $0.rateLimitPerAddress = 100_000 }) { app in
            var accounts: [Role: Account] = [:]
            var tokens: [Role: Caller] = [:]
            for role in Role.allCases {
                let account = try await app.makeAccount(role)
                accounts[role] = account
                tokens[role] = try await app.tokenCaller(account)
            }
            let routes = app.routes.all
            #expect(routes.count > 40)
            #expect(Set(routes.map(Self.key)) == Set(Self.admitted.keys), "every route has an expected status, and only routes do")
            var checked = 0
            for route in routes {
                let requirement = try #require(route.requirement, "\(route.method) \(route.path) states no requirement")
                let isAPI = route.path.first == .constant("api")
                for role in [Role?.none] + Role.allCases.map(Optional.some) {
                    var caller: Caller? = nil
                    // A fresh session each time: signing out, or a password change, would end a shared one.
                    if let role { caller = isAPI ? tokens[role] : try await app.sessionCaller(accounts[role]!) }
                    // Eleven failed sign-ins in a row would lock this address: each starts from none.
                    if Self.key(of: route) == "POST /login" { try await LoginFailure.query(on: app.db).delete() }
                    let response = try await Self.call(app, route, as: caller)
                    let key = Self.key(of: route)
                    let expected = requirement.allows(role: role)
                        ? (role != nil ? Self.admittedSignedIn[key] ?? Self.admitted[key] : Self.admitted[key])
                        : Self.refused(route, signedIn: role != nil)
                    #expect(response.status == expected,
                            "\(Self.key(of: route)) as \(role?.rawValue ?? "anonymous"): \(response.status.code), expected \(expected?.code ?? 0)")
                    if role == nil, !requirement.allows(role: nil), !isAPI {
                        #expect(response.headers.first(name: .location)?.hasPrefix("/login?next=") == true)
                    }
                    checked += 1
                }
            }
            #expect(checked == routes.count * (Role.allCases.count + 1))
        }
    }

    @Test("A route that states no requirement is refused to every role and to anonymous callers", arguments: TestDatabase.available)
    func routeWithoutRequirementIsClosed(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            app.grouped(AccessMiddleware()).get("forgotten") { _ in "reached" }
            let route = try #require(app.routes.all.first { $0.path == [.constant("forgotten")] })
            #expect(route.requirement == nil)
            for role in Role.allCases {
                let caller = try await app.sessionCaller(try await app.makeAccount(role))
                let response = try await Self.call(app, route, as: caller)
                #expect(response.status == .forbidden, "\(role.rawValue)")
                #expect(!response.text.contains("reached"))
                let token = try await app.tokenCaller(caller.account)
                let withToken = try await Self.call(app, route, as: token)
                #expect(withToken.status != .ok, "\(role.rawValue) with a token")
            }
            let anonymous = try await Self.call(app, route, as: nil)
            #expect(anonymous.status == .seeOther)
            #expect(!anonymous.text.contains("reached"))
        }
    }
}

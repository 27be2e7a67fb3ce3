import Fluent
import Foundation
@testable import GongjiangApp
import GongjiangCore
import Testing
import VaporTesting

/// Issue "Security: close what an outside probe found", item 1: input echoed into a page must stay text. Every page
/// route is rendered, by a role that may see it (two, where two may), with a hostile value in each parameter the
/// pages read and in each path segment; the HTML is tokenised as a browser would, and no injected element or attribute may appear.
@Suite("Hostile input in every page")
struct HostileInputPageTests {
    /// Each breaks out of a double- or single-quoted attribute, or out of text, and leaves a marker ("inj") as an
    /// element id or an attribute name if it works.
    static let hostileValues = [
        "\"><b id=inj>X</b>",
        "'><form action=/admin/accounts method=post data-inj=1><input name=x data-inj=2>",
        "\" onfocus=\"inj\" data-inj=\"1",
        "</title><b id=inj>",
    ]

    /// Every query parameter a page reads (and some it does not, which must be ignored as safely).
    static let parameters = ["q", "district", "employer", "number", "level", "status", "kind", "occupation", "person",
                             "cursor", "actor", "entity", "action", "from", "to", "before", "next", "lang", "reveal", "error"]

    static func injected(_ html: String) -> [HTMLTag] {
        HTMLTag.scan(html).filter { tag in
            tag.attributes.contains { $0.name.contains("inj") || $0.name.hasPrefix("on") || ($0.name == "id" && $0.value == "inj") }
        }
    }

    /// Dotted words in the page's text (outside tags) that look like message keys of a module.
    static func unknownKeys(_ html: String) -> [String] {
        let text = html.replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression)
        let prefixes = (Modules.all.map(\.name) + ["app", "common", "field", "error"]).joined(separator: "|")
        guard let pattern = try? NSRegularExpression(pattern: "\\b(?:\(prefixes))\\.[a-z0-9-]+(?:\\.[a-z0-9-]+)*") else { return [] }
        return pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { Range($0.range, in: text).map { String(text[$0]) } }
    }

    static func encoded(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
    }

    /// On SQLite only: what a page escapes does not depend on the database it read from, and the sweep is the
    /// suite's largest (some 1,500 pages); the pages' reading and writing run on both databases elsewhere.
    @Test("No page route, parameter or path segment lets a hostile value add an element or attribute", arguments: [TestDatabase.sqlite])
    func everyPageEscapesEveryReflectedValue(database: TestDatabase) async throws {
        try await withGongjiang(database, adjust: { $0.rateLimitPerAddress = 1_000_000 }) { app in
            // A stored hostile value too, shown on the organizations' pages.
            let organization = Organization()
            organization.uscc = Fixture.creditCode(424_242)
            organization.name = Self.hostileValues[0]
            organization.kindCode = OrganizationKind.enterprise.rawValue
            organization.districtCode = "320602"
            try await organization.create(on: app.db)

            var callers: [Role: Caller] = [:]
            for role in [Role.cityAdmin, .districtOfficer, .auditor, .systemAdmin, .securityAdmin, .enterprise] {
                callers[role] = try await app.sessionCaller(try await app.makeAccount(role))
            }
            /// Who renders a route: anonymous callers where it is open to them, else the first role it allows (the
            /// district officer's pages differ from the city administrator's, so both where both may).
            func renderers(_ route: Route) -> [Caller?] {
                guard let requirement = route.requirement, !requirement.allows(role: nil) else { return [nil] }
                return [Role.cityAdmin, .districtOfficer, .auditor, .systemAdmin, .securityAdmin, .enterprise]
                    .filter { requirement.allows(role: $0) }.prefix(2).map { callers[$0] }
            }
            let pageRoutes = app.routes.all.filter { $0.method == .GET && $0.path.first != .constant("api") }
            #expect(pageRoutes.count >= 12)
            var rendered = 0
            for route in pageRoutes {
                // Path segments: each hostile value once; query parameters: one at a time, the values taking turns.
                let hasParameters = route.path.contains { if case .constant = $0 { false } else { true } }
                for (index, hostile) in Self.hostileValues.enumerated() where hasParameters || index == 0 {
                    let segments = route.path.map { component -> String in
                        if case .constant(let value) = component { return value }
                        return Self.encoded(hostile)
                    }
                    let path = "/" + segments.joined(separator: "/")
                    let queries = [""] + Self.parameters.enumerated().map { offset, name in
                        "?\(name)=\(Self.encoded(Self.hostileValues[(offset + index) % Self.hostileValues.count]))"
                    }
                    for caller in renderers(route) {
                        for query in queries {
                            let response = try await app.testing().sendRequest(.GET, path + query, headers: caller?.headers ?? [:])
                            #expect(response.status != .internalServerError, "GET \(path + query)")
                            guard response.headers.contentType == .html else { continue }
                            rendered += 1
                            let found = Self.injected(response.text)
                            #expect(found.isEmpty, "GET \(path + query) as \(caller?.account.roleCode ?? "anonymous"): \(found)")
                            // A message key with no text in the catalogue shows itself: none may reach a page.
                            let missing = Self.unknownKeys(response.text)
                            #expect(missing.isEmpty, "GET \(path + query): untranslated \(missing)")
                        }
                    }
                }
            }
            #expect(rendered > 500)

            // Pages of records: the organization with a hostile name, and a path that names no page at all.
            let admin = try #require(callers[.cityAdmin])
            for path in ["/organizations/\(organization.id!.uuidString)", "/organizations?q=\(Self.encoded(Self.hostileValues[1]))",
                         "/" + Self.encoded(Self.hostileValues[0]), "/persons/" + Self.encoded(Self.hostileValues[0]) + "/x"] {
                let response = try await app.testing().sendRequest(.GET, path, headers: admin.headers)
                #expect(Self.injected(response.text).isEmpty, "GET \(path)")
            }
        }
    }

    @Test("The username echoed after a failed sign-in stays text", arguments: TestDatabase.available)
    func failedSignInEchoesUsernameAsText(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            for hostile in Self.hostileValues {
                let response = try await app.testing().sendRequest(.POST, "/login") { request in
                    request.headers.cookie = [AccessMiddleware.anonymousCSRFCookie: .init(string: "login-csrf")]
                    request.headers.contentType = .urlEncodedForm
                    request.body = ByteBuffer(string: "_csrf=login-csrf&username=\(Self.encoded(hostile))&password=x&next=\(Self.encoded(hostile))")
                }
                #expect(response.status == .unauthorized)
                #expect(Self.injected(response.text).isEmpty, "\(Self.injected(response.text))")
                // The value is still shown, as text, so the user sees what they typed.
                let username = HTMLTag.scan(response.text).first { $0.name == "input" && $0.attributes.contains { $0 == ("name", "username") } }
                #expect(username?.attributes.first { $0.name == "value" }?.value == hostile.htmlEscaped)
            }
        }
    }

    @Test("The tokenizer this suite relies on does find an injected element in an unescaped attribute")
    func scannerFindsInjection() {
        let unescaped = "<a href=\"/\(Self.hostileValues[0])\">中文</a><input value=\"\(Self.hostileValues[2])\">"
        #expect(Self.injected(unescaped).count == 2)
        let escaped = "<a href=\"/\(Self.hostileValues[0].htmlEscaped)\">中文</a><input value=\"\(Self.hostileValues[2].htmlEscaped)\">"
        #expect(Self.injected(escaped).isEmpty)
    }
}

import Foundation
@testable import GongjiangApp
import Testing
import VaporTesting

@Suite("OpenAPI document")
struct OpenAPITests {
    struct Document: Decodable {
        let openapi: String
        let paths: [String: [String: Operation]]
        struct Operation: Decodable { let operationId: String }
    }

    @Test("Every API route is documented, and every documented operation is a route")
    func documentMatchesRoutesBothWays() async throws {
        try await withGongjiang(.sqlite) { app in
            let response = try await app.testing().sendRequest(.GET, "/api/v1/openapi.json")
            let document = try response.json(Document.self)
            #expect(document.openapi == "3.1.0")
            let documented = Set(document.paths.flatMap { path, operations in operations.keys.map { "\($0.uppercased()) \(path)" } })

            let registered = Set(app.routes.all.compactMap { route -> String? in
                let parts = route.path.map { component -> String in
                    switch component {
                    case .constant(let value): value
                    case .parameter(let name): "{\(name)}"
                    case .anything: "*"
                    case .catchall: "**"
                    }
                }
                guard parts.starts(with: ["api", "v1"]), !parts.contains("**") else { return nil }
                return "\(route.method.rawValue) /" + parts.joined(separator: "/")
            })

            #expect(registered.subtracting(documented).isEmpty, "routes missing from the document: \(registered.subtracting(documented))")
            #expect(documented.subtracting(registered).isEmpty, "documented but not routed: \(documented.subtracting(registered))")
            #expect(registered.count >= 12)
        }
    }
}

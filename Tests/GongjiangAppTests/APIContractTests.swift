import Foundation
@testable import GongjiangApp
import GongjiangCore
import Testing
import VaporTesting

/// The API takes what its document declares and nothing else (issue "Before the modules", item 6). scripts/api-contract
/// runs schemathesis with every check for each role; these are the cases it first found, kept as tests.
@Suite("API contract")
struct APIContractTests {
    @Test("The document uses no parameter or body keyword the server does not enforce")
    func documentUsesOnlyEnforcedKeywords() {
        for operation in OpenAPIDocument.operations {
            for parameter in operation.parameters {
                let schema = parameter["schema"] as? [String: Any] ?? [:]
                #expect(Set(schema.keys).isSubset(of: APIContract.enforcedKeywords), "\(operation.operationID) \(parameter["name"] ?? "")")
                if let format = schema["format"] as? String { #expect(APIContract.enforcedFormats.contains(format)) }
            }
            if let body = operation.requestSchema {
                let schema = OpenAPIDocument.schemas[body] as? [String: Any]
                #expect(schema?["additionalProperties"] as? Bool == false, "\(body) is closed, as the server enforces")
            }
        }
    }

    @Test("The free-text pattern the middleware checks without a regular expression is the document's")
    func freeTextPattern() {
        #expect(OpenAPIDocument.freeText["pattern"] as? String == APIContract.noControlCharacters)
    }

    @Test("Parameters outside the document are refused with 400 naming them", arguments: [
        "/api/v1/certificates?level=abc",
        "/api/v1/certificates?level=9",
        "/api/v1/persons?limit=null",
        "/api/v1/persons?limit=0",
        "/api/v1/persons?limit=1&limit=2",
        "/api/v1/organizations?kind=",
        "/api/v1/certificates?status=lost",
        "/api/v1/persons?employer_id=not-a-uuid",
        "/api/v1/persons?cursor=zz",
        "/api/v1/persons?shoe_size=42",
        "/api/v1/persons?q=%00",
    ])
    func undeclaredParametersAreRefused(path: String) async throws {
        try await withGongjiang(.sqlite) { app in
            let caller = try await app.cityAdminToken()
            let response = try await app.testing().sendRequest(.GET, path, headers: caller.headers)
            #expect(response.status == .badRequest, "\(path)")
            #expect(response.headers.contentType?.subType == "problem+json")
        }
    }

    @Test("Declared parameters within their bounds are taken", arguments: [
        "/api/v1/certificates?level=5&status=valid", "/api/v1/persons?limit=200", "/api/v1/organizations?kind=enterprise",
        "/api/v1/persons?cursor=\(String(repeating: "0", count: 32))e5bca0", "/api/v1/persons/\(UUID().uuidString)?unmasked=false",
    ])
    func declaredParametersAreTaken(path: String) async throws {
        try await withGongjiang(.sqlite) { app in
            let caller = try await app.cityAdminToken()
            let response = try await app.testing().sendRequest(.GET, path, headers: caller.headers)
            #expect(response.status == .ok || response.status == .notFound, "\(path): \(response.status)")
        }
    }

    @Test("A documented address asked with another method answers 405 with the methods it has")
    func undocumentedMethodsAre405() async throws {
        try await withGongjiang(.sqlite) { app in
            let caller = try await app.cityAdminToken()
            let trace = try await app.testing().sendRequest(.TRACE, "/api/v1/persons", headers: caller.headers)
            #expect(trace.status == .methodNotAllowed)
            #expect(trace.headers.first(name: "Allow") == "GET, HEAD, POST")
            let put = try await app.testing().sendRequest(.PUT, "/api/v1/persons/\(UUID().uuidString)", headers: caller.headers)
            #expect(put.status == .methodNotAllowed)
            #expect(put.headers.first(name: "Allow") == "GET, HEAD, PATCH")
        }
    }

    @Test("A body with a property its schema does not name, or a null where a string is declared, is refused")
    func closedBodies() async throws {
        try await withGongjiang(.sqlite) { app in
            let caller = try await app.cityAdminToken()
            let uscc = Fixture.creditCode(91)
            // An extra property, a null where a string is declared, and a body that is no object.
            for body in [#"{"uscc": "\#(uscc)", "name": "单位", "role": "city-admin"}"#, #"{"uscc": null, "name": "单位"}"#, "[1]"] {
                let response = try await app.testing().sendRequest(.POST, "/api/v1/organizations", headers: caller.headers) { request in
                    request.headers.contentType = .json
                    request.body = ByteBuffer(string: body)
                }
                #expect(response.status == .badRequest, "\(body)")
            }
            #expect(try await Organization.query(on: app.db).count() == 0, "nothing was written")
        }
    }

    @Test("Every string of the cursor's documented form is a cursor, and the server's own round-trip")
    func cursorsMatchTheirPattern() throws {
        let cursor = Cursor(key: "张伟", id: UUID())
        #expect(Cursor(encoded: cursor.encoded) == cursor)
        let pattern = try NSRegularExpression(pattern: Cursor.pattern)
        #expect(pattern.firstMatch(in: cursor.encoded, range: NSRange(cursor.encoded.startIndex..., in: cursor.encoded)) != nil)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let length = 32 + 2 * Int.random(in: 0...200, using: &generator)
            let text = String((0..<length).map { _ in Array("0123456789abcdef").randomElement(using: &generator)! })
            #expect(Cursor(encoded: text) != nil, "\(text)")
        }
        #expect(Cursor(encoded: String(repeating: "0", count: 31)) == nil)
        #expect(Cursor(encoded: String(repeating: "A", count: 32)) == nil)
    }

    @Test("The query string reads as URLComponents reads it; a form's + is a space only where asked", arguments: [
        "name=%E5%8F%B6%E8%B6%85", "a=1&b=2&a=3", "q=a+b&flag", "q=&x=%2B", "e=%41%42c", "empty==x", "&&a=1&",
    ])
    func queryStringAsURLComponents(query: String) throws {
        let ours = try #require(QueryString.items(query))
        let theirs = URLComponents(string: "/p?" + query)?.queryItems ?? []
        #expect(ours == theirs.filter { !$0.name.isEmpty || $0.value != nil }.map { QueryString.Item(name: $0.name, value: $0.value) })
    }

    @Test("A malformed escape or bytes that are not UTF-8 make the query unreadable (the API answers 400)")
    func malformedQueries() {
        #expect(QueryString.items("a=%ZZ") == nil)
        #expect(QueryString.items("a=%E5%8F") == nil)
        #expect(QueryString.items("a=%4") == nil)
        #expect(QueryString.value(of: "name", in: "name=John+Smith&name=x") == "John Smith")
        #expect(QueryString.value(of: "name", in: "other=1") == nil)
    }
}

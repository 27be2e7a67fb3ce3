import Foundation
import NIOConcurrencyHelpers
import Vapor

/// The API takes exactly what its OpenAPI document declares, so that the document is a contract a client can trust:
/// a request valid by the document is not refused for its form, and one invalid by it is refused with 400
/// problem+json naming what is wrong. The document is the one source of these rules; this middleware reads them
/// from it (query parameters: their names, that each is given once, their type, bounds, enumeration, format and
/// pattern; request bodies: that they are JSON objects with no property the schema does not name) and a test
/// checks that the document uses no keyword this file does not enforce. Rules no schema can say (a check digit, a
/// district that exists, a record in the caller's scope) stay with the handlers and answer 422, 404 or 409.
struct APIContractMiddleware: AsyncMiddleware {
    /// Each operation's rules, read from the document once, by "METHOD /api/v1/path/{param}".
    let rules: [String: APIContract.Rules]
    /// The rules of each route, found by its key once and then by the route itself: the key is a string built from
    /// the route's path, and building it on every call was a cost the busiest address did not need to pay.
    private let byRoute = NIOLockedValueBox<[ObjectIdentifier: APIContract.Rules?]>([:])

    init(operations: [OpenAPIDocument.Operation] = OpenAPIDocument.operations) {
        self.rules = Dictionary(operations.map { ("\($0.method.uppercased()) \($0.path)", APIContract.Rules($0)) }) { first, _ in first }
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.url.path.hasPrefix("/api/") else { return try await next.respond(to: request) }
        // No route, or only the API's catch-all for unknown GETs: a documented address asked with another method.
        guard let route = request.route, route.path.last != .catchall else {
            // A documented address asked with another method (TRACE, PUT, …) is 405 with the methods it has.
            let allowed = allowedMethods(for: request.url.path)
            if !allowed.isEmpty { throw RequestProblem.methodNotAllowed(allowed: allowed) }
            return try await next.respond(to: request)
        }
        if let rules = rules(of: route) {
            try rules.check(request)
        }
        return try await next.respond(to: request)
    }

    private func rules(of route: Route) -> APIContract.Rules? {
        let id = ObjectIdentifier(route)
        if let known = byRoute.withLockedValue({ $0[id] }) { return known }
        let found = rules["\(route.method.rawValue) " + Self.template(route.path)]
        byRoute.withLockedValue { $0[id] = .some(found) }
        return found
    }

    static func template(_ path: [PathComponent]) -> String {
        "/" + path.map { component in
            switch component {
            case .constant(let value): value
            case .parameter(let name): "{\(name)}"
            case .anything: "*"
            case .catchall: "**"
            }
        }.joined(separator: "/")
    }

    private func allowedMethods(for path: String) -> [String] {
        let asked = path.split(separator: "/", omittingEmptySubsequences: false)
        var methods: Set<String> = []
        for key in rules.keys {
            let path = key.drop { $0 != " " }.dropFirst()
            let parts = path.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == asked.count,
                  zip(parts, asked).allSatisfy({ $0.hasPrefix("{") || $0 == $1 }) else { continue }
            methods.insert(String(key.prefix { $0 != " " }))
        }
        if methods.contains("GET") { methods.insert("HEAD") }
        return methods.sorted()
    }
}

enum APIContract {
    /// The schema keywords this file enforces; the document may use no other in parameters and request bodies.
    static let enforcedKeywords: Set<String> = ["type", "minimum", "maximum", "enum", "format", "pattern", "minLength", "maxLength",
                                                "description"]
    static let enforcedFormats: Set<String> = ["uuid"]

    /// One operation's rules as the document states them, read into types once.
    struct Rules: Sendable {
        let query: [String: QueryRule]
        let required: [String]
        /// The request body's schema; `nonisolated(unsafe)`: built once, only read.
        nonisolated(unsafe) let body: [String: Any]?

        init(_ operation: OpenAPIDocument.Operation) {
            var query: [String: QueryRule] = [:]
            var required: [String] = []
            for parameter in operation.parameters {
                guard parameter["in"] as? String == "query", let name = parameter["name"] as? String, query[name] == nil else { continue }
                query[name] = QueryRule(parameter["schema"] as? [String: Any] ?? [:])
                if parameter["required"] as? Bool == true { required.append(name) }
            }
            self.query = query
            self.required = required
            self.body = operation.requestSchema.flatMap { OpenAPIDocument.schemas[$0] as? [String: Any] }
        }

        func check(_ request: Request) throws {
            guard let items = QueryString.items(request.url.query) else { throw RequestProblem.badParameter("query") }
            var seen: Set<String> = []
            for item in items {
                guard let rule = query[item.name] else { throw RequestProblem.unknownParameter(String(item.name.prefix(40))) }
                guard seen.insert(item.name).inserted else { throw RequestProblem.badParameter(item.name) }
                guard let value = item.value, rule.admits(value) else { throw RequestProblem.badParameter(item.name) }
            }
            for name in required where !seen.contains(name) {
                throw RequestProblem.badParameter(name)
            }
            if let body { try checkBody(request, body) }
        }
    }

    /// A query parameter's schema as types.
    struct QueryRule: Sendable {
        enum Kind: Sendable { case integer, boolean, string }
        enum Pattern: @unchecked Sendable {
            case none
            /// `OpenAPIDocument.freeText`'s pattern, most of them, on the busiest addresses: checked scalar by scalar,
            /// as the expression says, without the regular-expression engine.
            case noControlCharacters
            /// NSRegularExpression is immutable and safe to match from any thread.
            case expression(NSRegularExpression)
            /// A pattern that does not compile admits nothing.
            case invalid
        }

        let kind: Kind
        let minimum: Int?
        let maximum: Int?
        let allowed: [String]?
        let minLength: Int?
        let maxLength: Int?
        let isUUID: Bool
        let pattern: Pattern

        init(_ schema: [String: Any]) {
            kind = switch schema["type"] as? String { case "integer": .integer; case "boolean": .boolean; default: .string }
            minimum = schema["minimum"] as? Int
            maximum = schema["maximum"] as? Int
            allowed = schema["enum"] as? [String]
            minLength = schema["minLength"] as? Int
            maxLength = schema["maxLength"] as? Int
            isUUID = schema["format"] as? String == "uuid"
            pattern = switch schema["pattern"] as? String {
            case nil: .none
            case APIContract.noControlCharacters?: .noControlCharacters
            case let text?: (try? NSRegularExpression(pattern: text)).map { .expression($0) } ?? .invalid
            }
        }

        func admits(_ value: String) -> Bool {
            switch kind {
            case .integer:
                guard !value.isEmpty, value.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-") }), let number = Int(value) else { return false }
                if let minimum, number < minimum { return false }
                if let maximum, number > maximum { return false }
                return true
            case .boolean:
                return value == "true" || value == "false"
            case .string:
                if let allowed, !allowed.contains(value) { return false }
                let length = value.unicodeScalars.count
                if let minLength, length < minLength { return false }
                if let maxLength, length > maxLength { return false }
                if isUUID, UUID(uuidString: value) == nil { return false }
                switch pattern {
                case .none: return true
                case .noControlCharacters: return !value.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }
                case .expression(let expression):
                    return expression.firstMatch(in: value, range: NSRange(value.startIndex..., in: value)) != nil
                case .invalid: return false
                }
            }
        }
    }

    /// `OpenAPIDocument.freeText`'s pattern.
    static let noControlCharacters = "^[^\\x00-\\x1f\\x7f]*$"

    /// A body must be one JSON object naming no property its schema does not (`additionalProperties: false`).
    private static func checkBody(_ request: Request, _ schema: [String: Any]) throws {
        guard let buffer = request.body.data, buffer.readableBytes > 0 else { return }
        guard let object = try? JSONSerialization.jsonObject(with: Data(buffer: buffer)) as? [String: Any] else {
            throw RequestProblem.invalidBody("a JSON object is expected")
        }
        let properties = schema["properties"] as? [String: Any] ?? [:]
        if schema["additionalProperties"] as? Bool == false, let unknown = object.keys.sorted().first(where: { properties[$0] == nil }) {
            throw RequestProblem.unknownParameter(String(unknown.prefix(40)))
        }
        // A property declared as a string must be one: null, a number or an object is refused, not read as absent. Null
        // is refused for any property whose type does not list "null" (an integer, an object, an array).
        for (name, value) in object {
            guard let property = properties[name] as? [String: Any] else { continue }
            if value is NSNull, property["type"] is String { throw RequestProblem.badParameter(String(name.prefix(40))) }
            // An integer outside its declared bounds is refused here, as a query parameter's is.
            if property["type"] as? String == "integer", !(value is Bool), let number = value as? NSNumber {
                if let minimum = property["minimum"] as? Int, number.int64Value < Int64(minimum) { throw RequestProblem.badParameter(String(name.prefix(40))) }
                if let maximum = property["maximum"] as? Int, number.int64Value > Int64(maximum) { throw RequestProblem.badParameter(String(name.prefix(40))) }
            }
            guard property["type"] as? String == "string" else { continue }
            guard let text = value as? String else { throw RequestProblem.badParameter(String(name.prefix(40))) }
            if property["format"] as? String == "uuid", UUID(uuidString: text) == nil { throw RequestProblem.badParameter(name) }
        }
    }
}

import Foundation
import Vapor

/// The API takes exactly what its OpenAPI document declares, so that the document is a contract a client can trust:
/// a request valid by the document is not refused for its form, and one invalid by it is refused with 400
/// problem+json naming what is wrong. The document is the one source of these rules; this middleware reads them
/// from it (query parameters: their names, that each is given once, their type, bounds, enumeration, format and
/// pattern; request bodies: that they are JSON objects with no property the schema does not name) and a test
/// checks that the document uses no keyword this file does not enforce. Rules no schema can say (a check digit, a
/// district that exists, a record in the caller's scope) stay with the handlers and answer 422, 404 or 409.
struct APIContractMiddleware: AsyncMiddleware {
    /// Operations by "METHOD /api/v1/path/{param}".
    let operations: [String: OpenAPIDocument.Operation]

    init(operations: [OpenAPIDocument.Operation] = OpenAPIDocument.operations) {
        self.operations = Dictionary(operations.map { ("\($0.method.uppercased()) \($0.path)", $0) }) { first, _ in first }
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.url.path.hasPrefix("/api/") else { return try await next.respond(to: request) }
        guard let route = request.route else {
            // A documented address asked with another method (TRACE, PUT, …) is 405 with the methods it has.
            let allowed = allowedMethods(for: request.url.path)
            if !allowed.isEmpty { throw RequestProblem.methodNotAllowed(allowed: allowed) }
            return try await next.respond(to: request)
        }
        if let operation = operations["\(route.method.rawValue) " + Self.template(route.path)] {
            try APIContract.check(request, against: operation)
        }
        return try await next.respond(to: request)
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
        for (key, operation) in operations {
            let parts = operation.path.split(separator: "/", omittingEmptySubsequences: false)
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

    static func check(_ request: Request, against operation: OpenAPIDocument.Operation) throws {
        let declared = Dictionary(operation.parameters.compactMap { parameter -> (String, [String: Any])? in
            guard parameter["in"] as? String == "query", let name = parameter["name"] as? String else { return nil }
            return (name, parameter)
        }) { first, _ in first }
        guard let components = URLComponents(string: request.url.string) else { throw RequestProblem.badParameter("query") }
        var seen: Set<String> = []
        for item in components.queryItems ?? [] {
            guard let parameter = declared[item.name] else { throw RequestProblem.unknownParameter(String(item.name.prefix(40))) }
            guard seen.insert(item.name).inserted else { throw RequestProblem.badParameter(item.name) }
            guard let value = item.value, valid(value, parameter["schema"] as? [String: Any] ?? [:]) else {
                throw RequestProblem.badParameter(item.name)
            }
        }
        for (name, parameter) in declared where parameter["required"] as? Bool == true && !seen.contains(name) {
            throw RequestProblem.badParameter(name)
        }
        if let schemaName = operation.requestSchema, let schema = OpenAPIDocument.schemas[schemaName] as? [String: Any] {
            try checkBody(request, schema)
        }
    }

    /// `OpenAPIDocument.freeText`'s pattern.
    static let noControlCharacters = "^[^\\x00-\\x1f\\x7f]*$"

    /// Whether a query value is valid by its parameter's schema.
    static func valid(_ value: String, _ schema: [String: Any]) -> Bool {
        switch schema["type"] as? String {
        case "integer":
            guard !value.isEmpty, value.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-") }), let number = Int(value) else { return false }
            if let minimum = schema["minimum"] as? Int, number < minimum { return false }
            if let maximum = schema["maximum"] as? Int, number > maximum { return false }
            return true
        case "boolean":
            return value == "true" || value == "false"
        default:
            if let allowed = schema["enum"] as? [String], !allowed.contains(value) { return false }
            let length = value.unicodeScalars.count
            if let minimum = schema["minLength"] as? Int, length < minimum { return false }
            if let maximum = schema["maxLength"] as? Int, length > maximum { return false }
            if schema["format"] as? String == "uuid", UUID(uuidString: value) == nil { return false }
            if let pattern = schema["pattern"] as? String {
                // The pattern of free text (no control characters) is most of them, on the busiest addresses: checked
                // scalar by scalar, as the expression says, without the regular-expression engine.
                if pattern == Self.noControlCharacters {
                    return !value.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }
                }
                guard let expression = Patterns.shared.expression(pattern),
                      expression.firstMatch(in: value, range: NSRange(value.startIndex..., in: value)) != nil else { return false }
            }
            return true
        }
    }

    /// The document's patterns, compiled once rather than on every request that carries a `q` or a cursor.
    /// NSRegularExpression is immutable and safe to match from any thread.
    final class Patterns: @unchecked Sendable {
        static let shared = Patterns()
        private let compiled: [String: NSRegularExpression]

        private init() {
            var compiled: [String: NSRegularExpression] = [:]
            for operation in OpenAPIDocument.operations {
                for parameter in operation.parameters {
                    guard let pattern = (parameter["schema"] as? [String: Any])?["pattern"] as? String else { continue }
                    compiled[pattern] = try? NSRegularExpression(pattern: pattern)
                }
            }
            self.compiled = compiled
        }

        func expression(_ pattern: String) -> NSRegularExpression? { compiled[pattern] }
    }

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
        // A property declared as a string must be one: null, a number or an object is refused, not read as absent.
        for (name, value) in object {
            guard let property = properties[name] as? [String: Any], property["type"] as? String == "string" else { continue }
            guard let text = value as? String else { throw RequestProblem.badParameter(String(name.prefix(40))) }
            if property["format"] as? String == "uuid", UUID(uuidString: text) == nil { throw RequestProblem.badParameter(name) }
        }
    }
}

import Foundation

/// The OpenAPI 3.1 description of `/api/v1`, served at `/api/v1/openapi.json`: the document itself and the
/// problem schema here, each module's operations and schemas in its `openAPI` fragment.
///
/// Written out by hand; a test compares it with the routes the application registers, in both directions, so
/// neither can drift from the other.
enum OpenAPIDocument {
    struct Operation {
        let method: String
        let path: String
        let operationID: String
        let summary: String
        var parameters: [[String: Any]] = []
        var requestSchema: String? = nil
        let responseSchema: String
        var successStatus = "200"
        var responseMediaType = "application/json"
        /// Open to anonymous callers (public verification, the public directory): no bearer token asked.
        var isPublic = false
    }

    nonisolated(unsafe) static let listParameters: [[String: Any]] = [
        ["name": "cursor", "in": "query", "required": false, "description": "Opaque cursor from the previous page's nextCursor",
         "schema": ["type": "string", "pattern": Cursor.pattern, "maxLength": Cursor.maximumLength]],
        ["name": "limit", "in": "query", "required": false, "description": "Page size, 1–200 (default 20)",
         "schema": ["type": "integer", "minimum": 1, "maximum": 200]],
    ]

    /// Free text in a query (a search, a code to match): no control characters, at most 100 characters.
    nonisolated(unsafe) static let freeText: [String: Any] = ["type": "string", "pattern": "^[^\\x00-\\x1f\\x7f]*$", "maxLength": 100]

    static func enumeration(_ name: String, _ description: String, _ values: [String]) -> [String: Any] {
        ["name": name, "in": "query", "required": false, "description": description, "schema": ["type": "string", "enum": values]]
    }

    static func uuidQuery(_ name: String, _ description: String) -> [String: Any] {
        ["name": name, "in": "query", "required": false, "description": description, "schema": ["type": "string", "format": "uuid"]]
    }


    static func query(_ name: String, _ description: String) -> [String: Any] {
        ["name": name, "in": "query", "required": false, "description": description, "schema": freeText]
    }

    nonisolated(unsafe) static let idParameter: [String: Any] = [
        "name": "id", "in": "path", "required": true, "schema": ["type": "string", "format": "uuid"],
    ]

    static func ref(_ name: String) -> [String: Any] { ["$ref": "#/components/schemas/\(name)"] }

    static func string(_ description: String? = nil, format: String? = nil, nullable: Bool = false) -> [String: Any] {
        var schema: [String: Any] = ["type": nullable ? ["string", "null"] : "string"]
        if let description { schema["description"] = description }
        if let format { schema["format"] = format }
        return schema
    }

    static func object(_ properties: [String: Any], required: [String] = []) -> [String: Any] {
        var schema: [String: Any] = ["type": "object", "properties": properties]
        if !required.isEmpty { schema["required"] = required }
        return schema
    }

    /// A request body that names no property but those listed (additionalProperties: false), as the server enforces.
    static func closed(_ schema: [String: Any]) -> [String: Any] {
        schema.merging(["additionalProperties": false]) { $1 }
    }

    static func list(of item: String) -> [String: Any] {
        object(["items": ["type": "array", "items": ref(item)], "nextCursor": string("Absent on the last page", nullable: true)],
               required: ["items"])
    }


    /// The operations and schemas that belong to no module: this document, and the problem answer.
    nonisolated(unsafe) static let shared = OpenAPIFragment(
        operations: [
            Operation(method: "get", path: "/api/v1/openapi.json", operationID: "getOpenAPI", summary: "This document",
                      responseSchema: "OpenAPIDocument"),
        ],
        schemas: [
            "OpenAPIDocument": ["type": "object"],
            "Problem": object([
                "type": string(format: "uri"), "title": string(), "status": ["type": "integer"],
                "detail": string("Message in Chinese"), "detailEn": string("Message in English"),
                "instance": string(), "code": string("Stable machine-readable code"),
                "errors": ["type": "array", "items": object(["field": string(), "code": string(), "message": string(), "messageEn": string()])],
            ], required: ["type", "title", "status", "detail", "code"]),
        ])

    /// Every operation of the application, the modules' and the shared ones.
    nonisolated(unsafe) static let operations: [Operation] = ([shared] + Modules.all.map(\.openAPI)).flatMap(\.operations)

    nonisolated(unsafe) static let schemas: [String: Any] = ([shared] + Modules.all.map(\.openAPI))
        .reduce(into: [String: Any]()) { all, fragment in all.merge(fragment.schemas) { first, _ in first } }

    nonisolated(unsafe) static let document: [String: Any] = {
        var paths: [String: [String: Any]] = [:]
        for operation in operations {
            var entry: [String: Any] = [
                "operationId": operation.operationID,
                "summary": operation.summary,
                "responses": [
                    operation.successStatus: ["description": "OK", "content": [operation.responseMediaType: ["schema": ref(operation.responseSchema)]]],
                    "default": ["description": "Problem (RFC 9457)", "content": ["application/problem+json": ["schema": ref("Problem")]]],
                ],
            ]
            if !operation.parameters.isEmpty { entry["parameters"] = operation.parameters }
            if operation.isPublic { entry["security"] = [[String: [String]]]() }
            if let request = operation.requestSchema {
                entry["requestBody"] = ["required": true, "content": ["application/json": ["schema": ref(request)]]]
            }
            paths[operation.path, default: [:]][operation.method] = entry
        }
        return [
            "openapi": "3.1.0",
            "info": ["title": "Gongjiang 工匠 API", "version": "1.0.0",
                     "description": "Registry of workers, organizations and skill certificates for a city's HR & social-security bureau."],
            "servers": [["url": "/"]],
            "paths": paths,
            "components": ["schemas": schemas,
                           "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer",
                                                          "description": "An API token from /account or `gongjiang token create`"]]],
            "security": [["bearer": [String]()]],
        ]
    }()

    static let json: Data = (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted])) ?? Data()
}

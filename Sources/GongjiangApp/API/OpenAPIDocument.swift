import Foundation

/// The OpenAPI 3.1 description of `/api/v1`, served at `/api/v1/openapi.json`.
///
/// Written out by hand from `operations`; a test compares it with the routes the application
/// registers, in both directions, so neither can drift from the other.
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
    }

    nonisolated(unsafe) static let listParameters: [[String: Any]] = [
        query("cursor", "Opaque cursor from the previous page's nextCursor"),
        ["name": "limit", "in": "query", "required": false, "description": "Page size, 1–200 (default 20)",
         "schema": ["type": "integer", "minimum": 1, "maximum": 200]],
    ]

    nonisolated(unsafe) static let operations: [Operation] = [
        Operation(method: "get", path: "/api/v1/persons", operationID: "listPersons", summary: "List persons (人员)",
                  parameters: [query("q", "Name prefix, last four digits of the ID number, a whole ID number or a certificate number"),
                               query("district_code", "GB/T 2260 district code"),
                               query("employer_id", "Employer organization id")] + listParameters,
                  responseSchema: "PersonList"),
        Operation(method: "post", path: "/api/v1/persons", operationID: "createPerson", summary: "Register a person",
                  requestSchema: "PersonInput", responseSchema: "Person", successStatus: "201"),
        Operation(method: "get", path: "/api/v1/persons/{id}", operationID: "getPerson", summary: "One person",
                  parameters: [idParameter, ["name": "unmasked", "in": "query", "required": false,
                                             "description": "true: include the full ID number and phone (city administrators; audited)",
                                             "schema": ["type": "boolean"]]],
                  responseSchema: "Person"),
        Operation(method: "patch", path: "/api/v1/persons/{id}", operationID: "updatePerson",
                  summary: "Change a person's name, phone, district or employer",
                  parameters: [idParameter], requestSchema: "PersonInput", responseSchema: "Person"),
        Operation(method: "get", path: "/api/v1/organizations", operationID: "listOrganizations", summary: "List organizations (单位)",
                  parameters: [query("q", "Name prefix or a whole unified social credit code"),
                               query("kind", "enterprise, technical-school, training-provider, evaluation-organization, industry-association, other"),
                               query("district_code", "GB/T 2260 district code")] + listParameters,
                  responseSchema: "OrganizationList"),
        Operation(method: "post", path: "/api/v1/organizations", operationID: "createOrganization", summary: "Register an organization",
                  requestSchema: "OrganizationInput", responseSchema: "Organization", successStatus: "201"),
        Operation(method: "get", path: "/api/v1/organizations/{id}", operationID: "getOrganization", summary: "One organization",
                  parameters: [idParameter], responseSchema: "Organization"),
        Operation(method: "patch", path: "/api/v1/organizations/{id}", operationID: "updateOrganization",
                  summary: "Change an organization's name, kind or district",
                  parameters: [idParameter], requestSchema: "OrganizationInput", responseSchema: "Organization"),
        Operation(method: "get", path: "/api/v1/certificates", operationID: "listCertificates", summary: "List certificates held (证书)",
                  parameters: [query("number", "Exact certificate number"), query("person_id", "Holder's id"),
                               query("occupation_code", "Occupation code, e.g. 6-18-02-04"),
                               ["name": "level", "in": "query", "required": false, "description": "National level 1–5",
                                "schema": ["type": "integer", "minimum": 1, "maximum": 5]],
                               query("status", "valid or revoked")] + listParameters,
                  responseSchema: "CertificateList"),
        Operation(method: "get", path: "/api/v1/certificates/{id}", operationID: "getCertificate", summary: "One certificate",
                  parameters: [idParameter], responseSchema: "Certificate"),
        Operation(method: "get", path: "/api/v1/districts", operationID: "listDistricts", summary: "The city's districts (GB/T 2260)",
                  responseSchema: "DistrictList"),
        Operation(method: "get", path: "/api/v1/occupations", operationID: "listOccupations", summary: "The occupation catalogue",
                  responseSchema: "OccupationList"),
        Operation(method: "get", path: "/api/v1/openapi.json", operationID: "getOpenAPI", summary: "This document",
                  responseSchema: "OpenAPIDocument"),
    ]

    static func query(_ name: String, _ description: String) -> [String: Any] {
        ["name": name, "in": "query", "required": false, "description": description, "schema": ["type": "string"]]
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

    static func list(of item: String) -> [String: Any] {
        object(["items": ["type": "array", "items": ref(item)], "nextCursor": string("Absent on the last page", nullable: true)],
               required: ["items"])
    }

    nonisolated(unsafe) static let schemas: [String: Any] = [
        "Person": object([
            "id": string(format: "uuid"), "name": string(), "idType": string(),
            "idNumberMasked": string("e.g. 320602********1234"), "sex": string("male or female", nullable: true),
            "birthYear": ["type": ["integer", "null"], "description": "Year of birth; the whole date only with unmasked=true"],
            "birthDate": string("Only with unmasked=true", format: "date", nullable: true), "phoneMasked": string("e.g. 138****5678", nullable: true),
            "idNumber": string("Only with unmasked=true", nullable: true), "phone": string("Only with unmasked=true", nullable: true),
            "districtCode": string(), "employerId": string(format: "uuid", nullable: true),
            "createdAt": string(format: "date-time", nullable: true), "updatedAt": string(format: "date-time", nullable: true),
        ], required: ["id", "name", "idType", "idNumberMasked", "districtCode"]),
        "PersonInput": object([
            "name": string("1–50 characters"), "idType": string("居民身份证 (default), 港澳台居民居住证 or 护照"),
            "idNumber": string("GB 11643 for 居民身份证; cannot be changed once registered"),
            "phone": string("11-digit mobile number"), "districtCode": string("GB/T 2260 code"),
            "employerId": string(format: "uuid"),
        ]),
        "PersonList": list(of: "Person"),
        "Organization": object([
            "id": string(format: "uuid"), "uscc": string("Unified social credit code (GB 32100)"), "name": string(),
            "kind": string(), "districtCode": string(nullable: true),
            "createdAt": string(format: "date-time", nullable: true), "updatedAt": string(format: "date-time", nullable: true),
        ], required: ["id", "uscc", "name", "kind"]),
        "OrganizationInput": object([
            "uscc": string("Required on create; cannot be changed"), "name": string("1–100 characters"),
            "kind": string("enterprise (default), technical-school, training-provider, evaluation-organization, industry-association, other"),
            "districtCode": string(),
        ]),
        "OrganizationList": list(of: "Organization"),
        "Certificate": object([
            "id": string(format: "uuid"), "number": string("22-character national or 16-digit legacy number"),
            "numberFormat": string("national or legacy"), "personId": string(format: "uuid"),
            "occupationCode": string(), "workType": string("-- when none"),
            "level": ["type": ["integer", "null"], "description": "National level 1–5"], "levelName": string(),
            "issueDate": string(format: "date"), "issuerName": string(), "status": string("valid or revoked"),
        ], required: ["id", "number", "personId", "occupationCode", "levelName", "issueDate", "status"]),
        "CertificateList": list(of: "Certificate"),
        "District": object(["code": string(), "nameZh": string(), "nameEn": string(), "kind": string(),
                            "minimumWageTier": ["type": ["integer", "null"]]]),
        "DistrictList": ["type": "array", "items": ref("District")],
        "Occupation": object(["code": string(), "nameZh": string(), "nameEn": string(), "subsidyClass": string(),
                              "levels": ["type": "array", "items": ["type": "integer"]],
                              "workTypes": ["type": "array", "items": ["type": "string"]]]),
        "OccupationList": ["type": "array", "items": ref("Occupation")],
        "OpenAPIDocument": ["type": "object"],
        "Problem": object([
            "type": string(format: "uri"), "title": string(), "status": ["type": "integer"],
            "detail": string("Message in Chinese"), "detailEn": string("Message in English"),
            "instance": string(), "code": string("Stable machine-readable code"),
            "errors": ["type": "array", "items": object(["field": string(), "code": string(), "message": string(), "messageEn": string()])],
        ], required: ["type", "title", "status", "detail", "code"]),
    ]

    nonisolated(unsafe) static let document: [String: Any] = {
        var paths: [String: [String: Any]] = [:]
        for operation in operations {
            var entry: [String: Any] = [
                "operationId": operation.operationID,
                "summary": operation.summary,
                "responses": [
                    operation.successStatus: ["description": "OK", "content": ["application/json": ["schema": ref(operation.responseSchema)]]],
                    "default": ["description": "Problem (RFC 9457)", "content": ["application/problem+json": ["schema": ref("Problem")]]],
                ],
            ]
            if !operation.parameters.isEmpty { entry["parameters"] = operation.parameters }
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

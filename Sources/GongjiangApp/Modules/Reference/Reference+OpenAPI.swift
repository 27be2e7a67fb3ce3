import Foundation

extension OpenAPIDocument {
    /// The reference data's operations (districts, occupations) and their schemas.
    nonisolated(unsafe) static let reference = OpenAPIFragment(
        operations: [
            Operation(method: "get", path: "/api/v1/districts", operationID: "listDistricts", summary: "The city's districts (GB/T 2260)",
                      responseSchema: "DistrictList"),
            Operation(method: "get", path: "/api/v1/occupations", operationID: "listOccupations", summary: "The occupation catalogue",
                      responseSchema: "OccupationList"),
        ],
        schemas: [
            "District": object(["code": string(), "nameZh": string(), "nameEn": string(), "kind": string(),
                                "minimumWageTier": ["type": ["integer", "null"]]]),
            "DistrictList": ["type": "array", "items": ref("District")],
            "Occupation": object(["code": string(), "nameZh": string(), "nameEn": string(), "subsidyClass": string(),
                                  "levels": ["type": "array", "items": ["type": "integer"]],
                                  "workTypes": ["type": "array", "items": ["type": "string"]]]),
            "OccupationList": ["type": "array", "items": ref("Occupation")],
        ])
}

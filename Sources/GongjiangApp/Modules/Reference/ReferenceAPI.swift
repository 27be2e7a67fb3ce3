import Fluent
import Foundation
import Vapor

struct DistrictDTO: Content {
    let code: String
    let nameZh: String
    let nameEn: String
    let kind: String
    let minimumWageTier: Int?
}

struct OccupationDTO: Content {
    let code: String
    let nameZh: String
    let nameEn: String
    let subsidyClass: String
    let levels: [Int]
    let workTypes: [String]
}

/// `/api/v1/districts` and `/api/v1/occupations`: the codes other systems send back in imports.
struct ReferenceAPI {
    func districts(_ request: Request) async throws -> [DistrictDTO] {
        try await District.query(on: request.db).sort(\.$id).all().map {
            DistrictDTO(code: $0.id ?? "", nameZh: $0.nameZH, nameEn: $0.nameEN, kind: $0.kind, minimumWageTier: $0.minimumWageTier)
        }
    }

    func occupations(_ request: Request) async throws -> [OccupationDTO] {
        try await Occupation.query(on: request.db).sort(\.$id).all().map {
            OccupationDTO(code: $0.id ?? "", nameZh: $0.nameZH, nameEn: $0.nameEN, subsidyClass: $0.subsidyClass,
                          levels: $0.levels.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) },
                          workTypes: $0.workTypes.split(separator: ";").map(String.init))
        }
    }
}

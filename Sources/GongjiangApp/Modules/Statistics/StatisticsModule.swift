import Fluent
import Foundation
import GongjiangCore
import Vapor

/// The figures the bureau reports each year, for the caller's scope. `GET /api/v1/statistics/annual/{year}` starts
/// with the apprenticeship's figures; the statistics issue adds the rest to the same route.
struct StatisticsModule: GongjiangModule {
    var name: String { "statistics" }

    /// The dashboard and the annual report come with the statistics issue.
    func pageRoutes(_ routes: any RoutesBuilder) throws {}

    func apiRoutes(_ api: any RoutesBuilder) throws {
        api.get("statistics", "annual", ":year", use: StatisticsAPI.annual).requires(.permission(.readStatistics))
    }

    var openAPI: OpenAPIFragment { OpenAPIDocument.statistics }
}

/// One year's figures, keyed as the bureau's data dictionary names them (snake_case).
struct AnnualFiguresDTO: Content {
    let year: Int
    /// "city", or the district codes of a district officer's scope.
    let scope: String
    /// Apprentices who started an apprenticeship in the year (学徒培训人次).
    let apprenticeshipPersonTimes: Int
    /// The year's target for the scope; null when the city has set none.
    let apprenticeshipTarget: Int?

    enum CodingKeys: String, CodingKey {
        case year, scope
        case apprenticeshipPersonTimes = "apprenticeship_person_times"
        case apprenticeshipTarget = "apprenticeship_target"
    }
}

enum StatisticsAPI {
    static let years = 2000...2100

    @Sendable static func annual(_ request: Request) async throws -> AnnualFiguresDTO {
        guard let text = request.parameters.get("year"), let year = Int(text), years.contains(year) else { throw RequestProblem.badParameter("year") }
        return try await AnnualFigures.compute(year: year, scope: request.scope, on: request.db)
    }
}

enum AnnualFigures {
    /// The figures for `scope`: the city's whole, or a district officer's districts.
    static func compute(year: Int, scope: Scope, on database: any Database) async throws -> AnnualFiguresDTO {
        let districts: Set<String>?
        switch scope {
        case .city: districts = nil
        case .districts(let codes): districts = codes
        case .organization, .assignments, .nothing: throw RequestProblem.notFound
        }
        return AnnualFiguresDTO(
            year: year, scope: districts.map { $0.sorted().joined(separator: ",") } ?? "city",
            apprenticeshipPersonTimes: try await ApprenticeshipQueries.personTimes(year: year, districts: districts, on: database),
            apprenticeshipTarget: try await ApprenticeshipQueries.target(year: year, districts: districts, on: database))
    }
}

extension OpenAPIDocument {
    nonisolated(unsafe) static let yearParameter: [String: Any] = [
        "name": "year", "in": "path", "required": true, "schema": ["type": "integer", "minimum": 2000, "maximum": 2100],
    ]

    nonisolated(unsafe) static let statistics = OpenAPIFragment(
        operations: [
            Operation(method: "get", path: "/api/v1/statistics/annual/{year}", operationID: "getAnnualFigures",
                      summary: "A year's figures for the caller's scope (the city, or the officer's districts)", parameters: [yearParameter],
                      responseSchema: "AnnualFigures"),
        ],
        schemas: [
            "AnnualFigures": object([
                "year": ["type": "integer"], "scope": string("city, or the district codes"),
                "apprenticeship_person_times": ["type": "integer", "description": "Apprentices who started in the year"],
                "apprenticeship_target": ["type": ["integer", "null"], "description": "The year's target for the scope"],
            ], required: ["year", "scope", "apprenticeship_person_times"]),
        ])
}

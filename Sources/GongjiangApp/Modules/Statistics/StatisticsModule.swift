import Fluent
import Foundation
import GongjiangCore
import Vapor

/// The figures the bureau reports each year, for the caller's scope: `GET /api/v1/statistics/annual/{year}`, the
/// labour-force denominators, and the annual report.
struct StatisticsModule: GongjiangModule {
    var name: String { "statistics" }

    var navigation: [NavigationEntry] {
        [NavigationEntry(section: .statistics, path: PagePath.statisticsDashboard.url(), requirement: .permission(.readStatistics)),
         NavigationEntry(section: .wages, path: PagePath.wageReport.url(), requirement: .permission(.reportWages)),
         NavigationEntry(section: .openData, path: PagePath.openData.url(), requirement: .everyone)]
    }

    func pageRoutes(_ routes: any RoutesBuilder) throws {
        try routes.register(collection: StatisticsPageRoutes())
    }

    func apiRoutes(_ api: any RoutesBuilder) throws {
        api.get("statistics", "annual", ":year", use: StatisticsAPI.annual).requires(.permission(.readStatistics))
        api.get("public", "statistics", ":year", use: OpenData.api).requires(.everyone)
        api.get("wage-reports", ":year", use: StatisticsAPI.wageReport).requires(.permission(.reportWages))
        api.put("wage-reports", ":year", use: StatisticsAPI.submitWageReport).requires(.permission(.reportWages))
        api.get("labour-force", ":year", use: StatisticsAPI.labourForce).requires(.permission(.readStatistics))
        api.put("labour-force", ":year", use: StatisticsAPI.setLabourForce).requires(.permission(.manageReference))
    }

    var openAPI: OpenAPIFragment { OpenAPIDocument.statistics }

    /// The reference city's labour force (about 4.82 million) for the last five years, split as the budget is, and the
    /// aggregates brought up to date with everything the modules before this one added.
    func buildDemo(_ demo: DemoContext) async throws -> [String] {
        let context = TrainingContext.replaying(demo.application, .city, .city, on: demo.today, by: "demo")
        let total: Int64 = 4_820_000
        for year in (demo.today.year - 4)...demo.today.year where try await LabourForce.figures(year: year, on: demo.application.db).isEmpty {
            var split = LedgerDemo.shares.mapValues { total * $0 / 1000 }
            split["320602", default: 0] += total - split.values.reduce(0, +)
            try await LabourForce.set(year: year, split, source: "demo", context)
        }
        let refreshed = try await SkillAggregates.refresh(on: demo.application.db, progress: demo.scale == .city ? demo.progress : nil)
        return ["统计 / statistics: 从业人员 labour force 4,820,000 × 5 年 years; \(refreshed) 人的指标已更新 persons' figures brought up to date"]
    }
}

extension Section {
    static let statistics = Section("statistics", title: "statistics.nav")
    static let openData = Section("open-data", title: "statistics.open-data.nav")
    static let wages = Section("wages", title: "statistics.wages.nav")
}

/// One year's figures, keyed as the bureau's data dictionary names them (snake_case).
struct AnnualFiguresDTO: Content {
    let year: Int
    /// "city", or the district codes of a district officer's scope.
    let scope: String
    /// Training subsidy claims paid in the year's budget, less those clawed back (补贴性职业技能培训人次).
    let subsidisedTrainingPersonTimes: Int64
    /// Paid from the year's budgets of the special account, less clawbacks, in fen (专账补贴资金).
    let subsidyPaidFen: Int64
    /// Persons whose first certificate of 三级/高级工 or above was issued in the year.
    let newHighSkilled: Int64
    /// Persons who obtained a 二级 or 一级 certificate in the year.
    let newTechniciansAndSeniorTechnicians: Int64
    /// Persons holding a certificate of 三级/高级工 or above issued on or before 31 December, not revoked.
    let highSkilledTotal: Int64
    /// `high_skilled_total` × 10,000 ÷ the labour force, half up; null without a labour-force figure for every district.
    let highSkilledPer10kWorkers: Int64?
    let labourForce: Int64?
    /// Apprentices who started an apprenticeship in the year (学徒培训人次).
    let apprenticeshipPersonTimes: Int
    /// The year's target for the scope; null when the city has set none.
    let apprenticeshipTarget: Int?
    /// The year's honours and awards by programme type and tier (issue 13): titles put on records in the year, and
    /// recommendations upward still awaiting their outcome.
    var programmeAwards: [ProgrammeAwardCount] = []

    enum CodingKeys: String, CodingKey {
        case year, scope
        case subsidisedTrainingPersonTimes = "subsidised_training_person_times"
        case subsidyPaidFen = "subsidy_paid_fen"
        case newHighSkilled = "new_high_skilled"
        case newTechniciansAndSeniorTechnicians = "new_technicians_and_senior_technicians"
        case highSkilledTotal = "high_skilled_total"
        case highSkilledPer10kWorkers = "high_skilled_per_10k_workers"
        case labourForce = "labour_force"
        case apprenticeshipPersonTimes = "apprenticeship_person_times"
        case apprenticeshipTarget = "apprenticeship_target"
        case programmeAwards = "programme_awards"
    }

    var figures: AnnualFigures {
        AnnualFigures(subsidisedTrainingPersonTimes: subsidisedTrainingPersonTimes, subsidyPaidFen: subsidyPaidFen, newHighSkilled: newHighSkilled,
                      newTechniciansAndSeniorTechnicians: newTechniciansAndSeniorTechnicians, highSkilledTotal: highSkilledTotal,
                      highSkilledPerTenThousandWorkers: highSkilledPer10kWorkers)
    }
}

struct ProgrammeAwardCount: Content, Equatable {
    let typeCode: String
    let name: String
    let tier: String
    let awarded: Int
    let recommendedPending: Int

    enum CodingKeys: String, CodingKey {
        case typeCode = "type_code", name, tier, awarded
        case recommendedPending = "recommended_pending"
    }
}

struct LabourForceInput: Content {
    /// District code → workers.
    var districts: [String: Int64]?
}

struct LabourForceDTO: Content {
    let year: Int
    let districts: [String: Int64]
}

enum StatisticsAPI {
    static let years = 2000...2100

    static func year(_ request: Request) throws -> Int {
        guard let text = request.parameters.get("year"), let year = Int(text), years.contains(year) else { throw RequestProblem.badParameter("year") }
        return year
    }

    @Sendable static func annual(_ request: Request) async throws -> AnnualFiguresDTO {
        try await AnnualFigureQueries.compute(year: try year(request), scope: request.scope, on: request.db)
    }

    @Sendable static func wageReport(_ request: Request) async throws -> WageReportDTO {
        guard let enterprise = request.scope.organizationID else { throw RequestProblem.notFound }
        return try await WageReports.report(year: try year(request), enterprise: enterprise, on: request.db)
    }

    @Sendable static func submitWageReport(_ request: Request) async throws -> WageReportDTO {
        let year = try year(request)
        try await WageReports.submit(year: year, try request.content.decode(WageReportInput.self), request.apprenticeship)
        return try await wageReport(request)
    }

    @Sendable static func labourForce(_ request: Request) async throws -> LabourForceDTO {
        LabourForceDTO(year: try year(request), districts: try await LabourForce.figures(year: try year(request), on: request.db))
    }

    @Sendable static func setLabourForce(_ request: Request) async throws -> LabourForceDTO {
        let year = try year(request)
        let input = try request.content.decode(LabourForceInput.self)
        try await LabourForce.set(year: year, input.districts ?? [:], source: "api", request.apprenticeship)
        return LabourForceDTO(year: year, districts: try await LabourForce.figures(year: year, on: request.db))
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
            Operation(method: "get", path: "/api/v1/public/statistics/{year}", operationID: "getOpenData",
                      summary: "Open data: the year's certificates by district and level and the high-skilled persons by district, small cells suppressed",
                      parameters: [yearParameter], responseSchema: "OpenData", isPublic: true),
            Operation(method: "get", path: "/api/v1/wage-reports/{year}", operationID: "getWageReport",
                      summary: "The caller enterprise's wage report for a year", parameters: [yearParameter], responseSchema: "WageReport"),
            Operation(method: "put", path: "/api/v1/wage-reports/{year}", operationID: "submitWageReport",
                      summary: "An enterprise reports its workers' average monthly wage by occupation and level (replacing its report of the year)",
                      parameters: [yearParameter], requestSchema: "WageReportInput", responseSchema: "WageReport"),
            Operation(method: "get", path: "/api/v1/labour-force/{year}", operationID: "getLabourForce",
                      summary: "Workers per district for a year: the per-10,000 figures' denominators", parameters: [yearParameter],
                      responseSchema: "LabourForce"),
            Operation(method: "put", path: "/api/v1/labour-force/{year}", operationID: "setLabourForce",
                      summary: "The city enters the year's workers per district (replacing the districts it names)", parameters: [yearParameter],
                      requestSchema: "LabourForceInput", responseSchema: "LabourForce"),
        ],
        schemas: [
            "AnnualFigures": object([
                "year": ["type": "integer"], "scope": string("city, or the district codes"),
                "subsidised_training_person_times": ["type": "integer", "description": "Training subsidy claims paid, less clawbacks"],
                "subsidy_paid_fen": ["type": "integer", "description": "Paid from the year's budgets of the special account, less clawbacks"],
                "new_high_skilled": ["type": "integer", "description": "Persons whose first certificate of level 3 or above was issued in the year"],
                "new_technicians_and_senior_technicians": ["type": "integer", "description": "Persons who obtained a level 2 or 1 certificate in the year"],
                "high_skilled_total": ["type": "integer", "description": "Persons holding a certificate of level 3 or above issued by 31 December, not revoked"],
                "high_skilled_per_10k_workers": ["type": ["integer", "null"], "description": "high_skilled_total × 10,000 ÷ labour force, half up"],
                "labour_force": ["type": ["integer", "null"]],
                "apprenticeship_person_times": ["type": "integer", "description": "Apprentices who started in the year"],
                "apprenticeship_target": ["type": ["integer", "null"], "description": "The year's target for the scope"],
                "programme_awards": ["type": "array", "description": "Honours and awards of the year by programme type and tier", "items": object([
                    "type_code": string(), "name": string(), "tier": string(), "awarded": ["type": "integer"], "recommended_pending": ["type": "integer"],
                ], required: ["type_code", "name", "tier", "awarded", "recommended_pending"])],
            ], required: ["year", "scope", "subsidised_training_person_times", "subsidy_paid_fen", "new_high_skilled",
                          "new_technicians_and_senior_technicians", "high_skilled_total", "apprenticeship_person_times"]),
            "OpenData": object([
                "year": ["type": "integer"], "threshold": ["type": "integer"],
                "districts": ["type": "array", "items": string()], "levels": ["type": "array", "items": string()],
                "certificates": ["type": "array", "items": ["type": "array", "items": ["type": ["integer", "null"]]]],
                "districtTotals": ["type": "array", "items": ["type": ["integer", "null"]]],
                "levelTotals": ["type": "array", "items": ["type": ["integer", "null"]]], "total": ["type": ["integer", "null"]],
                "highSkilled": ["type": "array", "items": ["type": ["integer", "null"]]], "highSkilledTotal": ["type": ["integer", "null"]],
            ], required: ["year", "threshold", "districts", "levels", "certificates"]),
            "WageRow": object(["occupationCode": string(), "level": ["type": "string", "enum": nationalLevels], "workers": ["type": "integer"],
                               "averageMonthlyWageFen": fen], required: ["occupationCode", "level", "workers", "averageMonthlyWageFen"]),
            "WageReport": object(["year": ["type": "integer"], "rows": ["type": "array", "items": ref("WageRow")]], required: ["year", "rows"]),
            "WageReportInput": closed(object(["rows": ["type": "array", "minItems": 1, "maxItems": WageReports.maximumRows, "items": closed(object([
                "occupationCode": string(), "level": ["type": "string", "enum": nationalLevels],
                "workers": ["type": "integer", "minimum": 1, "maximum": 100_000],
                "averageMonthlyWageFen": ["type": "integer", "minimum": 10_000, "maximum": 100_000_000],
            ], required: ["occupationCode", "level", "workers", "averageMonthlyWageFen"]))]], required: ["rows"])),
            "LabourForce": object(["year": ["type": "integer"], "districts": ["type": "object", "additionalProperties": ["type": "integer"]]],
                                  required: ["year", "districts"]),
            "LabourForceInput": closed(object(["districts": ["type": "object", "maxProperties": 50,
                                                             "additionalProperties": ["type": "integer", "minimum": 0, "maximum": 100_000_000]]],
                                              required: ["districts"])),
        ])
}

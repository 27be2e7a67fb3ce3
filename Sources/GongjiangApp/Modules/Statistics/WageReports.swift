import Fluent
import Foundation
import GongjiangCore
import SQLKit
import Vapor

struct WageRowInput: Content {
    var occupationCode: String?
    /// National level "5" (初级工) to "1" (高级技师).
    var level: String?
    var workers: Int?
    var averageMonthlyWageFen: Int64?
}

struct WageReportInput: Content {
    var rows: [WageRowInput]?
}

struct WageRowDTO: Content {
    let occupationCode: String
    let level: String
    let workers: Int
    let averageMonthlyWageFen: Int64
}

struct WageReportDTO: Content {
    let year: Int
    let rows: [WageRowDTO]
}

/// An enterprise's yearly wage report, and the ladder the bureau reads from all of them.
enum WageReports {
    /// At most this many rows in one report: an enterprise's occupations × five levels.
    static let maximumRows = 1000

    /// The enterprise reports its workers' average monthly wage by occupation and level for a year, replacing what it
    /// reported for that year before; every row checked, nothing written if one is wrong.
    static func submit(year: Int, _ input: WageReportInput, _ context: TrainingContext) async throws {
        guard context.actor == .organization, let enterprise = context.scope.organizationID,
              let organization = try await Organization.find(enterprise, on: context.database),
              organization.kindCode == OrganizationKind.enterprise.rawValue, let district = organization.districtCode else {
            throw WorkflowRefusal.notYourStep(workflow: "wage-report", event: "submit", actor: context.actor ?? .system)
        }
        // A year's wages are reported once it has begun; the report of a year to come is refused by name.
        guard (StatisticsAPI.years.lowerBound...context.today.year).contains(year) else {
            throw RequestProblem.validation([FieldProblem(field: "year", code: "wages.year", chinese: "只能填报 \(context.today.year) 年及以前的薪酬",
                                                          english: "Wages are reported for \(context.today.year) or an earlier year")])
        }
        let rows = input.rows ?? []
        var problems: [FieldProblem] = []
        if rows.isEmpty || rows.count > maximumRows {
            problems.append(FieldProblem(field: "rows", code: "wages.rows", chinese: "请填写 1–\(maximumRows) 行", english: "Give 1–\(maximumRows) rows"))
        }
        let codes = Set(rows.compactMap(\.occupationCode))
        let known = Set(try await Occupation.query(on: context.database).filter(\.$id ~~ Array(codes)).all().compactMap(\.id))
        var seen: Set<String> = []
        var checked: [(code: String, level: SkillLevel, workers: Int, fen: Int64)] = []
        for (index, row) in rows.prefix(maximumRows).enumerated() {
            let field = "rows[\(index)]"
            guard let code = row.occupationCode, known.contains(code) else {
                problems.append(FieldProblem(field: field + ".occupationCode", code: "occupation.unknown", chinese: "第 \(index + 1) 行：未知的职业编码",
                                             english: "Row \(index + 1): unknown occupation"))
                continue
            }
            guard let level = row.level.flatMap(SkillLevel.init(code:)), level.nationalLevel != nil else {
                problems.append(FieldProblem(field: field + ".level", code: "level.unknown", chinese: "第 \(index + 1) 行：等级应为 5–1",
                                             english: "Row \(index + 1): the level is 5–1"))
                continue
            }
            guard let workers = row.workers, (1...100_000).contains(workers) else {
                problems.append(FieldProblem(field: field + ".workers", code: "wages.workers", chinese: "第 \(index + 1) 行：人数应为 1–100000",
                                             english: "Row \(index + 1): workers are 1–100,000"))
                continue
            }
            // 100 to 1,000,000 yuan a month: a monthly wage, not a year's or a day's.
            guard let fen = row.averageMonthlyWageFen, (10_000...100_000_000).contains(fen) else {
                problems.append(FieldProblem(field: field + ".averageMonthlyWageFen", code: "wages.amount",
                                             chinese: "第 \(index + 1) 行：月平均工资应为 100–1000000 元", english: "Row \(index + 1): the monthly average is 100–1,000,000 yuan"))
                continue
            }
            guard seen.insert("\(code)|\(level.rawValue)").inserted else {
                problems.append(FieldProblem(field: field, code: "wages.duplicate", chinese: "第 \(index + 1) 行：同一职业和等级重复",
                                             english: "Row \(index + 1): the same occupation and level twice"))
                continue
            }
            checked.append((code, level, workers, fen))
        }
        guard problems.isEmpty else { throw RequestProblem.validation(problems) }
        let rowsToWrite = checked
        try await context.write { tx, log in
            let checked = rowsToWrite
            try await tx.sql.raw("DELETE FROM wage_reports WHERE enterprise_id = \(bind: enterprise) AND year = \(bind: year)").run()
            var insert = BulkInsert(into: "wage_reports", columns: ["id", "enterprise_id", "district_code", "year", "occupation_code", "level", "workers",
                                                                    "average_monthly_fen", "updated_at"])
            for row in checked {
                insert.append([.uuid(UUID.timeOrdered(now: context.now)), .uuid(enterprise), .text(district), .integer(year), .text(row.code),
                               .integer(row.level.rawValue), .integer(row.workers), .integer(Int(row.fen)), .date(context.now)])
            }
            try await insert.run(on: tx)
            log.record(context.event(.wageReport, enterprise, .update, after: AuditValues.json(["year": String(year), "rows": String(checked.count),
                                                                                                 "workers": String(checked.map(\.workers).reduce(0, +))])))
        }
    }

    static func report(year: Int, enterprise: UUID, on database: any Database) async throws -> WageReportDTO {
        WageReportDTO(year: year, rows: try await database.sql.raw("""
            SELECT occupation_code, level, workers, average_monthly_fen FROM wage_reports WHERE enterprise_id = \(bind: enterprise) AND year = \(bind: year)
            ORDER BY occupation_code, level DESC
            """).all().map { row in
                WageRowDTO(occupationCode: try row.decode(column: "occupation_code", as: String.self),
                           level: SkillLevel(rawValue: try row.decode(column: "level", as: Int.self))?.code ?? "",
                           workers: try row.decode(column: "workers", as: Int.self), averageMonthlyWageFen: try row.decode(column: "average_monthly_fen", as: Int64.self))
            })
    }

    /// The ladder for a scope: each level's cell over all occupations, and each occupation's cells by level; small
    /// cells are left out by `WageLadderRules.average`.
    static func cells(year: Int, districts: Set<String>?, on database: any Database) async throws
        -> (byLevel: [Int: WageCell], byOccupation: [String: [Int: WageCell]]) {
        var byLevel: [Int: WageCell] = [:], byOccupation: [String: [Int: WageCell]] = [:]
        let within = AnnualFigureQueries.filter(districts, column: "district_code")
        for row in try await database.sql.raw("""
            SELECT level, CAST(SUM(workers) AS BIGINT) AS workers, COUNT(DISTINCT enterprise_id) AS enterprises,
                CAST(SUM(workers * average_monthly_fen) AS BIGINT) AS total FROM wage_reports WHERE year = \(bind: year)\(within) GROUP BY level
            """).all() {
            byLevel[try row.decode(column: "level", as: Int.self)] = try cell(row)
        }
        for row in try await database.sql.raw("""
            SELECT occupation_code, level, CAST(SUM(workers) AS BIGINT) AS workers, COUNT(DISTINCT enterprise_id) AS enterprises,
                CAST(SUM(workers * average_monthly_fen) AS BIGINT) AS total FROM wage_reports WHERE year = \(bind: year)\(within)
            GROUP BY occupation_code, level
            """).all() {
            byOccupation[try row.decode(column: "occupation_code", as: String.self), default: [:]][try row.decode(column: "level", as: Int.self)] = try cell(row)
        }
        return (byLevel, byOccupation)
    }

    private static func cell(_ row: some SQLRow) throws -> WageCell {
        WageCell(workers: try row.decode(column: "workers", as: Int64.self), enterprises: try row.decode(column: "enterprises", as: Int.self),
                 totalFen: try row.decode(column: "total", as: Int64.self))
    }
}

extension AuditEntity {
    static let wageReport = AuditEntity("wage-report")
}

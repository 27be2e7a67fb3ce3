import Fluent
import Foundation
import GongjiangCore
import SQLKit
import Vapor

/// 公开数据: the year's certificates by district and level, and the high-skilled persons by district, for anyone,
/// with small cells suppressed (`SmallCellSuppression`): no published cell below the threshold, and none recoverable by
/// subtracting published cells from a published total.
enum OpenData {
    /// National levels 5 (初级工) to 1 (高级技师), the table's columns.
    static let levels: [SkillLevel] = [.level5, .level4, .level3, .level2, .level1]

    struct Table: Content {
        let year: Int
        let threshold: Int64
        /// District codes, the rows.
        let districts: [String]
        /// National levels "5" … "1", the columns.
        let levels: [String]
        /// Certificates issued in the year; null where suppressed.
        let certificates: [[Int64?]]
        let districtTotals: [Int64?]
        let levelTotals: [Int64?]
        let total: Int64?
        /// High-skilled persons by district at the end of the year; null where suppressed.
        let highSkilled: [Int64?]
        let highSkilledTotal: Int64?
    }

    static func table(year: Int, threshold: Int64, on database: any Database) async throws -> Table {
        try await SkillAggregates.refresh(on: database)
        let districts = try await ApprenticeshipQueries.districtCodes(on: database)
        var grid = districts.map { _ in levels.map { _ in Int64(0) } }
        for row in try await database.sql.raw("""
            SELECT district_code, dimension, n FROM stat_counts WHERE metric = \(bind: SkillAggregates.Metric.certificatesByLevel) AND year = \(bind: year)
            """).all() {
            guard let r = districts.firstIndex(of: try row.decode(column: "district_code", as: String.self)),
                  let rank = Int(try row.decode(column: "dimension", as: String.self)),
                  let c = levels.firstIndex(where: { $0.rawValue == rank }) else { continue }
            grid[r][c] += try row.decode(column: "n", as: Int64.self)
        }
        let certificates = SmallCellSuppression.apply(grid, threshold: threshold)
        var high: [Int64] = []
        for code in districts {
            high.append(try await AnnualFigureQueries.compute(year: year, districts: [code], on: database).highSkilledTotal)
        }
        // One column with its total: a lone small district is hidden with the next smallest.
        let persons = SmallCellSuppression.apply(high.map { [$0] }, threshold: threshold)
        return Table(year: year, threshold: threshold, districts: districts, levels: levels.compactMap { $0.nationalLevel.map(String.init) },
                     certificates: certificates.cells, districtTotals: certificates.rowTotals, levelTotals: certificates.columnTotals,
                     total: certificates.grandTotal, highSkilled: persons.rowTotals, highSkilledTotal: persons.grandTotal)
    }

    @Sendable static func api(_ request: Request) async throws -> Table {
        try await table(year: try StatisticsAPI.year(request), threshold: request.application.settings.openDataThreshold, on: request.db)
    }
}

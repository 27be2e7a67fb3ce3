import Fluent
import Foundation
import GongjiangCore
import SQLKit
import Vapor

/// 数据看板: the year's headline figures for the caller's scope, and charts with their tables: the trend over five
/// years, certificates by level, by district and by occupation, evaluation organizations by type, apprentices against
/// the target. Every figure comes from the kept aggregates or from small tables (filings, targets), so the page costs
/// the same at any size of the registry.
enum DashboardPage {
    struct Row: Sendable {
        let label: String
        let value: Int64
        var marker: Int64? = nil
    }

    /// One chart and its table.
    struct Panel: Sendable {
        let id: String
        let titleKey: String
        let rows: [Row]
    }

    struct Model {
        let year: Int
        let place: String
        let figures: AnnualFiguresDTO
        let panels: [Panel]

        static func load(_ request: Request) async throws -> Model {
            let today = CivilDate.today(now: request.now)
            let asked = request.query[Int.self, at: "year"] ?? today.year
            let year = StatisticsAPI.years.contains(asked) ? asked : today.year
            let t = request.localizer
            let names = try await ReferenceNames.load(on: request.db)
            let districtScope = request.scope.districtCodes
            let figures = try await AnnualFigureQueries.compute(year: year, scope: request.scope, on: request.db)
            let codes = try await ApprenticeshipQueries.districtCodes(on: request.db).filter { districtScope?.contains($0) ?? true }
            var panels: [Panel] = []

            var trend: [Row] = [], newTrend: [Row] = []
            for past in (year - 4)...year {
                let f = try await AnnualFigureQueries.compute(year: past, districts: districtScope, on: request.db)
                trend.append(Row(label: "\(past)", value: f.highSkilledTotal))
                newTrend.append(Row(label: "\(past)", value: f.newHighSkilled))
            }
            panels.append(Panel(id: "trend", titleKey: "statistics.dashboard.trend", rows: trend))
            panels.append(Panel(id: "new", titleKey: "statistics.dashboard.new-trend", rows: newTrend))
            let certificates = try await certificateCounts(year: year, districts: districtScope, on: request.db)
            panels.append(Panel(id: "levels", titleKey: "statistics.dashboard.levels", rows: SkillLevel.allCases.reversed().compactMap { level in
                certificates.byLevel[level.rawValue].map { Row(label: t.level(level), value: $0) }
            }))
            panels.append(Panel(id: "districts", titleKey: "statistics.dashboard.districts", rows: codes.map { code in
                Row(label: names.district(code, t), value: certificates.byDistrict[code] ?? 0)
            }))
            let occupations = try await AnnualReportPage.Model.occupations(year: year, districts: districtScope, names: names, t: t, on: request.db)
            panels.append(Panel(id: "occupations", titleKey: "statistics.dashboard.occupations",
                                rows: occupations.sorted { $0.all > $1.all }.prefix(10).map { Row(label: $0.name, value: $0.all) }))
            var apprentices: [Row] = []
            for code in codes {
                apprentices.append(Row(label: names.district(code, t),
                                       value: Int64(try await ApprenticeshipQueries.personTimes(year: year, districts: [code], on: request.db)),
                                       marker: try await ApprenticeshipQueries.target(year: year, districts: [code], on: request.db).map(Int64.init)))
            }
            panels.append(Panel(id: "apprentices", titleKey: "statistics.dashboard.apprentices", rows: apprentices))
            panels += try await wagePanels(year: year, districts: districtScope, threshold: request.application.settings.openDataThreshold, names: names,
                                           t: t, on: request.db)
            panels.append(Panel(id: "organizations", titleKey: "statistics.dashboard.organizations",
                                rows: try await organizations(districts: districtScope, t: t, on: request.db)))
            let place = districtScope.map { scope in codes.filter(scope.contains).map { names.district($0, t) }.joined(separator: "、") } ?? t("statistics.city")
            return Model(year: year, place: place, figures: figures, panels: panels)
        }
    }

    /// The year's certificates by level and by district, from the kept aggregates.
    static func certificateCounts(year: Int, districts: Set<String>?, on database: any Database) async throws
        -> (byLevel: [Int: Int64], byDistrict: [String: Int64]) {
        var byLevel: [Int: Int64] = [:], byDistrict: [String: Int64] = [:]
        for row in try await database.sql.raw("""
            SELECT district_code, dimension, n FROM stat_counts WHERE metric = \(bind: SkillAggregates.Metric.certificatesByLevel) AND year = \(bind: year)\
            \(AnnualFigureQueries.filter(districts, column: "district_code"))
            """).all() {
            let n = try row.decode(column: "n", as: Int64.self)
            if let rank = Int(try row.decode(column: "dimension", as: String.self)) { byLevel[rank, default: 0] += n }
            byDistrict[try row.decode(column: "district_code", as: String.self), default: 0] += n
        }
        return (byLevel, byDistrict)
    }

    /// Evaluation organizations with a filing in force, by type (社会培训评价组织 S, 用人单位 Y), and the occupations their
    /// filings cover: a small table whatever the registry's size.
    static func organizations(districts: Set<String>?, t: Localizer, on database: any Database) async throws -> [Row] {
        let within = AnnualFigureQueries.filter(districts, column: "f.district_code")
        var rows: [Row] = []
        for row in try await database.sql.raw("""
            SELECT f.type, COUNT(DISTINCT f.id) AS organizations, COUNT(DISTINCT s.occupation_code) AS occupations
            FROM evaluation_filings f LEFT JOIN filing_scope s ON s.filing_id = f.id WHERE f.state = 'active'\(within) GROUP BY f.type ORDER BY f.type
            """).all() {
            let type = try row.decode(column: "type", as: String.self)
            rows.append(Row(label: t("statistics.dashboard.organization-type.\(type)"), value: try row.decode(column: "organizations", as: Int64.self),
                            marker: nil))
            rows.append(Row(label: t("statistics.dashboard.organization-occupations.\(type)"), value: try row.decode(column: "occupations", as: Int64.self)))
        }
        return rows
    }

    /// The wage ladder by level (yuan a month) and each occupation's premium over 初级工 (%), from the enterprises'
    /// reports, with cells too small to publish left out (`WageLadderRules`).
    static func wagePanels(year: Int, districts: Set<String>?, threshold: Int64, names: ReferenceNames, t: Localizer,
                           on database: any Database) async throws -> [Panel] {
        let cells = try await WageReports.cells(year: year, districts: districts, on: database)
        let levels: [SkillLevel] = [.level5, .level4, .level3, .level2, .level1]
        let ladder = levels.compactMap { level in
            cells.byLevel[level.rawValue].flatMap { WageLadderRules.average($0, threshold: threshold) }.map { Row(label: t.level(level), value: $0.fen / 100) }
        }
        var premiums: [(workers: Int64, row: Row)] = []
        for (code, byLevel) in cells.byOccupation {
            guard let base = byLevel[SkillLevel.level5.rawValue].flatMap({ WageLadderRules.average($0, threshold: threshold) }) else { continue }
            for level in levels.dropFirst() {
                guard let cell = byLevel[level.rawValue], let wage = WageLadderRules.average(cell, threshold: threshold),
                      let premium = WageLadderRules.premiumPercent(wage, over: base) else { continue }
                premiums.append((cell.workers, Row(label: "\(names.occupation(code, t)) · \(t.level(level))", value: premium)))
            }
        }
        return [Panel(id: "wage-ladder", titleKey: "statistics.dashboard.wage-ladder", rows: ladder),
                Panel(id: "wage-premium", titleKey: "statistics.dashboard.wage-premium",
                      rows: premiums.sorted { ($0.workers, $0.row.label) > ($1.workers, $1.row.label) }.prefix(15).map(\.row))]
    }

    static func csv(_ panel: Panel, t: Localizer) -> CSVDocument {
        var document = CSVDocument(header: [t("statistics.dashboard.item"), t("statistics.dashboard.value")]
                                   + (panel.rows.contains { $0.marker != nil } ? [t("statistics.dashboard.target")] : []))
        for row in panel.rows {
            document.append([row.label, String(row.value)] + (panel.rows.contains { $0.marker != nil } ? [row.marker.map(String.init) ?? ""] : []))
        }
        return document
    }
}

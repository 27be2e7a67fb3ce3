import Fluent
import Foundation
@testable import GongjiangApp
import GongjiangCore
import SQLKit
import Testing
import VaporTesting

/// The statistics pages as the city and a district officer see them: each chart an SVG named for a screen reader with
/// its table beside it, every table as CSV with a byte-order mark, the report's paragraph; each in its own scope.
@Suite("Statistics pages")
struct StatisticsPageTests {
    @Test("The dashboard: SVG charts with title, description and a table each, in the caller's scope; CSV with BOM; the report writes the paragraph; an enterprise is refused")
    func dashboardAndReport() async throws {
        try await withGongjiang(.sqlite) { app in
            var serial = 0
            _ = try await ImportTests.importFile(try writeCSV(AnnualFiguresTests.registry(seed: 3, persons: 40, firstSequence: 600, serial: &serial)), app: app)
            let city = try await app.sessionCaller(try await app.makeAccount(.cityAdmin))
            let officer = try await app.sessionCaller(try await app.makeAccount(.districtOfficer, district: "320612"))
            let enterprise = try await app.sessionCaller(try await app.makeAccount(.enterprise))

            let whole = try await app.testing().sendRequest(.GET, "/statistics?year=2024", headers: city.headers)
            #expect(whole.status == .ok)
            let html = whole.body.string
            #expect(html.components(separatedBy: "<svg").count - 1 == 6, "six charts: no organization is filed in this registry, so that panel says so")
            #expect(html.contains("role=\"img\"") && html.contains("<title id=\"chart-levels-t\">") && html.contains("<desc id=\"chart-levels-d\">"))
            #expect(html.contains("崇川区") && html.contains("如东县"))
            #expect(!html.contains("<script"))

            let mine = try await app.testing().sendRequest(.GET, "/statistics?year=2024", headers: officer.headers).body.string
            #expect(mine.contains("通州区") && !mine.contains("崇川区") && !mine.contains("如东县"), "a district officer sees their district only")

            let csv = try await app.testing().sendRequest(.GET, "/statistics/dashboard.csv?year=2024&panel=levels", headers: city.headers)
            #expect(csv.status == .ok && csv.body.string.hasPrefix("\u{FEFF}"))
            let districtsCSV = try await app.testing().sendRequest(.GET, "/statistics/report/districts.csv?year=2024", headers: officer.headers).body.string
            #expect(districtsCSV.hasPrefix("\u{FEFF}") && districtsCSV.contains("通州区") && !districtsCSV.contains("崇川区"))

            let report = try await app.testing().sendRequest(.GET, "/statistics/report?year=2024", headers: city.headers).body.string
            #expect(report.contains("全市开展补贴性职业技能培训") && report.contains("全年新增高技能人才"))
            let figures = try await AnnualFigureQueries.compute(year: 2024, districts: nil, on: app.db)
            #expect(report.contains("新增技师和高级技师\(figures.newTechniciansAndSeniorTechnicians)人"))
            #expect(try await app.testing().sendRequest(.GET, "/statistics", headers: enterprise.headers).status == .forbidden)
        }
    }

    @Test("A chart's labels are escaped: an occupation or district name cannot add an element to the SVG")
    func chartEscapes() {
        let chart = BarChart(id: "x", title: "<script>alert(1)</script>", bars: [.init(label: "\"><svg onload=alert(1)>", value: 3, marker: 5)])
        #expect(!chart.svg.contains("<script>") && !chart.svg.contains("<svg onload"))
        #expect(chart.svg.contains("&lt;script&gt;") && chart.svg.contains("&quot;&gt;&lt;svg onload=alert(1)&gt;"))
        #expect(chart.svg.contains("<line"), "the target is drawn")
    }
}

@Suite("Open data")
struct OpenDataTests {
    @Test("Open data, without signing in: no published cell below the configured threshold, none recoverable from the totals; the page marks hidden cells")
    func suppressed() async throws {
        try await withGongjiang(.sqlite, adjust: { $0.openDataThreshold = 6 }) { app in
            var serial = 0
            _ = try await ImportTests.importFile(try writeCSV(AnnualFiguresTests.registry(seed: 5, persons: 120, firstSequence: 700, serial: &serial)), app: app)
            let response = try await app.testing().sendRequest(.GET, "/api/v1/public/statistics/2024")
            #expect(response.status == .ok)
            let table = try JSONDecoder().decode(OpenData.Table.self, from: response.body)
            #expect(table.threshold == 6)
            let grid = table.certificates.enumerated().map { $1 + [table.districtTotals[$0]] } + [table.levelTotals + [table.total]]
            for value in grid.flatMap({ $0 }) + table.highSkilled + [table.highSkilledTotal] {
                if let value { #expect(value == 0 || value >= 6, "a published cell of \(value)") }
            }
            for row in grid { #expect(row.filter { $0 == nil }.count != 1, "a row with one hidden cell: \(row)") }
            for column in 0..<grid[0].count { #expect(grid.filter { $0[column] == nil }.count != 1, "a column with one hidden cell") }
            #expect(grid.flatMap { $0 }.contains { $0 == nil }, "this registry has small cells to hide")
            let page = try await app.testing().sendRequest(.GET, "/open-data?year=2024")
            #expect(page.status == .ok && page.body.string.contains("&lt;6"))
        }
    }
}

@Suite("Wage reports")
struct WageReportTests {
    static func enterprise(_ app: Application, serial: Int, district: String = "320602") async throws -> Caller {
        let organization = Organization()
        organization.uscc = Fixture.creditCode(900 + serial)
        organization.name = "薪酬调查企业\(serial)"
        organization.kindCode = OrganizationKind.enterprise.rawValue
        organization.districtCode = district
        try await organization.create(on: app.db)
        return try await app.tokenCaller(try await app.makeAccount(.enterprise, organizationID: organization.id))
    }

    @Test("Enterprises report wages by occupation and level; a bad row refuses the whole report; the ladder averages by workers and hides a level fewer than three enterprises report")
    func ladder() async throws {
        try await withGongjiang(.sqlite, adjust: { $0.openDataThreshold = 5 }) { app in
            let send = TrainingAPITests.send
            var callers: [Caller] = []
            for serial in 1...3 { callers.append(try await Self.enterprise(app, serial: serial)) }
            let bad = try await send(app, .PUT, "/api/v1/wage-reports/2025", callers[0], nil, """
                {"rows": [{"occupationCode": "6-18-02-04", "level": "5", "workers": 10, "averageMonthlyWageFen": 400000},
                          {"occupationCode": "6-18-02-04", "level": "5", "workers": 3, "averageMonthlyWageFen": 410000}]}
                """)
            #expect(bad.status == .unprocessableEntity && bad.body.string.contains("wages.duplicate"))
            #expect(try await app.db.sql.raw("SELECT COUNT(*) AS n FROM wage_reports").first()?.decode(column: "n", as: Int.self) == 0)
            for (index, caller) in callers.enumerated() {
                // Each reports 10 初级工 at 4,000 + 100 × index, and 10 高级工 at 6,000; only the first also reports 技师.
                let technicians = index == 0 ? #", {"occupationCode": "6-18-02-04", "level": "2", "workers": 10, "averageMonthlyWageFen": 900000}"# : ""
                let response = try await send(app, .PUT, "/api/v1/wage-reports/2025", caller, nil, """
                    {"rows": [{"occupationCode": "6-18-02-04", "level": "5", "workers": 10, "averageMonthlyWageFen": \(400_000 + 10_000 * index)},
                              {"occupationCode": "6-18-02-04", "level": "3", "workers": 10, "averageMonthlyWageFen": 600000}\(technicians)]}
                    """)
                #expect(response.status == .ok, "\(response.body.string)")
            }
            let officer = try await app.tokenCaller(try await app.makeAccount(.districtOfficer))
            #expect(try await send(app, .PUT, "/api/v1/wage-reports/2025", officer, nil, #"{"rows": []}"#).status == .forbidden)
            let cells = try await WageReports.cells(year: 2025, districts: ["320602"], on: app.db)
            #expect(WageLadderRules.average(cells.byLevel[SkillLevel.level5.rawValue]!, threshold: 5) == Money(yuan: 4100))
            #expect(WageLadderRules.average(cells.byLevel[SkillLevel.level2.rawValue]!, threshold: 5) == nil, "one enterprise's 技师 stay private")
            let panels = try await DashboardPage.wagePanels(year: 2025, districts: nil, threshold: 5, names: try await ReferenceNames.load(on: app.db),
                                                            t: Localizer(language: .chinese), on: app.db)
            #expect(panels[0].rows.map(\.value) == [4100, 6000])
            // 6,000 over 4,100: 46.3% → 46.
            #expect(panels[1].rows.map(\.value) == [46])
            // Reporting again replaces the year's report.
            _ = try await send(app, .PUT, "/api/v1/wage-reports/2025", callers[2], nil,
                               #"{"rows": [{"occupationCode": "6-18-02-04", "level": "5", "workers": 20, "averageMonthlyWageFen": 420000}]}"#)
            let mine = try JSONDecoder().decode(WageReportDTO.self, from: try await send(app, .GET, "/api/v1/wage-reports/2025", callers[2], nil, nil).body)
            #expect(mine.rows.count == 1 && mine.rows[0].workers == 20)
        }
    }
}

import Fluent
import Foundation
import GongjiangCore
import Vapor

/// The statistics pages: the annual report (printable, its tables as CSV) and the labour-force figures.
struct StatisticsPageRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(PagePath.openData.components) { request in
            let asked = request.query[Int.self, at: "year"] ?? CivilDate.today(now: request.now).year
            let year = StatisticsAPI.years.contains(asked) ? asked : CivilDate.today(now: request.now).year
            let table = try await OpenData.table(year: year, threshold: request.application.settings.openDataThreshold, on: request.db)
            return page(request, .openData, OpenDataView(table: table, names: try await ReferenceNames.load(on: request.db), t: request.localizer))
        }.requires(.everyone)
        routes.get(PagePath.statisticsDashboard.components) { request in
            let model = try await DashboardPage.Model.load(request)
            return page(request, .statistics, model.view(request.localizer), title: request.localizer("statistics.dashboard.title", model.place, model.year))
        }.requires(.permission(.readStatistics))
        routes.get(PagePath.statisticsDashboardCSV.components) { request -> Response in
            let model = try await DashboardPage.Model.load(request)
            guard let panel = model.panels.first(where: { $0.id == request.query[String.self, at: "panel"] }) else { throw RequestProblem.badParameter("panel") }
            return DashboardPage.csv(panel, t: request.localizer).response(fileName: "\(panel.id)-\(model.year).csv")
        }.requires(.permission(.readStatistics))
        routes.get(PagePath.statisticsReport.components) { request in
            let model = try await AnnualReportPage.Model.load(request)
            return page(request, .statistics, model.view(request.localizer), title: request.localizer("statistics.report.title", model.year))
        }.requires(.permission(.readStatistics))
        for table in ["districts", "occupations"] {
            routes.get(PagePath.statisticsReportCSV(table).components) { request in
                let model = try await AnnualReportPage.Model.load(request)
                let document = table == "districts" ? AnnualReportPage.districtsCSV(model) : AnnualReportPage.occupationsCSV(model)
                return document.response(fileName: "\(table)-\(model.year).csv")
            }.requires(.permission(.readStatistics))
        }
        // An enterprise's wage report.
        routes.get(PagePath.wageReport.components) { request in
            page(request, .statistics, try await WageReportPage.Model.load(request).view(request.localizer))
        }.requires(.permission(.reportWages))
        routes.post(PagePath.wageReport.components) { request -> Response in
            struct Fields: Content { var year: Int?; var occupationCode: String?; var level: String?; var workers: String?; var wage: String? }
            let fields = try request.content.decode(Fields.self)
            do {
                let model = try await WageReportPage.Model.load(request)
                let added = try WageReportPage.row(occupation: fields.occupationCode, level: fields.level, workers: fields.workers, wage: fields.wage)
                // The row replaces the year's row of the same occupation and level, and joins the others.
                let kept = model.report.rows.filter { $0.occupationCode != added.occupationCode || $0.level != added.level }.map {
                    WageRowInput(occupationCode: $0.occupationCode, level: $0.level, workers: $0.workers, averageMonthlyWageFen: $0.averageMonthlyWageFen)
                }
                try await WageReports.submit(year: model.year, WageReportInput(rows: kept + [added]), request.apprenticeship)
                return page(request, .statistics, try await WageReportPage.Model.load(request, done: request.localizer("statistics.wages.saved"))
                    .view(request.localizer))
            } catch {
                let (status, text) = try PageActions.refusalText(error, request)
                return PageActions.status(page(request, .statistics, try await WageReportPage.Model.load(request, error: text).view(request.localizer)), status)
            }
        }.requires(.permission(.reportWages))
        routes.get(PagePath.wageReportTemplate.components) { _ in
            RowFiles.template(WageReportPage.columns).response(fileName: "wages-template.csv")
        }.requires(.permission(.reportWages))
        routes.post(PagePath.wageReportFile.components) { request -> Response in
            do {
                let model = try await WageReportPage.Model.load(request)
                var rows: [WageRowInput] = []
                let outcome = try await RowFiles.receive(request, prefix: "wages") { path in
                    try await RowFiles.run(path: path, columns: WageReportPage.columns, maximumRows: WageReports.maximumRows) { cell, _ in
                        rows.append(try WageReportPage.row(occupation: cell("occupationCode"), level: cell("level"), workers: cell("workers"), wage: cell("wage")))
                    }
                }
                // The file is the year's whole report: written only when every row reads, and then all together.
                guard outcome.issues.isEmpty else {
                    var shown = model
                    shown.error = request.localizer("statistics.wages.file-refused", outcome.issues.count)
                    return PageActions.status(page(request, .statistics, shown.view(request.localizer)), .unprocessableEntity)
                }
                try await WageReports.submit(year: model.year, WageReportInput(rows: rows), request.apprenticeship)
                return page(request, .statistics, try await WageReportPage.Model.load(request, done: request.localizer("statistics.wages.saved"))
                    .view(request.localizer))
            } catch {
                let (status, text) = try PageActions.refusalText(error, request)
                return PageActions.status(page(request, .statistics, try await WageReportPage.Model.load(request, error: text).view(request.localizer)), status)
            }
        }.requires(.permission(.reportWages))

        routes.get(PagePath.labourForce.components) { request in
            page(request, .statistics, try await LabourForcePage.Model.load(request).view(request.localizer))
        }.requires(.permission(.readStatistics))
        routes.post(PagePath.labourForce.components) { request -> Response in
            let form = try request.content.decode([String: String].self)
            let year = form["year"].flatMap { Int($0) } ?? 0
            return try await PageActions.act(request, to: PagePath.labourForce.url() + "?year=\(year)",
                                             reload: { try await LabourForcePage.Model.load(request, error: $0) },
                                             render: { (model: LabourForcePage.Model) in page(request, .statistics, model.view(request.localizer)) }) {
                var districts: [String: Int64] = [:]
                for (key, value) in form where key.hasPrefix("d_") && !value.isEmpty {
                    guard let workers = Int64(value) else {
                        throw RequestProblem.validation([FieldProblem(field: key, code: "labour-force.number", chinese: "从业人员数应为整数",
                                                                      english: "Workers are a whole number")])
                    }
                    districts[String(key.dropFirst(2))] = workers
                }
                try await LabourForce.set(year: year, districts, source: "form", request.apprenticeship)
            }
        }.requires(.permission(.manageReference))
        routes.get(PagePath.labourForceTemplate.components) { _ in
            RowFiles.template(LabourForcePage.columns).response(fileName: "labour-force-template.csv")
        }.requires(.permission(.manageReference))
        routes.post(PagePath.labourForceFile.components) { request -> Response in
            do {
                let outcome = try await RowFiles.receive(request, prefix: "labour-force") { path in
                    try await LabourForcePage.run(path: path, request.apprenticeship)
                }
                var model = try await LabourForcePage.Model.load(request)
                model.fileOutcome = outcome
                return page(request, .statistics, model.view(request.localizer))
            } catch {
                let (status, text) = try PageActions.refusalText(error, request)
                return PageActions.status(page(request, .statistics, try await LabourForcePage.Model.load(request, error: text).view(request.localizer)), status)
            }
        }.requires(.permission(.manageReference))
    }
}

extension PagePath {
    static let openData = PagePath("open-data")
    static let statisticsDashboard = PagePath("statistics")
    static let statisticsDashboardCSV = PagePath("statistics", "dashboard.csv")
    static let statisticsReport = PagePath("statistics", "report")
    static let labourForce = PagePath("statistics", "labour-force")
    static let wageReport = PagePath("statistics", "wages")
    static let wageReportFile = PagePath("statistics", "wages", "file")
    static let wageReportTemplate = PagePath("statistics", "wages", "template.csv")
    static let labourForceFile = PagePath("statistics", "labour-force", "file")
    static let labourForceTemplate = PagePath("statistics", "labour-force", "template.csv")

    static func statisticsReportCSV(_ table: String) -> PagePath {
        PagePath("statistics", "report", PathComponent(stringLiteral: "\(table).csv"))
    }
}

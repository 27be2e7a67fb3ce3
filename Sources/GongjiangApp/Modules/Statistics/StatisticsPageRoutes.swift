import Fluent
import Foundation
import GongjiangCore
import Vapor

/// The statistics pages: the annual report (printable, its tables as CSV) and the labour-force figures.
struct StatisticsPageRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
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
    static let statisticsReport = PagePath("statistics", "report")
    static let labourForce = PagePath("statistics", "labour-force")
    static let labourForceFile = PagePath("statistics", "labour-force", "file")
    static let labourForceTemplate = PagePath("statistics", "labour-force", "template.csv")

    static func statisticsReportCSV(_ table: String) -> PagePath {
        PagePath("statistics", "report", PathComponent(stringLiteral: "\(table).csv"))
    }
}

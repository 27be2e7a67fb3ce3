import Fluent
import Foundation
import GongjiangCore
import Plot
import Vapor

/// 薪酬调查填报: an enterprise's yearly report of average monthly wages by occupation and level, by form (rows added to
/// or replacing those of the year) or CSV (the whole year's report at once).
enum WageReportPage {
    struct Model {
        let year: Int
        let report: WageReportDTO
        let names: ReferenceNames
        let request: Request
        var error: String?
        var done: String?

        static func load(_ request: Request, error: String? = nil, done: String? = nil) async throws -> Model {
            let today = CivilDate.today(now: request.now)
            let asked = request.query[Int.self, at: "year"] ?? (try? request.content.get(Int.self, at: "year")) ?? today.year - 1
            let year = (2000...today.year).contains(asked) ? asked : today.year - 1
            guard let enterprise = request.scope.organizationID else { throw RequestProblem.notFound }
            return Model(year: year, report: try await WageReports.report(year: year, enterprise: enterprise, on: request.db),
                         names: try await ReferenceNames.load(on: request.db), request: request, error: error, done: done)
        }
    }

    static let columns: [RowFiles.Column] = [.init("职业编码", "occupationCode", required: true), .init("等级", "level", required: true),
                                             .init("人数", "workers", required: true), .init("月平均工资（元）", "wage", required: true)]

    /// A row typed in a form or a CSV: the wage in yuan, the level as 5–1 or its name.
    static func row(occupation: String?, level: String?, workers: String?, wage: String?) throws -> WageRowInput {
        let level = level.flatMap { text in SkillLevel(code: text) ?? SkillLevel.allCases.first { $0.chineseName.contains(text) && $0.nationalLevel != nil } }
        return WageRowInput(occupationCode: occupation?.trimmingCharacters(in: .whitespaces), level: level?.code ?? "",
                            workers: workers.flatMap { Int($0.replacingOccurrences(of: ",", with: "")) },
                            averageMonthlyWageFen: try FormAmount.fen(wage, field: "wage"))
    }
}

extension WageReportPage.Model {
    func view(_ t: Localizer) -> Component {
        ComponentGroup {
            H1(t("statistics.wages.title", year))
            if let error { Notice(kind: .error, text: error) }
            if let done { Notice(kind: .success, text: done) }
            Paragraph(t("statistics.wages.help")).class("muted")
            Form(url: PagePath.wageReport.url(), method: .get) {
                Label(t("statistics.year")) { Input(type: .number, name: "year", value: String(year)) }
                SubmitButton(t("statistics.show"))
            }.class("search")
            if report.rows.isEmpty {
                Notice(kind: .info, text: t("statistics.wages.none"))
            } else {
                Table(header: TableRow {
                    TableHeaderCell(t("field.occupation")); TableHeaderCell(t("field.level")); TableHeaderCell(t("statistics.wages.workers"))
                    TableHeaderCell(t("statistics.wages.average"))
                }) {
                    for row in report.rows {
                        TableRow {
                            TableCell(names.occupation(row.occupationCode, t))
                            TableCell(SkillLevel(code: row.level).map { t.level($0) } ?? row.level)
                            TableCell(String(row.workers)).class("number")
                            TableCell(Money(fen: row.averageMonthlyWageFen).yuanText + " 元").class("number")
                        }
                    }
                }
            }
            H2(t("statistics.wages.add"))
            Form(url: PagePath.wageReport.url() + "?year=\(year)", method: .post) {
                CSRFField(request: request)
                Input(type: .hidden, name: "year", value: String(year))
                Label(t("apprenticeship.occupation-code")) { Input(type: .text, name: "occupationCode", isRequired: true) }
                SelectField(name: "level", label: t("field.level"), anyLabel: "—",
                            options: [SkillLevel.level5, .level4, .level3, .level2, .level1].map { ($0.code, t.level($0)) }, selected: nil)
                Label(t("statistics.wages.workers")) { Input(type: .number, name: "workers", isRequired: true) }
                Label(t("statistics.wages.average-yuan")) { Input(type: .text, name: "wage", isRequired: true) }
                SubmitButton(t("statistics.wages.save-row"))
            }.class("stacked")
            H3(t("statistics.wages.file"))
            Paragraph(t("statistics.wages.file-help")).class("muted")
            RowFileForm(action: PagePath.wageReportFile.url() + "?year=\(year)", label: t("statistics.wages.file"),
                        template: PagePath.wageReportTemplate.url(), request: request, t: t)
        }
    }
}

import Foundation
import GongjiangCore
import Plot

/// The public page of open data: the year's certificates by district and level, and the high-skilled persons by
/// district, with "<N" where a cell is suppressed; the JSON at `/api/v1/public/statistics/{year}`.
struct OpenDataView: Component {
    let table: OpenData.Table
    let names: ReferenceNames
    let t: Localizer

    var body: Component {
        ComponentGroup {
            H1(t("statistics.open-data.title", table.year))
            Form(url: PagePath.openData.url(), method: .get) {
                Label(t("statistics.year")) { Input(type: .number, name: "year", value: String(table.year)) }
                SubmitButton(t("statistics.show"))
            }.class("search")
            Paragraph(t("statistics.open-data.help", table.threshold)).class("muted")
            H2(t("statistics.open-data.certificates", table.year))
            Table(header: TableRow {
                TableHeaderCell(t("field.district"))
                for level in table.levels { TableHeaderCell(SkillLevel(code: level).map { t.level($0) } ?? level) }
                TableHeaderCell(t("statistics.open-data.total"))
            }) {
                for (index, code) in table.districts.enumerated() {
                    TableRow {
                        TableCell(names.district(code, t))
                        for value in table.certificates[index] { TableCell(shown(value)).class("number") }
                        TableCell(shown(table.districtTotals[index])).class("number")
                    }
                }
                TableRow {
                    TableCell(t("statistics.open-data.total"))
                    for value in table.levelTotals { TableCell(shown(value)).class("number") }
                    TableCell(shown(table.total)).class("number")
                }.class("total")
            }
            H2(t("statistics.open-data.high-skilled", table.year))
            Table(header: TableRow { TableHeaderCell(t("field.district")); TableHeaderCell(t("statistics.high-skilled-total")) }) {
                for (index, code) in table.districts.enumerated() {
                    TableRow { TableCell(names.district(code, t)); TableCell(shown(table.highSkilled[index])).class("number") }
                }
                TableRow { TableCell(t("statistics.open-data.total")); TableCell(shown(table.highSkilledTotal)).class("number") }.class("total")
            }
            Paragraph { Link(t("statistics.open-data.json"), url: "/api/v1/public/statistics/\(table.year)") }.class("actions")
        }
    }

    private func shown(_ value: Int64?) -> String { value.map(String.init) ?? "<\(table.threshold)" }
}

import Foundation
import GongjiangCore
import Plot

extension DashboardPage.Model {
    func view(_ t: Localizer) -> Component {
        ComponentGroup {
            StatisticsTabs(current: .statisticsDashboard, t: t)
            H1(t("statistics.dashboard.title", place, year))
            Form(url: PagePath.statisticsDashboard.url(), method: .get) {
                Label(t("statistics.year")) { Input(type: .number, name: "year", value: String(year)) }
                SubmitButton(t("statistics.show"))
            }.class("search")
            List {
                card(t("statistics.high-skilled-total"), String(figures.highSkilledTotal))
                card(t("statistics.per-10k"), figures.highSkilledPer10kWorkers.map(String.init) ?? "—")
                card(t("statistics.new-high-skilled"), String(figures.newHighSkilled))
                card(t("statistics.new-technicians"), String(figures.newTechniciansAndSeniorTechnicians))
                card(t("statistics.training-person-times"), String(figures.subsidisedTrainingPersonTimes))
                card(t("statistics.subsidy-wan"), AnnualFigureRules.wan(figures.subsidyPaidFen, unit: 100))
                card(t("statistics.apprentices"), "\(figures.apprenticeshipPersonTimes) / \(figures.apprenticeshipTarget.map(String.init) ?? "—")")
            }.class("cards")
            for panel in panels {
                Element(name: "section") {
                    H2(t(panel.titleKey, year))
                    if panel.rows.isEmpty {
                        Notice(kind: .info, text: t("common.nothing-found"))
                    } else {
                        Div {
                            BarChart(id: panel.id, title: t(panel.titleKey, year),
                                     bars: panel.rows.map { BarChart.Bar(label: $0.label, value: $0.value, marker: $0.marker) })
                            Table(header: TableRow {
                                TableHeaderCell(t("statistics.dashboard.item")); TableHeaderCell(t("statistics.dashboard.value"))
                                if panel.rows.contains(where: { $0.marker != nil }) { TableHeaderCell(t("statistics.dashboard.target")) }
                            }) {
                                for row in panel.rows {
                                    TableRow {
                                        TableCell(row.label); TableCell(String(row.value)).class("number")
                                        if panel.rows.contains(where: { $0.marker != nil }) { TableCell(row.marker.map(String.init) ?? "—").class("number") }
                                    }
                                }
                            }
                        }.class("chart-with-table")
                        Paragraph { Link(t("statistics.csv"), url: PagePath.statisticsDashboardCSV.url() + "?year=\(year)&panel=\(panel.id)") }.class("actions")
                    }
                }.class("panel")
            }
        }
    }

    private func card(_ label: String, _ value: String) -> Component {
        ListItem {
            Span(value).class("card-value")
            Span(label).class("card-label")
        }
    }
}

import Foundation
import GongjiangCore
import Plot

/// The module's tabs: the annual report, and the labour-force figures.
struct StatisticsTabs: Component {
    let current: PagePath
    let t: Localizer

    var body: Component {
        Navigation {
            List([(PagePath.statisticsDashboard, "statistics.dashboard"), (PagePath.statisticsReport, "statistics.report"),
                  (PagePath.labourForce, "statistics.labour-force")]) { path, key in
                Link(t(key), url: path.url()).attribute(named: "aria-current", value: path == current ? "page" : nil, ignoreValueIfEmpty: true)
            }
        }.class("tabs")
    }
}

extension AnnualReportPage.Model {
    func view(_ t: Localizer) -> Component {
        ComponentGroup {
            StatisticsTabs(current: .statisticsReport, t: t)
            Form(url: PagePath.statisticsReport.url(), method: .get) {
                Label(t("statistics.year")) { Input(type: .number, name: "year", value: String(year)) }
                SubmitButton(t("statistics.show"))
            }.class("search")
            Article {
                H1(t("statistics.report.title", year))
                Paragraph(whole.figures.paragraph(place: place)).class("lead")
                if whole.highSkilledPer10kWorkers == nil {
                    Paragraph(t("statistics.report.no-labour-force")).class("muted")
                }
                H2(t("statistics.report.districts"))
                Table(header: TableRow {
                    TableHeaderCell(t("field.district")); TableHeaderCell(t("statistics.high-skilled-total")); TableHeaderCell(t("statistics.per-10k"))
                    TableHeaderCell(t("statistics.new-high-skilled")); TableHeaderCell(t("statistics.new-technicians"))
                    TableHeaderCell(t("statistics.training-person-times")); TableHeaderCell(t("statistics.subsidy-wan"))
                    TableHeaderCell(t("statistics.apprentices"))
                }) {
                    for row in districts + (districts.count > 1 ? [AnnualReportPage.DistrictRow(code: nil, name: place, figures: whole)] : []) {
                        let f = row.figures
                        TableRow {
                            TableCell(row.name)
                            TableCell(String(f.highSkilledTotal)).class("number")
                            TableCell(f.highSkilledPer10kWorkers.map(String.init) ?? "—").class("number")
                            TableCell(String(f.newHighSkilled)).class("number")
                            TableCell(String(f.newTechniciansAndSeniorTechnicians)).class("number")
                            TableCell(String(f.subsidisedTrainingPersonTimes)).class("number")
                            TableCell(AnnualFigureRules.wan(f.subsidyPaidFen, unit: 100)).class("number")
                            TableCell("\(f.apprenticeshipPersonTimes) / \(f.apprenticeshipTarget.map(String.init) ?? "—")").class("number")
                        }.class(row.code == nil ? "total" : "")
                    }
                }
                Paragraph { Link(t("statistics.csv"), url: PagePath.statisticsReportCSV("districts").url() + "?year=\(year)") }.class("actions")
                H2(t("statistics.report.awards"))
                if whole.programmeAwards.isEmpty {
                    Notice(kind: .info, text: t("common.nothing-found"))
                } else {
                    Table(header: TableRow {
                        TableHeaderCell(t("statistics.award.type")); TableHeaderCell(t("statistics.award.tier"))
                        TableHeaderCell(t("statistics.award.awarded")); TableHeaderCell(t("statistics.award.pending"))
                    }) {
                        for award in whole.programmeAwards {
                            TableRow {
                                TableCell(award.name); TableCell(t("programme.tier.\(award.tier)"))
                                TableCell(String(award.awarded)).class("number"); TableCell(String(award.recommendedPending)).class("number")
                            }
                        }
                    }
                }
                H2(t("statistics.report.occupations"))
                if occupations.isEmpty {
                    Notice(kind: .info, text: t("common.nothing-found"))
                } else {
                    Table(header: TableRow {
                        TableHeaderCell(t("field.occupation")); TableHeaderCell(t("statistics.certificates-high"))
                        TableHeaderCell(t("statistics.certificates-technician")); TableHeaderCell(t("statistics.certificates-all"))
                    }) {
                        for row in occupations.prefix(30) {
                            TableRow {
                                TableCell(row.name); TableCell(String(row.high)).class("number"); TableCell(String(row.technicians)).class("number")
                                TableCell(String(row.all)).class("number")
                            }
                        }
                    }
                    if occupations.count > 30 { Paragraph(t("statistics.report.more-occupations", occupations.count - 30)).class("muted") }
                }
                Paragraph { Link(t("statistics.csv"), url: PagePath.statisticsReportCSV("occupations").url() + "?year=\(year)") }.class("actions")
                H2(t("statistics.report.definitions"))
                List(["high-skilled-total", "new-high-skilled", "new-technicians", "per-10k", "training-person-times", "subsidy", "apprentices", "scope"]) { key in
                    ListItem(t("statistics.definition.\(key)"))
                }.class("definitions")
            }.class("report")
        }
    }
}

extension LabourForcePage.Model {
    func view(_ t: Localizer) -> Component {
        ComponentGroup {
            StatisticsTabs(current: .labourForce, t: t)
            H1(t("statistics.labour-force.title", year))
            if let error { Notice(kind: .error, text: error) }
            if let fileOutcome { RowFileOutcome(outcome: fileOutcome, t: t) }
            Form(url: PagePath.labourForce.url(), method: .get) {
                Label(t("statistics.year")) { Input(type: .number, name: "year", value: String(year)) }
                SubmitButton(t("statistics.show"))
            }.class("search")
            if mayEdit {
                Form(url: PagePath.labourForce.url() + "?year=\(year)", method: .post) {
                    CSRFField(request: request)
                    Input(type: .hidden, name: "year", value: String(year))
                    for district in districts {
                        Label(district.label) {
                            Input(type: .number, name: "d_\(district.value)", value: figures[district.value].map(String.init))
                                .attribute(named: "min", value: "1")
                        }
                    }
                    SubmitButton(t("statistics.labour-force.save"))
                }.class("stacked")
                Paragraph(t("statistics.labour-force.csv-help")).class("muted")
                RowFileForm(action: PagePath.labourForceFile.url(), label: t("statistics.labour-force.file"),
                            template: PagePath.labourForceTemplate.url(), request: request, t: t)
            } else {
                Table(header: TableRow { TableHeaderCell(t("field.district")); TableHeaderCell(t("statistics.labour-force")) }) {
                    for district in districts {
                        TableRow { TableCell(district.label); TableCell(figures[district.value].map(String.init) ?? "—").class("number") }
                    }
                }
            }
        }
    }
}

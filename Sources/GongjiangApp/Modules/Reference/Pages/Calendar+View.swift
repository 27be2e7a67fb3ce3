import Foundation
import GongjiangCore
import Plot

extension CalendarPage.Model {
    func view(_ t: Localizer) -> Component {
        ComponentGroup {
            H1(t("reference.calendar.title"))
            Paragraph(t("reference.calendar.intro")).class("muted")
            if let notice { notice }
            if !problems.isEmpty {
                List(problems.map { problem in
                    t("reference.calendar.line", problem.line) + "：" + t.pick(problem.error.chinese, problem.error.english)
                }) { Text($0) }.class("problems")
            }
            Paragraph {
                Text(t("reference.calendar.years") + " ")
                for covered in coveredYears {
                    if covered == year {
                        Span(String(covered)).class("current")
                    } else {
                        Link(String(covered), url: PagePath.calendar.url(query: ["year": String(covered)]))
                    }
                    Text(" ")
                }
            }
            H2(t("reference.calendar.year", year))
            if !coveredYears.contains(year) {
                Notice(kind: .error, text: t("reference.calendar.not-covered", year))
            }
            if days.isEmpty {
                Notice(kind: .info, text: t("common.nothing-found"))
            } else {
                Table(header: TableRow {
                    TableHeaderCell(t("reference.calendar.date")); TableHeaderCell(t("reference.calendar.weekday"))
                    TableHeaderCell(t("reference.calendar.kind")); TableHeaderCell(t("reference.calendar.name"))
                }) {
                    for day in days {
                        TableRow {
                            TableCell(day.date.description)
                            TableCell(t("reference.calendar.weekday.\(day.date.weekday)"))
                            TableCell(t("reference.calendar.kind.\(day.kind.rawValue)")).class("calendar-\(day.kind.rawValue)")
                            TableCell(t.pick(day.nameZH, day.nameEN.isEmpty ? day.nameZH : day.nameEN))
                        }
                    }
                }
            }
            if mayImport {
                H2(t("reference.calendar.import"))
                Paragraph(t("reference.calendar.import.help")).class("muted")
                Form(url: PagePath.calendar.url(query: [AccessMiddleware.csrfField: csrfToken]), method: .post, contentType: .multipartData) {
                    Label(t("reference.calendar.import.file")) { Input(type: .file, name: "file", isRequired: true) }
                    SubmitButton(t("reference.calendar.import.submit"))
                }.class("search")
            }
        }
    }
}

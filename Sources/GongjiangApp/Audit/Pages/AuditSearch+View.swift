import Foundation
import GongjiangCore
import Plot

extension AuditSearchPage.Model {
    func view(_ t: Localizer) -> Component {
        ComponentGroup {
            H1(t("audit.nav"))
            Form(url: PagePath.audit.url(), method: .get) {
                Label(t("audit.actor")) { Input(type: .text, name: "actor", value: filter.actor) }
                Label(t("audit.entity")) { Input(type: .text, name: "entity", value: filter.entity) }
                Label(t("audit.action")) { Input(type: .text, name: "action", value: filter.action) }
                Label(t("audit.from")) { Input(type: .date, name: "from", value: filter.from) }
                Label(t("audit.to")) { Input(type: .date, name: "to", value: filter.to) }
                SubmitButton(t("common.search"))
            }.class("search")
            Paragraph { Link(t("audit.export"), url: PagePath.auditExport.url(query: filter.query)) }
            if entries.isEmpty {
                Notice(kind: .info, text: t("common.nothing-found"))
            } else {
                Table(header: TableRow {
                    TableHeaderCell("#"); TableHeaderCell(t("audit.time")); TableHeaderCell(t("audit.actor"))
                    TableHeaderCell(t("access.account.role")); TableHeaderCell(t("audit.address")); TableHeaderCell(t("audit.entity"))
                    TableHeaderCell(t("audit.action")); TableHeaderCell(t("audit.outcome")); TableHeaderCell(t("audit.values"))
                }) {
                    for entry in entries {
                        TableRow {
                            TableCell(String(entry.id ?? 0)); TableCell(ChinaTime.timestamp(entry.occurredAt))
                            TableCell(entry.actor); TableCell(entry.role ?? ""); TableCell(entry.address ?? "")
                            TableCell(entry.entity + (entry.entityID.map { " " + $0 } ?? "")); TableCell(entry.action)
                            TableCell(entry.outcome)
                            TableCell([entry.before, entry.after].compactMap { $0 }.joined(separator: " → "))
                        }
                    }
                }
            }
            if let nextBefore {
                Paragraph {
                    Link(t("common.next-page"), url: PagePath.audit.url(query: filter.query.merging(["before": String(nextBefore)]) { $1 }))
                }.class("pager")
            }
        }
    }
}

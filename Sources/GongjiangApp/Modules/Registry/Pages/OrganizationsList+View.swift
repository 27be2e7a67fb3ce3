import Foundation
import GongjiangCore
import Plot

extension OrganizationsList.Model {
    func view(_ t: Localizer) -> Component {
        ComponentGroup {
            H1(t("registry.organizations.title"))
            Form(url: PagePath.organizations.url(), method: .get) {
                Label(t("registry.organizations.search.label")) {
                    Input(type: .search, name: "q", value: text, placeholder: t("registry.organizations.search.placeholder"))
                }
                SelectField(name: "kind", label: t("field.organization-kind"), anyLabel: t("common.any"),
                            options: OrganizationKind.allCases.map { ($0.rawValue, t.organizationKind($0)) }, selected: kind)
                SelectField(name: "district", label: t("field.district"), anyLabel: t("common.any"),
                            options: names.districtOptions(t), selected: districtCode)
                SubmitButton(t("common.search"))
            }.class("search")
            if page.items.isEmpty {
                Notice(kind: .info, text: t("common.nothing-found"))
            } else {
                Table(header: TableRow {
                    TableHeaderCell(t("field.organization-name"))
                    TableHeaderCell(t("field.uscc"))
                    TableHeaderCell(t("field.organization-kind"))
                    TableHeaderCell(t("field.district"))
                }) {
                    for organization in page.items {
                        TableRow {
                            TableCell { Link(organization.name, url: PagePath.organization.url(organization.id!.uuidString)) }
                            TableCell(organization.uscc)
                            TableCell(t.organizationKind(organization.kind))
                            TableCell(names.district(organization.districtCode, t))
                        }
                    }
                }
            }
            Pager(path: PagePath.organizations.url(), query: ["q": text, "kind": kind, "district": districtCode], next: page.next,
                  isFirstPage: isFirstPage, nextLabel: t("common.next-page"), firstLabel: t("common.first-page"))
        }
    }
}

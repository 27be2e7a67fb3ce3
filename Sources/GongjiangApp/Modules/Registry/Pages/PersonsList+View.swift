import Foundation
import Plot

extension PersonsList.Model {
    func view(_ t: Localizer) -> Component {
        ComponentGroup {
            H1(t("registry.persons.title"))
            Form(url: PagePath.persons.url(), method: .get) {
                Label(t("registry.persons.search.label")) {
                    Input(type: .search, name: "q", value: text, placeholder: t("registry.persons.search.placeholder"))
                }
                SelectField(name: "district", label: t("field.district"), anyLabel: t("common.any"),
                            options: names.districtOptions(t), selected: districtCode)
                if !employerID.isEmpty { Input(type: .hidden, name: "employer", value: employerID) }
                SubmitButton(t("common.search"))
            }.class("search")
            if page.items.isEmpty {
                Notice(kind: .info, text: t("common.nothing-found"))
            } else {
                Table(header: TableRow {
                    TableHeaderCell(t("field.name"))
                    TableHeaderCell(t("field.id-number"))
                    TableHeaderCell(t("field.sex"))
                    TableHeaderCell(t("field.birth-year"))
                    TableHeaderCell(t("field.district"))
                }) {
                    for person in page.items {
                        TableRow {
                            TableCell { Link(person.name, url: PagePath.person.url(person.id!.uuidString)) }
                            TableCell(PersonalData.idNumber(of: person, vault: vault))
                            TableCell(t.sex(person.sex))
                            TableCell(PersonalData.birthDate(of: person))
                            TableCell(names.district(person.districtCode, t))
                        }
                    }
                }
            }
            Pager(path: PagePath.persons.url(), query: ["q": text, "district": districtCode, "employer": employerID], next: page.next,
                  isFirstPage: isFirstPage, nextLabel: t("common.next-page"), firstLabel: t("common.first-page"))
        }
    }
}

import Foundation
import Plot

extension OrganizationDetail.Model {
    func view(_ t: Localizer) -> Component {
        ComponentGroup {
            H1(organization.name)
            FactTable(rows: [
                (t("field.organization-name"), organization.name),
                (t("field.uscc"), organization.uscc),
                (t("field.organization-kind"), t.organizationKind(organization.kind)),
                (t("field.district"), names.district(organization.districtCode, t)),
            ])
            Paragraph {
                Text(t("registry.organizations.detail.employees", employeeCount) + " ")
                if employeeCount > 0 {
                    Link(t("registry.organizations.detail.list-employees"), url: PagePath.persons.url(query: ["employer": organization.id!.uuidString]))
                }
            }
            TitlesOnRecord(entries: titles, t: t)
        }
    }
}

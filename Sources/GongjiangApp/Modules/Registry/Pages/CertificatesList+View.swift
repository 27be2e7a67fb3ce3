import Foundation
import GongjiangCore
import Plot

extension CertificatesList.Model {
    func view(_ t: Localizer) -> Component {
        ComponentGroup {
            H1(t("registry.certificates.title"))
            if mayExport {
                Paragraph { Link(t("certification.certificate.export"), url: PagePath.certificateExport.url() + "?source=issued") }.class("actions")
            }
            Form(url: PagePath.certificates.url(), method: .get) {
                Label(t("field.certificate-number")) {
                    Input(type: .search, name: "number", value: number, placeholder: "S000032100001235000123")
                }
                SelectField(name: "occupation", label: t("field.occupation"), anyLabel: t("common.any"),
                            options: names.occupations.keys.sorted().map { ($0, names.occupation($0, t)) },
                            selected: occupationCode)
                SelectField(name: "level", label: t("field.level"), anyLabel: t("common.any"),
                            options: [("high", t("home.high-skilled"))]
                                + (1...5).reversed().compactMap { n in SkillLevel(nationalLevel: n).map { (String(n), t.level($0)) } },
                            selected: level)
                SubmitButton(t("common.search"))
            }.class("search")
            if page.items.isEmpty {
                Notice(kind: .info, text: t("common.nothing-found"))
            } else {
                CertificateTable(certificates: page.items, names: names, t: t)
            }
            Pager(path: PagePath.certificates.url(), query: ["number": number, "occupation": occupationCode, "level": level],
                  next: page.next, isFirstPage: isFirstPage, nextLabel: t("common.next-page"), firstLabel: t("common.first-page"))
        }
    }
}

import Foundation
import Plot

extension HomePage.Model {
    func view(_ t: Localizer, principal: Principal?, navigation: [NavigationEntry]) -> Component {
        ComponentGroup {
            H1(t("home.title"))
            Paragraph(t("home.intro"))
            if let principal, !principal.may(.readRegistry) {
                Paragraph(t("home.no-registry"))
                List(navigation.filter { $0.section != .home && $0.requirement.allows(principal) }) { entry in
                    Link(t(entry.messageKey), url: entry.path)
                }
            } else {
            Div {
                card(totals.persons, t("home.persons"), PagePath.persons.url())
                card(totals.certificates, t("home.certificates"), PagePath.certificates.url())
                card(totals.highSkilledCertificates, t("home.high-skilled"), PagePath.certificates.url(query: ["level": "high"]))
                card(totals.organizations, t("home.organizations"), PagePath.organizations.url())
            }.class("cards")
            H2(t("home.search"))
            Form(url: PagePath.persons.url(), method: .get) {
                Label(t("registry.persons.search.label")) {
                    Input(type: .search, name: "q", placeholder: t("registry.persons.search.placeholder"))
                }
                SubmitButton(t("common.search"))
            }.class("search")
            }
        }
    }

    private func card(_ figure: Int, _ label: String, _ url: String) -> Component {
        Div {
            Span(figure.formatted()).class("figure")
            Link(label, url: url).class("label")
        }.class("card")
    }
}

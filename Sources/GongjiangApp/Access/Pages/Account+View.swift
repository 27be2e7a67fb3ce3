import Foundation
import GongjiangCore
import Plot
import Vapor

extension AccessPages {
    static func account(_ request: Request, principal: Principal, tokens: [APIToken], newToken: String? = nil) -> Component {
        let t = request.localizer
        return ComponentGroup {
            H1(t("access.account.title"))
            FactTable(rows: [
                (t("access.account.username"), principal.username),
                (t("access.account.role"), t.pick(principal.role.chineseName, principal.role.englishName)),
                (t("field.district"), principal.districtCode ?? ""),
            ])
            Paragraph { Link(t("access.password.title"), url: PagePath.password.url()) }
            if principal.may(.manageOwnTokens) {
                H2(t("access.tokens.title"))
                if let newToken {
                    Notice(kind: .success, text: t("access.tokens.shown-once"))
                    Paragraph(newToken).class("secret")
                }
                Form(url: PagePath.tokens.url(), method: .post) {
                    CSRFField(request: request)
                    Label(t("access.tokens.name")) { Input(type: .text, name: "name", isRequired: true) }
                    Label(t("access.tokens.days")) { Input(type: .number, name: "days", value: "90") }
                    SubmitButton(t("access.tokens.create"))
                }.class("search")
                if !tokens.isEmpty { TokenTable(request: request, tokens: tokens) }
            }
        }
    }
}

import Foundation
import GongjiangCore
import Plot
import Vapor

extension AccessPages {
    static func login(_ request: Request, username: String = "", error: String? = nil, next: String = "/") -> Component {
        let t = request.localizer
        return ComponentGroup {
            H1(t("access.login.title"))
            if let error { Notice(kind: .error, text: error) }
            Form(url: PagePath.login.url(), method: .post) {
                CSRFField(request: request)
                Input(type: .hidden, name: "next", value: next)
                Label(t("access.login.username")) { Input(type: .text, name: "username", value: username, isRequired: true).autoComplete(true) }
                Label(t("access.login.password")) { Input(type: .password, name: "password", isRequired: true) }
                SubmitButton(t("access.login.submit"))
            }.class("stacked")
            Paragraph(t("access.login.help")).class("muted")
        }
    }
}

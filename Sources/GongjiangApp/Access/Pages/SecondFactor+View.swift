import Foundation
import GongjiangCore
import Plot
import Vapor

extension AccessPages {
    /// The second-factor step. An account that must enrol and has no secret yet is offered a button: a secret is made
    /// only by that POST, never by showing a page.
    static func secondFactor(_ request: Request, enrolment: GongjiangCore.TOTP?, account: String, error: String? = nil,
                             mustStartEnrolment: Bool = false) -> Component {
        let t = request.localizer
        return ComponentGroup {
            H1(t("access.totp.title"))
            if let error { Notice(kind: .error, text: error) }
            if mustStartEnrolment {
                Paragraph(t("access.totp.enrol.start-help"))
                Form(url: PagePath.secondFactorEnrol.url(), method: .post) {
                    CSRFField(request: request)
                    SubmitButton(t("access.totp.enrol.start"))
                }.class("stacked")
            } else {
                if let enrolment {
                Paragraph(t("access.totp.enrol"))
                Paragraph(enrolment.base32Secret).class("secret")
                Paragraph(enrolment.provisioningURI(account: account, issuer: "Gongjiang")).class("secret muted")
                }
                Form(url: PagePath.secondFactor.url(), method: .post) {
                    CSRFField(request: request)
                    Label(t("access.totp.code")) { Input(type: .text, name: "code", isRequired: true, placeholder: "123456") }
                    SubmitButton(t("access.totp.submit"))
                }.class("stacked")
            }
        }
    }
}

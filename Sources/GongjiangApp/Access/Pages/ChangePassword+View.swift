import Foundation
import GongjiangCore
import Plot
import Vapor

extension AccessPages {
    /// After a change (`done`), the account's tokens that still work are listed for review: a password that had to
    /// change may have leaked, and a token made with it would outlive it.
    static func changePassword(_ request: Request, forced: Bool, error: String? = nil, done: Bool = false,
                               tokensToReview: [APIToken] = []) -> Component {
        let t = request.localizer
        return ComponentGroup {
            H1(t("access.password.title"))
            if forced { Notice(kind: .info, text: t("access.password.forced")) }
            if done {
                Notice(kind: .success, text: t("access.password.done"))
                if !tokensToReview.isEmpty {
                    Paragraph(t("access.password.review-tokens"))
                    TokenTable(request: request, tokens: tokensToReview)
                }
            }
            if let error { Notice(kind: .error, text: error) }
            Form(url: PagePath.password.url(), method: .post) {
                CSRFField(request: request)
                Label(t("access.password.current")) { Input(type: .password, name: "current", isRequired: true) }
                Label(t("access.password.new")) { Input(type: .password, name: "password", isRequired: true) }
                Label(t("access.password.repeat")) { Input(type: .password, name: "repeated", isRequired: true) }
                SubmitButton(t("access.password.submit"))
            }.class("stacked")
            Paragraph(t("access.password.rules")).class("muted")
        }
    }
}

import Foundation
import GongjiangCore
import Plot
import Vapor

/// The pages of signing in and of one's own account.
enum AccessPages {
    static func login(_ request: Request, username: String = "", error: String? = nil, next: String = "/") -> Component {
        let t = request.localizer
        return ComponentGroup {
            H1(t("login.title"))
            if let error { Notice(kind: .error, text: error) }
            Form(url: "/login", method: .post) {
                CSRFField(request: request)
                Input(type: .hidden, name: "next", value: next)
                Label(t("login.username")) { Input(type: .text, name: "username", value: username, isRequired: true).autoComplete(true) }
                Label(t("login.password")) { Input(type: .password, name: "password", isRequired: true) }
                SubmitButton(t("login.submit"))
            }.class("stacked")
            Paragraph(t("login.help")).class("muted")
        }
    }

    /// The second-factor step. An account that must enrol and has no secret yet is offered a button: a secret is made
    /// only by that POST, never by showing a page.
    static func secondFactor(_ request: Request, enrolment: GongjiangCore.TOTP?, account: String, error: String? = nil,
                             mustStartEnrolment: Bool = false) -> Component {
        let t = request.localizer
        return ComponentGroup {
            H1(t("totp.title"))
            if let error { Notice(kind: .error, text: error) }
            if mustStartEnrolment {
                Paragraph(t("totp.enrol.start-help"))
                Form(url: "/login/second-factor/enrol", method: .post) {
                    CSRFField(request: request)
                    SubmitButton(t("totp.enrol.start"))
                }.class("stacked")
            } else {
                if let enrolment {
                Paragraph(t("totp.enrol"))
                Paragraph(enrolment.base32Secret).class("secret")
                Paragraph(enrolment.provisioningURI(account: account, issuer: "Gongjiang")).class("secret muted")
                }
                Form(url: "/login/second-factor", method: .post) {
                    CSRFField(request: request)
                    Label(t("totp.code")) { Input(type: .text, name: "code", isRequired: true, placeholder: "123456") }
                    SubmitButton(t("totp.submit"))
                }.class("stacked")
            }
        }
    }

    /// After a change (`done`), the account's tokens that still work are listed for review: a password that had to
    /// change may have leaked, and a token made with it would outlive it.
    static func changePassword(_ request: Request, forced: Bool, error: String? = nil, done: Bool = false,
                               tokensToReview: [APIToken] = []) -> Component {
        let t = request.localizer
        return ComponentGroup {
            H1(t("password.title"))
            if forced { Notice(kind: .info, text: t("password.forced")) }
            if done {
                Notice(kind: .success, text: t("password.done"))
                if !tokensToReview.isEmpty {
                    Paragraph(t("password.review-tokens"))
                    TokenTable(request: request, tokens: tokensToReview)
                }
            }
            if let error { Notice(kind: .error, text: error) }
            Form(url: "/account/password", method: .post) {
                CSRFField(request: request)
                Label(t("password.current")) { Input(type: .password, name: "current", isRequired: true) }
                Label(t("password.new")) { Input(type: .password, name: "password", isRequired: true) }
                Label(t("password.repeat")) { Input(type: .password, name: "repeated", isRequired: true) }
                SubmitButton(t("password.submit"))
            }.class("stacked")
            Paragraph(t("password.rules")).class("muted")
        }
    }

    static func account(_ request: Request, principal: Principal, tokens: [APIToken], newToken: String? = nil) -> Component {
        let t = request.localizer
        return ComponentGroup {
            H1(t("account.title"))
            FactTable(rows: [
                (t("account.username"), principal.username),
                (t("account.role"), t.pick(principal.role.chineseName, principal.role.englishName)),
                (t("field.district"), principal.districtCode ?? ""),
            ])
            Paragraph { Link(t("password.title"), url: "/account/password") }
            if principal.may(.manageOwnTokens) {
                H2(t("tokens.title"))
                if let newToken {
                    Notice(kind: .success, text: t("tokens.shown-once"))
                    Paragraph(newToken).class("secret")
                }
                Form(url: "/account/tokens", method: .post) {
                    CSRFField(request: request)
                    Label(t("tokens.name")) { Input(type: .text, name: "name", isRequired: true) }
                    Label(t("tokens.days")) { Input(type: .number, name: "days", value: "90") }
                    SubmitButton(t("tokens.create"))
                }.class("search")
                if !tokens.isEmpty { TokenTable(request: request, tokens: tokens) }
            }
        }
    }
}

/// One's own API tokens, each with its revoke button: on the account page, and after a password change for review.
struct TokenTable: Component {
    let request: Request
    let tokens: [APIToken]

    var body: Component {
        let t = request.localizer
        return Table(header: TableRow {
            TableHeaderCell(t("tokens.name")); TableHeaderCell(t("tokens.prefix")); TableHeaderCell(t("tokens.expires"))
            TableHeaderCell(t("tokens.last-used")); TableHeaderCell("")
        }) {
            for token in tokens {
                TableRow {
                    TableCell(token.name); TableCell(token.prefix + "…")
                    TableCell(ImportRunPage.timestamp(token.expiresAt))
                    TableCell(token.lastUsedAt.map(ImportRunPage.timestamp) ?? "—")
                    TableCell {
                        if token.revokedAt != nil {
                            Text(t("tokens.revoked"))
                        } else {
                            Form(url: "/account/tokens/\(token.id!.uuidString)/revoke", method: .post) {
                                CSRFField(request: request)
                                SubmitButton(t("tokens.revoke"))
                            }
                        }
                    }
                }
            }
        }
    }
}

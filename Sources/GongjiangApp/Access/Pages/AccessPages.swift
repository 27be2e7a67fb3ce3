import Foundation
import GongjiangCore
import Plot
import Vapor

/// The pages of signing in and of one's own account.
enum AccessPages {
    static func login(_ request: Request, username: String = "", error: String? = nil, next: String = "/") -> Component {
        let t = request.localizer
        return ComponentGroup {
            H1(t("access.login.title"))
            if let error { Notice(kind: .error, text: error) }
            Form(url: "/login", method: .post) {
                CSRFField(request: request)
                Input(type: .hidden, name: "next", value: next)
                Label(t("access.login.username")) { Input(type: .text, name: "username", value: username, isRequired: true).autoComplete(true) }
                Label(t("access.login.password")) { Input(type: .password, name: "password", isRequired: true) }
                SubmitButton(t("access.login.submit"))
            }.class("stacked")
            Paragraph(t("access.login.help")).class("muted")
        }
    }

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
                Form(url: "/login/second-factor/enrol", method: .post) {
                    CSRFField(request: request)
                    SubmitButton(t("access.totp.enrol.start"))
                }.class("stacked")
            } else {
                if let enrolment {
                Paragraph(t("access.totp.enrol"))
                Paragraph(enrolment.base32Secret).class("secret")
                Paragraph(enrolment.provisioningURI(account: account, issuer: "Gongjiang")).class("secret muted")
                }
                Form(url: "/login/second-factor", method: .post) {
                    CSRFField(request: request)
                    Label(t("access.totp.code")) { Input(type: .text, name: "code", isRequired: true, placeholder: "123456") }
                    SubmitButton(t("access.totp.submit"))
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
            Form(url: "/account/password", method: .post) {
                CSRFField(request: request)
                Label(t("access.password.current")) { Input(type: .password, name: "current", isRequired: true) }
                Label(t("access.password.new")) { Input(type: .password, name: "password", isRequired: true) }
                Label(t("access.password.repeat")) { Input(type: .password, name: "repeated", isRequired: true) }
                SubmitButton(t("access.password.submit"))
            }.class("stacked")
            Paragraph(t("access.password.rules")).class("muted")
        }
    }

    static func account(_ request: Request, principal: Principal, tokens: [APIToken], newToken: String? = nil) -> Component {
        let t = request.localizer
        return ComponentGroup {
            H1(t("access.account.title"))
            FactTable(rows: [
                (t("access.account.username"), principal.username),
                (t("access.account.role"), t.pick(principal.role.chineseName, principal.role.englishName)),
                (t("field.district"), principal.districtCode ?? ""),
            ])
            Paragraph { Link(t("access.password.title"), url: "/account/password") }
            if principal.may(.manageOwnTokens) {
                H2(t("access.tokens.title"))
                if let newToken {
                    Notice(kind: .success, text: t("access.tokens.shown-once"))
                    Paragraph(newToken).class("secret")
                }
                Form(url: "/account/tokens", method: .post) {
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

/// One's own API tokens, each with its revoke button: on the account page, and after a password change for review.
struct TokenTable: Component {
    let request: Request
    let tokens: [APIToken]

    var body: Component {
        let t = request.localizer
        return Table(header: TableRow {
            TableHeaderCell(t("access.tokens.name")); TableHeaderCell(t("access.tokens.prefix")); TableHeaderCell(t("access.tokens.expires"))
            TableHeaderCell(t("access.tokens.last-used")); TableHeaderCell("")
        }) {
            for token in tokens {
                TableRow {
                    TableCell(token.name); TableCell(token.prefix + "…")
                    TableCell(ChinaTime.timestamp(token.expiresAt))
                    TableCell(token.lastUsedAt.map(ChinaTime.timestamp) ?? "—")
                    TableCell {
                        if token.revokedAt != nil {
                            Text(t("access.tokens.revoked"))
                        } else {
                            Form(url: "/account/tokens/\(token.id!.uuidString)/revoke", method: .post) {
                                CSRFField(request: request)
                                SubmitButton(t("access.tokens.revoke"))
                            }
                        }
                    }
                }
            }
        }
    }
}

import Foundation
import GongjiangCore
import Plot
import Vapor

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
                            Form(url: PagePath.tokenRevoke.url(token.id!.uuidString), method: .post) {
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

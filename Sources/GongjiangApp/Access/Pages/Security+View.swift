import Foundation
import GongjiangCore
import Plot
import Vapor

extension SecurityPage.Model {
    func view(_ request: Request) -> Component {
        let t = request.localizer
        return ComponentGroup {
            H1(t("access.nav.security"))
            H2(t("access.security.approvals"))
            Paragraph(t("access.security.approvals.help")).class("muted")
            if pending.isEmpty {
                Notice(kind: .info, text: t("access.security.approvals.none"))
            } else {
                Table(header: TableRow {
                    TableHeaderCell(t("access.account.username")); TableHeaderCell(t("access.account.display-name")); TableHeaderCell(t("access.account.role"))
                    TableHeaderCell(t("access.security.approvals.requested-by")); TableHeaderCell("")
                }) {
                    for account in pending {
                        TableRow {
                            TableCell(account.username); TableCell(account.displayName)
                            TableCell(account.role.map { t.pick($0.chineseName, $0.englishName) } ?? account.roleCode)
                            TableCell(account.requestedBy ?? "")
                            TableCell {
                                Form(url: PagePath.accountApprove.url(account.id!.uuidString), method: .post) {
                                    CSRFField(request: request)
                                    SubmitButton(t("access.security.approvals.approve"))
                                }
                                Form(url: PagePath.accountReject.url(account.id!.uuidString), method: .post) {
                                    CSRFField(request: request)
                                    SubmitButton(t("access.security.approvals.reject"))
                                }
                            }
                        }
                    }
                }
            }
            H2(t("access.security.totp"))
            Paragraph(t("access.security.totp.help")).class("muted")
            Table(header: TableRow { TableHeaderCell(t("access.account.role")); TableHeaderCell(t("access.security.totp")); TableHeaderCell("") }) {
                for role in Role.allCases {
                    TableRow {
                        TableCell(t.pick(role.chineseName, role.englishName))
                        TableCell(totpRequired[role] == true ? t("common.yes") : t("common.no"))
                        TableCell {
                            Form(url: PagePath.securityTOTP.url(), method: .post) {
                                CSRFField(request: request)
                                Input(type: .hidden, name: "role", value: role.rawValue)
                                Input(type: .hidden, name: "required", value: totpRequired[role] == true ? "false" : "true")
                                SubmitButton(totpRequired[role] == true ? t("access.security.totp.stop") : t("access.security.totp.require"))
                            }
                        }
                    }
                }
            }
        }
    }
}

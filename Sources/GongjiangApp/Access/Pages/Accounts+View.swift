import Foundation
import GongjiangCore
import Plot
import Vapor

extension AccountsPage.Model {
    func view(_ request: Request) -> Component {
        let t = request.localizer
        return ComponentGroup {
            H1(t("access.nav.accounts"))
            if let error { Notice(kind: .error, text: error) }
            Table(header: TableRow {
                TableHeaderCell(t("access.account.username")); TableHeaderCell(t("access.account.display-name")); TableHeaderCell(t("access.account.role"))
                TableHeaderCell(t("field.district")); TableHeaderCell(t("access.account.state")); TableHeaderCell("")
            }) {
                for account in accounts {
                    TableRow {
                        TableCell(account.username); TableCell(account.displayName)
                        TableCell(account.role.map { t.pick($0.chineseName, $0.englishName) } ?? account.roleCode)
                        TableCell(account.districtCode ?? "")
                        TableCell(Self.state(of: account, t))
                        TableCell {
                            Form(url: (account.isDisabled ? PagePath.accountEnable : .accountDisable).url(account.id!.uuidString), method: .post) {
                                CSRFField(request: request)
                                SubmitButton(account.isDisabled ? t("access.account.enable") : t("access.account.disable"))
                            }
                            if account.totpSecretSealed != nil {
                                Form(url: PagePath.accountResetSecondFactor.url(account.id!.uuidString), method: .post) {
                                    CSRFField(request: request)
                                    SubmitButton(t("access.account.reset-second-factor"))
                                }
                            }
                        }
                    }
                }
            }
            H2(t("access.admin.accounts.new"))
            Form(url: PagePath.accounts.url(), method: .post) {
                CSRFField(request: request)
                Label(t("access.account.username")) { Input(type: .text, name: "username", isRequired: true) }
                Label(t("access.account.display-name")) { Input(type: .text, name: "displayName") }
                SelectField(name: "role", label: t("access.account.role"), anyLabel: "—",
                            options: Role.allCases.map { ($0.rawValue, t.pick($0.chineseName, $0.englishName)) }, selected: nil)
                Label(t("access.admin.accounts.district")) { Input(type: .text, name: "district", placeholder: "320602") }
                Label(t("access.admin.accounts.organization")) { Input(type: .text, name: "organization", placeholder: "9132…") }
                Label(t("access.admin.accounts.initial-password")) { Input(type: .password, name: "password", isRequired: true) }
                SubmitButton(t("access.admin.accounts.create"))
            }.class("stacked")
            Paragraph(t("access.password.rules")).class("muted")
            Paragraph(t("access.admin.accounts.approval-note")).class("muted")
        }
    }

    static func state(of account: Account, _ t: Localizer) -> String {
        switch account.approval {
        case .pending: t("access.account.pending-approval")
        case .rejected: t("access.account.rejected")
        case .approved: account.isDisabled ? t("access.account.disabled") : t("access.account.active")
        }
    }
}

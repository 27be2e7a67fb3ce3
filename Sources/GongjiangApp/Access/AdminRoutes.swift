import Fluent
import Foundation
import GongjiangCore
import Plot
import Vapor

/// The system administrator's accounts pages and the security administrator's policy page (三员分立: separate roles).
struct AdminRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("admin", "accounts") { request -> Response in
            try await accountsPage(request)
        }.requires(.permission(.manageAccounts))

        routes.post("admin", "accounts") { request -> Response in
            struct Form: Content {
                var username: String?; var displayName: String?; var role: String?; var district: String?
                var organization: String?; var password: String?
            }
            let form = try request.content.decode(Form.self)
            let t = request.localizer
            guard let role = form.role.flatMap(Role.init(rawValue:)) else {
                return try await accountsPage(request, error: t("access.admin.accounts.role-required"), status: .unprocessableEntity)
            }
            var organizationID: UUID? = nil
            if let text = form.organization?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
                organizationID = try await Organization.query(on: request.db).filter(\.$uscc == text.uppercased()).first()?.id
                if organizationID == nil {
                    return try await accountsPage(request, error: t("access.admin.accounts.organization-unknown"), status: .unprocessableEntity)
                }
            }
            do {
                _ = try await AccountService.create(
                    .init(username: form.username ?? "", displayName: form.displayName ?? "", role: role,
                          districtCode: form.district?.nilIfEmpty, organizationID: organizationID, password: form.password ?? ""),
                    by: AuditEvent(request, entity: .account, action: .create), on: request.db,
                    bcryptCost: request.application.settings.bcryptCost)
            } catch let refusal as AccountService.Refusal {
                return try await accountsPage(request, error: t.pick(refusal.chinese, refusal.english), status: .unprocessableEntity)
            }
            return request.redirect(to: "/admin/accounts", redirectType: .normal)
        }.requires(.permission(.manageAccounts))

        routes.post("admin", "accounts", ":id", "disable") { request -> Response in
            try await setDisabled(request, true)
        }.requires(.permission(.manageAccounts))

        routes.post("admin", "accounts", ":id", "enable") { request -> Response in
            try await setDisabled(request, false)
        }.requires(.permission(.manageAccounts))

        routes.post("admin", "accounts", ":id", "reset-second-factor") { request -> Response in
            guard let account = try await Account.find(try request.uuidParameter(), on: request.db) else { throw RequestProblem.notFound }
            // As with disabling: another administrator does it, never the account itself.
            guard account.id != request.principal?.accountID else { throw AccessProblem.forbidden }
            try await AccountService.resetSecondFactor(of: account, by: AuditEvent(request, entity: .account, action: .secondFactorReset),
                                                       on: request.db, now: request.now)
            return request.redirect(to: "/admin/accounts", redirectType: .normal)
        }.requires(.permission(.manageAccounts))

        // 三员分立: a privileged account made by the system administrator waits for the security administrator.
        for (action, approve) in [(AuditAction.approve, true), (.reject, false)] {
            routes.post("admin", "accounts", ":id", .constant(action.rawValue)) { request -> Response in
                guard let account = try await Account.find(try request.uuidParameter(), on: request.db) else { throw RequestProblem.notFound }
                try await AccountService.decideApproval(of: account, approve: approve,
                                                        by: AuditEvent(request, entity: .account, action: action), on: request.db)
                return request.redirect(to: "/admin/security", redirectType: .normal)
            }.requires(.permission(.manageSecurityPolicy))
        }

        routes.get("admin", "security") { request -> Response in
            try await securityPage(request)
        }.requires(.permission(.manageSecurityPolicy))

        routes.post("admin", "security", "totp") { request -> Response in
            struct Form: Content { var role: String?; var required: String? }
            let form = try request.content.decode(Form.self)
            guard let role = form.role.flatMap(Role.init(rawValue:)) else { throw RequestProblem.badParameter("role") }
            try await SecuritySettings.setTOTPRequired(form.required == "true", for: role, request: request)
            return request.redirect(to: "/admin/security", redirectType: .normal)
        }.requires(.permission(.manageSecurityPolicy))
    }

    private func setDisabled(_ request: Request, _ disabled: Bool) async throws -> Response {
        guard let account = try await Account.find(try request.uuidParameter(), on: request.db) else { throw RequestProblem.notFound }
        guard account.id != request.principal?.accountID else { throw AccessProblem.forbidden }
        try await AccountService.setDisabled(account, disabled, by: AuditEvent(request, entity: .account, action: .disable), on: request.db,
                                             now: request.now)
        return request.redirect(to: "/admin/accounts", redirectType: .normal)
    }

    private func accountsPage(_ request: Request, error: String? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        let t = request.localizer
        let accounts = try await Account.query(on: request.db).sort(\.$username).all()
        let content = ComponentGroup {
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
                            Form(url: "/admin/accounts/\(account.id!.uuidString)/\(account.isDisabled ? "enable" : "disable")", method: .post) {
                                CSRFField(request: request)
                                SubmitButton(account.isDisabled ? t("access.account.enable") : t("access.account.disable"))
                            }
                            if account.totpSecretSealed != nil {
                                Form(url: "/admin/accounts/\(account.id!.uuidString)/reset-second-factor", method: .post) {
                                    CSRFField(request: request)
                                    SubmitButton(t("access.account.reset-second-factor"))
                                }
                            }
                        }
                    }
                }
            }
            H2(t("access.admin.accounts.new"))
            Form(url: "/admin/accounts", method: .post) {
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
        let response = page(request, .accounts, content)
        response.status = status
        return response
    }

    static func state(of account: Account, _ t: Localizer) -> String {
        switch account.approval {
        case .pending: t("access.account.pending-approval")
        case .rejected: t("access.account.rejected")
        case .approved: account.isDisabled ? t("access.account.disabled") : t("access.account.active")
        }
    }

    private func securityPage(_ request: Request) async throws -> Response {
        let t = request.localizer
        var required: [Role: Bool] = [:]
        for role in Role.allCases { required[role] = try await SecuritySettings.isTOTPRequired(for: role.rawValue, on: request.db) }
        let pending = try await Account.query(on: request.db).filter(\.$approvalCode == AccountApproval.pending.rawValue)
            .sort(\.$username).all()
        let content = ComponentGroup {
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
                                Form(url: "/admin/accounts/\(account.id!.uuidString)/approve", method: .post) {
                                    CSRFField(request: request)
                                    SubmitButton(t("access.security.approvals.approve"))
                                }
                                Form(url: "/admin/accounts/\(account.id!.uuidString)/reject", method: .post) {
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
                        TableCell(required[role] == true ? t("common.yes") : t("common.no"))
                        TableCell {
                            Form(url: "/admin/security/totp", method: .post) {
                                CSRFField(request: request)
                                Input(type: .hidden, name: "role", value: role.rawValue)
                                Input(type: .hidden, name: "required", value: required[role] == true ? "false" : "true")
                                SubmitButton(required[role] == true ? t("access.security.totp.stop") : t("access.security.totp.require"))
                            }
                        }
                    }
                }
            }
        }
        return page(request, .security, content)
    }
}

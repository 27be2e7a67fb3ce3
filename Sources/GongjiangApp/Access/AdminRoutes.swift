import Fluent
import Foundation
import GongjiangCore
import Plot
import Vapor

/// The system administrator's accounts pages and the security administrator's policy page (三员分立: separate roles).
struct AdminRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(PagePath.accounts.components) { request -> Response in
            try await accountsPage(request)
        }.requires(.permission(.manageAccounts))

        routes.post(PagePath.accounts.components) { request -> Response in
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
            return request.redirect(to: PagePath.accounts.url(), redirectType: .normal)
        }.requires(.permission(.manageAccounts))

        routes.post(PagePath.accountDisable.components) { request -> Response in
            try await setDisabled(request, true)
        }.requires(.permission(.manageAccounts))

        routes.post(PagePath.accountEnable.components) { request -> Response in
            try await setDisabled(request, false)
        }.requires(.permission(.manageAccounts))

        routes.post(PagePath.accountResetSecondFactor.components) { request -> Response in
            guard let account = try await Account.find(try request.uuidParameter(), on: request.db) else { throw RequestProblem.notFound }
            // As with disabling: another administrator does it, never the account itself.
            guard account.id != request.principal?.accountID else { throw AccessProblem.forbidden }
            try await AccountService.resetSecondFactor(of: account, by: AuditEvent(request, entity: .account, action: .secondFactorReset),
                                                       on: request.db, now: request.now)
            return request.redirect(to: PagePath.accounts.url(), redirectType: .normal)
        }.requires(.permission(.manageAccounts))

        // 三员分立: a privileged account made by the system administrator waits for the security administrator.
        for (path, action, approve) in [(PagePath.accountApprove, AuditAction.approve, true), (.accountReject, .reject, false)] {
            routes.post(path.components) { request -> Response in
                guard let account = try await Account.find(try request.uuidParameter(), on: request.db) else { throw RequestProblem.notFound }
                try await AccountService.decideApproval(of: account, approve: approve,
                                                        by: AuditEvent(request, entity: .account, action: action), on: request.db)
                return request.redirect(to: PagePath.security.url(), redirectType: .normal)
            }.requires(.permission(.manageSecurityPolicy))
        }

        routes.get(PagePath.security.components) { request -> Response in
            try await securityPage(request)
        }.requires(.permission(.manageSecurityPolicy))

        routes.post(PagePath.securityTOTP.components) { request -> Response in
            struct Form: Content { var role: String?; var required: String? }
            let form = try request.content.decode(Form.self)
            guard let role = form.role.flatMap(Role.init(rawValue:)) else { throw RequestProblem.badParameter("role") }
            try await SecuritySettings.setTOTPRequired(form.required == "true", for: role, request: request)
            return request.redirect(to: PagePath.security.url(), redirectType: .normal)
        }.requires(.permission(.manageSecurityPolicy))
    }

    private func setDisabled(_ request: Request, _ disabled: Bool) async throws -> Response {
        guard let account = try await Account.find(try request.uuidParameter(), on: request.db) else { throw RequestProblem.notFound }
        guard account.id != request.principal?.accountID else { throw AccessProblem.forbidden }
        try await AccountService.setDisabled(account, disabled, by: AuditEvent(request, entity: .account, action: .disable), on: request.db,
                                             now: request.now)
        return request.redirect(to: PagePath.accounts.url(), redirectType: .normal)
    }

    private func accountsPage(_ request: Request, error: String? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        let response = page(request, .accounts, try await AccountsPage.Model.load(request, error: error).view(request))
        response.status = status
        return response
    }

    private func securityPage(_ request: Request) async throws -> Response {
        page(request, .security, try await SecurityPage.Model.load(request).view(request))
    }
}

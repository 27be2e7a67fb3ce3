import Foundation
import Vapor

extension Section {
    static let accounts = Section("accounts", title: "access.nav.accounts")
    static let security = Section("security", title: "access.nav.security")
}

/// Signing in and out, one's own account, and the two administrative duties over accounts: the system
/// administrator's accounts page and the security administrator's policy page.
struct AccessModule: GongjiangModule {
    var name: String { "access" }

    var navigation: [NavigationEntry] {
        [
            NavigationEntry(section: .accounts, path: PagePath.accounts.url(), requirement: .permission(.manageAccounts)),
            NavigationEntry(section: .security, path: PagePath.security.url(),
                            requirement: .permission(.manageSecurityPolicy)),
        ]
    }

    func pageRoutes(_ routes: any RoutesBuilder) throws {
        try routes.register(collection: AccessRoutes())
        try routes.register(collection: AdminRoutes())
    }

    func buildDemo(_ demo: DemoContext) async throws -> [String] {
        let logins = try await DemoAccounts.ensure(on: demo.application.db, bcryptCost: demo.application.settings.bcryptCost)
        return ["演示账号（每个角色一个，密码均为 \(DemoAccounts.password)）/ demo accounts, one per role, password \(DemoAccounts.password):"]
            + logins.map { login in
                "  \(login.username.padding(toLength: 18, withPad: " ", startingAt: 0)) \(login.role.chineseName) / \(login.role.englishName)  \(login.scope)"
            }
    }
}

extension PagePath {
    static let login = PagePath("login")
    static let secondFactor = PagePath("login", "second-factor")
    static let secondFactorEnrol = PagePath("login", "second-factor", "enrol")
    static let logout = PagePath("logout")
    static let account = PagePath("account")
    static let password = PagePath("account", "password")
    static let tokens = PagePath("account", "tokens")
    static let tokenRevoke = PagePath("account", "tokens", ":id", "revoke")
    static let accounts = PagePath("admin", "accounts")
    static let accountDisable = PagePath("admin", "accounts", ":id", "disable")
    static let accountEnable = PagePath("admin", "accounts", ":id", "enable")
    static let accountResetSecondFactor = PagePath("admin", "accounts", ":id", "reset-second-factor")
    static let accountApprove = PagePath("admin", "accounts", ":id", "approve")
    static let accountReject = PagePath("admin", "accounts", ":id", "reject")
    static let security = PagePath("admin", "security")
    static let securityTOTP = PagePath("admin", "security", "totp")
}

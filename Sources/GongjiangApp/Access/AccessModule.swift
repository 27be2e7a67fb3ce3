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
            NavigationEntry(section: .accounts, path: "/admin/accounts", requirement: .permission(.manageAccounts)),
            NavigationEntry(section: .security, path: "/admin/security",
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

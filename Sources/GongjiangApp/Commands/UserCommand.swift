import Fluent
import Foundation
import GongjiangCore
import Vapor

/// `gongjiang user add --username U --role R [--district CODE] [--org USCC]`; the password comes on standard input,
/// so it never appears in the shell history or the process list. The holder must change it at first sign-in.
struct UserCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "add")
        var action: String
        @Option(name: "username", help: "3–40 letters, digits or - _ .")
        var username: String?
        @Option(name: "role", help: Role.allCases.map(\.rawValue).joined(separator: ", "))
        var role: String?
        @Option(name: "district", help: "District code, for district-officer")
        var district: String?
        @Option(name: "org", help: "Organization's credit code, for evaluation-org, training-provider, school, enterprise")
        var org: String?
        @Option(name: "name", help: "Display name")
        var name: String?
    }
    var help: String { "Creates an account; the password is read from standard input / 创建账号（密码从标准输入读取）" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let console = context.console
        let app = context.application
        guard signature.action == "add" else { return context.fail("未知操作 / unknown action: \(signature.action) (add)") }
        guard let username = signature.username else { return context.fail("缺少 --username / --username is required") }
        guard let role = signature.role.flatMap(Role.init(rawValue:)) else {
            return context.fail("--role 须为 / --role must be one of: \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        try await app.autoMigrate()
        var organizationID: UUID? = nil
        if let uscc = signature.org {
            guard let organization = try await Organization.query(on: app.db).filter(\.$uscc == uscc.uppercased()).first() else {
                return context.fail("找不到单位 / no organization with credit code \(uscc)")
            }
            organizationID = organization.id
        }
        guard let password = readLine(strippingNewline: true), !password.isEmpty else {
            return context.fail("请从标准输入提供密码 / give the password on standard input")
        }
        do {
            let account = try await AccountService.create(
                .init(username: username, displayName: signature.name ?? username, role: role, districtCode: signature.district,
                      organizationID: organizationID, password: password, mustChangePassword: true, byOperator: true),
                by: AuditEvent(actor: "operator", entity: .account, action: .create), on: app.db, bcryptCost: app.settings.bcryptCost)
            console.print("已创建账号 / account created: \(account.username) (\(role.rawValue))；首次登录须修改密码 / must change the password at first sign-in")
        } catch let refusal as AccountService.Refusal {
            context.fail("\(refusal.chinese) / \(refusal.english)")
        }
    }
}

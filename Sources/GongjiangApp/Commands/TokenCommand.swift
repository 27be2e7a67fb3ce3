import Fluent
import Foundation
import GongjiangCore
import Vapor

/// `gongjiang token create --username U [--expires-days N]`: prints a new API token once; only its hash is kept.
struct TokenCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "create")
        var action: String
        @Option(name: "username", help: "The account the token acts for")
        var username: String?
        @Option(name: "expires-days", help: "Days until it expires (1–366, default 90)")
        var days: Int?
        @Option(name: "name", help: "A name to tell tokens apart (default: cli)")
        var name: String?
    }
    var help: String { "Creates an API token for an account / 为账号生成 API 令牌" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard signature.action == "create", let username = signature.username else {
            context.fail("用法 / usage: gongjiang token create --username U [--expires-days N]")
            return
        }
        try await app.autoMigrate()
        guard let account = try await Account.query(on: app.db).filter(\.$username == username.lowercased()).first(),
              account.maySignIn else {
            context.fail("找不到可用的账号 / no active account \(username)")
            return
        }
        let days = signature.days ?? 90
        guard (1...APITokens.maximumDays).contains(days) else {
            context.fail("--expires-days 须为 1–366 / --expires-days must be 1–366")
            return
        }
        let (secret, token) = try await APITokens.create(for: account.id!, name: signature.name ?? "cli", days: days,
                                                         event: AuditEvent(actor: "operator", entity: .apiToken, action: .create),
                                                         on: app.db, now: app.clock.now())
        context.console.print(secret)
        FileHandle.standardError.write(Data("令牌只显示这一次，到期 / shown once; expires \(ISO8601DateFormatter().string(from: token.expiresAt))\n".utf8))
    }
}

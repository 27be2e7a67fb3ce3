import Fluent
import Foundation
import GongjiangCore
import Vapor

/// `gongjiang audit verify`: checks the whole chain; exit 1 names the first bad record.
struct AuditCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "verify")
        var action: String
    }
    var help: String { "Verifies the audit trail's hash chain / 校验审计日志哈希链" }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "verify" else {
            context.fail("用法 / usage: gongjiang audit verify")
            return
        }
        try await context.application.autoMigrate()
        let (checked, problem) = try await AuditTrail.verify(on: context.application.db)
        if let problem {
            context.fail("审计链断裂 / audit chain broken: \(problem.chinese) / \(problem.english)")
        } else {
            context.console.print("审计链完整 / audit chain intact: \(checked) 条记录 records")
        }
    }
}

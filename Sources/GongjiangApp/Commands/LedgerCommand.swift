import Fluent
import Foundation
import GongjiangCore
import Vapor

/// `gongjiang ledger verify`: checks the special account's ledger (cli.md); prints the totals; exit 1 names the first
/// violation.
struct LedgerCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "verify")
        var action: String
    }
    var help: String { "Verifies the special-account ledger / 校验专账资金账本" }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "verify" else {
            context.fail("用法 / usage: gongjiang ledger verify")
            return
        }
        try await context.application.autoMigrate()
        switch try await LedgerVerification.run(on: context.application.db) {
        case .failure(let violation):
            context.fail("账本校验失败 / ledger check failed: \(violation)")
        case .success(let totals):
            context.console.print("账本校验通过 / ledger holds: \(totals.transactions) 笔交易 transactions, \(totals.postings) 条分录 postings, "
                                  + "\(totals.payments) 笔支付 payments")
            for kind in LedgerAccountKind.allCases {
                let amount = totals.byKind[kind] ?? .zero
                context.console.print("  \(kind.chineseName) / \(kind.englishName): \(amount.yuanText) 元")
            }
        }
    }
}

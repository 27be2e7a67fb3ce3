import Fluent
import Vapor

/// `gongjiang migrate`: brings the schema and reference data up to date. Safe to run any number of times:
/// only migrations not yet recorded run, and the reference data arrives with its own migration.
struct MigrationCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "Brings the database schema and reference data up to date / 更新数据库结构与参考数据" }

    func run(using context: CommandContext, signature: Signature) async throws {
        try await context.application.autoMigrate()
        context.console.print("数据库已是最新 / database is up to date")
    }
}

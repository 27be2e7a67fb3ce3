import Fluent
import Foundation
import SQLKit
import Vapor

/// `gongjiang backup OUT`: a consistent copy taken while the server runs.
/// SQLite: `VACUUM INTO`, which reads one snapshot; PostgreSQL: `pg_dump` in its custom format.
struct BackupCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "out", help: "File to write / 备份文件路径")
        var out: String
    }
    var help: String { "Writes a consistent online backup of the database / 在线备份数据库" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard !FileManager.default.fileExists(atPath: signature.out) else {
            context.fail("文件已存在，不会覆盖 / \(signature.out) exists; it will not be overwritten")
            return
        }
        switch app.settings.database {
        case .sqliteFile, .sqliteMemory:
            try await app.db.sql.raw("VACUUM INTO \(bind: signature.out)").run()
        case .postgres(let url):
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["pg_dump", "--format=custom", "--file", signature.out, url]
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                context.fail("pg_dump 失败 / pg_dump failed with status \(process.terminationStatus)")
                return
            }
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: signature.out)[.size] as? NSNumber)?.intValue ?? 0
        context.console.print("备份完成 / backup written: \(signature.out) (\(size) bytes)")
    }
}

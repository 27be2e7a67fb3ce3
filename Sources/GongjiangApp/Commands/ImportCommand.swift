import Fluent
import Foundation
import GongjiangCore
import Vapor

/// `gongjiang import persons-certificates FILE [--errors OUT.csv] [--encoding utf-8|gb18030]`
/// Exit 0: every row imported; 3: some rows rejected (report written); 1: the file could not be read.
struct ImportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "format", help: "persons-certificates")
        var format: String
        @Argument(name: "file", help: "CSV file (UTF-8 or GB18030)")
        var file: String
        @Option(name: "errors", help: "Where to write the error report (default: FILE.errors.csv)")
        var errors: String?
        @Option(name: "encoding", help: "utf-8 or gb18030 (default: detected)")
        var encoding: String?
    }
    var help: String { "Imports an interchange CSV / 导入数据交换文件" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let console = context.console
        guard signature.format == "persons-certificates" else {
            context.fail("未知格式 / unknown format: \(signature.format) (supported: persons-certificates)")
            return
        }
        var forced: ImportFile.Encoding? = nil
        if let asked = signature.encoding {
            guard let encoding = ImportFile.Encoding(rawValue: asked.lowercased()) else {
                context.fail("未知编码 / unknown encoding: \(asked) (utf-8 or gb18030)")
                return
            }
            forced = encoding
        }
        let app = context.application
        try await app.autoMigrate()
        let reportPath = signature.errors ?? signature.file + ".errors.csv"
        let report: CSVReportSink
        do { report = try CSVReportSink(path: reportPath) } catch {
            context.fail("无法写入错误报告 / cannot write the error report: \(reportPath)")
            return
        }
        let progress = ProgressLine(enabled: isatty(STDERR_FILENO) == 1)
        let run = try await ImportJob.start(fileName: (signature.file as NSString).lastPathComponent, on: app.db, now: app.clock.now())
        let summary: PersonCertificateImport.Summary
        do {
            summary = try await ImportJob.perform(run: run, path: signature.file, encoding: forced, database: app.db,
                                                  vault: app.vault,
                                                  actor: AuditEvent(actor: "operator", entity: .registryImport, action: .`import`),
                                                  // The operator on the server's command line acts for the whole city.
                                                  scope: .city, clock: app.clock, issues: report) { summary, fraction in
                progress.show(rows: summary.rowsRead, fraction: fraction)
            }
        } catch let refusal as ImportJob.Refusal {
            progress.finish()
            try? FileManager.default.removeItem(atPath: reportPath)
            context.fail(refusal.description)
            return
        }
        progress.finish()
        console.print("""
            读取 \(summary.rowsRead) 行（\(summary.encoding)）：新增 \(summary.created)，更新 \(summary.updated)，\
            未变 \(summary.unchanged)，拒绝 \(summary.rejected)
            read \(summary.rowsRead) rows (\(summary.encoding)): created \(summary.created), updated \(summary.updated), \
            unchanged \(summary.unchanged), rejected \(summary.rejected)
            """)
        if !summary.unknownColumns.isEmpty {
            console.print("忽略的未知列 / ignored unknown columns: \(summary.unknownColumns.joined(separator: ", "))")
        }
        if summary.rejected > 0 {
            console.print("错误报告 / error report: \(reportPath)")
            ExitStatus.code = 3
        } else {
            try? FileManager.default.removeItem(atPath: reportPath)
        }
    }
}

/// A one-line progress bar with rows per second on a terminal; silent when output is not a terminal.
final class ProgressLine: @unchecked Sendable {
    private let enabled: Bool
    private let started = Date()
    private var lastDrawn = Date.distantPast

    init(enabled: Bool) { self.enabled = enabled }

    func show(rows: Int, fraction: Double?) {
        guard enabled, Date().timeIntervalSince(lastDrawn) >= 0.2 else { return }
        lastDrawn = Date()
        let elapsed = max(Date().timeIntervalSince(started), 0.001)
        let rate = Int(Double(rows) / elapsed)
        var bar = ""
        if let fraction {
            let width = 30
            let filled = Int(fraction * Double(width))
            bar = "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "] "
                + String(format: "%3d%% ", Int(fraction * 100))
        }
        FileHandle.standardError.write(Data("\r\(bar)\(rows) 行 rows · \(rate) 行/秒 rows/s   ".utf8))
    }

    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }
}

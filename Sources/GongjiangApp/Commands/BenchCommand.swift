import Foundation
import GongjiangCore
import Vapor

/// `gongjiang bench training [--claims N] [--concurrency K]`: the training benchmark (`TrainingBenchmark`) on the
/// configured database, which must be empty; prints each phase and the total of the timed ones. Not an operator
/// command: `scripts/bench-training` runs it on a throwaway SQLite file and a throwaway PostgreSQL.
struct BenchCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "what", help: "training")
        var what: String
        @Option(name: "claims", help: "claims in the year (default 145400, the reference city's 2022 person-times)")
        var claims: Int?
        @Option(name: "concurrency", help: "providers filing at once (default 4)")
        var concurrency: Int?
    }
    var help: String { "Benchmarks on an empty, throwaway database / 在空的临时数据库上运行基准测试" }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.what == "training" else {
            context.fail("用法 / usage: gongjiang bench training [--claims N] [--concurrency K]")
            return
        }
        let claims = signature.claims ?? 145_400
        guard (1...2_000_000).contains(claims) else {
            context.fail("--claims 应为 1–2000000 / --claims is 1–2,000,000")
            return
        }
        try await context.application.autoMigrate()
        let year = CivilDate.today().year - 1
        let bench = TrainingBenchmark(application: context.application, claims: claims, concurrency: signature.concurrency ?? 4, year: year)
        let console = context.console
        let kind = switch context.application.settings.database {
        case .postgres: "PostgreSQL"
        default: "SQLite"
        }
        console.print("training year \(year): \(claims) claims on \(kind)")
        do {
            let phases = try await bench.run { line in console.print(line) }
            let timed = phases.filter(\.timed).reduce(0) { $0 + $1.seconds }
            let setup = phases.filter { !$0.timed }.reduce(0) { $0 + $1.seconds }
            console.print(String(format: "setting up: %.1f s", setup))
            console.print(String(format: "the year (filed → approved → batched → paid → reconciled): %.1f s, %.0f claims/s, peak memory %d MB",
                                 timed, Double(claims) / max(timed, 0.001), TrainingBenchmark.peakMemoryMB()))
        } catch {
            context.fail("基准测试失败 / benchmark failed: \(error)")
        }
    }
}

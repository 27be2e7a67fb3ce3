import Fluent
import Foundation
import GongjiangCore
import Vapor

/// `gongjiang demo [--scale small|city] [--no-serve] [--seed N]`: migrates, builds (or reuses) a demo city,
/// prints how to use it, and serves on http://127.0.0.1:8080.
struct DemoCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "scale", help: "small (a few thousand persons, default) or city")
        var scale: String?
        @Option(name: "fraction", help: "build this share of the scale (0.01 for the statistics benchmark's 1% city)")
        var fraction: Double?
        @Flag(name: "no-serve", help: "Build the demo city and stop")
        var noServe: Bool
        @Option(name: "seed", help: "Seed for the generator (default 2023)")
        var seed: UInt64?
        @Option(name: "hostname", short: "H", help: "Address to serve on (default 127.0.0.1)")
        var hostname: String?
        @Option(name: "port", short: "p", help: "Port to serve on (default 8080)")
        var port: Int?
    }
    var help: String { "Builds a demo city and serves it / 生成演示城市并启动服务" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let console = context.console
        guard app.settings.mode != .production else {
            context.fail("生产模式下不能生成演示数据 / the demo city is refused in production (GONGJIANG_ENV=production)")
            return
        }
        guard let scale = DemoCity.Scale(rawValue: signature.scale ?? "small") else {
            context.fail("--scale 只能是 small 或 city / --scale must be small or city")
            return
        }
        try await app.autoMigrate()
        guard let fraction = signature.fraction ?? 1 as Double?, fraction > 0, fraction <= 1 else {
            context.fail("--fraction 应在 0 到 1 之间 / --fraction is between 0 and 1")
            return
        }
        let started = Date()
        let demo = DemoContext(application: app, scale: scale, seed: signature.seed ?? 2023, today: .today(), fraction: fraction,
                               progress: ProgressLine(enabled: isatty(STDERR_FILENO) == 1))
        // The log copied into the file beside the writes, and truncated at the end: a city-scale build writes gigabytes,
        // and a server reading through a log that size answers slower until something checkpoints it.
        try await WALCheckpointer.whileWriting(to: app.db) {
            for module in Modules.all {
                let begun = Date()
                // Again before each part: an import's batches set a connection's cache and checkpoints for themselves.
                if scale == .city { try await DatabaseSetup.tuneForBuilding(app, true) }
                let lines = try await module.buildDemo(demo)
                for line in lines { console.print(line) }
                // A city-scale build takes a while: say where the time went, a part at a time.
                let seconds = Date().timeIntervalSince(begun)
                if !lines.isEmpty, seconds >= 1 {
                    let text = String(format: "%.1f", seconds)
                    console.print("  (\(module.name)：用时 \(text) 秒 / \(module.name) took \(text) s)")
                }
            }
        }
        if scale == .city { try await DatabaseSetup.tuneForBuilding(app, false) }
        console.print(String(format: "演示城市完成，用时 %.1f 秒 / demo city ready in %.1f s", Date().timeIntervalSince(started), Date().timeIntervalSince(started)))
        guard !signature.noServe else { return }

        let hostname = signature.hostname ?? "127.0.0.1"
        let port = signature.port ?? 8080
        console.print("打开 / open http://\(hostname):\(port)/")
        guard let serve = app.asyncCommands.commands["serve"] else { return }
        var serveContext = context
        serveContext.input = CommandInput(arguments: ["gongjiang", "--hostname", hostname, "--port", String(port)])
        try await serve.run(using: &serveContext)
    }
}

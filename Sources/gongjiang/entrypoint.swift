import Foundation
import GongjiangApp
import Logging
import NIOCore
import NIOPosix
import Vapor

/// The `gongjiang` executable: reads the settings, builds the application, runs the command given.
@main
enum Entrypoint {
    static func main() async {
        // Swift concurrency runs its tasks on the server's event loops instead of a second pool of threads: every
        // async handler and middleware otherwise hops to that pool and back, which was most of a request's cost on
        // two cores in a profile of the public look-up. First, before any other async work. (Nothing here blocks an
        // event loop with `.wait()`, which this would turn into a deadlock.)
        _ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        var env: Environment
        do {
            env = try Environment.detect()
            try LoggingSystem.bootstrap(from: &env)
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            exit(1)
        }
        let settings: Settings
        do {
            settings = try Settings.fromEnvironment()
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            exit(1)
        }
        let app: Application
        do {
            app = try await Application.make(env)
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            exit(1)
        }
        var failed = false
        do {
            try await configure(app, settings: settings)
            try await app.execute()
        } catch {
            app.logger.report(error: error)
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            failed = true
        }
        try? await app.asyncShutdown()
        exit(failed ? 1 : ExitStatus.code)
    }
}

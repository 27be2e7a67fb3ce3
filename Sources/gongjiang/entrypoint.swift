import Foundation
import GongjiangApp
import Logging
import Vapor

/// The `gongjiang` executable: reads the settings, builds the application, runs the command given.
@main
enum Entrypoint {
    static func main() async {
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

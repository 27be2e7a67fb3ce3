import Fluent
import Foundation
import Vapor

/// Wires the application: settings, database, middleware, migrations, routes, commands.
public func configure(_ app: Application, settings: Settings) async throws {
    app.settings = settings
    try DatabaseSetup.configure(app, location: settings.database)
    app.migrations.add(StorageMigrations.all)

    // Our error middleware replaces Vapor's default so that nothing escapes as a bare 500.
    app.middleware = Middlewares()
    app.middleware.use(RouteLoggingMiddleware(logLevel: .info))
    app.middleware.use(ProblemMiddleware())
    // A JSON body larger than this is refused with 413; uploads set their own limit.
    app.routes.defaultMaxBodySize = "1mb"

    try routes(app)
    registerCommands(app)
    try await DatabaseSetup.prepare(app.db)
}

extension Application {
    private struct SettingsKey: StorageKey { typealias Value = Settings }

    public var settings: Settings {
        get { storage[SettingsKey.self] ?? Settings(database: .sqliteMemory) }
        set { storage[SettingsKey.self] = newValue }
    }
}

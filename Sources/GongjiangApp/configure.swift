import Fluent
import Foundation
import Vapor

/// Wires the application: settings, database, middleware, migrations, routes, commands.
public func configure(_ app: Application, settings: Settings) async throws {
    app.settings = settings
    // Production refuses to start without its key file; elsewhere a missing one is created, with a warning.
    let (vault, created) = try PersonalDataVault.load(path: settings.keyFile, createIfMissing: settings.mode != .production)
    if created {
        app.logger.warning("created a new key file at \(settings.keyFile); keep it safe and out of backups of the database")
    }
    app.vault = vault
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

import Fluent
import Foundation
import Vapor

/// Wires the application: settings, database, middleware, migrations, routes, commands.
public func configure(_ app: Application, settings: Settings) async throws {
    app.settings = settings
    // The application's own pool for blocking work, SQLite's statements among them, before the databases take it.
    // Vapor's default is a pool shared by the whole process with one thread per core. SQLiteNIO retries a locked write
    // at once, forever, on one of those threads: two such writers waiting while a third holds the write lock left the
    // holder no thread for its next statement, and all three spun for good (seen with 20 and 30 concurrent budget
    // approvals on two cores). Sixteen threads are far more than the pool's connections can ever occupy at once.
    app.threadPool = NIOThreadPool(numberOfThreads: 16)
    app.clock = AppClock()
    // A rehearsal server ahead of time (never in production: Settings refuses it there).
    if settings.clockOffsetDays > 0, settings.mode != .production { app.clock.advance(by: TimeInterval(settings.clockOffsetDays) * 86_400) }
    // Production refuses to start without its key file; elsewhere a missing one is created, with a warning.
    let (vault, created) = try PersonalDataVault.load(path: settings.keyFile, createIfMissing: settings.mode != .production)
    if created {
        app.logger.warning("created a new key file at \(settings.keyFile); keep it safe and out of backups of the database")
    }
    app.vault = vault
    let (signing, signingCreated) = try SigningKeys.load(path: settings.keyFile)
    if signingCreated { app.logger.warning("added a certificate signing key (\(signing.currentID)) to \(settings.keyFile)") }
    app.signingKeys = signing
    app.publicLookupLimiter = RateLimiter(limits: .init(window: 60))
    app.verificationCache = VerificationCache(capacity: settings.verificationCacheEntries)
    try DatabaseSetup.configure(app, location: settings.database)
    app.migrations.add(StorageMigrations.all)
    // Training learns of its claims' payments from the ledger.
    TrainingSettlement.register()
    ProgrammeDeparture.register()
    LedgerVerification.registerSource("training-claim", table: "training_claims")
    LedgerVerification.registerSource(ApprenticeshipService.advanceSource, table: "apprenticeship_plans")
    LedgerVerification.registerSource(ApprenticeshipService.settlementSource, table: "apprenticeship_plans")
    LedgerVerification.registerSource(ProgrammeService.paymentSource, table: "programme_payments")

    // Our error middleware replaces Vapor's default so that nothing escapes as a bare 500.
    app.middleware = Middlewares()
    app.middleware.use(SecurityHeadersMiddleware())
    app.middleware.use(RequestLogMiddleware())
    app.middleware.use(ProblemMiddleware())
    app.middleware.use(RateLimitMiddleware(limiter: RateLimiter(limits: .init(
        perToken: settings.rateLimitPerToken, perAddress: settings.rateLimitPerAddress))))
    // The API takes what its OpenAPI document declares and nothing else (400 naming the rest; 405 for other methods).
    app.middleware.use(APIContractMiddleware())
    // A JSON body larger than this is refused with 413; uploads set their own limit.
    app.routes.defaultMaxBodySize = "1mb"

    // Made here, before any request, so that every request shares the one log.
    _ = app.denials
    app.lifecycle.use(DenialLogFlusher())

    try routes(app)
    registerCommands(app)
    try await DatabaseSetup.prepare(app.db)
    if settings.mode == .production {
        app.lifecycle.use(ProductionChecks())
    }
}

extension Application {
    private struct SettingsKey: StorageKey { typealias Value = Settings }

    public var settings: Settings {
        get { storage[SettingsKey.self] ?? Settings(database: .sqliteMemory) }
        set { storage[SettingsKey.self] = newValue }
    }
}

/// Logs method, path and status, never the query string: searches carry ID numbers.
struct RequestLogMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        request.logger.info("\(request.method) \(request.url.path) \(response.status.code)")
        return response
    }
}

/// Production refuses to run with the demo city's accounts in the database.
struct ProductionChecks: LifecycleHandler {
    func didBootAsync(_ application: Application) async throws {
        let demo = try await Account.query(on: application.db).filter(\.$isDemo == true).count()
        guard demo == 0 else {
            throw ProductionRefusal.demoAccounts(demo)
        }
    }

    enum ProductionRefusal: Error, CustomStringConvertible {
        case demoAccounts(Int)
        var description: String {
            switch self {
            case .demoAccounts(let count):
                "生产模式拒绝启动：数据库中有 \(count) 个演示账号 / production refuses to start: \(count) demo accounts in the database"
            }
        }
    }
}

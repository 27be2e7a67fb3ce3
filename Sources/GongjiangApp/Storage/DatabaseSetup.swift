import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import SQLKit
import Vapor

/// Chooses SQLite or PostgreSQL from the settings and registers it as the default database.
enum DatabaseSetup {
    static func configure(_ app: Application, location: Settings.DatabaseLocation) throws {
        switch location {
        case .sqliteMemory:
            app.databases.use(.sqlite(.memory), as: .sqlite)
        case .sqliteFile(let path):
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            // Foreign keys are enforced per connection by SQLiteNIO (enableForeignKeys defaults to true).
            app.databases.use(.sqlite(.file(path)), as: .sqlite)
        case .postgres(let url):
            app.databases.use(try .postgres(url: url), as: .psql)
        }
    }

    /// Settings that belong to the SQLite file rather than to a connection.
    ///
    /// WAL lets the web pages keep reading while an import writes; it is stored in the file,
    /// so setting it once is enough. `synchronous=NORMAL` is the documented safe pairing with WAL.
    static func prepare(_ db: any Database) async throws {
        guard let sql = db as? any SQLDatabase, sql.dialect.name == "sqlite" else { return }
        try await sql.raw("PRAGMA journal_mode = WAL").run()
        try await sql.raw("PRAGMA synchronous = NORMAL").run()
        try await sql.raw("PRAGMA foreign_keys = ON").run()
    }

    /// A city-scale build's settings on every pooled SQLite connection (one per event loop), or back to SQLite's
    /// defaults when `building` is false. The build touches the indexes of a database of several gigabytes at random
    /// (a candidate's person, their certificates, the audit trail's tail): with SQLite's default page cache of 2 MB
    /// a third of the whole city's certification went to reading pages back from the file (perf: `readDbPage`,
    /// `pread`), so the cache holds 256 MiB while building. The log is copied by `WALCheckpointer` beside the writes,
    /// so the writer checkpoints itself only at 512 MB (as an import does, `RegistryBatchWriter`).
    static func tuneForBuilding(_ app: Application, _ building: Bool) async throws {
        guard !app.db.isPostgres else { return }
        for eventLoop in app.eventLoopGroup.makeIterator() {
            guard let database = app.databases.database(logger: app.logger, on: eventLoop) else { continue }
            try await database.withConnection { connection in
                try await connection.sql.raw("PRAGMA cache_size = \(unsafeRaw: building ? "-262144" : "-2000")").run()
                try await connection.sql.raw("PRAGMA wal_autocheckpoint = \(unsafeRaw: building ? "131072" : "1000")").run()
            }
        }
    }
}

extension Database {
    /// The SQLKit view of a Fluent database; both drivers in use provide one.
    var sql: any SQLDatabase { self as! any SQLDatabase }
    var isPostgres: Bool { sql.dialect.name == "postgresql" }
}

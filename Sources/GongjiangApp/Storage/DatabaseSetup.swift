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
}

extension Database {
    /// The SQLKit view of a Fluent database; both drivers in use provide one.
    var sql: any SQLDatabase { self as! any SQLDatabase }
    var isPostgres: Bool { sql.dialect.name == "postgresql" }
}

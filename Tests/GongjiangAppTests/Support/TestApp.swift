import Fluent
import Foundation
@testable import GongjiangApp
import SQLKit
import Testing
import VaporTesting

/// The databases the suite runs on: SQLite always; PostgreSQL when `GONGJIANG_TEST_POSTGRES_URL`
/// names a server (scripts/test starts a throwaway one; CI always does).
enum TestDatabase: String, CaseIterable, CustomStringConvertible, Sendable {
    case sqlite
    case postgres

    var description: String { rawValue }

    static var postgresURL: String? {
        let url = ProcessInfo.processInfo.environment["GONGJIANG_TEST_POSTGRES_URL"]
        return url?.isEmpty == false ? url : nil
    }

    static var available: [TestDatabase] {
        if postgresURL == nil {
            print("PostgreSQL tests skipped: GONGJIANG_TEST_POSTGRES_URL is not set")
            return [.sqlite]
        }
        return [.sqlite, .postgres]
    }
}

/// Request and migration logs at info level would bury the test output; warnings and errors still show.
private let quietLogging: Void = {
    LoggingSystem.bootstrap { label in
        var handler = StreamLogHandler.standardError(label: label)
        handler.logLevel = .warning
        return handler
    }
}()

/// Runs `body` against a fresh, migrated application on its own database, removed afterwards.
func withGongjiang<T>(_ kind: TestDatabase, adjust: (inout Settings) -> Void = { _ in },
                      _ body: (Application) async throws -> T) async throws -> T {
    _ = quietLogging
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gongjiang-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }

    var databaseName: String?
    let location: Settings.DatabaseLocation
    switch kind {
    case .sqlite:
        // A copy of the template migrated once for the whole run: migrating every test's database anew took most
        // of the suite's time.
        let path = folder.appendingPathComponent("test.sqlite").path
        try FileManager.default.copyItem(atPath: try await TestTemplate.sqlite.value, toPath: path)
        location = .sqliteFile(path)
    case .postgres:
        guard let adminURL = TestDatabase.postgresURL else { throw TestSetupError.noPostgres }
        let name = "gj_test_" + UUID().uuidString.prefix(8).lowercased()
        try await PostgresAdmin.run("CREATE DATABASE \(name) TEMPLATE \(try await TestTemplate.postgres.value)", adminURL: adminURL)
        databaseName = name
        location = .postgres(PostgresAdmin.url(adminURL, database: name))
    }

    var settings = Settings(database: location, keyFile: folder.appendingPathComponent("keys.json").path,
                            mode: .testing, workDirectory: folder.appendingPathComponent("work").path)
    adjust(&settings)
    let result: T
    do {
        result = try await withApp(configure: { app in
            try await configure(app, settings: settings)
            try await app.autoMigrate()
        }, body)
    } catch {
        if let databaseName, let adminURL = TestDatabase.postgresURL {
            try? await PostgresAdmin.run("DROP DATABASE IF EXISTS \(databaseName) WITH (FORCE)", adminURL: adminURL)
        }
        throw error
    }
    if let databaseName, let adminURL = TestDatabase.postgresURL {
        try await PostgresAdmin.run("DROP DATABASE IF EXISTS \(databaseName) WITH (FORCE)", adminURL: adminURL)
    }
    return result
}

enum TestSetupError: Error { case noPostgres }

/// Databases migrated once per test run, which every test's database is a copy of: a file copy on SQLite,
/// `CREATE DATABASE … TEMPLATE` on PostgreSQL (which wants no connection open to the template: the migrating app is
/// shut down before anyone copies it). Each test still runs `autoMigrate`, which finds nothing left to do.
enum TestTemplate {
    static let sqlite = Task<String, any Error> {
        _ = quietLogging
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gongjiang-template-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("template.sqlite").path
        try await migrate(Settings(database: .sqliteFile(path), keyFile: folder.appendingPathComponent("keys.json").path,
                                   mode: .testing, workDirectory: folder.appendingPathComponent("work").path))
        return path
    }

    /// Left on the server when the run ends: scripts/test removes the whole throwaway server afterwards.
    static let postgres = Task<String, any Error> {
        _ = quietLogging
        guard let adminURL = TestDatabase.postgresURL else { throw TestSetupError.noPostgres }
        let name = "gj_template_" + UUID().uuidString.prefix(8).lowercased()
        try await PostgresAdmin.run("CREATE DATABASE \(name)", adminURL: adminURL)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gongjiang-template-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try await migrate(Settings(database: .postgres(PostgresAdmin.url(adminURL, database: name)),
                                   keyFile: folder.appendingPathComponent("keys.json").path, mode: .testing,
                                   workDirectory: folder.appendingPathComponent("work").path))
        return name
    }

    private static func migrate(_ settings: Settings) async throws {
        try await withApp(configure: { app in
            try await configure(app, settings: settings)
            try await app.autoMigrate()
        }) { _ in }
    }
}

/// Creates and drops the per-test databases through the server's maintenance database.
enum PostgresAdmin {
    static func run(_ statement: String, adminURL: String) async throws {
        try await withApp(configure: { app in
            app.databases.use(try .postgres(url: adminURL), as: .psql)
        }) { app in
            try await (app.db as! any SQLDatabase).raw(SQLQueryString(statement)).run()
        }
    }

    static func url(_ adminURL: String, database: String) -> String {
        guard var components = URLComponents(string: adminURL) else { return adminURL }
        components.path = "/" + database
        return components.string ?? adminURL
    }
}

extension TestingHTTPResponse {
    /// The body decoded as JSON into `T`.
    func json<T: Decodable>(_ type: T.Type = T.self) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(T.self, from: Data(buffer: body))
    }

    var text: String { body.string }
}

/// Builds a small CSV file in a temporary folder and returns its path.
func writeCSV(_ lines: [String], encoding: String.Encoding = .utf8, named name: String = "input.csv") throws -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gongjiang-csv-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let path = folder.appendingPathComponent(name).path
    let text = lines.joined(separator: "\r\n") + "\r\n"
    guard let data = text.data(using: encoding) else { throw TestSetupError.noPostgres }
    try data.write(to: URL(fileURLWithPath: path))
    return path
}

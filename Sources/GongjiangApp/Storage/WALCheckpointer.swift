import Fluent
import FluentSQLiteDriver
import Foundation
import NIOConcurrencyHelpers

/// Copies a SQLite database's write-ahead log into the database file from a connection of its own, while a bulk
/// write goes on, so that the writer does not stop for checkpoints.
///
/// A checkpoint copies the log's pages into the file and waits for the disk twice (`fsync`); run by the writer's own
/// connection, every commit that crossed `wal_autocheckpoint` waited for it. A million-row import spent about ten
/// seconds waiting so (measured by running it once with `synchronous=OFF`, which is never used). Here the checkpoints
/// are PASSIVE: they take no lock a writer or reader needs, copy what they can, and are simply tried again later.
/// The writer's own autocheckpoint stays as the bound on the log's size (see `RegistryBatchWriter`). When the write
/// is over, one last checkpoint copies the rest and truncates the log, unless a reader still holds part of it.
final class WALCheckpointer: Sendable {
    /// How often the log is copied while the writer works.
    static let interval: Duration = .milliseconds(250)

    private let task: Task<Void, Never>
    /// Set by `stop()`. Not task cancellation: SQLiteNIO refuses every call from a cancelled task, the closing ones
    /// included, and a connection left open keeps the log file from being removed when the process ends.
    private let stopping = NIOLockedValueBox(false)

    private init(connection: SQLiteConnection) {
        let stopping = self.stopping
        task = Task {
            while !stopping.withLockedValue({ $0 }) {
                try? await Task.sleep(for: Self.interval)
                _ = try? await connection.query("PRAGMA wal_checkpoint(PASSIVE)")
            }
            _ = try? await connection.query("PRAGMA wal_checkpoint(TRUNCATE)")
            try? await connection.close()
        }
    }

    /// A checkpointer for `database` when it is a SQLite file; nil for PostgreSQL and in-memory SQLite.
    static func start(for database: any Database) async throws -> WALCheckpointer? {
        guard !database.isPostgres, let sqlite = database as? any SQLiteDatabase else { return nil }
        let files = try await sqlite.query("PRAGMA database_list")
        guard let main = files.first(where: { $0.column("name")?.string == "main" }),
              let path = main.column("file")?.string, !path.isEmpty
        else { return nil }
        return WALCheckpointer(connection: try await SQLiteConnection.open(storage: .file(path: path), logger: database.logger))
    }

    /// Runs `body` with a checkpointer beside it (when `database` is a SQLite file), and stops it however `body` ends.
    static func whileWriting<Result>(to database: any Database, _ body: () async throws -> Result) async throws -> Result {
        let checkpointer = try await start(for: database)
        do {
            let result = try await body()
            await checkpointer?.stop()
            return result
        } catch {
            await checkpointer?.stop()
            throw error
        }
    }

    /// Stops after the checkpoint in progress, if any, and closes the connection.
    func stop() async {
        stopping.withLockedValue { $0 = true }
        await task.value
    }
}

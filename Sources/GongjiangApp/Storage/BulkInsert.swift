import Fluent
import FluentSQLiteDriver
import Foundation
import SQLKit

/// A multi-row INSERT for bulk writes (imports, the demo city).
///
/// On SQLite it binds `SQLiteData` directly. SQLKit's general path encodes every bound value through `Encodable`
/// and dynamic casts, and a million-row import binds about 25 million values: that path took a fifth of the
/// import's writing time. The values stored are the same as Fluent stores (a UUID as its upper-case string, a
/// timestamp as seconds since 1970), so models read them back unchanged. On PostgreSQL it goes through SQLKit.
///
/// On SQLite the statement is `INSERT OR ROLLBACK`: a refused row ends the whole transaction, which is what every
/// caller does anyway (nothing half-written), and it spares SQLite the statement journal it keeps to undo a
/// statement alone (see `deferredReference`, which does the same for foreign keys). Run it inside a transaction.
struct BulkInsert {
    enum Value: Sendable {
        case text(String)
        case integer(Int)
        case uuid(UUID)
        case date(Date)
        case bool(Bool)
        case null

        static func text(_ value: String?) -> Value { value.map(Value.text) ?? .null }
        static func uuid(_ value: UUID?) -> Value { value.map(Value.uuid) ?? .null }
        static func integer(_ value: Int?) -> Value { value.map(Value.integer) ?? .null }

        var sqlite: SQLiteData {
            switch self {
            case .text(let text): .text(text)
            case .integer(let integer): .integer(integer)
            case .uuid(let uuid): .text(uuid.text)
            case .date(let date): date.sqliteData!
            // As Fluent stores a Bool on SQLite.
            case .bool(let bool): .integer(bool ? 1 : 0)
            case .null: .null
            }
        }

        var expression: any SQLExpression {
            switch self {
            case .text(let text): SQLBind(text)
            case .integer(let integer): SQLBind(integer)
            case .uuid(let uuid): SQLBind(uuid)
            case .date(let date): SQLBind(date)
            case .bool(let bool): SQLBind(bool)
            case .null: SQLLiteral.null
            }
        }
    }

    let table: String
    let columns: [String]
    private(set) var rows: [[Value]] = []

    init(into table: String, columns: [String]) {
        self.table = table
        self.columns = columns
    }

    mutating func append(_ row: [Value]) {
        precondition(row.count == columns.count, "a row of \(table) needs \(columns.count) values")
        rows.append(row)
    }

    /// Writes the rows, as many a statement as SQLite's 32,766 bound parameters allow (PostgreSQL's 65,535 are more).
    func run(on database: any Database) async throws {
        let perStatement = Swift.max(1, 32_000 / columns.count)
        for chunk in rows.chunked(perStatement) { try await run(Array(chunk), on: database) }
    }

    private func run(_ rows: [[Value]], on database: any Database) async throws {
        guard !rows.isEmpty else { return }
        if let sqlite = database as? any SQLiteDatabase {
            let row = "(" + Array(repeating: "?", count: columns.count).joined(separator: ",") + ")"
            let sql = "INSERT OR ROLLBACK INTO \"\(table)\" (" + columns.map { "\"\($0)\"" }.joined(separator: ",") + ") VALUES "
                + Array(repeating: row, count: rows.count).joined(separator: ",")
            var binds: [SQLiteData] = []
            binds.reserveCapacity(rows.count * columns.count)
            for row in rows {
                for value in row { binds.append(value.sqlite) }
            }
            _ = try await sqlite.query(sql, binds)
        } else {
            let insert = database.sql.insert(into: table).columns(columns)
            for row in rows { insert.values(row.map(\.expression)) }
            try await insert.run()
        }
    }
}

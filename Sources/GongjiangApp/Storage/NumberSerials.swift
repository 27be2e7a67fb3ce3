import Fluent
import SQLKit

/// Numbers handed out in order per series ("TS-2026" → TS-2026-000001, …): one row per series, moved by one statement
/// inside the caller's transaction, so concurrent writers never draw the same number and a rolled-back write gives
/// its number back.
enum NumberSerials {
    /// The next number of `series`, on `tx` (a transaction).
    static func next(_ series: String, on tx: any Database) async throws -> Int {
        let row = try await tx.sql.raw("""
            INSERT INTO number_serials (series, last_number) VALUES (\(bind: series), 1)
            ON CONFLICT (series) DO UPDATE SET last_number = number_serials.last_number + 1
            RETURNING last_number
            """).first()
        guard let number = try row?.decode(column: "last_number", as: Int.self) else { throw RequestProblem.conflict(
            code: "serial.unavailable", chinese: "编号生成失败，请重试", english: "No number could be drawn; try again") }
        return number
    }

    /// The next `count` numbers of `series` at once, in order: a list filed together draws its numbers in one statement.
    static func next(_ series: String, count: Int, width: Int, on tx: any Database) async throws -> [String] {
        guard count > 0 else { return [] }
        let row = try await tx.sql.raw("""
            INSERT INTO number_serials (series, last_number) VALUES (\(bind: series), \(bind: count))
            ON CONFLICT (series) DO UPDATE SET last_number = number_serials.last_number + \(bind: count)
            RETURNING last_number
            """).first()
        guard let last = try row?.decode(column: "last_number", as: Int.self) else { throw RequestProblem.conflict(
            code: "serial.unavailable", chinese: "编号生成失败，请重试", english: "No numbers could be drawn; try again") }
        return ((last - count + 1)...last).map { series + "-" + String($0).leftPadded(to: width) }
    }

    /// `series-000042`, the serial left-padded to `width` digits.
    static func next(_ series: String, width: Int, on tx: any Database) async throws -> String {
        series + "-" + String(try await next(series, on: tx)).leftPadded(to: width)
    }
}

import Fluent
import Foundation
import GongjiangCore
import SQLKit

/// The registry's figures kept as records change (migration 021): triggers mark the persons whose certificates or
/// district changed; `refresh` recomputes what each marked person contributes to each figure, takes away what they
/// contributed before, and adds the difference to `stat_counts`. A refresh costs what changed, not what exists, so the
/// dashboard and the report read a few hundred rows at 1% and at 100% of the city alike.
///
/// What a person contributes (certificates valid and not revoked; the person counted in their current district):
/// - `high-first`: 1 in the year of their first certificate of 三级/高级工 or above;
/// - `technician`: 1 in each year they obtained a 二级/技师 or 一级/高级技师 certificate;
/// - `certificates`: their certificates by year, with the dimension "occupation|level rank";
/// - `certificates-level`: the same by year and level rank alone.
enum SkillAggregates {
    enum Metric {
        static let highFirst = "high-first"
        static let technician = "technician"
        static let certificates = "certificates"
        /// Certificates by year and level alone (the dimension is the level's rank): the dashboard's and open data's
        /// tables read a few rows per district from it, however many occupations the registry holds.
        static let certificatesByLevel = "certificates-level"
        static let trainingPaid = "training-paid"
    }

    /// Persons taken per transaction: small enough to keep a transaction short, large enough that a city's history
    /// refreshes in minutes.
    static let chunk = 2000

    struct Key: Hashable {
        let metric: String
        let district: String
        let year: Int
        let dimension: String
    }

    /// Brings the aggregates up to date with every marked person; answers how many were refreshed.
    @discardableResult
    static func refresh(on database: any Database, progress: ProgressLine? = nil) async throws -> Int {
        var total = 0
        let waiting = progress == nil ? 0 : try await database.sql.raw("SELECT COUNT(*) AS n FROM stat_dirty_persons").first()?.decode(column: "n", as: Int.self) ?? 0
        while true {
            let done = try await database.transaction { tx in try await refreshChunk(on: tx) }
            total += done
            progress?.show(rows: total, fraction: waiting > 0 ? min(1, Double(total) / Double(waiting)) : nil)
            if done < chunk {
                progress?.finish()
                return total
            }
        }
    }

    /// One chunk of marks in one transaction. The marks are taken by deleting them first, so two refreshes never count
    /// the same person twice, and a person marked again while this one runs is left for the next; answers the marks
    /// taken (a chunk less than full means the log is drained).
    private static func refreshChunk(on tx: any Database) async throws -> Int {
        let sql = tx.sql
        // The oldest marks, claimed by deleting them: a second refresh running at once finds them gone.
        guard let last = try await sql.raw("""
            SELECT MAX(seq) AS last FROM (SELECT seq FROM stat_dirty_persons ORDER BY seq LIMIT \(unsafeRaw: String(chunk))) marks
            """).first()?.decode(column: "last", as: Int64?.self) else { return 0 }
        let claimed = try await sql.raw("DELETE FROM stat_dirty_persons WHERE seq <= \(bind: last) RETURNING person_id").all()
        let ids = Array(Set(try claimed.map { try $0.decode(column: "person_id", as: UUID.self) })).sorted { $0.uuidString < $1.uuidString }
        guard !ids.isEmpty else { return claimed.count }
        var delta: [Key: Int64] = [:]
        for row in try await sql.raw("""
            SELECT metric, district_code, year, dimension, n FROM stat_person_contributions WHERE person_id IN \(list(ids))
            """).all() {
            delta[try key(row), default: 0] -= try row.decode(column: "n", as: Int64.self)
        }
        try await sql.raw("DELETE FROM stat_person_contributions WHERE person_id IN \(list(ids))").run()

        let year: SQLQueryString = "CAST(SUBSTR(c.issue_date, 1, 4) AS INTEGER)"
        let counted: SQLQueryString = """
            FROM certificates c JOIN persons p ON p.id = c.person_id
            WHERE c.person_id IN \(list(ids)) AND c.status = \(bind: CertificateStatus.valid.rawValue) AND c.revoked_on IS NULL
            """
        let rows = try await sql.raw("""
            SELECT c.person_id, p.district_code, '\(unsafeRaw: Metric.highFirst)' AS metric, MIN(\(year)) AS year, '' AS dimension, 1 AS n
            \(counted) AND c.level >= \(bind: SkillLevel.level3.rawValue) GROUP BY c.person_id, p.district_code
            UNION ALL
            SELECT c.person_id, p.district_code, '\(unsafeRaw: Metric.technician)', \(year), '', 1
            \(counted) AND c.level IN (\(bind: SkillLevel.level2.rawValue), \(bind: SkillLevel.level1.rawValue)) GROUP BY c.person_id, p.district_code, \(year)
            UNION ALL
            SELECT c.person_id, p.district_code, '\(unsafeRaw: Metric.certificates)', \(year), c.occupation_code || '|' || CAST(c.level AS TEXT), COUNT(*)
            \(counted) GROUP BY c.person_id, p.district_code, \(year), c.occupation_code, c.level
            UNION ALL
            SELECT c.person_id, p.district_code, '\(unsafeRaw: Metric.certificatesByLevel)', \(year), CAST(c.level AS TEXT), COUNT(*)
            \(counted) GROUP BY c.person_id, p.district_code, \(year), c.level
            """).all()
        let columns = ["person_id", "metric", "district_code", "year", "dimension", "n"]
        var insert = BulkInsert(into: "stat_person_contributions", columns: columns)
        for row in rows {
            let n = try row.decode(column: "n", as: Int64.self)
            delta[try key(row), default: 0] += n
            insert.append([.uuid(try row.decode(column: "person_id", as: UUID.self)), .text(try row.decode(column: "metric", as: String.self)),
                           .text(try row.decode(column: "district_code", as: String.self)), .integer(try row.decode(column: "year", as: Int.self)),
                           .text(try row.decode(column: "dimension", as: String.self)), .integer(Int(n))])
            // 6 values a row: 1,000 rows stay under SQLite's bound-parameter limit.
            if insert.rows.count >= 1000 {
                try await insert.run(on: tx)
                insert = BulkInsert(into: "stat_person_contributions", columns: columns)
            }
        }
        try await insert.run(on: tx)
        try await add(delta, on: tx)
        return claimed.count
    }

    /// Adds each key's difference to its count (a row per key, created at its first contribution).
    static func add(_ delta: [Key: Int64], on tx: any Database) async throws {
        let changed = delta.filter { $0.value != 0 }.sorted { ($0.key.metric, $0.key.district, $0.key.year, $0.key.dimension) < ($1.key.metric, $1.key.district, $1.key.year, $1.key.dimension) }
        for part in changed.chunked(500) {
            let values = part.map { "(\(bind: $0.key.metric), \(bind: $0.key.district), \(bind: $0.key.year), \(bind: $0.key.dimension), \(bind: $0.value))" as SQLQueryString }
            try await tx.sql.raw("""
                INSERT INTO stat_counts (metric, district_code, year, dimension, n) VALUES \(values.joined(separator: ", "))
                ON CONFLICT (metric, district_code, year, dimension) DO UPDATE SET n = stat_counts.n + excluded.n
                """).run()
        }
    }

    /// Rebuilds every figure from the records: the operator's repair, and the tests' independent reckoning.
    static func rebuild(on database: any Database) async throws -> Int {
        try await database.transaction { tx in
            try await tx.sql.raw("DELETE FROM stat_counts WHERE metric <> \(bind: Metric.trainingPaid)").run()
            try await tx.sql.raw("DELETE FROM stat_person_contributions").run()
            try await tx.sql.raw("INSERT INTO stat_dirty_persons (person_id) SELECT DISTINCT person_id FROM certificates").run()
        }
        return try await refresh(on: database)
    }

    private static func key(_ row: some SQLRow) throws -> Key {
        Key(metric: try row.decode(column: "metric", as: String.self), district: try row.decode(column: "district_code", as: String.self),
            year: try row.decode(column: "year", as: Int.self), dimension: try row.decode(column: "dimension", as: String.self))
    }

    private static func list(_ ids: [UUID]) -> SQLQueryString {
        "(" + ids.map { "\(bind: $0)" as SQLQueryString }.joined(separator: ", ") + ")"
    }
}

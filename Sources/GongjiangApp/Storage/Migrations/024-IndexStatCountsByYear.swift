import Fluent
import Foundation
import SQLKit

/// 024: the figures are read by metric and year (`metric = ? AND year = ?`, or `year <= ?` for the running totals), and
/// the unique index of `stat_counts` leads with metric then district, so such a read walked every year and district of
/// the metric: at the whole city's scale tens of thousands of rows of certificates by occupation and level, where the 1%
/// city has a fraction of the combinations. An index by metric, year and district reads only the year's rows, so a
/// dashboard costs about the same whatever the size of the registry (issue 12).
struct IndexStatCountsByYear: AsyncMigration {
    var name: String { "024-IndexStatCountsByYear" }

    func prepare(on database: any Database) async throws {
        try await database.sql.create(index: "stat_counts_metric_year_idx").on("stat_counts").column("metric").column("year")
            .column("district_code").run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql.drop(index: "stat_counts_metric_year_idx").run()
    }
}

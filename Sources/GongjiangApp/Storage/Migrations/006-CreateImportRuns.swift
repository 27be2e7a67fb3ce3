import Fluent
import SQLKit

/// 006: import runs and the rows they rejected, so the upload page can show progress and offer the report.
struct CreateImportRuns: AsyncMigration {
    var name: String { "006-CreateImportRuns" }

    func prepare(on database: any Database) async throws {
        try await database.schema("import_runs")
            .id()
            .field("format", .string, .required)
            .field("file_name", .string, .required)
            .field("account_id", .uuid)
            .field("status", .string, .required)
            .field("rows_read", .int, .required)
            .field("created_count", .int, .required)
            .field("updated_count", .int, .required)
            .field("unchanged_count", .int, .required)
            .field("rejected_count", .int, .required)
            .field("unknown_columns", .string, .required)
            .field("message", .string)
            .field("started_at", .datetime, .required)
            .field("finished_at", .datetime)
            .create()
        try await database.schema("import_issues")
            .id()
            .field("run_id", .uuid, .required, .references("import_runs", "id", onDelete: .cascade))
            .field("row_number", .int, .required)
            .field("column_name", .string, .required)
            .field("code", .string, .required)
            .field("message_zh", .string, .required)
            .field("message_en", .string, .required)
            .create()
        try await database.sql.create(index: "import_issues_run_row_idx").on("import_issues")
            .column("run_id").column("row_number").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("import_issues").delete()
        try await database.schema("import_runs").delete()
    }
}

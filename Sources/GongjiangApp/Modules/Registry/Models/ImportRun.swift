import Fluent
import Foundation

/// One run of an import, with its counts; rows it rejected are `ImportIssue`s.
final class ImportRun: Model, @unchecked Sendable {
    static let schema = "import_runs"

    @ID(key: .id) var id: UUID?
    @Field(key: "format") var format: String
    @Field(key: "file_name") var fileName: String
    /// The account that uploaded the file; nil for the command line.
    @OptionalField(key: "account_id") var accountID: UUID?
    /// running, succeeded, failed
    @Field(key: "status") var status: String
    @Field(key: "rows_read") var rowsRead: Int
    @Field(key: "created_count") var createdCount: Int
    @Field(key: "updated_count") var updatedCount: Int
    @Field(key: "unchanged_count") var unchangedCount: Int
    @Field(key: "rejected_count") var rejectedCount: Int
    @Field(key: "unknown_columns") var unknownColumns: String
    @OptionalField(key: "message") var message: String?
    @Field(key: "started_at") var startedAt: Date
    @OptionalField(key: "finished_at") var finishedAt: Date?

    init() {}
}

/// One problem found on one row of an import.
final class ImportIssue: Model, @unchecked Sendable {
    static let schema = "import_issues"

    @ID(key: .id) var id: UUID?
    @Field(key: "run_id") var runID: UUID
    @Field(key: "row_number") var rowNumber: Int
    @Field(key: "column_name") var columnName: String
    @Field(key: "code") var code: String
    @Field(key: "message_zh") var messageZH: String
    @Field(key: "message_en") var messageEN: String

    init() {}
}

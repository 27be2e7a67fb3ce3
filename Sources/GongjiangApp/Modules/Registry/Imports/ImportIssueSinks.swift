import CSV
import Fluent
import Foundation
import GongjiangCore

/// The error report as the spec gives it: source row, column, code, and the message in Chinese and English.
final class CSVReportSink: ImportIssueSink {
    static let header = ["row", "column", "code", "message_zh", "message_en"]
    private let writer: CSVWriter
    private(set) var count = 0

    init(path: String) throws {
        guard let stream = OutputStream(toFileAtPath: path, append: false) else { throw CSVError.cannotOpenFile }
        writer = try CSVWriter(stream: stream)
        try writer.write(row: Self.header)
    }

    func record(rowNumber: Int, issue: RowIssue) async throws {
        count += 1
        try writer.write(row: Self.cells(rowNumber: rowNumber, issue: issue))
    }

    func finish() async throws { writer.stream.close() }

    static func cells(rowNumber: Int, issue: RowIssue) -> [String] {
        [String(rowNumber), issue.column?.rawValue ?? "", issue.code, issue.chinese, issue.english].map(SpreadsheetCell.neutralised)
    }
}

/// Keeps rejected rows with their run, so the upload page can show them and offer the report.
final class DatabaseIssueSink: ImportIssueSink {
    private let database: any Database
    private let runID: UUID
    private var pending: [ImportIssue] = []

    init(database: any Database, runID: UUID) {
        self.database = database
        self.runID = runID
    }

    func record(rowNumber: Int, issue: RowIssue) async throws {
        let row = ImportIssue()
        row.runID = runID
        row.rowNumber = rowNumber
        row.columnName = issue.column?.rawValue ?? ""
        row.code = issue.code
        row.messageZH = Self.maskingDocumentNumbers(issue.chinese)
        row.messageEN = Self.maskingDocumentNumbers(issue.english)
        pending.append(row)
        if pending.count >= 500 { try await flush() }
    }

    func finish() async throws { try await flush() }

    /// Messages quote the bad value; a rejected ID number is still somebody's, so runs of 15 or more
    /// digits (and a trailing X) are masked before they are stored.
    static func maskingDocumentNumbers(_ text: String) -> String {
        text.replacing(/[0-9]{14,17}[0-9Xx]/) { match in PersonalData.maskedIDNumber(String(match.output)) }
    }

    private func flush() async throws {
        guard !pending.isEmpty else { return }
        let rows = pending
        pending.removeAll()
        try await rows.create(on: database)
    }
}

/// Cells that go back into spreadsheets must not start a formula (CSV formula injection).
enum SpreadsheetCell {
    static func neutralised(_ value: String) -> String {
        guard let first = value.unicodeScalars.first else { return value }
        return "=+-@\t\r".unicodeScalars.contains(first) ? "'" + value : value
    }
}

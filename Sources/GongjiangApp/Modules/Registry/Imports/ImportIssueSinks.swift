import Fluent
import Foundation
import GongjiangCore

/// The error report as the spec gives it: source row, column, code, and the message in Chinese and English.
final class CSVReportSink: ImportIssueSink {
    static let header = ["row", "column", "code", "message_zh", "message_en"]
    private let file: FileHandle
    private(set) var count = 0

    struct CannotWrite: Error, CustomStringConvertible {
        let path: String
        var description: String { "无法写入错误报告 / cannot write the error report: \(path)" }
    }

    /// Written line by line as rows are refused, in the one CSV form (`CSVDocument`), so a report of any size
    /// takes no memory.
    init(path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil), let file = FileHandle(forWritingAtPath: path) else {
            throw CannotWrite(path: path)
        }
        self.file = file
        try file.write(contentsOf: Data((CSVDocument.byteOrderMark + CSVDocument.line(Self.header)).utf8))
    }

    func record(rowNumber: Int, issue: RowIssue) async throws {
        count += 1
        try file.write(contentsOf: Data(CSVDocument.line(Self.cells(rowNumber: rowNumber, issue: issue)).utf8))
    }

    func finish() async throws { try file.close() }

    static func cells(rowNumber: Int, issue: RowIssue) -> [String] {
        [String(rowNumber), issue.column?.rawValue ?? "", issue.code, issue.chinese, issue.english]
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


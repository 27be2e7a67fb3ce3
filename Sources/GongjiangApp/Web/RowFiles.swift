import Foundation
import GongjiangCore
import Plot
import Vapor

/// A CSV file of rows a form would otherwise take one at a time (candidates, scores, enrolments, attendance): UTF-8 or
/// GB18030, detected as the registry import detects it, the header naming the columns in any order. Each row goes
/// through the same service method as the form, in its own audited transaction, or, where the service has a list form
/// (a plan's candidates), through that list form: either way a refused row costs only itself, and refusals come back
/// row by row, as the registry import reports them.
enum RowFiles {
    struct Column: Sendable {
        let header: String
        let key: String
        let required: Bool

        init(_ header: String, _ key: String, required: Bool) {
            self.header = header
            self.key = key
            self.required = required
        }
    }

    struct Issue: Sendable, Equatable {
        let row: Int
        let field: String
        let code: String
        let chinese: String
        let english: String
    }

    struct Outcome: Sendable {
        var accepted = 0
        var issues: [Issue] = []
    }

    static func template(_ columns: [Column]) -> CSVDocument { CSVDocument(header: columns.map(\.header)) }

    /// A row's cells by column key, trimmed, an empty cell as nil.
    typealias Cells = @Sendable (String) -> String?

    /// Reads `path`: a missing required column or an unknown one refuses the file; then each row's cells (by key,
    /// trimmed, empty as nil) and its row number go to `apply`, at most `maximumRows` of them.
    static func run(path: String, columns: [Column], maximumRows: Int,
                    _ apply: (_ cell: Cells, _ row: Int) async throws -> Void) async throws -> Outcome {
        try await runList(path: path, columns: columns, maximumRows: maximumRows) { rows in
            var results: [Result<Void, any Error>] = []
            for (cell, row) in rows {
                do {
                    try await apply(cell, row)
                    results.append(.success(()))
                } catch where reportable(error) {
                    results.append(.failure(error))
                }
            }
            return results
        }
    }

    /// Reads `path` as `run` does, and hands all its rows to `apply` at once, which answers each row (a service's list
    /// form: one transaction for the good rows). A refusal of the whole list is reported on every row.
    static func runList(path: String, columns: [Column], maximumRows: Int,
                        _ apply: (_ rows: [(cell: Cells, row: Int)]) async throws -> [Result<Void, any Error>]) async throws -> Outcome {
        let file = try ImportFile(path: path)
        guard let header = file.next() else { throw ImportFile.OpenError.noDataRows }
        var index: [String: Int] = [:]
        for (position, name) in header.enumerated() {
            let clean = name.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "\u{FEFF}", with: "")
            guard let column = columns.first(where: { $0.header == clean }) else {
                throw RequestProblem.validation([FieldProblem(field: "file", code: "row-file.unknown-column",
                                                              chinese: "未知的列“\(clean)”，应为：\(columns.map(\.header).joined(separator: "、"))",
                                                              english: "Unknown column “\(clean)”")])
            }
            index[column.key] = position
        }
        for column in columns where column.required && index[column.key] == nil {
            throw RequestProblem.validation([FieldProblem(field: "file", code: "row-file.missing-column",
                                                          chinese: "缺少必填列“\(column.header)”", english: "The column “\(column.header)” is missing")])
        }
        var rows: [(cell: Cells, row: Int)] = []
        var tooMany: Issue?
        let columnIndex = index
        while let cells = file.next() {
            guard rows.count < maximumRows else {
                tooMany = Issue(row: file.rowNumber, field: "file", code: "row-file.too-many-rows",
                                chinese: "超过 \(maximumRows) 行，其余未处理", english: "More than \(maximumRows) rows; the rest were not read")
                break
            }
            rows.append(({ key in
                columnIndex[key].flatMap { $0 < cells.count ? cells[$0].trimmingCharacters(in: .whitespaces) : nil }.flatMap { $0.isEmpty ? nil : $0 }
            }, file.rowNumber))
        }
        var outcome = Outcome()
        do {
            for (entry, result) in zip(rows, try await apply(rows)) {
                switch result {
                case .success: outcome.accepted += 1
                case .failure(let error): outcome.issues += try issues(for: error, row: entry.row)
                }
            }
        } catch where reportable(error) {
            for entry in rows { outcome.issues += try issues(for: error, row: entry.row) }
        }
        if let tooMany { outcome.issues.append(tooMany) }
        return outcome
    }

    /// Whether an error is a row's refusal to report, rather than a failure that stops the file.
    private static func reportable(_ error: any Error) -> Bool { error is RequestProblem || error is any DomainError }

    /// A refused row's issues: each field problem, or the refusal itself; anything else is thrown on.
    private static func issues(for error: any Error, row: Int) throws -> [Issue] {
        if let problem = error as? RequestProblem {
            guard let fields = problem.fields else {
                return [Issue(row: row, field: "", code: problem.code, chinese: problem.chinese, english: problem.english)]
            }
            return fields.map { Issue(row: row, field: $0.field, code: $0.code, chinese: $0.message, english: $0.messageEn) }
        }
        if let refusal = error as? any DomainError {
            return [Issue(row: row, field: "", code: refusal.code, chinese: refusal.chinese, english: refusal.english)]
        }
        throw error
    }

    /// Receives a form's upload (field `file`) to the work folder, hands its path to `run` and removes it.
    static func receive(_ request: Request, prefix: String, _ run: (String) async throws -> Outcome) async throws -> Outcome {
        try await withUpload(request, prefix: prefix, missing: FieldProblem(field: "file", code: "row-file.missing", chinese: "请选择要上传的 CSV 文件",
                                                                           english: "Choose a CSV file to upload"), run)
    }

    /// A form's uploaded file (field `file`) copied to the work folder, readable by its owner only, for as long as
    /// `body` runs; an empty or missing upload is `missing`, a file that cannot be read as text a field problem.
    static func withUpload<T>(_ request: Request, prefix: String, missing: FieldProblem, _ body: (String) async throws -> T) async throws -> T {
        guard let file = try? request.content.decode(Upload.self).file, file.data.readableBytes > 0 else {
            throw RequestProblem.validation([missing])
        }
        let folder = request.application.settings.workDirectory
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = (folder as NSString).appendingPathComponent("\(prefix)-\(UUID().uuidString).csv")
        FileManager.default.createFile(atPath: path, contents: Data(buffer: file.data), attributes: [.posixPermissions: 0o600])
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            return try await body(path)
        } catch let error as ImportFile.OpenError {
            throw RequestProblem.validation([FieldProblem(field: "file", code: "\(missing.code.split(separator: ".").first ?? "file").unreadable",
                                                          chinese: error.chinese, english: error.english)])
        }
    }
}

/// A form with one uploaded file.
private struct Upload: Content {
    var file: File?
}

/// What an uploaded row file did: how many rows were done, and each refused row with its reason.
struct RowFileOutcome: Component {
    let outcome: RowFiles.Outcome
    let t: Localizer

    var body: Component {
        ComponentGroup {
            Notice(kind: outcome.issues.isEmpty ? .success : .error,
                   text: t("certification.files.outcome", outcome.accepted, Set(outcome.issues.map(\.row)).count))
            if !outcome.issues.isEmpty {
                Table(header: TableRow {
                    TableHeaderCell(t("certification.files.row")); TableHeaderCell(t("certification.files.field"))
                    TableHeaderCell(t("certification.files.code")); TableHeaderCell(t("certification.files.reason"))
                }) {
                    for issue in outcome.issues {
                        TableRow {
                            TableCell(String(issue.row)); TableCell(issue.field); TableCell(issue.code)
                            TableCell(t.pick(issue.chinese, issue.english))
                        }
                    }
                }
            }
        }
    }
}

/// A form that uploads a row file, beside its template's link. Multipart forms carry the CSRF token in the address.
struct RowFileForm: Component {
    let action: String
    let label: String
    let template: String
    let request: Request
    let t: Localizer

    var body: Component {
        Form(url: action + "?" + AccessMiddleware.csrfField + "=" + (request.csrfToken ?? ""), method: .post, contentType: .multipartData) {
            Label(label) { Input(type: .file, name: "file", isRequired: true) }
            SubmitButton(t("certification.files.upload"))
            Link(t("certification.files.template"), url: template)
        }.class("step")
    }
}

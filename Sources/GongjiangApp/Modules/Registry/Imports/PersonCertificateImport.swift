import Fluent
import Foundation
import GongjiangCore
import SQLKit

/// Where rejected rows go: a CSV report for the command line, the database for the upload page.
protocol ImportIssueSink: AnyObject {
    func record(rowNumber: Int, issue: RowIssue) async throws
    func finish() async throws
}

/// The `persons-certificates` interchange import (shared/spec/interchange.md), streaming in batches.
struct PersonCertificateImport {
    struct Summary: Sendable, Equatable {
        var rowsRead = 0
        var created = 0
        var updated = 0
        var unchanged = 0
        var rejected = 0
        var unknownColumns: [String] = []
        var encoding = "utf-8"
    }

    /// Rows a transaction holds. A commit writes every page the batch changed to the log, and the pages of the
    /// randomly ordered indexes are changed again by nearly every batch, so larger batches write fewer pages a row:
    /// on a million rows 10,000 took 92 s against 127 s for 1,000 (scripts/bench-import). Two batches are in memory at
    /// once (one validating, one writing), about 70 MB more than with 1,000. The writer still works and audits in parts
    /// of `RegistryBatchWriter.rowsPerPart`, and a refused batch is retried part by part.
    static let batchSize = 10_000

    let database: any Database
    let vault: PersonalDataVault
    var audit: AuditEvent = AuditEvent(actor: "system", entity: .registryImport, action: .`import`)
    let scope: Scope
    /// The application's clock: rows are stamped with its time, and "not in the future" is judged by its day.
    let clock: AppClock

    /// Reads the header, then validates and writes every row; a header that lacks a required
    /// column throws before any row is written.
    func run(file: ImportFile, issues: any ImportIssueSink,
             progress: (Summary) async -> Void = { _ in }) async throws -> Summary {
        guard let headerCells = file.next() else { throw ImportFile.OpenError.empty }
        let header = try PersonCertificateHeader(cells: headerCells)
        let reference = try await loadReference(today: CivilDate.today(now: clock.now()))
        var summary = Summary(unknownColumns: header.unknownColumns, encoding: file.encoding.rawValue)
        let writer = RegistryBatchWriter(database: database, vault: vault, audit: audit, scope: scope)

        var batch: [RegistryBatchWriter.Row] = []
        batch.reserveCapacity(Self.batchSize)
        var sawDataRow = false
        // Rows refused for scope are attempts at another district's records: recorded as one denied-access record
        // for the run, with the count and the first row numbers, not one record a row.
        var scopeDenials = 0
        var scopeDeniedRows: [Int] = []
        // One batch is written while the next is read and validated: the database works on one core while
        // parsing and checking use the other. Writes stay one after another, so each batch sees the last one's rows.
        var writing: (rows: [RegistryBatchWriter.Row], task: Task<[RowOutcome], any Error>)? = nil

        func settle() async throws {
            guard let (rows, task) = writing else { return }
            writing = nil
            let outcomes = try await task.value
            for (row, outcome) in zip(rows, outcomes) {
                switch outcome {
                case .created: summary.created += 1
                case .updated: summary.updated += 1
                case .unchanged: summary.unchanged += 1
                case .rejected(let issue):
                    summary.rejected += 1
                    if issue.code.hasPrefix("scope.") {
                        scopeDenials += 1
                        if scopeDeniedRows.count < DenialLog.sampledIDs { scopeDeniedRows.append(row.rowNumber) }
                    }
                    try await issues.record(rowNumber: row.rowNumber, issue: issue)
                }
            }
            await progress(summary)
        }

        func flush() async throws {
            guard !batch.isEmpty else { return }
            try await settle()
            let rows = batch
            batch = []
            batch.reserveCapacity(Self.batchSize)
            let now = clock.now()
            writing = (rows, Task { try await writer.write(rows, now: now) })
        }

        // Checkpoints run beside the writes from a connection of their own (WALCheckpointer).
        try await WALCheckpointer.whileWriting(to: database) {
            do {
                while let cells = file.next() {
                    sawDataRow = true
                    summary.rowsRead += 1
                    switch PersonCertificateRowValidator.validate(cells, header: header, reference: reference) {
                    case .success(let record):
                        batch.append(try .init(rowNumber: file.rowNumber, record: record, vault: vault))
                        if batch.count >= Self.batchSize { try await flush() }
                    case .failure(let rowIssues):
                        summary.rejected += 1
                        for issue in rowIssues.issues { try await issues.record(rowNumber: file.rowNumber, issue: issue) }
                    }
                }
                try await flush()
                try await settle()
            } catch {
                // Never leave a write running behind a failure: wait for it, so the caller sees a settled database.
                _ = try? await writing?.task.value
                throw error
            }
        }
        try await issues.finish()
        if scopeDenials > 0 {
            var denial = audit
            denial.action = .scopeDenied
            denial.outcome = "denied"
            denial.after = AuditValues.json(["count": String(scopeDenials),
                                             "rows": scopeDeniedRows.map(String.init).joined(separator: " ")])
            try await AuditTrail.record(denial, on: database)
        }
        if !sawDataRow { throw ImportFile.OpenError.noDataRows }
        return summary
    }

    /// The catalogues a row is checked against, read once per run.
    private func loadReference(today: CivilDate) async throws -> PersonCertificateReference {
        var districts: [String: String] = [:]
        for district in try await District.query(on: database).all() { districts[district.id ?? ""] = district.nameZH }
        var occupations: [String: String] = [:]
        for occupation in try await Occupation.query(on: database).all() { occupations[occupation.id ?? ""] = occupation.nameZH }
        return PersonCertificateReference(districts: districts, occupations: occupations, today: today)
    }
}

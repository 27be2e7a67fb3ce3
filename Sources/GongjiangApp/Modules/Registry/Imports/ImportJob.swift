import Fluent
import Foundation
import GongjiangCore

/// One import from start to end, recorded as an `ImportRun`: the command line and the upload page both run it.
enum ImportJob {
    /// Why a whole file was refused; the run is marked failed with this message.
    struct Refusal: Error {
        let chinese: String
        let english: String
        var description: String { "\(chinese) / \(english)" }
    }

    static func start(fileName: String, accountID: UUID? = nil, on database: any Database, now: Date) async throws -> ImportRun {
        let run = ImportRun()
        run.accountID = accountID
        run.format = "persons-certificates"
        run.fileName = String(fileName.prefix(200))
        run.status = "running"
        run.rowsRead = 0
        run.createdCount = 0
        run.updatedCount = 0
        run.unchangedCount = 0
        run.rejectedCount = 0
        run.unknownColumns = ""
        run.startedAt = now
        try await run.create(on: database)
        return run
    }

    /// Imports `path` into the registry, keeping `run` up to date batch by batch.
    /// Throws `Refusal` when the file cannot be read at all; nothing has been written then.
    @discardableResult
    static func perform(run: ImportRun, path: String, encoding: ImportFile.Encoding?, database: any Database,
                        vault: PersonalDataVault, actor: AuditEvent? = nil, scope: Scope, clock: AppClock,
                        issues: any ImportIssueSink,
                        progress: @escaping (PersonCertificateImport.Summary, _ fraction: Double?) -> Void = { _, _ in })
        async throws -> PersonCertificateImport.Summary {
        do {
            let file = try ImportFile(path: path, forcedEncoding: encoding)
            var lastSaved = Date.distantPast
            var audit = actor ?? AuditEvent(actor: "operator", entity: .registryImport, action: .`import`)
            audit.entity = .registryImport
            audit.entityID = run.id?.uuidString
            audit.action = .`import`
            // Each part's record takes its transaction's time, not the upload's.
            audit.occurredAt = nil
            let summary = try await PersonCertificateImport(database: database, vault: vault, audit: audit, scope: scope, clock: clock).run(file: file, issues: issues) { summary in
                progress(summary, min(1, Double(file.rowNumber) / Double(max(file.lineCount, 1))))
                // Saving progress at most once a second keeps the page live without slowing the import (a duration,
                // so the system clock).
                if Date().timeIntervalSince(lastSaved) >= 1 {
                    lastSaved = Date()
                    apply(summary, to: run)
                    try? await run.update(on: database)
                }
            }
            apply(summary, to: run)
            run.status = "succeeded"
            run.finishedAt = clock.now()
            try await run.update(on: database)
            return summary
        } catch let error as ImportFile.OpenError {
            try await fail(run, Refusal(chinese: error.chinese, english: error.english), on: database, now: clock.now())
        } catch let error as HeaderError {
            try await fail(run, Refusal(chinese: error.chinese, english: error.english), on: database, now: clock.now())
        } catch let error as any DomainError {
            try await fail(run, Refusal(chinese: error.chinese, english: error.english), on: database, now: clock.now())
        }
    }

    private static func fail(_ run: ImportRun, _ refusal: Refusal, on database: any Database, now: Date) async throws -> Never {
        run.status = "failed"
        run.message = refusal.description
        run.finishedAt = now
        try await run.update(on: database)
        throw refusal
    }

    private static func apply(_ summary: PersonCertificateImport.Summary, to run: ImportRun) {
        run.rowsRead = summary.rowsRead
        run.createdCount = summary.created
        run.updatedCount = summary.updated
        run.unchangedCount = summary.unchanged
        run.rejectedCount = summary.rejected
        run.unknownColumns = summary.unknownColumns.joined(separator: ", ")
    }
}

import Fluent
import Foundation
import GongjiangCore
import Vapor

/// The upload page: a city officer sends a file, the import runs in the background, the run page shows progress.
struct ImportPageRoutes: RouteCollection {
    /// Largest upload the page accepts. It streams to disk, so this bounds disk, not memory: a 1M-row file is
    /// about 175 MB; larger ones belong on the command line.
    static let maximumUpload = 512 * 1024 * 1024

    func boot(routes: any RoutesBuilder) throws {
        routes.get(PagePath.imports.components) { request in
            let t = request.localizer
            return page(request, .imports, try await ImportsPage.Model.load(request).view(t), title: t("registry.imports.title"))
        }.requires(.permission(.importRegistry))
        routes.on(.POST, PagePath.imports.components, body: .stream) { request in
            try await upload(request)
        }.requires(.permission(.importRegistry))
        routes.get(PagePath.importTemplate.components) { _ -> Response in
            CSVDocument(header: PersonCertificateColumn.allCases.map(\.chineseHeader)).response(fileName: "persons-certificates-template.csv")
        }.requires(.permission(.importRegistry))
        routes.get(PagePath.importRun.components) { request in
            let t = request.localizer
            let model = try await ImportRunPage.Model.load(request)
            return page(request, .imports, model.view(t), title: t("registry.imports.run.title", model.run.fileName),
                        refreshSeconds: model.isRunning ? 2 : nil)
        }.requires(.permission(.importRegistry))
        routes.get(PagePath.importReport.components) { request in
            guard let run = try await ImportRunPage.visibleRun(request) else { throw RequestProblem.notFound }
            var report = CSVDocument(header: CSVReportSink.header)
            for issue in try await ImportIssue.query(on: request.db).filter(\.$runID == run.id!).sort(\.$rowNumber).all() {
                report.append(CSVReportSink.cells(rowNumber: issue.rowNumber, issue: RowIssue(
                    column: PersonCertificateColumn(rawValue: issue.columnName), code: issue.code,
                    chinese: issue.messageZH, english: issue.messageEN)))
            }
            return report.response(fileName: "import-\(run.id!.uuidString)-errors.csv")
        }.requires(.permission(.importRegistry))
    }

    private func upload(_ request: Request) async throws -> Response {
        let t = request.localizer
        let folder = request.application.settings.workDirectory
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = (folder as NSString).appendingPathComponent("upload-\(UUID().uuidString).csv")
        let received: MultipartUpload.Received
        do {
            received = try await MultipartUpload.receive(request, fileField: "file", to: path, limit: Self.maximumUpload)
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            throw error
        }
        guard received.fileBytes > 0 else {
            try? FileManager.default.removeItem(atPath: path)
            let model = try await ImportsPage.Model.load(request, refusal: t("registry.imports.no-file"))
            let response = page(request, .imports, model.view(t), title: t("registry.imports.title"))
            response.status = .unprocessableEntity
            return response
        }
        let encoding = received.fields["encoding"].flatMap { ImportFile.Encoding(rawValue: $0) }

        let database = request.application.db
        let vault = request.vault
        let run = try await ImportJob.start(fileName: received.fileName ?? "upload.csv", accountID: request.principal?.accountID, on: database,
                                            now: request.now)
        let clock = request.application.clock
        let actor = AuditEvent(request, entity: .registryImport, action: .`import`)
        let scope = request.scope
        let logger = request.logger
        // The import outlives the request: the run page follows it.
        Task.detached {
            defer { try? FileManager.default.removeItem(atPath: path) }
            do {
                try await ImportJob.perform(run: run, path: path, encoding: encoding, database: database,
                                            vault: vault, actor: actor, scope: scope, clock: clock, issues: DatabaseIssueSink(database: database, runID: run.id!))
            } catch let refusal as ImportJob.Refusal {
                logger.info("import \(run.id!) refused: \(refusal.description)")
            } catch {
                logger.report(error: error)
                run.status = "failed"
                run.message = "导入中断 / import stopped: \(error)"
                run.finishedAt = clock.now()
                try? await run.update(on: database)
            }
        }
        return request.redirect(to: PagePath.importRun.url(run.id!.uuidString), redirectType: .normal)
    }

}

import Fluent
import Foundation
import GongjiangCore
import Vapor

enum ImportsPage {
    /// The upload form and the latest runs.
    struct Model {
        let runs: [ImportRun]
        let refusal: String?
        let csrfToken: String

        static func load(_ request: Request, refusal: String? = nil) async throws -> Model {
            let query = ImportRun.query(on: request.db).sort(\.$startedAt, .descending).limit(20)
            if request.scope != .city { query.filter(\.$accountID == request.principal?.accountID) }
            return Model(runs: try await query.all(), refusal: refusal, csrfToken: request.csrfToken)
        }
    }
}

enum ImportRunPage {
    /// One run: progress while it runs, then its counts and the rows it rejected.
    struct Model {
        let run: ImportRun
        let issues: [ImportIssue]
        let next: Cursor?
        let isFirstPage: Bool

        static func load(_ request: Request) async throws -> Model {
            guard let run = try await ImportRunPage.visibleRun(request) else { throw RequestProblem.notFound }
            let cursor = try request.pageCursor()
            let query = ImportIssue.query(on: request.db).filter(\.$runID == run.id!)
            if let cursor, let row = Int(cursor.key) {
                query.group(.or) { or in
                    or.filter(\.$rowNumber > row)
                    or.group(.and) { $0.filter(\.$rowNumber == row).filter(\.$id > cursor.id) }
                }
            }
            let limit = 50
            let rows = try await query.sort(\.$rowNumber).sort(\.$id).limit(limit + 1).all()
            let issues = Array(rows.prefix(limit))
            let next = rows.count > limit ? issues.last.map { Cursor(key: String($0.rowNumber), id: $0.id!) } : nil
            return Model(run: run, issues: issues, next: next, isFirstPage: cursor == nil)
        }
    }
}

extension ImportRunPage {
    /// A run is visible to the city, and otherwise only to the account that started it.
    static func visibleRun(_ request: Request) async throws -> ImportRun? {
        guard let run = try await ImportRun.find(try request.uuidParameter(), on: request.db) else { return nil }
        if request.scope == .city { return run }
        return run.accountID != nil && run.accountID == request.principal?.accountID ? run : nil
    }
}

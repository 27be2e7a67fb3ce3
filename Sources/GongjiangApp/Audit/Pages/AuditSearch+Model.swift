import Fluent
import Foundation
import Vapor

/// The auditor's search of the trail: newest first, 50 a page, filtered by actor, entity, action and China dates.
enum AuditSearchPage {
    struct Model {
        static let pageSize = 50

        let filter: AuditRoutes.Filter
        let entries: [AuditEntry]
        /// The sequence number the next page starts before, when there is one.
        let nextBefore: Int64?

        static func load(_ request: Request) async throws -> Model {
            let filter = AuditRoutes.Filter(request)
            let query = AuditEntry.query(on: request.db)
            filter.apply(to: query)
            if let before = request.query[Int64.self, at: "before"] { query.filter(\.$id < before) }
            let rows = try await query.sort(\.$id, .descending).limit(pageSize + 1).all()
            let entries = Array(rows.prefix(pageSize))
            return Model(filter: filter, entries: entries, nextBefore: rows.count > pageSize ? entries.last?.id : nil)
        }
    }
}

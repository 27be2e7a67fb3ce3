import Fluent
import Foundation
import GongjiangCore
import Plot
import Vapor

/// The auditor's pages: search the trail and export it. The auditor reads nothing else (三员分立).
struct AuditRoutes: RouteCollection {
    struct Filter {
        var actor: String
        var entity: String
        var action: String
        var from: String
        var to: String

        init(_ request: Request) {
            actor = request.query[String.self, at: "actor"] ?? ""
            entity = request.query[String.self, at: "entity"] ?? ""
            action = request.query[String.self, at: "action"] ?? ""
            from = request.query[String.self, at: "from"] ?? ""
            to = request.query[String.self, at: "to"] ?? ""
        }

        var query: [String: String] { ["actor": actor, "entity": entity, "action": action, "from": from, "to": to] }

        func apply(to query: QueryBuilder<AuditEntry>) {
            if !actor.isEmpty { query.filter(\.$actor == actor.lowercased()) }
            if !entity.isEmpty { query.filter(\.$entity == entity) }
            if !action.isEmpty { query.filter(\.$action == action) }
            // Dates are China dates; the trail is stored in UTC.
            if let day = try? CivilDate(parsing: from) { query.filter(\.$occurredAt >= ChinaTime.start(of: day)) }
            if let day = try? CivilDate(parsing: to) { query.filter(\.$occurredAt < ChinaTime.start(of: day.adding(days: 1))) }
        }
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get(PagePath.audit.components) { request -> Response in
            page(request, .audit, try await AuditSearchPage.Model.load(request).view(request.localizer))
        }.requires(.permission(.readAudit))

        routes.get(PagePath.auditExport.components) { request -> Response in
            let filter = Filter(request)
            let query = AuditEntry.query(on: request.db)
            filter.apply(to: query)
            var export = CSVDocument(header: ["sequence", "occurred_at", "actor", "role", "address", "entity", "entity_id", "action",
                                              "outcome", "before", "after", "hash"])
            // Bounded: an export is for a search, not the whole trail (that is what `audit verify` and backups are for).
            for entry in try await query.sort(\.$id).limit(100_000).all() {
                let cells = [String(entry.id ?? 0), ISO8601DateFormatter().string(from: entry.occurredAt), entry.actor, entry.role ?? "",
                             entry.address ?? "", entry.entity, entry.entityID ?? "", entry.action, entry.outcome,
                             entry.before ?? "", entry.after ?? "", entry.hash]
                export.append(cells)
            }
            try await AuditTrail.record(AuditEvent(request, entity: .auditTrail, action: .export,
                                                   after: AuditValues.json(filter.query.mapValues { Optional($0) })), on: request.db)
            return export.response(fileName: "audit-trail.csv")
        }.requires(.permission(.readAudit))
    }

}

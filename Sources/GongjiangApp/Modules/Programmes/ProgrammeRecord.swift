import Fluent
import Foundation
import GongjiangCore
import SQLKit
import Vapor

/// A person's or an organization's titles and honours (称号与荣誉) as their record shows them (issue 13, item 7): each
/// with its validity, its state on the day read, its next assessment, what its funding has paid, the upstream outcome
/// of a recommendation, and its history (each step as the audit trail recorded it). Read by the registry's person and
/// organization pages and by `GET /api/v1/programme-titles?person_id=…`.
enum ProgrammeRecord {
    struct Entry: Content {
        let id: UUID
        let typeCode: String
        let name: String
        let nameEn: String
        let tier: String
        let awardedOn: String
        let validUntil: String?
        let nextAssessmentOn: String?
        let endedOn: String?
        let state: String
        let lastReason: String?
        /// The conferring document of an honour recorded from elsewhere.
        let document: String?
        let applicationId: UUID?
        let applicationNumber: String?
        let upstreamOutcome: String?
        let paidFen: Int64
        let instalments: Int
        let history: [Step]
    }

    /// One step of a title, oldest first: when, by whom, and what changed.
    struct Step: Content {
        let at: Date
        let actor: String
        let event: String
        let state: String?
        let reason: String?
    }

    enum Holder {
        case person(UUID)
        case organization(UUID)
    }

    static func entries(of holder: Holder, today: CivilDate, on database: any Database) async throws -> [Entry] {
        let (column, id): (String, UUID) = switch holder {
        case .person(let id): ("person_id", id)
        case .organization(let id): ("organization_id", id)
        }
        let rows = try await database.sql.raw("""
            SELECT t.id, t.type_code, t.tier, t.awarded_on, t.valid_until, t.next_assessment_on, t.ended_on, t.state, t.last_reason, t.document,
                t.application_id, a.number AS application_number, a.upstream_outcome, ty.name_zh, ty.name_en,
                \(unsafeRaw: ProgrammeService.fundingPaidColumns)
            FROM programme_titles t LEFT JOIN programme_applications a ON a.id = t.application_id
            LEFT JOIN programme_types ty ON ty.code = t.type_code
            WHERE t.\(ident: column) = \(bind: id)
            ORDER BY t.awarded_on DESC, t.id
            """).all()
        let ids = try rows.map { try $0.decode(column: "id", as: UUID.self).uuidString }
        let history = try await steps(of: ids, on: database)
        return try rows.map { row in
            let id = try row.decode(column: "id", as: UUID.self)
            let code = try row.decode(column: "type_code", as: String.self)
            let validUntil = try row.decode(column: "valid_until", as: String?.self)
            return Entry(id: id, typeCode: code,
                         name: try row.decode(column: "name_zh", as: String?.self) ?? ProgrammeHonours.chineseName(code),
                         nameEn: try row.decode(column: "name_en", as: String?.self) ?? code,
                         tier: try row.decode(column: "tier", as: String.self), awardedOn: try row.decode(column: "awarded_on", as: String.self),
                         validUntil: validUntil, nextAssessmentOn: try row.decode(column: "next_assessment_on", as: String?.self),
                         endedOn: try row.decode(column: "ended_on", as: String?.self),
                         state: ProgrammeService.effectiveState(try row.decode(column: "state", as: String.self), validUntil: validUntil, today: today),
                         lastReason: try row.decode(column: "last_reason", as: String?.self), document: try row.decode(column: "document", as: String?.self),
                         applicationId: try row.decode(column: "application_id", as: UUID?.self),
                         applicationNumber: try row.decode(column: "application_number", as: String?.self),
                         upstreamOutcome: try row.decode(column: "upstream_outcome", as: String?.self),
                         paidFen: try row.decode(column: "paid_fen", as: Int64.self), instalments: try row.decode(column: "instalments", as: Int.self),
                         history: history[id.uuidString] ?? [])
        }
    }

    /// The titles' steps from the audit trail, in its order: the award or the recording, assessments, payments, the end.
    private static func steps(of titles: [String], on database: any Database) async throws -> [String: [Step]] {
        guard !titles.isEmpty else { return [:] }
        var found: [String: [Step]] = [:]
        let rows = try await database.sql.raw("""
            SELECT entity_id, occurred_at, actor, action, after_values FROM audit_records
            WHERE entity = \(bind: AuditEntity.programmeTitle.rawValue) AND entity_id IN (\(binds: titles)) AND outcome = 'success'
            ORDER BY sequence
            """).all()
        for row in rows {
            let after = try row.decode(column: "after_values", as: String?.self)
                .flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] } ?? [:]
            let action = try row.decode(column: "action", as: String.self)
            let event: String = if let event = after["event"] as? String { event }
                else if after["paid"] != nil { "paid" }
                else if action == AuditAction.create.rawValue { after["recorded"] != nil ? "recorded" : "awarded" }
                else { action }
            found[try row.decode(column: "entity_id", as: String.self), default: []].append(Step(
                at: try row.decode(column: "occurred_at", as: Date.self), actor: try row.decode(column: "actor", as: String.self), event: event,
                state: after["state"] as? String, reason: after["reason"] as? String))
        }
        return found
    }
}

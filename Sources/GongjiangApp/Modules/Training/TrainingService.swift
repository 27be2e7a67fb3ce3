import Fluent
import Foundation
import GongjiangCore
import SQLKit
import Vapor

/// Providers, classes and enrolments. Each method checks the rules in Core, the caller's side of the workflow and
/// scope, and commits its change with its audit record, re-checking inside the transaction what a concurrent writer
/// could have changed (capacity, overlaps, state).
enum TrainingService {
    /// The version of the training rules in force on `day`.
    static func policy(on database: any Database, day: CivilDate) async throws -> TrainingPolicy {
        TrainingPolicy.inForce(try await policyVersions(on: database), on: day) ?? .jiangsu2023
    }

    /// A training claim pays the trainee or the provider.
    static let payees: [PaymentRules.Payee] = [.person, .provider]

    static func newID(_ context: TrainingContext) -> UUID { UUID.timeOrdered(now: context.now) }

    /// An event the workflow does not know: a field problem (422), as the document's enumeration says.
    static func unknownEvent(_ raw: String?) -> RequestProblem {
        .validation([FieldProblem(field: "event", code: "workflow.unknown-event", chinese: "未知的操作“\(String((raw ?? "").prefix(40)))”",
                                  english: "Unknown event “\(String((raw ?? "").prefix(40)))”")])
    }

    static func date(_ raw: String?, field: String, problems: inout [FieldProblem]) -> CivilDate? {
        guard let raw = raw?.nilIfEmpty else {
            problems.append(PersonRules.required(field, field))
            return nil
        }
        do { return try CivilDate(parsing: raw) } catch {
            problems.append(FieldProblem(field: field, error))
            return nil
        }
    }

    static func level(_ code: String?, field: String = "level", problems: inout [FieldProblem]) -> SkillLevel? {
        guard let level = code.flatMap(SkillLevel.init(code:)), level.nationalLevel != nil else {
            problems.append(FieldProblem(field: field, code: "level.unknown", chinese: "等级应为 5–1", english: "The level is 5–1"))
            return nil
        }
        return level
    }

    // MARK: - Providers

    /// 定点培训机构认定: the city approves an organization as a provider with its scope and validity.
    static func approveProvider(_ input: ProviderInput, _ context: TrainingContext) async throws -> UUID {
        guard context.actor == .city else { throw WorkflowRefusal.notYourStep(workflow: "training-provider", event: "approve", actor: context.actor ?? .system) }
        var problems: [FieldProblem] = []
        let from = date(input.validFrom, field: "validFrom", problems: &problems)
        let until = date(input.validUntil, field: "validUntil", problems: &problems)
        if let from, let until, until < from {
            problems.append(FieldProblem(field: "validUntil", code: "provider.validity", chinese: "有效期截止日不能早于起始日", english: "The validity ends before it starts"))
        }
        var scope: [(String, SkillLevel)] = []
        for (index, entry) in (input.scope ?? []).prefix(500).enumerated() {
            guard let code = entry.occupationCode, let level = level(entry.level, field: "scope[\(index)].level", problems: &problems) else { continue }
            scope.append((code, level))
        }
        if scope.isEmpty { problems.append(FieldProblem(field: "scope", code: "provider.scope-empty", chinese: "请填写培训范围（职业 × 等级）", english: "Give the scope (occupations × levels)")) }
        let codes = Set(scope.map(\.0))
        let known = Set(try await Occupation.query(on: context.database).filter(\.$id ~~ Array(codes)).all().compactMap(\.id))
        for code in codes.subtracting(known).sorted() {
            problems.append(FieldProblem(field: "scope", code: "occupation.unknown", chinese: "未知的职业编码 \(code)", english: "Unknown occupation \(code)"))
        }
        guard let organizationID = input.organizationId,
              let organization = try await Organization.find(organizationID, on: context.database) else {
            problems.append(FieldProblem(field: "organizationId", code: "organization.unknown", chinese: "请选择登记库中的单位", english: "Choose an organization of the registry"))
            throw RequestProblem.validation(problems)
        }
        guard let district = organization.districtCode else {
            problems.append(FieldProblem(field: "organizationId", code: "organization.no-district", chinese: "该单位未登记所属区县",
                                         english: "The organization has no district in the registry"))
            throw RequestProblem.validation(problems)
        }
        guard problems.isEmpty, let from, let until else { throw RequestProblem.validation(problems) }
        let id = newID(context)
        let entries = scope
        try await context.write { tx, log in
            let existing = try await tx.sql.raw("SELECT id FROM training_providers WHERE organization_id = \(bind: organizationID)").first()
            guard existing == nil else {
                throw RequestProblem.conflict(code: "provider.exists", chinese: "该单位已是培训机构", english: "The organization is already a provider")
            }
            try await tx.sql.insert(into: "training_providers")
                .columns("id", "organization_id", "district_code", "state", "valid_from", "valid_until", "created_at", "updated_at")
                .values(SQLBind(id), SQLBind(organizationID), SQLBind(district), SQLBind(ProviderState.approved.rawValue),
                        SQLBind(from.description), SQLBind(until.description), SQLBind(context.now), SQLBind(context.now)).run()
            var insert = tx.sql.insert(into: "training_provider_scope").columns("id", "provider_id", "occupation_code", "level")
            for (code, level) in Set(entries.map { ProviderRules.scopeKey($0.0, $0.1) }).sorted().compactMap({ key -> (String, Int)? in
                let parts = key.split(separator: "|")
                return parts.count == 2 ? (String(parts[0]), Int(parts[1]) ?? 0) : nil
            }) {
                insert = insert.values(SQLBind(UUID()), SQLBind(id), SQLBind(code), SQLBind(level))
            }
            try await insert.run()
            log.record(context.event(.trainingProvider, id, .create, after: AuditValues.json([
                "organization": organizationID.uuidString, "validFrom": from.description, "validUntil": until.description,
                "scope": entries.map { "\($0.0) \($0.1.code)" }.joined(separator: ", ")])))
        }
        return id
    }

    struct Provider: Sendable {
        let id: UUID
        let organizationID: UUID
        let districtCode: String
        let state: ProviderState
        let validFrom: CivilDate
        let validUntil: CivilDate
        let scope: Set<String>
    }

    static func provider(_ id: UUID?, organization: UUID? = nil, on database: any Database) async throws -> Provider? {
        let row: (any SQLRow)?
        if let id { row = try await database.sql.raw("SELECT * FROM training_providers WHERE id = \(bind: id)").first() }
        else if let organization { row = try await database.sql.raw("SELECT * FROM training_providers WHERE organization_id = \(bind: organization)").first() }
        else { row = nil }
        guard let row else { return nil }
        let providerID = try row.decode(column: "id", as: UUID.self)
        let scope = try await database.sql.raw("SELECT occupation_code, level FROM training_provider_scope WHERE provider_id = \(bind: providerID)")
            .all().compactMap { row -> String? in
                guard let level = SkillLevel(rawValue: try row.decode(column: "level", as: Int.self)) else { return nil }
                return ProviderRules.scopeKey(try row.decode(column: "occupation_code", as: String.self), level)
            }
        return Provider(id: providerID, organizationID: try row.decode(column: "organization_id", as: UUID.self),
                        districtCode: try row.decode(column: "district_code", as: String.self),
                        state: ProviderState(rawValue: try row.decode(column: "state", as: String.self)) ?? .suspended,
                        validFrom: try CivilDate(parsing: try row.decode(column: "valid_from", as: String.self)),
                        validUntil: try CivilDate(parsing: try row.decode(column: "valid_until", as: String.self)), scope: Set(scope))
    }

    /// Suspends (with a reason) or reinstates a provider: the city.
    static func stepProvider(_ id: UUID, event raw: String?, reason rawReason: String?, _ context: TrainingContext) async throws {
        // Free text as every reason is: no control characters, at most 500 characters.
        let reason = try CertificationService.reason(rawReason, required: false)
        guard let provider = try await provider(id, on: context.database) else { throw RequestProblem.notFound }
        guard let event = raw.flatMap(ProviderEvent.init(rawValue:)) else { throw Self.unknownEvent(raw) }
        let next = try ProviderRules.workflow.apply(event, to: provider.state, by: try context.requireActor("training-provider", event.rawValue),
                                                    reason: reason)
        try await context.write { tx, log in
            let rows = try await tx.sql.raw("""
                UPDATE training_providers SET state = \(bind: next.rawValue), last_reason = \(bind: reason), updated_at = \(bind: context.now)
                WHERE id = \(bind: id) AND state = \(bind: provider.state.rawValue) RETURNING id
                """).all()
            guard rows.count == 1 else { throw WorkflowRefusal.notAllowed(workflow: "training-provider", event: event.rawValue, state: provider.state.rawValue) }
            log.record(context.event(.trainingProvider, id, AuditAction(event.rawValue), before: AuditValues.json(["state": provider.state.rawValue]),
                                     after: AuditValues.json(["state": next.rawValue, "reason": reason])))
        }
    }
}

struct ProviderInput: Content {
    struct ScopeEntry: Content { var occupationCode: String?; var level: String? }
    var organizationId: UUID?
    var validFrom: String?
    var validUntil: String?
    var scope: [ScopeEntry]?
}

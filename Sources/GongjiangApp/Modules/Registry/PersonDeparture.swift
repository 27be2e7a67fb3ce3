import Fluent
import Foundation
import GongjiangCore
import NIOConcurrencyHelpers
import SQLKit
import Vapor

struct DepartureInput: Content {
    /// The day the person left the city, YYYY-MM-DD: today or earlier.
    var leftOn: String?
    var reason: String?
}

/// A person leaving the city (迁出本市), a registry fact: the person's district or the city records the day and the
/// reason, and the modules that pay the person month by month learn of it in the same transaction, so an allowance
/// never runs on after the record says the person has gone (issue 13). The record stays; the person is not removed.
enum PersonDeparture {
    /// What a module is told: who left, on which day, why, and who recorded it.
    struct Notice: Sendable {
        let personID: UUID
        let leftOn: CivilDate
        let reason: String
        let actor: WorkflowActor
        let audit: AuditEvent
        let now: Date
        let vault: PersonalDataVault
    }

    typealias Hook = @Sendable (any Database, AuditLog, Notice) async throws -> Void
    private static let hooks = NIOLockedValueBox<[String: Hook]>([:])

    /// A module's hook, by the module's name (registering again replaces it, so tests may boot many applications).
    static func register(_ module: String, _ hook: @escaping Hook) {
        hooks.withLockedValue { $0[module] = hook }
    }

    /// Records the departure of a person in the caller's scope; refused with the reason, nothing changed, for a day
    /// in the future or unreadable, a reason missing or too long, or a person already recorded as gone.
    static func record(_ person: Person, _ input: DepartureInput, _ request: Request) async throws {
        let today = CivilDate.today(now: request.now)
        var problems: [FieldProblem] = []
        let day = input.leftOn.flatMap { try? CivilDate(parsing: $0.trimmingCharacters(in: .whitespaces)) }
        if day.map({ $0 > today }) ?? true {
            problems.append(FieldProblem(field: "leftOn", code: "person.left-on", chinese: "迁出日期应为今天或以前的 YYYY-MM-DD",
                                         english: "The day the person left, YYYY-MM-DD, today or earlier"))
        }
        let reason = (input.reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if reason.isEmpty || reason.count > 200 {
            problems.append(FieldProblem(field: "reason", code: "person.departure-reason", chinese: "请填写迁出依据（如社保转出、户籍迁出，不超过 200 字）",
                                         english: "The grounds (social insurance or household moved out), 1–200 characters"))
        }
        guard problems.isEmpty, let day else { throw RequestProblem.validation(problems) }
        if let already = person.leftCityOn {
            throw RequestProblem.conflict(code: "person.already-left", chinese: "登记库已记载该人员于 \(already) 迁出本市",
                                          english: "The registry already records that this person left the city on \(already)")
        }
        guard let role = request.principal?.role, let actor = TrainingContext.actor(of: role), actor != .organization, let id = person.id else {
            throw AccessProblem.forbidden
        }
        let notice = Notice(personID: id, leftOn: day, reason: reason, actor: actor,
                            audit: AuditEvent(request, entity: .person, entityID: id.uuidString, action: .update), now: request.now, vault: request.vault)
        let registered = hooks.withLockedValue { $0.sorted { $0.key < $1.key }.map(\.value) }
        try await AuditTrail.transaction(on: request.db, now: request.now) { tx, log in
            // Conditioned on no departure yet: two officers recording at once record it once.
            let changed = try await tx.sql.update("persons").set("left_city_on", to: day.description).set("updated_at", to: notice.now)
                .where("id", .equal, id).where("left_city_on", .is, SQLLiteral.null).returning("id").all()
            guard !changed.isEmpty else {
                throw RequestProblem.conflict(code: "person.already-left", chinese: "登记库已记载该人员迁出本市",
                                              english: "The registry already records that this person left the city")
            }
            var event = notice.audit
            event.before = AuditValues.json(["leftCityOn": nil])
            event.after = AuditValues.json(["leftCityOn": day.description, "reason": reason])
            log.record(event)
            for hook in registered { try await hook(tx, log, notice) }
        }
        person.leftCityOn = day.description
    }
}

import Fluent
import Foundation
import GongjiangCore
import Vapor

/// Who acts on certification records, in which scope, on which day: built from a request (`Request.certification`)
/// or, for the demo and operator commands, by hand. Every write of the module goes through a service method that
/// takes one, checks the workflow table and the scope, and commits its change and audit record together.
struct CertificationContext: Sendable {
    let database: any Database
    let scope: Scope
    /// The side of the workflow this caller takes; nil for a role that makes no certification steps.
    let actor: WorkflowActor?
    /// Who, from where, at what time: copied into every audit record.
    let audit: AuditEvent
    let today: CivilDate
    let vault: PersonalDataVault
    /// The public look-ups' cache, told of revocations at once; nil where no server runs (demo, commands, tests).
    var verificationCache: VerificationCache? = nil

    /// The moment the caller acts at: the request's, or the day a replay stands on; the wall clock otherwise.
    var now: Date { audit.occurredAt ?? Date() }

    /// The workflow side of a role.
    static func actor(of role: Role) -> WorkflowActor? {
        switch role {
        case .cityAdmin: .city
        case .districtOfficer: .district
        case .evaluationOrg, .enterprise: .organization
        default: nil
        }
    }

    /// An audit event of this caller about one record.
    func event(_ entity: AuditEntity, _ id: UUID?, _ action: AuditAction, before: String? = nil, after: String? = nil) -> AuditEvent {
        var event = audit
        event.entity = entity
        event.entityID = id?.uuidString
        event.action = action
        event.before = before
        event.after = after
        return event
    }

    var queries: CertificationQueries { CertificationQueries(database: database, scope: scope) }

    /// The caller's side, or a refusal naming the step when it takes none.
    func requireActor(for workflow: String, _ event: String) throws(WorkflowRefusal) -> WorkflowActor {
        guard let actor else { throw .notYourStep(workflow: workflow, event: event, actor: .system) }
        return actor
    }
}

extension Request {
    /// The certification context of this request's caller.
    var certification: CertificationContext {
        CertificationContext(
            database: db, scope: scope, actor: principal.flatMap { CertificationContext.actor(of: $0.role) },
            audit: AuditEvent(self, entity: .filing, action: .update), today: CivilDate.today(now: now), vault: vault,
            verificationCache: application.verificationCache)
    }
}

/// The refusals of the shell itself (a record out of scope reads as not found, and so on) are `RequestProblem`s;
/// the rules' refusals are Core's `CertificationRefusal`, `WorkflowRefusal` and `NoticeRefusal`.
enum CertificationService {
    /// A new time-ordered id, so lists in creation order are index scans.
    static func newID(_ context: CertificationContext) -> UUID { UUID.timeOrdered(now: context.now) }

    /// Trims a free-text field and checks its length and characters; `required` refuses an empty one.
    static func text(_ raw: String?, field: String, label: String, maximum: Int, required: Bool,
                     problems: inout [FieldProblem]) -> String? {
        guard let text = raw?.halfWidthNormalized, !text.isEmpty else {
            if required { problems.append(PersonRules.required(field, label)) }
            return nil
        }
        do { return try RegistryFieldRules.freeText(text, field: field, maximumLength: maximum) } catch {
            problems.append(FieldProblem(field: field, error))
            return nil
        }
    }

    /// A reason a step needs: required, 1–500 characters.
    static func reason(_ raw: String?, required: Bool) throws -> String? {
        var problems: [FieldProblem] = []
        let reason = text(raw, field: "reason", label: "理由", maximum: 500, required: required, problems: &problems)
        guard problems.isEmpty else { throw RequestProblem.validation(problems) }
        return reason
    }

    static func date(_ raw: String?, field: String, label: String, problems: inout [FieldProblem]) -> CivilDate? {
        guard let text = raw?.halfWidthNormalized, !text.isEmpty else {
            problems.append(PersonRules.required(field, label))
            return nil
        }
        do { return try CivilDate(parsing: text) } catch {
            problems.append(FieldProblem(field: field, error))
            return nil
        }
    }
}

extension CertificationContext {
    /// Acting on `day` at ten in the morning, as `name`: the demo city replays certification through the workflow code
    /// on the days it would have happened (see `TrainingContext.replaying`).
    static func replaying(_ application: Application, _ scope: Scope, _ actor: WorkflowActor, on day: CivilDate, by name: String)
        -> CertificationContext {
        var audit = AuditEvent(actor: name, entity: .filing, action: .create)
        audit.occurredAt = ChinaTime.start(of: day).addingTimeInterval(10 * 3600)
        return CertificationContext(database: application.db, scope: scope, actor: actor, audit: audit, today: day, vault: application.vault)
    }
}

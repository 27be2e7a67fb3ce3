import Fluent
import Foundation
import GongjiangCore
import Vapor

/// Who acts on training records, in which scope, on which day. Every write of the module commits with its audit
/// record; the steps that move money hand the ledger the same transaction.
struct TrainingContext: Sendable {
    /// The database outside any transaction; `database` is the one to use.
    let pool: any Database
    let scope: Scope
    /// The provider (organization), the district, the city; nil for a role that makes no training steps.
    let actor: WorkflowActor?
    let audit: AuditEvent
    let now: Date
    let vault: PersonalDataVault
    /// An audited transaction already open (an idempotent request's): the module's writes join it.
    var within: LedgerContext.Within? = nil

    init(database: any Database, scope: Scope, actor: WorkflowActor?, audit: AuditEvent, now: Date, vault: PersonalDataVault,
         within: LedgerContext.Within? = nil) {
        self.pool = database
        self.scope = scope
        self.actor = actor
        self.audit = audit
        self.now = now
        self.vault = vault
        self.within = within
    }

    /// Reads and writes go to the open transaction when there is one.
    var database: any Database { within?.tx ?? pool }

    /// Runs `work` in the open audited transaction, or in a new one.
    func write<T: Sendable>(_ work: @escaping @Sendable (any Database, AuditLog) async throws -> T) async throws -> T {
        if let within { return try await work(within.tx, within.log) }
        return try await AuditTrail.transaction(on: pool, now: now, work)
    }

    var today: CivilDate { CivilDate.today(now: now) }

    static func actor(of role: Role) -> WorkflowActor? {
        switch role {
        case .cityAdmin: .city
        case .districtOfficer: .district
        case .trainingProvider: .organization
        default: nil
        }
    }

    func event(_ entity: AuditEntity, _ id: UUID?, _ action: AuditAction, before: String? = nil, after: String? = nil) -> AuditEvent {
        var event = audit
        event.entity = entity
        event.entityID = id?.uuidString
        event.action = action
        event.before = before
        event.after = after
        return event
    }

    /// The ledger's view of this caller inside an open audited transaction: the city approves, the system settles.
    func ledger(within tx: any Database, log: AuditLog) -> LedgerContext {
        var context = LedgerContext(database: pool, scope: .city, actor: actor == .city ? .city : .system, audit: audit, now: now,
                                    vault: vault)
        context.within = LedgerContext.Within(tx: tx, log: log)
        return context
    }

    func requireActor(_ workflow: String, _ event: String) throws -> WorkflowActor {
        guard let actor else { throw WorkflowRefusal.notYourStep(workflow: workflow, event: event, actor: .system) }
        return actor
    }
}

extension TrainingContext {
    /// Acting on `day` at ten in the morning, as `name`: the demo city and the benchmark replay a year's work through
    /// the workflow code on the days it would have happened.
    static func replaying(_ application: Application, _ scope: Scope, _ actor: WorkflowActor, on day: CivilDate, by name: String) -> TrainingContext {
        TrainingContext(database: application.db, scope: scope, actor: actor, audit: AuditEvent(actor: name, entity: .trainingClass, action: .update),
                        now: ChinaTime.start(of: day).addingTimeInterval(10 * 3600), vault: application.vault)
    }
}

extension LedgerContext {
    /// The city's finance office on `day`, as `name` (see `TrainingContext.replaying`).
    static func replaying(_ application: Application, on day: CivilDate, by name: String) -> LedgerContext {
        LedgerContext(database: application.db, scope: .city, actor: .city, audit: AuditEvent(actor: name, entity: .ledgerTransaction, action: .create),
                      now: ChinaTime.start(of: day).addingTimeInterval(10 * 3600), vault: application.vault)
    }
}

extension Request {
    var training: TrainingContext {
        TrainingContext(database: db, scope: scope, actor: principal.flatMap { TrainingContext.actor(of: $0.role) },
                        audit: AuditEvent(self, entity: .trainingClass, action: .update), now: now, vault: vault)
    }
}

extension AuditEntity {
    static let trainingProvider = AuditEntity("training-provider")
    static let trainingClass = AuditEntity("training-class")
    static let enrolment = AuditEntity("training-enrolment")
    static let trainingClaim = AuditEntity("training-claim")
}

import Fluent
import Foundation
import GongjiangCore
import Vapor

/// Who moves money, in which scope, at what time: from a request (`Request.ledger`) or, for the demo, other modules'
/// services and operator commands, by hand. Every change of the ledger goes through `LedgerService` with one of these
/// and commits with its audit record.
struct LedgerContext: Sendable {
    /// The database outside any transaction; `database` is the one to use.
    let pool: any Database
    let scope: Scope
    /// The ledger's side of the caller: the city's finance office, or the system (the bank's result, other modules).
    let actor: WorkflowActor
    let audit: AuditEvent
    let now: Date
    let vault: PersonalDataVault
    /// An audited transaction already open (an idempotent request's, or another module's step that pays): the
    /// ledger's writes join it instead of opening their own, so the step, its money and its audit records commit as one.
    var within: Within? = nil

    /// Where reads and writes go: the open transaction when there is one (a second connection taken while the
    /// transaction holds one could wait for it for ever on a small pool), the pool otherwise.
    var database: any Database { within?.tx ?? pool }

    init(database: any Database, scope: Scope, actor: WorkflowActor, audit: AuditEvent, now: Date, vault: PersonalDataVault) {
        self.pool = database
        self.scope = scope
        self.actor = actor
        self.audit = audit
        self.now = now
        self.vault = vault
    }

    struct Within: Sendable {
        let tx: any Database
        let log: AuditLog
    }

    /// Runs `work` in the open audited transaction, or in a new one.
    func write<T: Sendable>(_ work: @escaping @Sendable (any Database, AuditLog) async throws -> T) async throws -> T {
        if let within { return try await work(within.tx, within.log) }
        return try await AuditTrail.transaction(on: pool, now: now, work)
    }

    func event(_ entity: AuditEntity, _ id: UUID?, _ action: AuditAction, after: String? = nil, before: String? = nil) -> AuditEvent {
        var event = audit
        event.entity = entity
        event.entityID = id?.uuidString
        event.action = action
        event.before = before
        event.after = after
        return event
    }

    var createdBy: String { audit.actor }

    /// A district the caller may see: the city sees every one, a district officer their own.
    func admits(district: String) -> Bool { scope.admitsDistrict(district) }
}

extension Request {
    var ledger: LedgerContext {
        LedgerContext(database: db, scope: scope, actor: principal?.role == .cityAdmin ? .city : .system,
                      audit: AuditEvent(self, entity: .ledgerTransaction, action: .create), now: now, vault: vault)
    }
}

extension AuditEntity {
    static let ledgerTransaction = AuditEntity("ledger-transaction")
    static let payment = AuditEntity("payment")
    static let paymentBatch = AuditEntity("payment-batch")
}

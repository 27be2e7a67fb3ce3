import Fluent
import Foundation
import GongjiangCore
import SQLKit
import Vapor

/// Something to put on the audit trail: who did what to which record, with the values before and after.
struct AuditEvent: Sendable {
    var actor: String
    var role: String?
    var address: String?
    var entity: AuditEntity
    var entityID: String?
    var action: AuditAction
    var before: String? = nil
    var after: String? = nil
    var outcome: String = "success"
    /// When it happened by the application's clock; nil: when its transaction runs.
    var occurredAt: Date? = nil

    /// The event as made by the caller of `request`, or by "anonymous", at the application's time now.
    init(_ request: Request?, entity: AuditEntity, entityID: String? = nil, action: AuditAction,
         before: String? = nil, after: String? = nil, outcome: String = "success") {
        self.init(actor: request?.principal?.username ?? "anonymous", entity: entity, entityID: entityID, action: action,
                  before: before, after: after, outcome: outcome)
        role = request?.principal?.role.rawValue
        address = request?.sourceAddress
        occurredAt = request?.now
    }

    /// An event made by the system or an operator command.
    init(actor: String, entity: AuditEntity, entityID: String? = nil, action: AuditAction, before: String? = nil,
         after: String? = nil, outcome: String = "success") {
        self.actor = actor
        self.role = nil
        self.address = nil
        self.entity = entity
        self.entityID = entityID
        self.action = action
        self.before = before
        self.after = after
        self.outcome = outcome
    }
}

/// Events gathered during one audited transaction, appended to the chain when the transaction's work is done.
final class AuditLog: @unchecked Sendable {
    fileprivate var events: [AuditEvent] = []
    func record(_ event: AuditEvent) { events.append(event) }
}

/// The append-only, hash-chained audit trail (SHA-256 over the previous hash and the canonical record).
enum AuditTrail {
    /// Runs `work` in a transaction whose first statement takes the audit head's lock, and appends the events it
    /// recorded before committing: a change and its audit record commit together or not at all.
    ///
    /// Taking the head first matters on SQLite: a transaction that starts by writing waits for the write lock
    /// (busy handler), whereas one that read first and then writes can fail outright if another writer went between.
    /// `now` stamps the events that carry no time of their own (those of operator commands and of the system); an
    /// event made from a request carries the application clock's time.
    static func transaction<T: Sendable>(on database: any Database, now: Date = Date(),
                                         _ work: @escaping @Sendable (any Database, AuditLog) async throws -> T) async throws -> T {
        try await database.transaction { tx in
            var head = try await lockHead(tx)
            let log = AuditLog()
            let result = try await work(tx, log)
            try await append(log.events, head: &head, on: tx, now: now)
            return result
        }
    }

    /// Appends events on their own (a failed sign-in, a denied access, a viewing of personal data).
    static func record(_ events: AuditEvent..., on database: any Database, now: Date = Date()) async throws {
        try await transaction(on: database, now: now) { _, log in events.forEach(log.record) }
    }

    struct Head {
        var sequence: Int64
        var hash: String
    }

    private static func lockHead(_ tx: any Database) async throws -> Head {
        // UPDATE … RETURNING both locks the one head row (PostgreSQL row lock, SQLite write lock) and reads it.
        guard let row = try await tx.sql.raw("UPDATE audit_head SET id = id WHERE id = 1 RETURNING last_sequence, last_hash").first() else {
            throw AuditError.missingHead
        }
        return Head(sequence: try row.decode(column: "last_sequence", as: Int64.self),
                    hash: try row.decode(column: "last_hash", as: String.self))
    }

    private static func append(_ events: [AuditEvent], head: inout Head, on tx: any Database, now: Date) async throws {
        guard !events.isEmpty else { return }
        var rows: [(AuditRecord, String)] = []
        for event in events {
            // Whole milliseconds: what both databases store exactly, so the hash can be checked again later.
            let occurredAt = Date(timeIntervalSince1970: ((event.occurredAt ?? now).timeIntervalSince1970 * 1000).rounded(.down) / 1000)
            head.sequence += 1
            let record = AuditRecord(sequence: head.sequence, occurredAt: occurredAt, actor: event.actor, role: event.role,
                                     address: event.address, entity: event.entity.rawValue, entityID: event.entityID,
                                     action: event.action.rawValue, before: event.before, after: event.after, outcome: event.outcome)
            head.hash = record.hash(previous: head.hash)
            rows.append((record, head.hash))
        }
        for chunk in rows.chunked(500) {
            let insert = tx.sql.insert(into: "audit_records")
                .columns("sequence", "occurred_at", "actor", "role", "address", "entity", "entity_id", "action",
                         "before_values", "after_values", "outcome", "hash")
            for (record, hash) in chunk {
                insert.values(SQLBind(record.sequence), SQLBind(record.occurredAt), SQLBind(record.actor), SQLBind(record.role),
                              SQLBind(record.address), SQLBind(record.entity), SQLBind(record.entityID), SQLBind(record.action),
                              SQLBind(record.before), SQLBind(record.after), SQLBind(record.outcome), SQLBind(hash))
            }
            try await insert.run()
        }
        try await tx.sql.update("audit_head").set("last_sequence", to: head.sequence).set("last_hash", to: head.hash)
            .where("id", .equal, 1).run()
    }

    /// Reads the whole trail in order, in pages, and checks the chain; nil when intact.
    static func verify(on database: any Database, pageSize: Int = 5_000) async throws -> (checked: Int, problem: AuditChain.Break?) {
        var verifier = AuditChain.Verifier()
        var after: Int64 = 0
        while true {
            let entries = try await AuditEntry.query(on: database).filter(\.$id > after).sort(\.$id).limit(pageSize).all()
            for entry in entries {
                if let problem = verifier.feed(entry.record, hash: entry.hash) { return (verifier.count, problem) }
            }
            guard let last = entries.last?.id, entries.count == pageSize else { break }
            after = last
        }
        // The head must agree with the last record: deleting records from the end is a break too.
        if let row = try await database.sql.select().columns("last_sequence").from("audit_head").where("id", .equal, 1).first() {
            let headSequence = try row.decode(column: "last_sequence", as: Int64.self)
            if headSequence != Int64(verifier.count) {
                return (verifier.count, .missing(expected: Int64(verifier.count) + 1, found: headSequence))
            }
        }
        return (verifier.count, nil)
    }

    enum AuditError: Error { case missingHead }
}

extension AuditEntry {
    var record: AuditRecord {
        AuditRecord(sequence: id ?? 0, occurredAt: occurredAt, actor: actor, role: role, address: address, entity: entity,
                    entityID: entityID, action: action, before: before, after: after, outcome: outcome)
    }
}

import Foundation
@testable import GongjiangCore

/// Record `sequence` of a made-up trail. Odd records have every optional field set, even ones none,
/// so that edits of both kinds (a value changed, nil turned into "") are exercised.
func auditRecord(_ sequence: Int64) -> AuditRecord {
    let full = sequence % 2 == 1
    return AuditRecord(
        sequence: sequence,
        occurredAt: Date(timeIntervalSince1970: 1_750_000_000 + Double(sequence) * 61.25),
        actor: full ? "officer\(sequence % 7)" : "system",
        role: full ? Role.districtOfficer.rawValue : nil,
        address: full ? "10.1.\(sequence % 256).\(sequence % 199)" : nil,
        entity: "person",
        entityID: full ? String(sequence * 37) : nil,
        action: full ? "update" : "login-failed",
        before: full ? #"{"name":"张三","phone":"138****5678"}"# : nil,
        after: full ? #"{"name":"张三丰","phone":"138****5678"}"# : nil,
        outcome: full ? "success" : "failed"
    )
}

typealias StoredRecord = (record: AuditRecord, hash: String)

/// Records chained from the genesis hash as the shell would store them.
func chained(_ records: [AuditRecord]) -> [StoredRecord] {
    var previous = AuditChain.genesis
    return records.map { record in
        let hash = record.hash(previous: previous)
        previous = hash
        return (record, hash)
    }
}

/// An intact trail of records 1…count.
func auditTrail(count: Int64) -> [StoredRecord] {
    chained((1...count).map(auditRecord))
}

/// The fields of a record, to edit one at a time.
enum AuditField: String, CaseIterable, Sendable {
    case sequence, occurredAt, actor, role, address, entity, entityID, action, before, after, outcome

    /// The smallest change to this field: one more millisecond, one more character, or for a nil
    /// optional the empty string.
    func edit(_ record: AuditRecord) -> AuditRecord {
        var edited = record
        func touched(_ value: String?) -> String? { value.map { $0 + "x" } ?? "" }
        switch self {
        case .sequence: edited.sequence += 1000
        case .occurredAt: edited.occurredAt = record.occurredAt.addingTimeInterval(0.001)
        case .actor: edited.actor += "x"
        case .role: edited.role = touched(record.role)
        case .address: edited.address = touched(record.address)
        case .entity: edited.entity += "x"
        case .entityID: edited.entityID = touched(record.entityID)
        case .action: edited.action += "x"
        case .before: edited.before = touched(record.before)
        case .after: edited.after = touched(record.after)
        case .outcome: edited.outcome += "x"
        }
        return edited
    }

    /// Sets a text field (nil for the two that are not text).
    func setting(_ value: String, on record: AuditRecord) -> AuditRecord? {
        var edited = record
        switch self {
        case .sequence, .occurredAt: return nil
        case .actor: edited.actor = value
        case .role: edited.role = value
        case .address: edited.address = value
        case .entity: edited.entity = value
        case .entityID: edited.entityID = value
        case .action: edited.action = value
        case .before: edited.before = value
        case .after: edited.after = value
        case .outcome: edited.outcome = value
        }
        return edited
    }

    static let optional: [AuditField] = [.role, .address, .entityID, .before, .after]
    /// Text fields in the order `canonicalBytes` writes them.
    static let textInCanonicalOrder: [AuditField] = [.actor, .role, .address, .entity, .entityID, .action, .before, .after, .outcome]
}

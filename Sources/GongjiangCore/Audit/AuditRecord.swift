import Crypto
import Foundation

/// One entry of the audit trail: who did what to which record, when, from where, and with what result.
///
/// GB/T 22239-2019 8.1.4.3 b) lists what an audit record must hold (date and time, user, event type,
/// success or failure, and other relevant information); c) asks that records be protected from
/// unexpected deletion, modification or overwriting. The trail is append-only and hash-chained:
/// each stored hash covers the previous hash and this record's `canonicalBytes`, so changing,
/// removing or reordering any stored record breaks every later link (`AuditChain.verify`).
public struct AuditRecord: Sendable, Equatable, Codable {
    /// Position in the trail, 1 for the first record, without gaps.
    public var sequence: Int64
    /// Canonicalised to whole milliseconds, the precision of the stored timestamp and of the
    /// canonical form, so a record read back from the database equals the one that was hashed.
    public var occurredAt: Date {
        didSet { occurredAt = Self.canonical(occurredAt) }
    }
    /// Username, or "system" or "anonymous".
    public var actor: String
    /// `Role` raw value.
    public var role: String?
    /// Source IP address.
    public var address: String?
    /// e.g. "person".
    public var entity: String
    public var entityID: String?
    /// e.g. "create", "update", "view-unmasked", "login-failed", "access-denied".
    public var action: String
    /// Canonical JSON of the values before the change, already masked where needed, or nil.
    public var before: String?
    public var after: String?
    /// "success", "denied" or "failed".
    public var outcome: String

    public init(
        sequence: Int64,
        occurredAt: Date,
        actor: String,
        role: String? = nil,
        address: String? = nil,
        entity: String,
        entityID: String? = nil,
        action: String,
        before: String? = nil,
        after: String? = nil,
        outcome: String
    ) {
        self.sequence = sequence
        self.occurredAt = Self.canonical(occurredAt)
        self.actor = actor
        self.role = role
        self.address = address
        self.entity = entity
        self.entityID = entityID
        self.action = action
        self.before = before
        self.after = after
        self.outcome = outcome
    }

    // MARK: Canonical form

    /// Names the format inside the hashed bytes, so a future layout can never produce the same
    /// bytes as this one for a different record.
    static let formatTag = "gongjiang.audit-record.v1"

    /// Deterministic bytes: fields in a fixed order, each as length-prefixed UTF-8 (so no separator can be forged by content), dates as ISO-8601 with milliseconds in UTC, nil distinct from "".
    ///
    /// Each field is a presence byte (0 for nil, 1 for a value) and, for a value, its UTF-8 length
    /// as 8 bytes big-endian followed by the bytes. With lengths in front, ("ab", "c") and
    /// ("a", "bc") in adjacent fields differ, which a separator such as "|" would not guarantee
    /// once content may contain "|". The sequence is written in decimal. Not JSON: JSON encoders
    /// are free to order keys and escape characters differently between versions and platforms.
    public var canonicalBytes: [UInt8] {
        let fields: [String?] = [
            Self.formatTag, String(sequence), Self.timestamp(occurredAt), actor, role, address,
            entity, entityID, action, before, after, outcome,
        ]
        var bytes: [UInt8] = []
        for field in fields {
            guard let field else {
                bytes.append(0)
                continue
            }
            bytes.append(1)
            let utf8 = Array(field.utf8)
            withUnsafeBytes(of: UInt64(utf8.count).bigEndian) { bytes.append(contentsOf: $0) }
            bytes.append(contentsOf: utf8)
        }
        return bytes
    }

    /// Lowercase hex SHA-256 of (previous hash as UTF-8 bytes + canonicalBytes); the first record's
    /// previous is `AuditChain.genesis`.
    public func hash(previous: String) -> String {
        let digest = SHA256.hash(data: Array(previous.utf8) + canonicalBytes)
        let hex = Array("0123456789abcdef")
        var text = ""
        text.reserveCapacity(64)
        for byte in digest {
            text.append(hex[Int(byte >> 4)])
            text.append(hex[Int(byte & 0x0F)])
        }
        return text
    }

    // MARK: Time

    /// Whole milliseconds since 1970, rounded to the nearest: rounding rather than truncating absorbs
    /// the binary error of `Date`'s Double (1.123 s is stored as 1.12299999…). Clamped, so even a
    /// nonsensical decoded date cannot trap on conversion.
    static func milliseconds(_ date: Date) -> Int64 {
        let value = (date.timeIntervalSince1970 * 1000).rounded()
        guard !value.isNaN else { return 0 }
        if value >= 9.2e18 { return 9_200_000_000_000_000_000 }
        if value <= -9.2e18 { return -9_200_000_000_000_000_000 }
        return Int64(value)
    }

    static func canonical(_ date: Date) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds(date)) / 1000)
    }

    /// "2009-02-13T23:31:30.123Z": ISO 8601 in UTC with milliseconds, computed with integer arithmetic
    /// and Hinnant's civil-from-days (via `CivilDate`), so the text never depends on the locale, the
    /// time zone or the platform's date formatter.
    static func timestamp(_ date: Date) -> String {
        let ms = milliseconds(date)
        let millisecondsPerDay: Int64 = 86_400_000
        // Floor division, so instants before 1970 fall on the previous day with a positive time.
        var days = ms / millisecondsPerDay
        var rest = ms % millisecondsPerDay
        if rest < 0 {
            days -= 1
            rest += millisecondsPerDay
        }
        let day = CivilDate(dayNumber: Int(days))
        func padded(_ value: Int64, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(day)T\(padded(rest / 3_600_000, 2)):\(padded(rest / 60_000 % 60, 2)):"
            + "\(padded(rest / 1000 % 60, 2)).\(padded(rest % 1000, 3))Z"
    }

    // MARK: Codable

    enum CodingKeys: String, CodingKey {
        case sequence, occurredAt, actor, role, address, entity, entityID, action, before, after, outcome
    }

    /// Goes through `init` so that a decoded timestamp is canonicalised like any other.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            sequence: try container.decode(Int64.self, forKey: .sequence),
            occurredAt: try container.decode(Date.self, forKey: .occurredAt),
            actor: try container.decode(String.self, forKey: .actor),
            role: try container.decodeIfPresent(String.self, forKey: .role),
            address: try container.decodeIfPresent(String.self, forKey: .address),
            entity: try container.decode(String.self, forKey: .entity),
            entityID: try container.decodeIfPresent(String.self, forKey: .entityID),
            action: try container.decode(String.self, forKey: .action),
            before: try container.decodeIfPresent(String.self, forKey: .before),
            after: try container.decodeIfPresent(String.self, forKey: .after),
            outcome: try container.decode(String.self, forKey: .outcome)
        )
    }
}

/// Verification of the hash-chained audit trail (GB/T 22239-2019 8.1.4.3 c): audit records are
/// protected against unexpected deletion, modification or overwriting).
///
/// Record n is stored with hash(n) = SHA-256(hash(n-1) + canonicalBytes(n)), hash(0) = `genesis`,
/// and sequences run 1, 2, 3… without gaps. Anyone with write access to the table could recompute
/// every later hash after an edit; the chain makes that visible against any earlier copy of a hash
/// (an export, a backup, a printed report), and catches every edit made without recomputing.
/// For the same reason, removing records from the end leaves a valid (shorter) chain: the shell
/// should compare the last sequence and hash with a checkpoint kept elsewhere.
public enum AuditChain {
    /// The "previous hash" of the first record: 64 zeros, the length of a SHA-256 hex digest.
    public static let genesis = String(repeating: "0", count: 64)

    /// The sequence of the first record of a trail.
    public static let firstSequence: Int64 = 1

    public enum Break: Equatable, Sendable {
        /// The record's content (or its stored hash) does not match the chain.
        case edited(sequence: Int64)
        /// Records are missing: `expected` was due next and `found` came instead.
        case missing(expected: Int64, found: Int64)
        /// The record's sequence is not greater than the one before it.
        case reordered(sequence: Int64)
    }

    /// Checks records in stored order with their stored hashes; returns nil when intact, else the first break:
    /// a record whose hash doesn't match → .edited(sequence); a gap in sequence numbers → .missing(expected:found:); a sequence lower than or equal to the previous → .reordered(sequence:).
    public static func verify(_ records: [(record: AuditRecord, hash: String)]) -> Break? {
        var verifier = Verifier()
        for (record, hash) in records {
            if let found = verifier.feed(record, hash: hash) { return found }
        }
        return nil
    }

    /// Streaming form for large trails: feed records one at a time.
    ///
    /// After a break the verifier carries on from the record as stored, so a caller that keeps
    /// feeding learns of later, independent breaks: a record whose content was edited is reported
    /// once and the rest of the trail verifies; an edited stored hash is reported at its record and
    /// at the next (which chains from the true hash); a record out of place is set aside and the
    /// chain continues from the record before it.
    public struct Verifier: Sendable {
        /// Records fed so far, broken ones included.
        public private(set) var count = 0
        /// The stored hash the next record must chain from; a checkpoint to resume from later.
        public private(set) var lastHash: String
        /// The sequence of the last record in the chain, `firstSequence - 1` before any.
        public private(set) var lastSequence: Int64

        public init() {
            self.init(resumingAfter: AuditChain.firstSequence - 1, hash: AuditChain.genesis)
        }

        /// Continues a verification that stopped after record `sequence`, whose stored hash is
        /// `hash`, so a nightly job need not re-read the whole trail.
        public init(resumingAfter sequence: Int64, hash: String) {
            lastSequence = sequence
            lastHash = hash
        }

        public mutating func feed(_ record: AuditRecord, hash: String) -> Break? {
            count += 1
            let (expected, overflow) = lastSequence.addingReportingOverflow(1)
            if overflow { return .reordered(sequence: record.sequence) }

            if record.sequence != expected {
                // Either the record that belongs here with an edited sequence number, or a record
                // from elsewhere. Only the former hashes correctly once given the expected number
                // back; telling them apart reports an edit as an edit whichever field was changed.
                var renumbered = record
                renumbered.sequence = expected
                if renumbered.hash(previous: lastHash) == hash {
                    advance(to: expected, hash: hash)
                    return .edited(sequence: expected)
                }
                if record.sequence < expected {
                    // Out of place: the chain stays where it was, so the records after it still verify.
                    return .reordered(sequence: record.sequence)
                }
                advance(to: record.sequence, hash: hash)
                return .missing(expected: expected, found: record.sequence)
            }

            let intact = record.hash(previous: lastHash) == hash
            advance(to: expected, hash: hash)
            return intact ? nil : .edited(sequence: expected)
        }

        private mutating func advance(to sequence: Int64, hash: String) {
            lastSequence = sequence
            lastHash = hash
        }
    }
}

extension AuditChain.Break: DomainError {
    public var code: String {
        switch self {
        case .edited: "audit-chain.edited"
        case .missing: "audit-chain.missing"
        case .reordered: "audit-chain.reordered"
        }
    }

    public var chinese: String {
        switch self {
        case .edited(let sequence):
            "审计记录第 \(sequence) 条与其哈希值不符，可能已被篡改"
        case .missing(let expected, let found):
            "审计记录缺失：应为第 \(expected) 条，实为第 \(found) 条"
        case .reordered(let sequence):
            "审计记录第 \(sequence) 条顺序错乱：序号不大于前一条"
        }
    }

    public var english: String {
        switch self {
        case .edited(let sequence):
            "Audit record \(sequence) does not match its hash; it may have been altered"
        case .missing(let expected, let found):
            "Audit records are missing: record \(expected) was expected, record \(found) was found"
        case .reordered(let sequence):
            "Audit record \(sequence) is out of order: its sequence number is not greater than the previous one"
        }
    }
}

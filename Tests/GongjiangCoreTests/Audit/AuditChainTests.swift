import Testing
@testable import GongjiangCore

@Suite("Audit chain verification")
struct AuditChainTests {
    static let trail = auditTrail(count: 100)

    @Test("An intact chain of 100 records verifies")
    func intactChainVerifies() {
        var verifier = AuditChain.Verifier()
        let breaks = Self.trail.compactMap { verifier.feed($0.record, hash: $0.hash) }

        #expect(AuditChain.verify(Self.trail) == nil)
        #expect(breaks.isEmpty)
        #expect(verifier.count == 100)
        #expect(verifier.lastSequence == 100)
        #expect(verifier.lastHash == Self.trail[99].hash)
    }

    @Test("An empty trail verifies")
    func emptyTrailVerifies() {
        #expect(AuditChain.verify([]) == nil)
    }

    @Test("Editing any one field of record k is detected as an edit of k",
          arguments: AuditField.allCases, [Int64(1), 2, 50, 99, 100])
    func editedFieldIsDetected(field: AuditField, k: Int64) {
        var trail = Self.trail
        trail[Int(k) - 1].record = field.edit(trail[Int(k) - 1].record)

        #expect(AuditChain.verify(trail) == .edited(sequence: k))
    }

    @Test("A sequence number edited down is also reported as an edit", arguments: [Int64(2), 50, 100])
    func sequenceEditedDownIsAnEdit(k: Int64) {
        var trail = Self.trail
        trail[Int(k) - 1].record.sequence = 0

        #expect(AuditChain.verify(trail) == .edited(sequence: k))
    }

    @Test("Deleting record k is detected as k missing where k + 1 was found", arguments: [Int64(1), 2, 50, 99])
    func deletionIsDetected(k: Int64) {
        var trail = Self.trail
        trail.remove(at: Int(k) - 1)

        #expect(AuditChain.verify(trail) == .missing(expected: k, found: k + 1))
    }

    @Test("Deleting several records reports the first gap")
    func severalDeletions() {
        let trail = Self.trail.filter { ![30, 31, 32, 70].contains($0.record.sequence) }

        #expect(AuditChain.verify(trail) == .missing(expected: 30, found: 33))
    }

    @Test("Removing the newest records leaves a valid shorter chain, which only a checkpoint kept elsewhere reveals")
    func truncationNeedsACheckpoint() {
        let truncated = Array(Self.trail.prefix(97))
        var verifier = AuditChain.Verifier()
        for stored in truncated { _ = verifier.feed(stored.record, hash: stored.hash) }

        #expect(AuditChain.verify(truncated) == nil)
        #expect(verifier.lastHash != Self.trail[99].hash)
        #expect(verifier.lastSequence == 97)
    }

    @Test("Swapping neighbouring records k and k + 1 is detected at k", arguments: [Int64(1), 50, 99])
    func neighbourSwapIsDetected(k: Int64) {
        var trail = Self.trail
        trail.swapAt(Int(k) - 1, Int(k))

        #expect(AuditChain.verify(trail) == .missing(expected: k, found: k + 1))
    }

    @Test("Swapping distant records is detected at the first of them")
    func distantSwapIsDetected() {
        var trail = Self.trail
        trail.swapAt(9, 19)

        #expect(AuditChain.verify(trail) == .missing(expected: 10, found: 20))
    }

    @Test("A record stored twice is detected as out of order", arguments: [Int64(1), 50, 100])
    func duplicateIsReordered(k: Int64) {
        var trail = Self.trail
        trail.insert(trail[Int(k) - 1], at: Int(k))

        #expect(AuditChain.verify(trail) == .reordered(sequence: k))
    }

    @Test("A changed stored hash of record k is detected as an edit of k", arguments: [Int64(1), 50, 100])
    func changedHashIsDetected(k: Int64) {
        var trail = Self.trail
        var hash = Array(trail[Int(k) - 1].hash)
        hash[0] = hash[0] == "0" ? "1" : "0"
        trail[Int(k) - 1].hash = String(hash)

        #expect(AuditChain.verify(trail) == .edited(sequence: k))
    }

    @Test("Renumbering after a deletion without rehashing is detected as an edit")
    func renumberingIsDetected() {
        var records = Self.trail.map(\.record)
        let hashes = Self.trail.map(\.hash)
        records.remove(at: 49)
        for index in 49..<records.count { records[index].sequence -= 1 }
        let stored = zip(records, hashes.enumerated().filter { $0.offset != 49 }.map(\.element)).map { ($0, $1) }

        #expect(AuditChain.verify(stored) == .edited(sequence: 50))
    }

    @Test("A chain rewritten and rehashed after an edit verifies, but no longer ends in the same hash")
    func rehashedChainDiffersFromCheckpoint() {
        var records = Self.trail.map(\.record)
        records[40].actor = "someone-else"

        let rewritten = chained(records)

        #expect(AuditChain.verify(rewritten) == nil)
        #expect(rewritten[99].hash != Self.trail[99].hash)
        #expect(rewritten[39].hash == Self.trail[39].hash)
    }

    @Test("A trail that does not start at sequence 1 is missing its beginning")
    func trailMustStartAtOne() {
        let withoutFirst = chained((2...5).map(auditRecord))

        #expect(AuditChain.verify(withoutFirst) == .missing(expected: 1, found: 2))
    }

    // MARK: Streaming

    @Test("Streaming reports an edited record once and verifies the rest")
    func streamingReportsEachEditOnce() {
        var trail = Self.trail
        trail[20].record.outcome = "denied"
        trail[70].record.actor = "mallory"
        var verifier = AuditChain.Verifier()

        let breaks = trail.compactMap { verifier.feed($0.record, hash: $0.hash) }

        #expect(breaks == [.edited(sequence: 21), .edited(sequence: 71)])
        #expect(verifier.count == 100)
    }

    @Test("Streaming a neighbour swap reports the gap, then the record out of place, then nothing")
    func streamingSwap() {
        var trail = Self.trail
        trail.swapAt(49, 50)
        var verifier = AuditChain.Verifier()

        let breaks = trail.compactMap { verifier.feed($0.record, hash: $0.hash) }

        #expect(breaks == [.missing(expected: 50, found: 51), .reordered(sequence: 50)])
        #expect(verifier.lastSequence == 100)
    }

    @Test("Verification resumes from a checkpoint without re-reading the start")
    func resumeFromCheckpoint() {
        var verifier = AuditChain.Verifier(resumingAfter: 60, hash: Self.trail[59].hash)

        let breaks = Self.trail[60...].compactMap { verifier.feed($0.record, hash: $0.hash) }

        #expect(breaks.isEmpty)
        #expect(verifier.count == 40)
    }

    @Test("A checkpoint with the wrong hash is caught at the next record")
    func wrongCheckpoint() {
        var verifier = AuditChain.Verifier(resumingAfter: 60, hash: Self.trail[58].hash)

        #expect(verifier.feed(Self.trail[60].record, hash: Self.trail[60].hash) == .edited(sequence: 61))
    }

    @Test("A record after the largest sequence cannot follow it")
    func sequenceOverflow() {
        var verifier = AuditChain.Verifier(resumingAfter: .max, hash: AuditChain.genesis)

        #expect(verifier.feed(auditRecord(1), hash: "x") == .reordered(sequence: 1))
    }

    // MARK: Messages

    static let breaks: [AuditChain.Break] = [.edited(sequence: 7), .missing(expected: 7, found: 9), .reordered(sequence: 7)]

    @Test("Breaks have stable codes and bilingual messages", arguments: zip(breaks, [
        "audit-chain.edited", "audit-chain.missing", "audit-chain.reordered",
    ]))
    func breakMessages(chainBreak: AuditChain.Break, code: String) {
        #expect(chainBreak.code == code)
        #expect(chainBreak.chinese.contains("7"))
        #expect(chainBreak.chinese.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) })
        #expect(chainBreak.english.contains("7"))
        #expect(chainBreak.english.unicodeScalars.filter { ("a"..."z").contains($0) }.count >= 10)
    }
}

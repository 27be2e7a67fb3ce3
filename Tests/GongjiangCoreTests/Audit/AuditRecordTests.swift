import Foundation
import Testing
@testable import GongjiangCore

@Suite("Audit record canonical form and hash")
struct AuditRecordTests {
    static let sample = AuditRecord(
        sequence: 1,
        occurredAt: Date(timeIntervalSince1970: 1_750_000_000.123),
        actor: "zhangsan",
        role: "city-admin",
        address: "10.0.0.1",
        entity: "person",
        entityID: "42",
        action: "view-unmasked",
        before: nil,
        after: "",
        outcome: "success"
    )

    @Test("The hash of a fixed record is pinned, so a change of format cannot go unnoticed")
    func pinnedHash() {
        // Computed independently (Python hashlib) from the documented layout: the format tag, then
        // each field as a presence byte and an 8-byte big-endian length before its UTF-8 bytes.
        #expect(Self.sample.canonicalBytes.count == 204)
        #expect(Self.sample.hash(previous: AuditChain.genesis)
            == "40a3f94d4c9699dfa5e25f7467af076185ad1a89686e9e520588f9d2a0bc0cd3")
    }

    @Test("The canonical form starts with the format tag, length-prefixed")
    func canonicalPrefix() {
        let tag = Array("gongjiang.audit-record.v1".utf8)

        let prefix = Array(Self.sample.canonicalBytes.prefix(9 + tag.count))

        #expect(prefix == [1, 0, 0, 0, 0, 0, 0, 0, UInt8(tag.count)] + tag)
    }

    @Test("nil and the empty string give different bytes", arguments: AuditField.optional)
    func nilDiffersFromEmpty(field: AuditField) throws {
        var absent = auditRecord(2)   // even: every optional field nil
        absent.sequence = 1
        let empty = try #require(field.setting("", on: absent))

        #expect(absent.canonicalBytes != empty.canonicalBytes)
        #expect(absent.hash(previous: AuditChain.genesis) != empty.hash(previous: AuditChain.genesis))
    }

    @Test("Moving a character across adjacent fields changes the bytes",
          arguments: zip(AuditField.textInCanonicalOrder.dropLast(), AuditField.textInCanonicalOrder.dropFirst()))
    func boundaryCannotMove(first: AuditField, second: AuditField) throws {
        let base = auditRecord(1)
        let leftFirst = try #require(first.setting("ab", on: base))
        let left = try #require(second.setting("c", on: leftFirst))
        let rightFirst = try #require(first.setting("a", on: base))
        let right = try #require(second.setting("bc", on: rightFirst))

        #expect(left.canonicalBytes != right.canonicalBytes)
    }

    @Test("Every field is covered by the hash", arguments: AuditField.allCases)
    func everyFieldIsHashed(field: AuditField) {
        let record = auditRecord(1)

        #expect(field.edit(record).hash(previous: AuditChain.genesis) != record.hash(previous: AuditChain.genesis))
    }

    @Test("The hash depends on the previous hash and is 64 lower-case hex digits")
    func hashShape() {
        let first = Self.sample.hash(previous: AuditChain.genesis)
        let second = Self.sample.hash(previous: first)

        #expect(first != second)
        #expect(first.count == 64 && second.count == 64)
        #expect(first.allSatisfy { "0123456789abcdef".contains($0) })
        #expect(AuditChain.genesis == String(repeating: "0", count: 64))
    }

    @Test("Equal records give equal bytes")
    func deterministic() {
        #expect(auditRecord(7).canonicalBytes == auditRecord(7).canonicalBytes)
        #expect(auditRecord(7).hash(previous: "p") == auditRecord(7).hash(previous: "p"))
    }

    // MARK: Time

    @Test("Timestamps are ISO 8601 in UTC with milliseconds, rounded to the nearest millisecond", arguments: [
        (0.0, "1970-01-01T00:00:00.000Z"),
        (-0.001, "1969-12-31T23:59:59.999Z"),
        (-86_400, "1969-12-31T00:00:00.000Z"),
        (951_782_400.5, "2000-02-29T00:00:00.500Z"),
        (1_234_567_890.0004, "2009-02-13T23:31:30.000Z"),
        (1_234_567_890.0006, "2009-02-13T23:31:30.001Z"),
        (1_750_000_000.123, "2025-06-15T15:06:40.123Z"),
        (1_750_000_000.9996, "2025-06-15T15:06:41.000Z"),
        (253_402_300_799.999, "9999-12-31T23:59:59.999Z"),
    ])
    func timestamps(unixTime: TimeInterval, text: String) {
        #expect(AuditRecord.timestamp(Date(timeIntervalSince1970: unixTime)) == text)
    }

    @Test("Timestamps agree with Foundation's ISO 8601 formatter", arguments: [UInt64(1), 2, 3])
    func timestampsAgreeWithFoundation(seed: UInt64) {
        var generator = SplitMix64(seed: seed)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")

        for _ in 0..<200 {
            // Whole milliseconds between 1970 and 2100, which both sides represent exactly.
            let ms = Int64.random(in: 0...4_102_444_800_000, using: &generator)
            let date = Date(timeIntervalSince1970: Double(ms) / 1000)

            #expect(AuditRecord.timestamp(date) == formatter.string(from: date))
        }
    }

    @Test("The time is kept to whole milliseconds when built and when changed")
    func timeIsCanonicalised() {
        var record = auditRecord(1)
        record.occurredAt = Date(timeIntervalSince1970: 1_750_000_000.12345)

        let built = AuditRecord(sequence: 1, occurredAt: Date(timeIntervalSince1970: 1_750_000_000.12345),
                                actor: "a", entity: "e", action: "x", outcome: "success")

        #expect(record.occurredAt == Date(timeIntervalSince1970: 1_750_000_000.123))
        #expect(built.occurredAt == Date(timeIntervalSince1970: 1_750_000_000.123))
    }

    @Test("A record read back from JSON equals the record written and hashes the same")
    func jsonRoundTrip() throws {
        let record = auditRecord(3)
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970

        let data = try encoder.encode(record)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        let decoded = try decoder.decode(AuditRecord.self, from: data)

        #expect(decoded == record)
        #expect(decoded.hash(previous: AuditChain.genesis) == record.hash(previous: AuditChain.genesis))
    }

    @Test("A decoded time with sub-millisecond digits is canonicalised")
    func decodedTimeIsCanonicalised() throws {
        let json = #"{"sequence":1,"occurredAt":1750000000.1234567,"actor":"a","entity":"e","action":"x","outcome":"success"}"#
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970

        let decoded = try decoder.decode(AuditRecord.self, from: Data(json.utf8))

        #expect(decoded.occurredAt == Date(timeIntervalSince1970: 1_750_000_000.123))
        #expect(decoded.role == nil)
    }
}

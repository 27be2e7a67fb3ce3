import Foundation
@testable import GongjiangApp
import Testing

@Suite("CSV record reader (RFC 4180)")
struct CSVRecordReaderTests {
    static func records(_ text: String) throws -> [[String]] {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("csv-\(UUID().uuidString).csv").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = try #require(CSVRecordReader(path: path))
        var result: [[String]] = []
        while let record = reader.next() { result.append(record) }
        return result
    }

    @Test("Records split on CRLF, LF and a lone CR, with or without a final line end",
          arguments: ["a,b\r\nc,d\r\n", "a,b\nc,d\n", "a,b\rc,d", "a,b\r\nc,d"])
    func lineEnds(text: String) throws {
        #expect(try Self.records(text) == [["a", "b"], ["c", "d"]])
    }

    @Test("Quoted fields keep commas, line ends and doubled quotes; empty fields stay empty")
    func quoting() throws {
        let text = "name,note\r\n\"张, 伟\",\"第一行\r\n第二行\"\r\n\"说\"\"好\"\"\",\r\n,,\r\n"
        #expect(try Self.records(text) == [["name", "note"], ["张, 伟", "第一行\r\n第二行"], ["说\"好\"", ""], ["", "", ""]])
    }

    @Test("Quotes in the middle of an unquoted field are text, as spreadsheets write them")
    func leniency() throws {
        #expect(try Self.records("5\"3,x\n\"a\"b,c\n") == [["5\"3", "x"], ["ab", "c"]])
    }

    @Test("Multi-byte characters across the 1 MiB read boundary arrive whole")
    func chunkBoundary() throws {
        let line = String(repeating: "工", count: 100) + "," + String(repeating: "匠", count: 100) + "\r\n"
        let count = (1 << 20) / line.utf8.count * 3
        let records = try Self.records(String(repeating: line, count: count))
        #expect(records.count == count)
        #expect(records.allSatisfy { $0 == [String(repeating: "工", count: 100), String(repeating: "匠", count: 100)] })
    }

    @Test("An empty file has no records")
    func emptyFile() throws {
        #expect(try Self.records("").isEmpty)
    }
}

@Suite("Time-ordered ids")
struct TimeOrderedIDTests {
    @Test("Version 7 ids made one after another sort in the order they were made, as the databases compare them")
    func idsIncrease() {
        let ids = (0..<5_000).map { _ in UUID.timeOrdered() }
        let bytes = ids.map { id in withUnsafeBytes(of: id.uuid) { Array($0) } }
        #expect(zip(bytes, bytes.dropFirst()).allSatisfy { $0.lexicographicallyPrecedes($1) })
        #expect(ids.allSatisfy { $0.uuidString.dropFirst(14).first == "7" })
        #expect(Set(ids).count == ids.count)
    }

    @Test("An id's text is exactly Foundation's uuidString, for random and time-ordered ids")
    func textMatchesFoundation() {
        let ids = (0..<2_000).map { _ in UUID() } + (0..<2_000).map { _ in UUID.timeOrdered() }
            + [UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)),
               UUID(uuid: (255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255))]
        for id in ids { #expect(id.text == id.uuidString) }
    }

    @Test("The random pool hands out bytes once: values across several refills do not repeat")
    func randomPoolDoesNotRepeat() {
        let values = (0..<5_000).map { _ in RandomPool.uint64() }   // about ten refills of the 4 KiB pool
        #expect(Set(values).count == values.count)
        let nonces = (0..<1_000).map { _ in RandomPool.bytes(12) }
        #expect(Set(nonces).count == nonces.count)
        #expect(!nonces.contains([UInt8](repeating: 0, count: 12)))
    }
}

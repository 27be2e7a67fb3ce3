import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Opens an interchange CSV for streaming: detects its encoding, refuses what is not text,
/// and hands out records one at a time so memory does not grow with the file.
final class ImportFile {
    enum Encoding: String, Sendable {
        case utf8 = "utf-8"
        case gb18030
    }

    /// Why a file cannot be read at all (the command exits 1).
    enum OpenError: Error, Equatable, CustomStringConvertible {
        case notFound(String)
        case empty
        case binary
        case notGB18030
        case notUTF8
        case noDataRows

        var chinese: String {
            switch self {
            case .notFound(let path): "找不到文件：\(path)"
            case .empty: "文件是空的。"
            case .binary: "这不是文本 CSV 文件（含有二进制内容）。"
            case .notGB18030: "文件既不是有效的 UTF-8 也不是 GB18030 编码。"
            case .notUTF8: "文件不是有效的 UTF-8 编码（可用 --encoding gb18030 指定）。"
            case .noDataRows: "文件只有表头，没有数据行。"
            }
        }
        var english: String {
            switch self {
            case .notFound(let path): "File not found: \(path)"
            case .empty: "The file is empty."
            case .binary: "This is not a text CSV file (it contains binary content)."
            case .notGB18030: "The file is neither valid UTF-8 nor GB18030."
            case .notUTF8: "The file is not valid UTF-8 (use --encoding gb18030)."
            case .noDataRows: "The file has a header row but no data rows."
            }
        }
        var description: String { "\(chinese) / \(english)" }
    }

    let path: String
    let encoding: Encoding
    let byteCount: Int64
    /// Physical lines in the file: the denominator of the progress bar (records can span lines, so it is an upper bound).
    let lineCount: Int
    private let readablePath: String
    private let temporaryCopy: String?
    private let reader: CSVRecordReader
    /// The record number of the row `next()` returned last, counted as a spreadsheet does (header = 1).
    private(set) var rowNumber = 0

    /// - Parameter forcedEncoding: skips detection, as `--encoding` asks.
    init(path: String, forcedEncoding: Encoding? = nil, temporaryDirectory: String = NSTemporaryDirectory()) throws {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let size = attributes[.size] as? NSNumber else { throw OpenError.notFound(path) }
        self.path = path
        self.byteCount = size.int64Value
        guard byteCount > 0 else { throw OpenError.empty }

        let sniff = try Self.sniff(path: path)
        if sniff.hasNUL { throw OpenError.binary }
        lineCount = sniff.lineCount
        let encoding = forcedEncoding ?? (sniff.isValidUTF8 ? .utf8 : .gb18030)
        if encoding == .utf8, !sniff.isValidUTF8 { throw OpenError.notUTF8 }
        self.encoding = encoding

        if encoding == .gb18030 {
            let copy = (temporaryDirectory as NSString).appendingPathComponent("gongjiang-import-\(UUID().uuidString).csv")
            try Self.transcodeGB18030(from: path, to: copy)
            temporaryCopy = copy
            readablePath = copy
        } else {
            temporaryCopy = nil
            readablePath = path
        }
        guard let reader = CSVRecordReader(path: readablePath) else { throw OpenError.notFound(path) }
        self.reader = reader
    }

    deinit {
        if let temporaryCopy { try? FileManager.default.removeItem(atPath: temporaryCopy) }
    }

    /// The next record that is not blank, or nil at the end.
    func next() -> [String]? {
        while let row = reader.next() {
            rowNumber += 1
            // Blank: every cell empty or spaces and tabs only (what `CharacterSet.whitespaces` holds); checked per
            // scalar, so an ordinary row stops at its first character without a Foundation round trip.
            if row.allSatisfy({ $0.unicodeScalars.allSatisfy { $0 == "\t" || $0.properties.generalCategory == .spaceSeparator } }) {
                continue
            }
            return row
        }
        return nil
    }

    /// One pass over the bytes: a NUL means binary; otherwise check UTF-8 validity with a small
    /// state machine, so a 200 MB file is read in 1 MiB pieces and never held whole.
    private static func sniff(path: String) throws -> (hasNUL: Bool, isValidUTF8: Bool, lineCount: Int) {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw OpenError.notFound(path) }
        defer { try? handle.close() }
        var validator = UTF8Validator()
        var lines = 0
        var lastByte: UInt8 = 0x0A
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            // Over the raw bytes: iterating `Data` byte by byte cost more than the rest of the pass.
            let hasNUL = chunk.withUnsafeBytes { bytes -> Bool in
                let buffer = bytes.bindMemory(to: UInt8.self)
                if memchr(buffer.baseAddress!, 0, buffer.count) != nil { return true }
                validator.feed(buffer)
                var count = 0
                for byte in buffer where byte == 0x0A { count += 1 }
                lines += count
                return false
            }
            if hasNUL { return (true, false, 0) }
            lastByte = chunk.last ?? lastByte
        }
        return (false, validator.isValid, lines + (lastByte == 0x0A ? 0 : 1))
    }

    /// GB18030 (a superset of GBK and GB2312) to UTF-8 through glibc's iconv, piece by piece.
    private static func transcodeGB18030(from source: String, to destination: String) throws {
        let converter = iconv_open("UTF-8", "GB18030")
        guard converter != iconv_t(bitPattern: -1) else { throw OpenError.notGB18030 }
        defer { iconv_close(converter) }
        guard let input = FileHandle(forReadingAtPath: source) else { throw OpenError.notFound(source) }
        defer { try? input.close() }
        FileManager.default.createFile(atPath: destination, contents: nil)
        guard let output = FileHandle(forWritingAtPath: destination) else { throw OpenError.notFound(destination) }
        defer { try? output.close() }

        var pending = [UInt8]()
        var outBuffer = [UInt8](repeating: 0, count: 4 << 20)
        while true {
            let chunk = try input.read(upToCount: 1 << 20) ?? Data()
            let atEnd = chunk.isEmpty
            pending.append(contentsOf: chunk)
            if pending.isEmpty { break }
            var consumed = 0
            var produced = 0
            let result: Int = pending.withUnsafeMutableBufferPointer { inPtr in
                outBuffer.withUnsafeMutableBufferPointer { outPtr in
                    var inBase: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inPtr.baseAddress!).assumingMemoryBound(to: CChar.self)
                    var inLeft = inPtr.count
                    var outBase: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outPtr.baseAddress!).assumingMemoryBound(to: CChar.self)
                    var outLeft = outPtr.count
                    let r = iconv(converter, &inBase, &inLeft, &outBase, &outLeft)
                    consumed = inPtr.count - inLeft
                    produced = outPtr.count - outLeft
                    return r == -1 ? Int(errno) : 0
                }
            }
            if produced > 0 { try output.write(contentsOf: Data(outBuffer[0..<produced])) }
            pending.removeFirst(consumed)
            if result == Int(EILSEQ) { throw OpenError.notGB18030 }
            // EINVAL: an incomplete character at the end of this piece; the next piece completes it.
            if atEnd {
                if !pending.isEmpty { throw OpenError.notGB18030 }
                break
            }
        }
    }
}

/// Incremental UTF-8 validation (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF).
struct UTF8Validator {
    private var needed = 0
    private var lowerBound: UInt8 = 0x80
    private var upperBound: UInt8 = 0xBF
    private(set) var hasError = false

    var isValid: Bool { !hasError && needed == 0 }

    mutating func feed(_ bytes: Data) {
        bytes.withUnsafeBytes { feed($0.bindMemory(to: UInt8.self)) }
    }

    mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard !hasError else { return }
        for byte in bytes {
            if needed == 0 {
                switch byte {
                case 0x00...0x7F: continue
                case 0xC2...0xDF: needed = 1
                case 0xE0: needed = 2; lowerBound = 0xA0
                case 0xE1...0xEC, 0xEE...0xEF: needed = 2
                case 0xED: needed = 2; upperBound = 0x9F
                case 0xF0: needed = 3; lowerBound = 0x90
                case 0xF1...0xF3: needed = 3
                case 0xF4: needed = 3; upperBound = 0x8F
                default: hasError = true; return
                }
            } else {
                guard byte >= lowerBound, byte <= upperBound else { hasError = true; return }
                lowerBound = 0x80
                upperBound = 0xBF
                needed -= 1
            }
        }
    }
}

import Foundation

/// Reads RFC 4180 records from a UTF-8 file, 1 MiB at a time.
///
/// Byte-level on purpose: in UTF-8 the bytes of `,` `"` CR and LF never occur inside a multi-byte character,
/// so records can be split without decoding, and each field is decoded once. The scalar-by-scalar reader this
/// replaced took about a tenth of a large import's time. Lenient where spreadsheets are: a lone CR ends a
/// record, a quote inside an unquoted field is kept as text, text after a closing quote is kept too.
final class CSVRecordReader {
    private static let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\""), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")

    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var position = 0
    private var atEnd = false

    init?(path: String) {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        self.handle = handle
    }

    deinit { try? handle.close() }

    private func refill() -> Bool {
        guard !atEnd else { return false }
        guard let data = try? handle.read(upToCount: 1 << 20), !data.isEmpty else {
            atEnd = true
            return false
        }
        buffer = [UInt8](data)
        position = 0
        return true
    }

    @inline(__always)
    private func nextByte() -> UInt8? {
        if position == buffer.count, !refill() { return nil }
        defer { position += 1 }
        return buffer[position]
    }

    @inline(__always)
    private func peekByte() -> UInt8? {
        if position == buffer.count, !refill() { return nil }
        return buffer[position]
    }

    /// The next record's fields, or nil at the end of the file.
    func next() -> [String]? {
        var fields: [String] = []
        var field: [UInt8] = []
        field.reserveCapacity(64)
        var inQuotes = false
        var fieldStarted = false
        var sawAnything = false

        while let byte = nextByte() {
            sawAnything = true
            if inQuotes {
                if byte == Self.quote {
                    if peekByte() == Self.quote {
                        position += 1
                        field.append(Self.quote)
                    } else {
                        inQuotes = false
                    }
                } else {
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case Self.comma:
                fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
                fieldStarted = false
            case Self.quote where !fieldStarted && field.isEmpty:
                inQuotes = true
                fieldStarted = true
            case Self.cr, Self.lf:
                if byte == Self.cr, peekByte() == Self.lf { position += 1 }
                fields.append(String(decoding: field, as: UTF8.self))
                return fields
            default:
                field.append(byte)
                fieldStarted = true
            }
        }
        guard sawAnything else { return nil }
        fields.append(String(decoding: field, as: UTF8.self))
        return fields
    }
}

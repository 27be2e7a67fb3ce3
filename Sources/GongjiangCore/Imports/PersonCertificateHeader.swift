/// Where each column of a `persons-certificates` file is, read from its header row.
public struct PersonCertificateHeader: Sendable {
    public let indexes: [PersonCertificateColumn: Int]
    /// Header cells that name no known column, as written (trimmed); listed in the import summary.
    public let unknownColumns: [String]

    /// Maps header cells (Chinese or English names, any order, trimmed, half-width-normalised,
    /// BOM stripped, case-insensitive for English) to column indexes.
    ///
    /// Beyond the letter of interchange.md, English headers may use spaces or hyphens for the
    /// underscore ("Issue Date"), and a leading or trailing "*" is ignored, because bureau templates
    /// mark required columns that way. Blank header cells (trailing empty columns that Excel keeps)
    /// are skipped silently.
    public init(cells: [String]) throws(HeaderError) {
        var indexes: [PersonCertificateColumn: Int] = [:]
        var unknown: [String] = []
        for (index, cell) in cells.enumerated() {
            let text = Self.clean(cell)
            guard !text.isEmpty else { continue }
            guard let column = Self.column(named: text) else {
                unknown.append(text)
                continue
            }
            guard indexes[column] == nil else { throw .duplicateColumn(column) }
            indexes[column] = index
        }
        guard !indexes.isEmpty || !unknown.isEmpty else { throw .empty }
        let missing = PersonCertificateColumn.allCases.filter { $0.isRequired && indexes[$0] == nil }
        guard missing.isEmpty else { throw .missingRequiredColumns(missing) }
        self.indexes = indexes
        self.unknownColumns = unknown
    }

    /// The cell of `column` in `row`, trimmed and half-width-normalised; nil when the column is
    /// absent, the row is short (spreadsheets drop trailing empty cells) or the cell is empty.
    public func value(_ column: PersonCertificateColumn, in row: [String]) -> String? {
        guard let index = indexes[column], row.indices.contains(index) else { return nil }
        let text = row[index].halfWidthNormalized
        return text.isEmpty ? nil : text
    }

    /// Strips a UTF-8 byte-order mark (Excel writes one before the first header), full-width forms,
    /// surrounding whitespace and required-column asterisks.
    private static func clean(_ cell: String) -> String {
        var text = cell.halfWidthNormalized
        while text.first == "\u{FEFF}" {
            text = String(text.dropFirst()).halfWidthNormalized
        }
        while text.first == "*" { text = String(text.dropFirst()).halfWidthNormalized }
        while text.last == "*" { text = String(text.dropLast()).halfWidthNormalized }
        return text
    }

    private static func column(named text: String) -> PersonCertificateColumn? {
        if let column = byChineseHeader[text] { return column }
        let english = String(text.lowercased().map { $0 == " " || $0 == "-" ? "_" : $0 })
        return PersonCertificateColumn(rawValue: english)
    }

    private static let byChineseHeader: [String: PersonCertificateColumn] =
        Dictionary(uniqueKeysWithValues: PersonCertificateColumn.allCases.map { ($0.chineseHeader, $0) })
}

public enum HeaderError: DomainError, Equatable {
    case empty
    case missingRequiredColumns([PersonCertificateColumn])
    case duplicateColumn(PersonCertificateColumn)

    public var code: String {
        switch self {
        case .empty: "header.empty"
        case .missingRequiredColumns: "header.missing-required-columns"
        case .duplicateColumn: "header.duplicate-column"
        }
    }

    public var chinese: String {
        switch self {
        case .empty:
            "文件缺少表头行"
        case .missingRequiredColumns(let columns):
            "缺少必填列：" + columns.map { "\($0.chineseHeader)（\($0.rawValue)）" }.joined(separator: "、")
        case .duplicateColumn(let column):
            "列“\(column.chineseHeader)（\(column.rawValue)）”出现了不止一次"
        }
    }

    public var english: String {
        switch self {
        case .empty:
            "The file has no header row"
        case .missingRequiredColumns(let columns):
            "Required columns are missing: " + columns.map { "\($0.rawValue) (\($0.chineseHeader))" }.joined(separator: ", ")
        case .duplicateColumn(let column):
            "The column \(column.rawValue) (\(column.chineseHeader)) appears more than once"
        }
    }
}

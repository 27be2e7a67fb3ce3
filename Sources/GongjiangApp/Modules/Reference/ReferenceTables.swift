import CSV
import Foundation

/// The policy tables shipped with the application (copies of `shared/domain`), read from the bundle.
enum ReferenceTables {
    enum LoadError: Error, CustomStringConvertible {
        case missing(String)
        case badRow(file: String, row: Int, column: String)
        var description: String {
            switch self {
            case .missing(let file): "参考数据文件缺失 / reference table missing: \(file)"
            case .badRow(let file, let row, let column): "参考数据 \(file) 第 \(row) 行 \(column) 列无效 / bad value in row \(row), column \(column)"
            }
        }
    }

    /// Rows of a bundled CSV as dictionaries keyed by header.
    static func rows(_ name: String) throws -> [[String: String]] {
        guard let url = Bundle.module.url(forResource: name, withExtension: "csv", subdirectory: "Resources/Reference") else {
            throw LoadError.missing(name)
        }
        let text = try String(contentsOf: url, encoding: .utf8)
        let reader = try CSVReader(string: text, hasHeaderRow: true)
        let header = reader.headerRow ?? []
        var result: [[String: String]] = []
        while let row = reader.next() {
            var dictionary: [String: String] = [:]
            for (index, key) in header.enumerated() where index < row.count {
                dictionary[key] = row[index].trimmingCharacters(in: .whitespaces)
            }
            result.append(dictionary)
        }
        return result
    }

    static func int(_ row: [String: String], _ key: String, file: String, line: Int) throws -> Int {
        guard let text = row[key], let value = Int(text) else { throw LoadError.badRow(file: file, row: line, column: key) }
        return value
    }
}

import Foundation
import Vapor

/// Every CSV the platform hands out (downloads, exports, the command line's error report) is written here, one way:
/// UTF-8 with a byte-order mark, so that Excel in a Chinese locale opens it as UTF-8 rather than GBK; CRLF line ends
/// and quoting as RFC 4180 asks; and every cell neutralised against formula injection, since these files go back
/// into spreadsheets (a cell starting with = + - @ or a tab would run as a formula there).
struct CSVDocument {
    static let byteOrderMark = "\u{FEFF}"

    private(set) var text: String

    init(header: [String]) {
        text = Self.byteOrderMark + Self.line(header)
    }

    mutating func append(_ cells: [String]) {
        text += Self.line(cells)
    }

    /// One record, with its line end.
    static func line(_ cells: [String]) -> String {
        cells.map { quoted(neutralised($0)) }.joined(separator: ",") + "\r\n"
    }

    /// A cell that would start a formula gets a leading apostrophe, which spreadsheets show as text.
    static func neutralised(_ value: String) -> String {
        guard let first = value.unicodeScalars.first else { return value }
        return "=+-@\t\r".unicodeScalars.contains(first) ? "'" + value : value
    }

    static func quoted(_ cell: String) -> String {
        cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            ? "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : cell
    }

    /// The document as a download.
    func response(fileName: String) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(fileName)\"")
        return Response(status: .ok, headers: headers, body: .init(string: text))
    }
}

/// One problem with one column of an imported row, as written to the import's error report
/// (interchange.md: source row number, column, code, message in Chinese and English).
public struct RowIssue: Sendable, Hashable {
    /// nil for a problem with the row as a whole.
    public let column: PersonCertificateColumn?
    public let code: String
    public let chinese: String
    public let english: String

    public init(column: PersonCertificateColumn?, code: String, chinese: String, english: String) {
        self.column = column
        self.code = code
        self.chinese = chinese
        self.english = english
    }
}

/// Every issue of a rejected row; a row is written whole or not at all.
public struct RowIssues: Error, Sendable, Hashable {
    public let issues: [RowIssue]

    public init(issues: [RowIssue]) {
        self.issues = issues
    }
}

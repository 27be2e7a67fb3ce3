import Testing
@testable import GongjiangCore

@Suite("persons-certificates header mapping")
struct PersonCertificateHeaderTests {
    static let chineseHeaders = PersonCertificateColumn.allCases.map(\.chineseHeader)
    static let englishHeaders = PersonCertificateColumn.allCases.map(\.rawValue)

    @Test("All Chinese headers map to their positions")
    func chineseHeadersMap() throws {
        let header = try PersonCertificateHeader(cells: Self.chineseHeaders)

        for (index, column) in PersonCertificateColumn.allCases.enumerated() {
            #expect(header.indexes[column] == index)
        }
        #expect(header.unknownColumns.isEmpty)
    }

    @Test("All English headers map to their positions")
    func englishHeadersMap() throws {
        let header = try PersonCertificateHeader(cells: Self.englishHeaders)

        #expect(header.indexes.count == 14)
        #expect(header.indexes[.issuerName] == 13)
    }

    @Test("Mixed languages in any order map by name, not position")
    func mixedAndReordered() throws {
        let cells = ["证书编号", "name", "发证日期", "ID_NUMBER", "所属区县", "Occupation Code", "等级", "issuer-name"]

        let header = try PersonCertificateHeader(cells: cells)

        #expect(header.indexes == [
            .certificateNumber: 0, .name: 1, .issueDate: 2, .idNumber: 3, .districtCode: 4,
            .occupationCode: 5, .level: 6, .issuerName: 7,
        ])
    }

    @Test("A byte-order mark, full-width letters, spaces and required-column asterisks are ignored")
    func decorationsAreIgnored() throws {
        let cells = ["\u{FEFF}姓名", " 证件号码 ", "*所属区县", "ｏｃｃｕｐａｔｉｏｎ＿ｃｏｄｅ", "\u{3000}等级",
                     "证书编号*", "\u{FEFF}issue_date", "ISSUER_NAME"]

        let header = try PersonCertificateHeader(cells: cells)

        #expect(header.indexes.count == 8)
        #expect(header.indexes[.name] == 0)
        #expect(header.indexes[.occupationCode] == 3)
        #expect(header.indexes[.issueDate] == 6)
        #expect(header.unknownColumns.isEmpty)
    }

    @Test("Unknown columns are listed, as written, and blank cells skipped")
    func unknownColumnsAreListed() throws {
        let cells = Self.chineseHeaders + ["备注", " Remarks ", "", "  "]

        let header = try PersonCertificateHeader(cells: cells)

        #expect(header.unknownColumns == ["备注", "Remarks"])
        #expect(header.indexes.count == 14)
    }

    @Test("Missing required columns are all named, in column order", arguments: [
        ([String](["姓名", "证件号码", "所属区县", "职业编码", "等级", "证书编号", "发证日期"]), [PersonCertificateColumn.issuerName]),
        (["姓名", "手机号"], [.idNumber, .districtCode, .occupationCode, .level, .certificateNumber, .issueDate, .issuerName]),
        (["备注"], PersonCertificateColumn.allCases.filter(\.isRequired)),
        (["证件号码", "所属区县", "职业编码", "等级", "证书编号", "发证日期", "评价机构", "工作单位"], [.name]),
    ])
    func missingRequiredColumnsAreNamed(cells: [String], missing: [PersonCertificateColumn]) {
        #expect(throws: HeaderError.missingRequiredColumns(missing)) { try PersonCertificateHeader(cells: cells) }
    }

    @Test("Optional columns may be absent")
    func optionalColumnsMayBeAbsent() throws {
        let required = PersonCertificateColumn.allCases.filter(\.isRequired).map(\.chineseHeader)

        let header = try PersonCertificateHeader(cells: required)

        #expect(header.indexes.count == 8)
        #expect(header.value(.phone, in: Array(repeating: "x", count: 8)) == nil)
    }

    @Test("A column given twice, in either language, is refused", arguments: [
        (["姓名", "name"], PersonCertificateColumn.name),
        (["证书编号", "证书编号"], .certificateNumber),
        (["Phone", "手机号"], .phone),
    ])
    func duplicateColumnsAreRefused(extra: [String], column: PersonCertificateColumn) {
        let cells = Self.chineseHeaders.filter { !extra.contains($0) } + extra

        #expect(throws: HeaderError.duplicateColumn(column)) { try PersonCertificateHeader(cells: cells) }
    }

    @Test("A header of no names is refused as empty", arguments: [[String](), [""], ["", " ", "\u{FEFF}"]])
    func emptyHeaderIsRefused(cells: [String]) {
        #expect(throws: HeaderError.empty) { try PersonCertificateHeader(cells: cells) }
    }

    @Test("value(_:in:) trims and half-width-normalises, and gives nil for empty, absent or out-of-range cells")
    func valueReading() throws {
        let header = try PersonCertificateHeader(cells: Self.englishHeaders)
        var row = Array(repeating: "", count: 14)
        row[0] = "  张三\u{3000}"
        row[2] = "１１０１０５１９４９１２３１００２ｘ"
        row[3] = "   "

        #expect(header.value(.name, in: row) == "张三")
        #expect(header.value(.idNumber, in: row) == "11010519491231002x")
        #expect(header.value(.phone, in: row) == nil)
        #expect(header.value(.idType, in: row) == nil)
        #expect(header.value(.issuerName, in: ["only one cell"]) == nil)
    }

    @Test("Header errors have stable codes and name the columns in both languages")
    func errorMessages() {
        let missing = HeaderError.missingRequiredColumns([.name, .issueDate])
        let duplicate = HeaderError.duplicateColumn(.level)

        #expect(HeaderError.empty.code == "header.empty")
        #expect(missing.code == "header.missing-required-columns")
        #expect(duplicate.code == "header.duplicate-column")
        #expect(missing.chinese.contains("姓名") && missing.chinese.contains("发证日期"))
        #expect(missing.english.contains("name") && missing.english.contains("issue_date"))
        #expect(duplicate.chinese.contains("等级") && duplicate.english.contains("level"))
    }
}

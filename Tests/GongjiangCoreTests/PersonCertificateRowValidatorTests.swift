import Testing
@testable import GongjiangCore

@Suite("persons-certificates row rules (interchange.md)")
struct PersonCertificateRowValidatorTests {
    // MARK: Fixtures

    static let reference = PersonCertificateReference(
        districts: ["320602": "崇川区", "320612": "通州区", "320614": "海门区", "320682": "如皋市"],
        occupations: ["6-18-02-04": "焊工", "6-31-01-03": "电工", "4-10-01-05": "养老护理员"],
        today: testToday)

    static let validValues: [PersonCertificateColumn: String] = [
        .name: "张三",
        .idType: "居民身份证",
        .idNumber: "11010519491231002X",
        .phone: "13800138000",
        .districtCode: "320602",
        .employerUSCC: "91110000600037341L",
        .employerName: "南通某某机械有限公司",
        .occupationCode: "6-18-02-04",
        .occupationName: "焊工",
        .workType: "电焊工",
        .level: "五级/初级工",
        .certificateNumber: "S000032100001235000123",
        .issueDate: "2023-05-01",
        .issuerName: "南通市某某职业技能等级认定中心",
    ]

    /// A row in the English header's column order, with the valid values overridden.
    static func validate(
        _ overrides: [PersonCertificateColumn: String] = [:]
    ) -> Result<ValidatedPersonCertificate, RowIssues> {
        let columns = PersonCertificateColumn.allCases
        let header = try! PersonCertificateHeader(cells: columns.map(\.rawValue))
        let values = validValues.merging(overrides) { $1 }
        let row = columns.map { values[$0] ?? "" }
        return PersonCertificateRowValidator.validate(row, header: header, reference: reference)
    }

    static func issues(_ overrides: [PersonCertificateColumn: String]) -> [RowIssue] {
        switch validate(overrides) {
        case .success: []
        case .failure(let failure): failure.issues
        }
    }

    static func accepted(_ overrides: [PersonCertificateColumn: String] = [:]) -> ValidatedPersonCertificate? {
        try? validate(overrides).get()
    }

    // MARK: A valid row

    @Test("A valid row comes back normalised")
    func validRowIsAccepted() throws {
        let record = try Self.validate().get()

        #expect(record == ValidatedPersonCertificate(
            name: "张三", idType: .residentID, idNumber: "11010519491231002X", sex: .female,
            birthDate: date(1949, 12, 31), phone: "13800138000", districtCode: "320602",
            employerUSCC: "91110000600037341L", employerName: "南通某某机械有限公司",
            occupationCode: "6-18-02-04", workType: "电焊工", level: .level5,
            certificateNumber: "S000032100001235000123", issueDate: date(2023, 5, 1),
            issuerName: "南通市某某职业技能等级认定中心"))
    }

    @Test("A row with only the required columns filled is accepted with defaults")
    func minimalRowIsAccepted() throws {
        let record = try Self.validate([
            .idType: "", .phone: "", .employerUSCC: "", .employerName: "", .occupationName: "", .workType: "",
        ]).get()

        #expect(record.idType == .residentID)
        #expect(record.phone == nil)
        #expect(record.employerUSCC == nil)
        #expect(record.employerName == nil)
        #expect(record.workType == "--")
    }

    @Test("Values are normalised: full-width, lower-case x, 15-digit ID, Chinese date, district name, +86")
    func valuesAreNormalised() throws {
        let record = try Self.validate([
            .idNumber: "110105491231002",
            .phone: "+86 138-0013-8000",
            .districtCode: "崇川区",
            .employerUSCC: "９１１１００００６０００３７３４１ｌ",
            .level: "５",
            .certificateNumber: "s000032100001235000123",
            .issueDate: "2023年5月1日",
            .name: "\u{3000}张三 ",
        ]).get()

        #expect(record.idNumber == "11010519491231002X")
        #expect(record.phone == "13800138000")
        #expect(record.districtCode == "320602")
        #expect(record.employerUSCC == "91110000600037341L")
        #expect(record.level == .level5)
        #expect(record.certificateNumber == "S000032100001235000123")
        #expect(record.issueDate == date(2023, 5, 1))
        #expect(record.name == "张三")
    }

    @Test("Names with ·, quotes, angle brackets and semicolons are data, accepted as written", arguments: [
        "阿卜杜热合曼·买买提", "O'Brien", "<script>alert(1)</script>", "Robert'); DROP TABLE persons;--",
        "张", String(repeating: "名", count: 50),
    ])
    func unusualButValidNamesAreAccepted(name: String) {
        #expect(Self.accepted([.name: name])?.name == name)
    }

    @Test("A work type written as none becomes --", arguments: ["", "--", "——", "—", "－－"])
    func noWorkTypeIsDoubleDash(text: String) {
        #expect(Self.accepted([.workType: text])?.workType == "--")
    }

    @Test("Other identity documents skip the GB 11643 check and have no sex or birth date", arguments: [
        ("护照", "E12345678", "E12345678"),
        ("passport", "e12345678", "E12345678"),
        ("港澳台居民居住证", "H1234567(8)", "H1234567(8)"),
        ("护照", "G1234", "G1234"),
        ("护照", String(repeating: "9", count: 30), String(repeating: "9", count: 30)),
        ("护照", "AB-12345", "AB-12345"),
    ])
    func otherDocumentsAreAcceptedByShape(type: String, number: String, normalised: String) throws {
        let record = try Self.validate([.idType: type, .idNumber: number]).get()

        #expect(record.idNumber == normalised)
        #expect(record.sex == nil)
        #expect(record.birthDate == nil)
    }

    @Test("Issue date and birth date on the boundary of today are accepted")
    func todayIsNotTheFuture() throws {
        let record = try Self.validate([
            .issueDate: testToday.description,
            .certificateNumber: "S000032100001255000123",
        ]).get()

        #expect(record.issueDate == testToday)
    }

    @Test("Limits are inclusive: 100-character organization names and 50-character work types pass")
    func limitsAreInclusive() {
        let record = Self.accepted([
            .employerName: String(repeating: "企", count: 100),
            .issuerName: String(repeating: "评", count: 100),
            .workType: String(repeating: "工", count: 50),
        ])

        #expect(record?.employerName?.count == 100)
        #expect(record?.issuerName.count == 100)
        #expect(record?.workType.count == 50)
    }

    @Test("A legacy 16-digit certificate number is accepted when its level and year agree")
    func legacyCertificateIsAccepted() {
        let record = Self.accepted([.certificateNumber: "2332061001300001", .level: "三级/高级工"])

        #expect(record?.certificateNumber == "2332061001300001")
        #expect(record?.level == .level3)
    }

    // MARK: One bad value at a time

    @Test("Each kind of bad value gives exactly one issue with its code, on its column", arguments: [
        // required values
        (PersonCertificateColumn.name, "", "required"),
        (.idNumber, "", "required"),
        (.districtCode, "", "required"),
        (.occupationCode, "", "required"),
        (.level, "", "required"),
        (.certificateNumber, "", "required"),
        (.issueDate, "   ", "required"),
        (.issuerName, "\u{3000}", "required"),
        // name
        (.name, String(repeating: "名", count: 51), "name.too-long"),
        (.name, "张\n三", "name.control-character"),
        (.name, "张\t三", "name.control-character"),
        (.name, "张\u{0}三", "name.control-character"),
        (.name, "\u{202E}三张", "name.control-character"),
        (.name, "张\u{200B}三", "name.control-character"),
        // id_type and id_number
        (.idType, "驾驶证", "id-type.unknown"),
        (.idNumber, "110105194912310021", "resident-id.check-digit"),
        (.idNumber, "11010519491231002", "resident-id.length"),
        (.idNumber, "11010519490231002X", "resident-id.birth-date"),
        (.idNumber, "11010520250701002X", "resident-id.birth-date-in-future"),
        (.idNumber, "1101051949123100A2", "resident-id.character"),
        // phone
        (.phone, "12345", "phone-number.invalid"),
        (.phone, "12800138000", "phone-number.invalid"),
        // district
        (.districtCode, "320699", "district-code.unknown"),
        (.districtCode, "南京市", "district-code.unknown"),
        // employer
        (.employerUSCC, "91110000600037341M", "credit-code.check-character"),
        (.employerUSCC, "9111000060003734", "credit-code.length"),
        (.employerUSCC, "9111000060003734OL", "credit-code.character"),
        (.employerName, String(repeating: "企", count: 101), "employer-name.too-long"),
        (.employerName, "某某\r\n公司", "employer-name.control-character"),
        // occupation
        (.occupationCode, "6-18-02", "occupation-code.malformed"),
        (.occupationCode, "9-99-99-99", "occupation-code.unknown"),
        (.occupationName, "电工", "occupation-name.mismatch"),
        // work type
        (.workType, String(repeating: "工", count: 51), "work-type.too-long"),
        (.workType, "电焊\u{7}工", "work-type.control-character"),
        // level
        (.level, "特级技师", "skill-level.unknown"),
        (.level, "6", "skill-level.unknown"),
        // certificate number, alone and against level and issue date
        (.certificateNumber, "S00003210000123500012", "certificate-number.length"),
        (.certificateNumber, "X000032100001235000123", "certificate-number.organization-type"),
        (.certificateNumber, "S000032100001236000123", "certificate-number.level-digit"),
        (.certificateNumber, "S000032100001245000123", "certificate-number.year-mismatch"),
        (.certificateNumber, "S000032100001234000123", "certificate-number.level-mismatch"),
        (.certificateNumber, "2332061001300001", "certificate-number.level-mismatch"),
        (.certificateNumber, "2332065001300001", "certificate-number.body-type"),
        // issue date
        (.issueDate, "2023-02-30", "civil-date.impossible"),
        (.issueDate, "2023-13-01", "civil-date.impossible"),
        (.issueDate, "yesterday", "civil-date.unreadable"),
        (.issueDate, "2025-07-01", "issue-date.in-future"),
        // issuer
        (.issuerName, String(repeating: "评", count: 101), "issuer-name.too-long"),
        (.issuerName, "中心\u{1B}[31m", "issuer-name.control-character"),
    ])
    func badValueGivesOneIssue(column: PersonCertificateColumn, value: String, code: String) throws {
        let issues = Self.issues([column: value])

        try #require(issues.count == 1, "\(issues.map(\.code))")
        #expect(issues[0].code == code)
        #expect(issues[0].column == column)
        #expect(issues[0].chinese.contains(column.chineseHeader))
        #expect(issues[0].english.contains(column.rawValue))
    }

    @Test("A stated level that disagrees with the number is reported on certificate_number")
    func levelMismatchIsOnTheNumber() throws {
        let issues = Self.issues([.level: "四级"])

        try #require(issues.count == 1)
        #expect(issues[0].column == .certificateNumber)
        #expect(issues[0].code == "certificate-number.level-mismatch")
        #expect(issues[0].chinese.contains("S000032100001235000123"))
    }

    @Test("An issue date whose year disagrees with the number is reported on certificate_number")
    func yearMismatchIsOnTheNumber() throws {
        let issues = Self.issues([.issueDate: "2024-01-02"])

        try #require(issues.count == 1)
        #expect(issues[0].column == .certificateNumber)
        #expect(issues[0].code == "certificate-number.year-mismatch")
    }

    @Test("No cross-check is made against a level or date that is itself bad")
    func noCrossCheckAgainstBadValues() {
        #expect(Self.issues([.level: "特级技师"]).map(\.code) == ["skill-level.unknown"])
        #expect(Self.issues([.issueDate: "2024-02-30"]).map(\.code) == ["civil-date.impossible"])
        #expect(Self.issues([.issueDate: "2026-01-01"]).map(\.code) == ["issue-date.in-future"])
    }

    @Test("Other documents with a malformed number are refused by shape", arguments: [
        "E123", String(repeating: "9", count: 31), "E1234 5678", "E12345678#", "护照号12345",
    ])
    func otherDocumentsMalformed(number: String) throws {
        let issues = Self.issues([.idType: "护照", .idNumber: number])

        try #require(issues.count == 1)
        #expect(issues[0].code == "id-number.malformed")
        #expect(issues[0].column == .idNumber)
    }

    @Test("An unknown id_type is the only issue: the number is not judged without a type")
    func unknownIDTypeSkipsNumberCheck() {
        #expect(Self.issues([.idType: "驾驶证", .idNumber: "320602001"]).map(\.code) == ["id-type.unknown"])
    }

    @Test("The occupation name is not compared when the code is unknown")
    func occupationNameNeedsAKnownCode() {
        #expect(Self.issues([.occupationCode: "9-99-99-99", .occupationName: "电工"]).map(\.code)
                == ["occupation-code.unknown"])
    }

    @Test("A full-width occupation name matching the catalogue is accepted")
    func occupationNameIsNormalised() {
        #expect(Self.accepted([.occupationCode: "６－１８－０２－０４", .occupationName: " 焊工 "])?.occupationCode == "6-18-02-04")
    }

    // MARK: Whole rows

    @Test("Every bad column is reported, in column order, not just the first")
    func allIssuesAreReported() {
        let issues = Self.issues([
            .name: "",
            .idNumber: "110105194912310021",
            .phone: "123",
            .districtCode: "999999",
            .employerUSCC: "91110000600037341M",
            .occupationCode: "6-18",
            .level: "九级",
            .certificateNumber: "S0000",
            .issueDate: "2023-02-30",
            .issuerName: "",
        ])

        #expect(issues.map(\.code) == [
            "required", "resident-id.check-digit", "phone-number.invalid", "district-code.unknown",
            "credit-code.check-character", "occupation-code.malformed", "skill-level.unknown",
            "civil-date.impossible", "certificate-number.length", "required",
        ])
        #expect(issues.map(\.column) == [
            .name, .idNumber, .phone, .districtCode, .employerUSCC, .occupationCode, .level, .issueDate,
            .certificateNumber, .issuerName,
        ])
    }

    @Test("A short row (trailing cells dropped by the spreadsheet) reports the missing required values")
    func shortRowReportsMissingValues() {
        let header = try! PersonCertificateHeader(cells: PersonCertificateColumn.allCases.map(\.rawValue))
        let row = ["张三", "", "11010519491231002X", "", "320602"]

        let result = PersonCertificateRowValidator.validate(row, header: header, reference: Self.reference)

        guard case .failure(let failure) = result else { Issue.record("accepted a short row"); return }
        #expect(failure.issues.map(\.column) == [.occupationCode, .level, .issueDate, .certificateNumber, .issuerName])
        #expect(Set(failure.issues.map(\.code)) == ["required"])
    }

    @Test("Columns may come in any order and in Chinese")
    func headerOrderDoesNotMatter() throws {
        let columns = PersonCertificateColumn.allCases.reversed()
        let header = try PersonCertificateHeader(cells: columns.map(\.chineseHeader))
        let row = columns.map { Self.validValues[$0] ?? "" }

        let record = try PersonCertificateRowValidator.validate(row, header: header, reference: Self.reference).get()

        #expect(record.idNumber == "11010519491231002X")
        #expect(record.issuerName == "南通市某某职业技能等级认定中心")
    }

    @Test("Messages for a bad value quote the value in both languages", arguments: [
        (PersonCertificateColumn.employerUSCC, "91110000600037341M"),
        (.certificateNumber, "S000032100001234000123"),
        (.phone, "12345"),
        (.issueDate, "2023-02-3x"),
        (.districtCode, "320699"),
        (.occupationCode, "9-99-99-99"),
        (.level, "特级技师"),
    ])
    func messagesQuoteTheValue(column: PersonCertificateColumn, value: String) throws {
        let issue = try #require(Self.issues([column: value]).first)

        #expect(issue.chinese.contains(value))
        #expect(issue.english.contains(value))
    }

    @Test("A bad ID number is quoted masked, whatever its spacing, and a huge value is cut short", arguments: [
        ("110105194912310021", "110105********0021"),
        ("320602 19900101 1099", "320602********1099"),
        ("138-1234-5678", "138****5678"),
    ])
    func messagesMaskIdentifiers(value: String, shown: String) throws {
        let issue = try #require(Self.issues([.idNumber: value]).first)

        #expect(issue.chinese.contains(shown))
        #expect(issue.english.contains(shown))
        #expect(!issue.chinese.contains(value))
    }

    @Test("A name of 200,000 characters is quoted in at most 41")
    func longValuesAreCutShort() throws {
        let issue = try #require(Self.issues([.name: String(repeating: "长", count: 200_000)]).first)

        #expect(issue.chinese.count < 200)
        #expect(issue.english.count < 200)
    }

    @Test("The required-value message names the column in both languages")
    func requiredMessage() throws {
        let issue = try #require(Self.issues([.issuerName: ""]).first)

        #expect(issue.chinese == "缺少必填项“评价机构”")
        #expect(issue.english == "The required value issuer_name is missing")
    }

    @Test("District lookup accepts the code or the name, and a shared name resolves to the smallest code")
    func districtLookup() {
        let reference = PersonCertificateReference(
            districts: ["320684": "海门市", "320614": "海门区", "320699": "海门区"], occupations: [:], today: testToday)

        #expect(reference.districtCode(for: "320684") == "320684")
        #expect(reference.districtCode(for: "海门区") == "320614")
        #expect(reference.districtCode(for: "海门") == nil)
    }
}

import Testing
@testable import GongjiangCore

@Suite("persons-certificates columns (interchange.md)")
struct PersonCertificateColumnTests {
    @Test("Each column has the English and Chinese header and required flag of interchange.md", arguments: [
        (PersonCertificateColumn.name, "name", "姓名", true),
        (.idType, "id_type", "证件类型", false),
        (.idNumber, "id_number", "证件号码", true),
        (.phone, "phone", "手机号", false),
        (.districtCode, "district_code", "所属区县", true),
        (.employerUSCC, "employer_uscc", "工作单位统一社会信用代码", false),
        (.employerName, "employer_name", "工作单位", false),
        (.occupationCode, "occupation_code", "职业编码", true),
        (.occupationName, "occupation_name", "职业名称", false),
        (.workType, "work_type", "工种", false),
        (.level, "level", "等级", true),
        (.certificateNumber, "certificate_number", "证书编号", true),
        (.issueDate, "issue_date", "发证日期", true),
        (.issuerName, "issuer_name", "评价机构", true),
    ])
    func columnContract(column: PersonCertificateColumn, english: String, chinese: String, required: Bool) {
        #expect(column.rawValue == english)
        #expect(column.chineseHeader == chinese)
        #expect(column.isRequired == required)
    }

    @Test("There are 14 columns, 8 of them required, in the order of interchange.md")
    func columnCounts() {
        #expect(PersonCertificateColumn.allCases.count == 14)
        #expect(PersonCertificateColumn.allCases.filter(\.isRequired).count == 8)
        #expect(PersonCertificateColumn.allCases.first == .name)
        #expect(PersonCertificateColumn.allCases.last == .issuerName)
    }
}

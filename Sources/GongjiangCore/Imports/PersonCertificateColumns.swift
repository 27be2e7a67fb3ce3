/// The columns of the `persons-certificates` import (interchange.md). The raw value is the English
/// header, a contract operators script against.
public enum PersonCertificateColumn: String, CaseIterable, Sendable {
    case name
    case idType = "id_type"
    case idNumber = "id_number"
    case phone
    case districtCode = "district_code"
    case employerUSCC = "employer_uscc"
    case employerName = "employer_name"
    case occupationCode = "occupation_code"
    case occupationName = "occupation_name"
    case workType = "work_type"
    case level
    case certificateNumber = "certificate_number"
    case issueDate = "issue_date"
    case issuerName = "issuer_name"

    /// The Chinese header of interchange.md, accepted in place of the English one.
    public var chineseHeader: String {
        switch self {
        case .name: "姓名"
        case .idType: "证件类型"
        case .idNumber: "证件号码"
        case .phone: "手机号"
        case .districtCode: "所属区县"
        case .employerUSCC: "工作单位统一社会信用代码"
        case .employerName: "工作单位"
        case .occupationCode: "职业编码"
        case .occupationName: "职业名称"
        case .workType: "工种"
        case .level: "等级"
        case .certificateNumber: "证书编号"
        case .issueDate: "发证日期"
        case .issuerName: "评价机构"
        }
    }

    /// A missing required column stops the import before any row is written (interchange.md).
    public var isRequired: Bool {
        switch self {
        case .name, .idNumber, .districtCode, .occupationCode, .level, .certificateNumber, .issueDate, .issuerName:
            true
        case .idType, .phone, .employerUSCC, .employerName, .occupationName, .workType:
            false
        }
    }

    /// The prefix of row-issue codes for this column: the English header in kebab-case
    /// ("issue-date.in-future").
    var codePrefix: String { rawValue.replacingUnderscoresWithHyphens }
}

extension String {
    fileprivate var replacingUnderscoresWithHyphens: String {
        String(map { $0 == "_" ? "-" : $0 })
    }
}

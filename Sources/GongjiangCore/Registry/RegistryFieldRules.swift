/// The rules of a person's and an organization's fields, one set for every way a record arrives: an import row
/// (which names the column) and the API (which names the property) call the same functions and report the same codes.
/// Each refusal carries the reason without the field's name; the caller says which field it was.
public enum RegistryFieldRules {
    /// interchange.md: a person's name has 1–50 characters.
    public static let maximumPersonNameLength = 50
    /// interchange.md: an organization's (employer's, issuer's) name has 1–100 characters.
    public static let maximumOrganizationNameLength = 100
    /// Passport and residence-permit numbers vary by issuing country; this only keeps out garbage.
    public static let otherIDNumberLengths = 5...30

    /// Free text (a name): no control or invisible format character, at most `maximumLength` characters as people
    /// count them. Quotes, angle brackets and semicolons are only text: storage binds parameters, pages escape.
    /// Codes: `<field>.control-character`, `<field>.too-long`.
    public static func freeText(_ text: String, field: String, maximumLength: Int) throws(FieldRefusal) -> String {
        if text.unicodeScalars.contains(where: { !$0.isPlainTextFastPath && $0.isControlOrFormat }) {
            throw FieldRefusal(code: "\(field).control-character", chinese: "含有控制字符（如换行、制表符或不可见的方向控制符）",
                               english: "contains a control character (such as a line break, tab or invisible direction mark)")
        }
        // A character is at least one UTF-8 byte, so a text of no more bytes than the limit needs no counting.
        if text.utf8.count > maximumLength, text.count > maximumLength {
            throw FieldRefusal(code: "\(field).too-long", chinese: "超过 \(maximumLength) 个字符（实为 \(text.count) 个）",
                               english: "is longer than \(maximumLength) characters (\(text.count))")
        }
        return text
    }

    /// The document type, by its Chinese name or code; code `id-type.unknown`.
    public static func idType(_ text: String) throws(FieldRefusal) -> IDType {
        guard let type = IDType(parsing: text) else {
            throw FieldRefusal(code: "id-type.unknown", chinese: "无法识别，应为 居民身份证、港澳台居民居住证 或 护照",
                               english: "is not known; use 居民身份证 (resident-id), 港澳台居民居住证 (residence-permit) or 护照 (passport)")
        }
        return type
    }

    /// A residence-permit or passport number, by shape only (upper-cased); code `id-number.malformed`. Resident ID
    /// numbers go through `ResidentID`, which checks GB 11643 whole.
    public static func otherIDNumber(_ text: String, type: IDType) throws(FieldRefusal) -> String {
        let normalized = text.uppercased()
        guard otherIDNumberLengths.contains(normalized.count),
              normalized.allSatisfy({ $0.isASCIIDigit || ("A"..."Z").contains($0) || "()-".contains($0) }) else {
            throw FieldRefusal(code: "id-number.malformed",
                               chinese: "格式错误：\(type.rawValue)号码应为 5–30 位字母、数字、括号或连字符",
                               english: "is malformed: a \(type.englishCode) number has 5–30 letters, digits, brackets or hyphens")
        }
        return normalized
    }

    /// One of the city's districts, by its GB/T 2260 code or its Chinese name; code `district-code.unknown`.
    public static func districtCode(_ text: String, in districts: DistrictDirectory) throws(FieldRefusal) -> String {
        guard let code = districts.code(for: text) else {
            throw FieldRefusal(code: "district-code.unknown", chinese: "不是本市的区县代码或名称",
                               english: "is neither the code nor the name of one of the city's districts")
        }
        return code
    }

    /// An organization's kind by its code; code `kind.unknown`.
    public static func organizationKind(_ text: String) throws(FieldRefusal) -> OrganizationKind {
        guard let kind = OrganizationKind(rawValue: text) else {
            throw FieldRefusal(code: "kind.unknown", chinese: "单位类型无效，应为 \(OrganizationKind.allCases.map(\.rawValue).joined(separator: "、"))",
                               english: "must be one of \(OrganizationKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return kind
    }
}

/// Why a field's value was refused: a stable code and the reason in both languages, without the field's name.
public struct FieldRefusal: DomainError, Equatable {
    public let code: String
    public let chinese: String
    public let english: String

    public init(code: String, chinese: String, english: String) {
        self.code = code
        self.chinese = chinese
        self.english = english
    }
}

/// The city's districts by GB/T 2260 code, found by code or by Chinese name.
public struct DistrictDirectory: Sendable {
    /// Code → Chinese name.
    public let names: [String: String]
    private let codesByName: [String: String]

    public init(_ names: [String: String]) {
        self.names = names
        // When two codes share a name (a renamed division kept for old records), the smallest code wins, so the
        // result does not depend on dictionary order.
        var byName: [String: String] = [:]
        for (code, name) in names.sorted(by: { $0.key < $1.key }) {
            let key = name.halfWidthNormalized
            if byName[key] == nil { byName[key] = code }
        }
        codesByName = byName
    }

    public func code(for text: String) -> String? {
        if names[text] != nil { return text }
        return codesByName[text]
    }
}

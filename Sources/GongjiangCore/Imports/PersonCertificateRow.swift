/// The rules of one `persons-certificates` row (interchange.md), with no I/O: the app reads the
/// file, looks up reference data, and writes what this returns.
public enum PersonCertificateRowValidator {
    public static let maximumNameLength = 50
    public static let maximumOrganizationNameLength = 100
    public static let maximumWorkTypeLength = 50
    /// Passport and residence-permit numbers vary by issuing country; this only keeps out garbage.
    public static let otherIDNumberLengths = 5...30

    /// Validates a whole row; returns every issue found (one per bad column), never stops at the
    /// first, so that the error report lets a clerk fix a row in one pass.
    public static func validate(
        _ row: [String],
        header: PersonCertificateHeader,
        reference: PersonCertificateReference
    ) -> Result<ValidatedPersonCertificate, RowIssues> {
        var report = IssueCollector()

        func optional(_ column: PersonCertificateColumn) -> String? {
            header.value(column, in: row)
        }
        func required(_ column: PersonCertificateColumn) -> String? {
            guard let text = header.value(column, in: row) else {
                report.add(.required(column))
                return nil
            }
            return text
        }

        // name: 1–50 characters; quotes, angle brackets and semicolons are just text here (the
        // storage layer binds parameters and pages escape output), but control characters are not.
        let name = required(.name).flatMap { text in
            report.checkFreeText(text, column: .name, maximumLength: maximumNameLength)
        }

        // id_type: default 居民身份证.
        var idType: IDType? = .residentID
        if let text = optional(.idType) {
            idType = IDType(parsing: text)
            if idType == nil {
                report.add(RowIssue(
                    column: .idType, code: "id-type.unknown",
                    chinese: "证件类型“\(Masking.quote(text))”无法识别，应为 居民身份证、港澳台居民居住证 或 护照",
                    english: "id_type “\(Masking.quote(text))” is not known; use 居民身份证 (resident-id), 港澳台居民居住证 (residence-permit) or 护照 (passport)"))
            }
        }

        // id_number: GB 11643-1999 for resident IDs; other documents only by shape. When the type
        // itself is unreadable there is no rule to apply, and the id_type issue says why.
        var idNumber: String?
        var sex: Sex?
        var birthDate: CivilDate?
        if let text = required(.idNumber), let idType {
            switch idType {
            case .residentID:
                do {
                    let id = try ResidentID(text, today: reference.today)
                    idNumber = id.value
                    sex = id.sex
                    birthDate = id.birthDate
                } catch {
                    report.add(error, column: .idNumber, value: text)
                }
            case .residencePermit, .passport:
                let normalized = text.uppercased()
                if otherIDNumberLengths.contains(normalized.count),
                   normalized.allSatisfy({ $0.isASCIIDigit || ("A"..."Z").contains($0) || "()-".contains($0) }) {
                    idNumber = normalized
                } else {
                    report.add(RowIssue(
                        column: .idNumber, code: "id-number.malformed",
                        chinese: "证件号码“\(Masking.quote(text))”格式错误：\(idType.rawValue)号码应为 5–30 位字母、数字、括号或连字符",
                        english: "id_number “\(Masking.quote(text))” is malformed: a \(idType.englishCode) number has 5–30 letters, digits, brackets or hyphens"))
                }
            }
        }

        var phone: String?
        if let text = optional(.phone) {
            do {
                phone = try PhoneNumber(text).value
            } catch {
                report.add(error, column: .phone)
            }
        }

        var districtCode: String?
        if let text = required(.districtCode) {
            districtCode = reference.districtCode(for: text)
            if districtCode == nil {
                report.add(RowIssue(
                    column: .districtCode, code: "district-code.unknown",
                    chinese: "所属区县“\(Masking.quote(text))”不是本市的区县代码或名称",
                    english: "district_code “\(Masking.quote(text))” is neither the code nor the name of one of the city's districts"))
            }
        }

        var employerUSCC: String?
        if let text = optional(.employerUSCC) {
            do {
                employerUSCC = try CreditCode(text).value
            } catch {
                report.add(error, column: .employerUSCC, value: text)
            }
        }

        let employerName = optional(.employerName).flatMap { text in
            report.checkFreeText(text, column: .employerName, maximumLength: maximumOrganizationNameLength)
        }

        var occupationCode: String?
        var catalogueName: String?
        if let text = required(.occupationCode) {
            do {
                let code = try OccupationCode(text)
                if let name = reference.occupations[code.value] {
                    occupationCode = code.value
                    catalogueName = name
                } else {
                    report.add(RowIssue(
                        column: .occupationCode, code: "occupation-code.unknown",
                        chinese: "职业编码“\(Masking.quote(text))”不在职业目录中",
                        english: "occupation_code “\(Masking.quote(text))” is not in the occupation catalogue"))
                }
            } catch {
                report.add(error, column: .occupationCode)
            }
        }

        // occupation_name is a cross-check only: when given it must be the catalogue's name, which
        // catches a code typed for the wrong occupation. Nothing to compare when the code failed.
        if let text = optional(.occupationName), let catalogueName, text != catalogueName.halfWidthNormalized {
            report.add(RowIssue(
                column: .occupationName, code: "occupation-name.mismatch",
                chinese: "职业名称“\(Masking.quote(text))”与职业编码对应的名称“\(catalogueName)”不一致",
                english: "occupation_name “\(Masking.quote(text))” does not match the catalogue name “\(catalogueName)” of the occupation code"))
        }

        // work_type: a certificate shows "--" when there is none, never a blank (rules.md). A Chinese
        // input method turns "--" into "——" or "—", so those mean none too.
        var workType: String? = "--"
        if let text = optional(.workType), text != "--", text != "—", text != "——" {
            workType = report.checkFreeText(text, column: .workType, maximumLength: maximumWorkTypeLength)
        }

        var level: SkillLevel?
        if let text = required(.level) {
            do {
                level = try SkillLevel(parsing: text)
            } catch {
                report.add(error, column: .level)
            }
        }

        var issueDate: CivilDate?
        if let text = required(.issueDate) {
            do {
                let date = try CivilDate(parsing: text)
                if date > reference.today {
                    report.add(RowIssue(
                        column: .issueDate, code: "issue-date.in-future",
                        chinese: "发证日期 \(date) 晚于今天（\(reference.today)）",
                        english: "issue_date \(date) is after today (\(reference.today))"))
                } else {
                    issueDate = date
                }
            } catch {
                report.add(error, column: .issueDate)
            }
        }

        // certificate_number, then the cross-column checks of interchange.md (level digit and year
        // inside the number), reported on the number because that is what a clerk would correct
        // or check against the paper certificate.
        var certificateNumber: String?
        if let text = required(.certificateNumber) {
            do {
                let number = try CertificateNumber(text)
                if let level, let issueDate {
                    try number.check(level: level, issueDate: issueDate)
                }
                certificateNumber = number.value
            } catch {
                report.add(error, column: .certificateNumber, value: text)
            }
        }

        let issuerName = required(.issuerName).flatMap { text in
            report.checkFreeText(text, column: .issuerName, maximumLength: maximumOrganizationNameLength)
        }

        guard report.issues.isEmpty,
              let name, let idType, let idNumber, let districtCode, let occupationCode, let workType,
              let level, let certificateNumber, let issueDate, let issuerName
        else { return .failure(RowIssues(issues: report.issues)) }

        return .success(ValidatedPersonCertificate(
            name: name, idType: idType, idNumber: idNumber, sex: sex, birthDate: birthDate,
            phone: phone, districtCode: districtCode, employerUSCC: employerUSCC, employerName: employerName,
            occupationCode: occupationCode, workType: workType, level: level,
            certificateNumber: certificateNumber, issueDate: issueDate, issuerName: issuerName))
    }
}

/// Gathers a row's issues in column order.
private struct IssueCollector {
    private(set) var issues: [RowIssue] = []

    mutating func add(_ issue: RowIssue) {
        issues.append(issue)
    }

    /// Wraps a value type's error, naming the column first. `value` is given when the error's own
    /// message does not already quote the text.
    mutating func add(_ error: some DomainError, column: PersonCertificateColumn, value: String? = nil) {
        let quoted = value.map { "“\(Masking.quote($0))”" } ?? ""
        issues.append(RowIssue(
            column: column, code: error.code,
            chinese: "\(column.chineseHeader)\(quoted)：\(error.chinese)",
            english: "\(column.rawValue)\(value == nil ? "" : " ")\(quoted): \(error.english)"))
    }

    /// Length (in characters as people count them) and control characters of a free-text cell.
    /// Returns the text when it passes.
    mutating func checkFreeText(_ text: String, column: PersonCertificateColumn, maximumLength: Int) -> String? {
        if text.unicodeScalars.contains(where: { !$0.isPlainTextFastPath && $0.isControlOrFormat }) {
            add(RowIssue(
                column: column, code: "\(column.codePrefix).control-character",
                chinese: "\(column.chineseHeader)含有控制字符（如换行、制表符或不可见的方向控制符）",
                english: "\(column.rawValue) contains a control character (such as a line break, tab or invisible direction mark)"))
            return nil
        }
        // A character is at least one UTF-8 byte, so a text of no more bytes than the limit needs no counting.
        if text.utf8.count > maximumLength, text.count > maximumLength {
            add(RowIssue(
                column: column, code: "\(column.codePrefix).too-long",
                chinese: "\(column.chineseHeader)“\(Masking.quote(text))”超过 \(maximumLength) 个字符（实为 \(text.count) 个）",
                english: "\(column.rawValue) “\(Masking.quote(text))” is longer than \(maximumLength) characters (\(text.count))"))
            return nil
        }
        return text
    }
}

extension RowIssue {
    /// A required value is missing (interchange.md "required: yes").
    static func required(_ column: PersonCertificateColumn) -> RowIssue {
        RowIssue(
            column: column, code: "required",
            chinese: "缺少必填项“\(column.chineseHeader)”",
            english: "The required value \(column.rawValue) is missing")
    }
}

/// The rules of one `persons-certificates` row (interchange.md), with no I/O: the app reads the
/// file, looks up reference data, and writes what this returns.
public enum PersonCertificateRowValidator {
    public static let maximumNameLength = RegistryFieldRules.maximumPersonNameLength
    public static let maximumOrganizationNameLength = RegistryFieldRules.maximumOrganizationNameLength
    public static let maximumWorkTypeLength = 50

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
            do { idType = try RegistryFieldRules.idType(text) } catch {
                idType = nil
                report.add(error, column: .idType, value: text)
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
                do { idNumber = try RegistryFieldRules.otherIDNumber(text, type: idType) } catch {
                    report.add(error, column: .idNumber, value: text)
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
            do { districtCode = try RegistryFieldRules.districtCode(text, in: reference.directory) } catch {
                report.add(error, column: .districtCode, value: text)
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
        do {
            return try RegistryFieldRules.freeText(text, field: column.codePrefix, maximumLength: maximumLength)
        } catch {
            // A control character is not quoted: it would break the report's line.
            add(error, column: column, value: error.code.hasSuffix(".too-long") ? text : nil)
            return nil
        }
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

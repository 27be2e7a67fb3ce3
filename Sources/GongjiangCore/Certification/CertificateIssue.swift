import Foundation

/// Numbers and rules for certificates the platform issues.
public enum CertificateIssue {
    /// The highest serial a number can carry: six digits (certificate-number.md, positions 17–22).
    public static let maximumSerial = 999_999

    /// The parts of a filing that go into every number it issues.
    public struct Issuer: Sendable, Equatable {
        public var type: EvaluationOrganizationType
        /// Positions 2–5: the ministry's code, 0000 when filed at provincial level.
        public var organizationCode: String
        /// Positions 6–7.
        public var provinceCode: String
        /// Positions 8–13: the organization/site serial the provincial bureau assigned.
        public var siteSerial: String

        public init(type: EvaluationOrganizationType, organizationCode: String, provinceCode: String, siteSerial: String) {
            self.type = type
            self.organizationCode = organizationCode
            self.provinceCode = provinceCode
            self.siteSerial = siteSerial
        }

        /// Checks the assigned codes when the city approves a filing: four digits, two digits, six digits.
        public func validate() throws(CertificationRefusal) {
            func digits(_ text: String, _ count: Int) -> Bool { text.count == count && text.allSatisfy(\.isASCIIDigit) }
            guard digits(organizationCode, 4) else { throw .issuerCode("organization-code", organizationCode) }
            guard digits(provinceCode, 2) else { throw .issuerCode("province-code", provinceCode) }
            guard digits(siteSerial, 6) else { throw .issuerCode("site-serial", siteSerial) }
        }
    }

    /// The number of the `serial`-th certificate of `level` that `issuer` issues in `year`.
    ///
    /// Levels 5–1 take the 22-character national format (人社鉴发〔2019〕2号). 特级技师 and 首席技师 take "another
    /// format (2 letters + 20 digits)" (certificate-number.md), whose layout the reference does not give; the platform
    /// writes the pinyin initials of the rung, TJ (特级) or SX (首席), then 20 digits: code + province + site + year +
    /// serial (2 + 4 + 2 + 6 + 2 + 6). A national number never has a letter in position 2, so the formats cannot
    /// collide.
    public static func number(issuer: Issuer, year: Int, level: SkillLevel, serial: Int) throws(CertificationRefusal) -> String {
        guard (1...maximumSerial).contains(serial) else { throw .serialsExhausted }
        let serialText = String(serial).leftPadded(to: 6)
        let yearText = String(year % 100).leftPadded(to: 2)
        switch level {
        case .level5, .level4, .level3, .level2, .level1:
            do {
                return try NationalCertificateNumber(
                    organizationType: issuer.type, organizationCode: issuer.organizationCode, provinceCode: issuer.provinceCode,
                    siteSerial: issuer.siteSerial, yearOfIssue: year % 100, level: level, serial: serialText).value
            } catch {
                throw .issuerCode("number", issuer.type.rawValue + issuer.organizationCode + issuer.provinceCode + issuer.siteSerial)
            }
        case .principalTechnician, .chiefTechnician:
            guard issuer.type == .employer else { throw .levelOnlyForEmployers(level) }
            let letters = level == .principalTechnician ? "TJ" : "SX"
            return letters + issuer.organizationCode + issuer.provinceCode + issuer.siteSerial
                + yearText + serialText
        case .apprentice:
            throw .levelNotCertifiable(level)
        }
    }

    /// The application conditions an employer uses for 特级技师 and 首席技师 unless it files its own: the two rungs
    /// sit above 高级技师 (人社部发〔2022〕14号), so the default asks for the rung below held for some years. The years
    /// are the platform's default, not a national rule; each enterprise's own prerequisites replace them.
    public static let enterpriseTopRungDefault = ApplicationConditions(routes: [
        .principalTechnician: [.yearsAfterCertificate(.level1, years: 5)],
        .chiefTechnician: [.yearsAfterCertificate(.principalTechnician, years: 3)],
    ], effectiveFrom: CivilDate(uncheckedYear: 2022, month: 1, day: 1))

    /// How a level is written on a certificate: 中文数字+级/名称 (rules.md), e.g. 三级/高级工; the two top rungs by name.
    public static func levelText(_ level: SkillLevel) -> String { level.chineseName }

    /// The work type as printed: "--" when none, never blank (rules.md).
    public static func workTypeText(_ workType: String?) -> String {
        let text = (workType ?? "").trimmingCharacters(in: .whitespaces)
        return text.isEmpty ? "--" : text
    }
}

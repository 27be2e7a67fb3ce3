import Fluent
import Foundation
import GongjiangCore

/// An evaluation organization's filing (备案): its type, state, the number and validity the city's approval gives,
/// the codes that go into its certificate numbers, and a contact whose phone is sealed like every phone number.
final class EvaluationFiling: Model, @unchecked Sendable {
    static let schema = "evaluation_filings"

    @ID(key: .id) var id: UUID?
    @Field(key: "organization_id") var organizationID: UUID
    /// The organization's name exactly as filed: what its certificates print (rules.md).
    @Field(key: "organization_name") var organizationName: String
    /// `EvaluationOrganizationType` raw value, Y or S.
    @Field(key: "type") var typeCode: String
    /// `FilingState` raw value.
    @Field(key: "state") var stateCode: String
    /// The organization's district, copied at filing so that district scope filters without a join.
    @OptionalField(key: "district_code") var districtCode: String?
    @OptionalField(key: "filing_number") var filingNumber: String?
    @OptionalField(key: "valid_from") var validFrom: String?
    @OptionalField(key: "valid_until") var validUntil: String?
    @OptionalField(key: "ministry_code") var ministryCode: String?
    @OptionalField(key: "province_code") var provinceCode: String?
    @OptionalField(key: "site_serial") var siteSerial: String?
    @Field(key: "contact_name") var contactName: String
    @Field(key: "contact_phone_sealed") var contactPhoneSealed: String
    /// The reason given with the last step that needed one (a return, a suspension, an exit).
    @OptionalField(key: "last_reason") var lastReason: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    var type: EvaluationOrganizationType { EvaluationOrganizationType(rawValue: typeCode) ?? .social }
    var state: FilingState { FilingState(rawValue: stateCode) ?? .submitted }

    var validity: ClosedRange<CivilDate>? {
        guard let from = validFrom.flatMap({ try? CivilDate(parsing: $0) }),
              let until = validUntil.flatMap({ try? CivilDate(parsing: $0) }), from <= until else { return nil }
        return from...until
    }

    /// The parts of its certificate numbers, once the city has approved it.
    var issuer: CertificateIssue.Issuer? {
        guard let ministryCode, let provinceCode, let siteSerial else { return nil }
        return CertificateIssue.Issuer(type: type, organizationCode: ministryCode, provinceCode: provinceCode, siteSerial: siteSerial)
    }

    var auditValues: String {
        AuditValues.json(["organizationId": organizationID.uuidString, "organizationName": organizationName, "type": typeCode, "state": stateCode,
                          "filingNumber": filingNumber, "validFrom": validFrom, "validUntil": validUntil,
                          "ministryCode": ministryCode, "provinceCode": provinceCode, "siteSerial": siteSerial,
                          "contactName": contactName, "reason": lastReason])
    }
}

/// One occupation × level of a filing's scope.
final class FilingScopeRow: Model, @unchecked Sendable {
    static let schema = "filing_scope"

    @ID(key: .id) var id: UUID?
    @Field(key: "filing_id") var filingID: UUID
    @Field(key: "occupation_code") var occupationCode: String
    @Field(key: "level") var levelRank: Int

    init() {}

    init(filingID: UUID, entry: FilingRules.ScopeEntry) {
        self.filingID = filingID
        occupationCode = entry.occupationCode
        levelRank = entry.level.rawValue
    }

    var entry: FilingRules.ScopeEntry? {
        SkillLevel(rawValue: levelRank).map { FilingRules.ScopeEntry(occupationCode: occupationCode, level: $0) }
    }
}

/// An assessment site (考核场所) of a filing.
final class FilingSite: Model, @unchecked Sendable {
    static let schema = "filing_sites"

    @ID(key: .id) var id: UUID?
    @Field(key: "filing_id") var filingID: UUID
    @Field(key: "name") var name: String
    @Field(key: "address") var address: String

    init() {}

    init(filingID: UUID, name: String, address: String) {
        self.filingID = filingID
        self.name = name
        self.address = address
    }
}

/// An examiner (考评员) of a filing, by the number of their examiner card and their occupation.
final class FilingExaminer: Model, @unchecked Sendable {
    static let schema = "filing_examiners"

    @ID(key: .id) var id: UUID?
    @Field(key: "filing_id") var filingID: UUID
    @Field(key: "name") var name: String
    @Field(key: "examiner_number") var examinerNumber: String
    @Field(key: "occupation_code") var occupationCode: String

    init() {}

    init(filingID: UUID, name: String, examinerNumber: String, occupationCode: String) {
        self.filingID = filingID
        self.name = name
        self.examinerNumber = examinerNumber
        self.occupationCode = occupationCode
    }
}

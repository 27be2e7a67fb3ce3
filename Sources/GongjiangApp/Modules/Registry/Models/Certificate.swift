import Fluent
import Foundation
import GongjiangCore

/// A skill certificate a person holds (职业技能等级证书, or a legacy 职业资格证书).
final class Certificate: Model, @unchecked Sendable {
    static let schema = "certificates"

    @ID(key: .id) var id: UUID?
    @Field(key: "number") var number: String
    /// "national" (22 characters) or "legacy" (16 digits).
    @Field(key: "number_format") var numberFormat: String
    @Field(key: "person_id") var personID: UUID
    @Field(key: "occupation_code") var occupationCode: String
    @Field(key: "work_type") var workType: String
    /// `SkillLevel` rank.
    @Field(key: "level") var levelRank: Int
    @Field(key: "issue_date") var issueDate: String
    @Field(key: "issuer_name") var issuerName: String
    @Field(key: "status") var status: String
    /// `CertificateSource`: imported from another system, or issued here through certification.
    @Field(key: "source") var source: String
    /// For an issued certificate: the filing it was issued under and the candidate it was issued to.
    @OptionalField(key: "filing_id") var filingID: UUID?
    @OptionalField(key: "candidate_id") var candidateID: UUID?
    @OptionalField(key: "revoked_on") var revokedOn: String?
    @OptionalField(key: "revoke_reason") var revokeReason: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    var level: SkillLevel { SkillLevel(rawValue: levelRank) ?? .level5 }
    var isRevoked: Bool { status == CertificateStatus.revoked.rawValue }
}

extension Certificate: BulkInsertable {
    static let insertColumns = ["id", "number", "number_format", "person_id", "occupation_code", "work_type", "level", "issue_date",
                                "issuer_name", "status", "source", "filing_id", "candidate_id", "revoked_on", "revoke_reason",
                                "created_at", "updated_at"]

    func insertValues(now: Date) -> [BulkInsert.Value] {
        [.uuid(id), .text(number), .text(numberFormat), .uuid(personID), .text(occupationCode), .text(workType), .integer(levelRank),
         .text(issueDate), .text(issuerName), .text(status), .text(source), .uuid(filingID), .uuid(candidateID), .text(revokedOn),
         .text(revokeReason), .date(now), .date(now)]
    }
}

/// Where a certificate in the registry came from.
enum CertificateSource: String, Sendable, CaseIterable {
    /// Read in by the persons-certificates import (the provincial system's records, legacy certificates).
    case imported
    /// Issued on this platform at the end of a certification plan, and signed.
    case issued
}

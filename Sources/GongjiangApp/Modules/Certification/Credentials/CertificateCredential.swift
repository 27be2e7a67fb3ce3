import Crypto
import Fluent
import Foundation
import GongjiangCore
import JWTKit
import Vapor

/// A certificate as a W3C Verifiable Credential (Data Model 2.0), an Open Badges 3.0 `OpenBadgeCredential`, secured
/// as a JWT per VC-JOSE-COSE: the credential itself is the JWT payload, the header says `alg: EdDSA`, `typ: vc+jwt`
/// and the `kid` of the signing key, published at `/.well-known/jwks.json`.
struct CertificateCredential: JWTPayload, Equatable {
    static let mediaType = HTTPMediaType(type: "application", subType: "vc+jwt")
    static let contexts = ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]

    struct Issuer: Codable, Equatable, Sendable {
        let id: String
        let type: [String]
        let name: String
    }

    struct Identifier: Codable, Equatable, Sendable {
        let type: String
        let identityHash: String
        let identityType: String
        let hashed: Bool
        let salt: String?
    }

    struct Criteria: Codable, Equatable, Sendable { let narrative: String }

    struct Achievement: Codable, Equatable, Sendable {
        let id: String
        let type: [String]
        let achievementType: String
        let name: String
        let description: String
        let criteria: Criteria
        /// The occupation code of the national classification, and the level's code.
        let fieldOfStudy: String
        let specialization: String
    }

    struct Subject: Codable, Equatable, Sendable {
        let type: [String]
        let identifier: [Identifier]
        let achievement: Achievement
    }

    let context: [String]
    let id: String
    let type: [String]
    let issuer: Issuer
    let validFrom: String
    let name: String
    let credentialSubject: Subject

    enum CodingKeys: String, CodingKey {
        case context = "@context"
        case id, type, issuer, validFrom, name, credentialSubject
    }

    /// Nothing in the payload expires: a certificate is valid until revoked, which verification tells.
    func verify(using algorithm: some JWTAlgorithm) async throws {}

    /// The credential of an issued or imported certificate. The holder is named, and their ID number is present only
    /// as a salted SHA-256 hash (OB 3.0 `IdentityObject`), so whoever knows it can match it and nobody can read it.
    init(certificate: Certificate, holder: Person, idNumber: String, occupationName: String, salt: String) {
        context = Self.contexts
        id = "urn:gongjiang:certificate:\(certificate.number)"
        type = ["VerifiableCredential", "OpenBadgeCredential"]
        issuer = Issuer(id: "urn:gongjiang:evaluation-organization:" + (certificate.filingID?.uuidString.lowercased() ?? "imported"),
                        type: ["Profile"], name: certificate.issuerName)
        validFrom = certificate.issueDate + "T00:00:00+08:00"
        name = "职业技能等级证书"
        let level = certificate.level
        let hash = Secrets.hex(SHA256.hash(data: Data((salt + idNumber).utf8)))
        credentialSubject = Subject(
            type: ["AchievementSubject"],
            identifier: [
                Identifier(type: "IdentityObject", identityHash: holder.name, identityType: "name", hashed: false, salt: nil),
                Identifier(type: "IdentityObject", identityHash: "sha256$" + hash, identityType: "nationalIdentityNumber",
                           hashed: true, salt: salt),
            ],
            achievement: Achievement(
                id: "urn:gongjiang:achievement:\(certificate.occupationCode):\(level.code)", type: ["Achievement"],
                achievementType: "Certificate", name: "\(occupationName) \(CertificateIssue.levelText(level))",
                description: "职业技能等级证书：\(occupationName)（\(certificate.occupationCode)），\(CertificateIssue.levelText(level))，工种 \(CertificateIssue.workTypeText(certificate.workType))，证书编号 \(certificate.number)，\(certificate.issuerName)于 \(certificate.issueDate) 颁发。",
                criteria: Criteria(narrative: "通过职业技能等级认定：理论知识考试、操作技能考核成绩均达到 60 分及以上（技师、高级技师另经综合评审），经公示无异议。"),
                fieldOfStudy: certificate.occupationCode, specialization: level.code))
    }

    /// Signs the credential with the current key: the compact JWS.
    func sign(with keys: SigningKeys) async throws -> String {
        var header = JWTHeader()
        header.typ = "vc+jwt"
        header.cty = "vc"
        return try await keys.collection().sign(self, kid: JWKIdentifier(string: keys.currentID), header: header)
    }

    /// The credential of a certificate, for its holder as the registry has them.
    static func of(_ certificate: Certificate, on database: any Database, vault: PersonalDataVault) async throws -> CertificateCredential {
        guard let holder = try await Person.find(certificate.personID, on: database) else { throw RequestProblem.notFound }
        let occupation = try await Occupation.find(certificate.occupationCode, on: database)
        let salt = Secrets.hex(Array(SymmetricKey(size: .bits128).withUnsafeBytes { Data($0) }))
        return CertificateCredential(certificate: certificate, holder: holder, idNumber: try holder.idNumber(vault),
                                     occupationName: occupation?.nameZH ?? certificate.occupationCode, salt: salt)
    }
}

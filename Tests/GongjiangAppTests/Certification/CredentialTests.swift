import Fluent
import Foundation
@testable import GongjiangApp
import GongjiangCore
import Testing
import VaporTesting

@Suite("Signed certificates and public verification")
struct CredentialTests {
    static func day(_ text: String) -> CivilDate { CertificationWorld.day(text) }

    /// An approved organization that has issued one certificate to 张三丰.
    static func issuedCertificate(_ app: Application) async throws -> (CertificationWorld, Certificate) {
        let world = try await CertificationWorld.make(app)
        let day = Self.day("2025-03-03")
        let plan = try await world.plan(filedOn: day)
        let candidate = try await world.candidate(plan, sequence: 801, name: "张三丰", on: day)
        _ = try await world.issue(plan, candidates: [candidate], on: day)
        return (world, try #require(try await Certificate.query(on: app.db).filter(\.$source == "issued").first()))
    }

    @Test("The credential is an EdDSA vc+jwt with a kid of the published set; a tampered payload and an unknown kid fail",
          arguments: [TestDatabase.sqlite])
    func credential(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let (_, certificate) = try await Self.issuedCertificate(app)
            let caller = try await app.cityAdminToken()
            let response = try await app.testing().sendRequest(.GET, "/api/v1/certificates/\(certificate.id!)/credential", headers: caller.headers)
            #expect(response.status == .ok)
            #expect(response.headers.contentType?.description.hasPrefix("application/vc+jwt") == true)
            let token = response.text
            let parts = token.split(separator: ".").map(String.init)
            #expect(parts.count == 3)
            let header = try JSONSerialization.jsonObject(with: CredentialVerifier.base64URLDecode(parts[0])!) as! [String: Any]
            #expect(header["alg"] as? String == "EdDSA")
            #expect(header["typ"] as? String == "vc+jwt")
            #expect(header["kid"] as? String == app.signingKeys.currentID)
            let payload = try JSONSerialization.jsonObject(with: CredentialVerifier.base64URLDecode(parts[1])!) as! [String: Any]
            #expect((payload["type"] as? [String]) == ["VerifiableCredential", "OpenBadgeCredential"])
            #expect((payload["@context"] as? [String])?.first == "https://www.w3.org/ns/credentials/v2")
            #expect(!token.contains(Fixture.residentID(sequence: 801)), "no ID number in clear")

            let jwksResponse = try await app.testing().sendRequest(.GET, "/.well-known/jwks.json")
            #expect(jwksResponse.status == .ok)
            #expect(jwksResponse.headers.first(name: .cacheControl)?.hasPrefix("public") == true)
            let jwks = try jwksResponse.json(SigningKeys.JWKSet.self)
            guard case .valid(let credential) = await CredentialVerifier.verify(token, jwks: jwks) else {
                Issue.record("the credential does not verify"); return
            }
            #expect(credential.id == "urn:gongjiang:certificate:\(certificate.number)")
            #expect(credential.credentialSubject.achievement.name.contains("焊工"))

            // A payload changed after signing (another holder's name) no longer verifies.
            var altered = payload
            altered["name"] = "伪造证书"
            let alteredPayload = SigningKeys.base64URL(try JSONSerialization.data(withJSONObject: altered))
            let tampered = [parts[0], alteredPayload, parts[2]].joined(separator: ".")
            #expect(await CredentialVerifier.verify(tampered, jwks: jwks) == .invalid(.badSignature))
            // Signed by a key that is not published: unknown kid.
            let foreign = try SigningKeys(file: .init(current: "sig-9", keys: ["sig-9": SigningKeys.File.new().keys["sig-1"]!]))
            let foreignToken = try await credential.sign(with: foreign)
            #expect(await CredentialVerifier.verify(foreignToken, jwks: jwks) == .invalid(.unknownKeyID("sig-9")))
            // The same kid with another key: the signature fails.
            let impostor = try SigningKeys(file: .init(current: app.signingKeys.currentID,
                                                       keys: [app.signingKeys.currentID: SigningKeys.File.new().keys["sig-1"]!]))
            #expect(await CredentialVerifier.verify(try await credential.sign(with: impostor), jwks: jwks) == .invalid(.badSignature))
            #expect(await CredentialVerifier.verify("not.a.jwt", jwks: jwks) == .invalid(.malformed))
        }
    }

    @Test("A rotated key signs from then on, and credentials signed before still verify against the published set")
    func rotation() async throws {
        var file = SigningKeys.File.new()
        let before = try SigningKeys(file: file)
        let world = CertificateCredential.example
        let oldToken = try await world.sign(with: before)
        let kid = file.rotate()
        let after = try SigningKeys(file: file)
        #expect(after.currentID == kid && kid != before.currentID)
        #expect(after.jwks.keys.count == 2)
        #expect(await CredentialVerifier.verify(oldToken, jwks: after.jwks) == .valid(world))
        #expect(await CredentialVerifier.verify(try await world.sign(with: after), jwks: after.jwks) == .valid(world))
    }

    @Test("Public verification: 200 with the masked name for the right name; the same 404 for a wrong name and an unknown number",
          arguments: [TestDatabase.sqlite])
    func publicVerification(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let (world, certificate) = try await Self.issuedCertificate(app)
            let name = "张三丰".addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!
            let found = try await app.testing().sendRequest(.GET, "/api/v1/public/certificates/\(certificate.number)?name=\(name)")
            #expect(found.status == .ok)
            let result = try found.json(PublicVerification.Result.self)
            #expect(result.status == "valid" && result.holderNameMasked == "张*丰" && result.source == "issued")
            #expect(result.issuer == world.organization.name && result.levelName == "五级/初级工")
            for secret in [Fixture.residentID(sequence: 801), "139", certificate.personID.uuidString, certificate.id!.uuidString] {
                #expect(!found.text.contains(secret), "\(secret)")
            }
            #expect(found.headers.first(name: .cacheControl) == "public, max-age=300")
            let etag = try #require(found.headers.first(name: .eTag))
            let again = try await app.testing().sendRequest(.GET, "/api/v1/public/certificates/\(certificate.number)?name=\(name)",
                                                            headers: ["If-None-Match": etag])
            #expect(again.status == .notModified)

            let wrongName = try await app.testing().sendRequest(.GET, "/api/v1/public/certificates/\(certificate.number)?name=%E5%BC%A0%E4%B8%89")
            let unknown = try await app.testing().sendRequest(.GET, "/api/v1/public/certificates/S000032100001255999999?name=\(name)")
            #expect(wrongName.status == .notFound && unknown.status == .notFound)
            let wrong = try wrongName.json(Problem.self), missing = try unknown.json(Problem.self)
            #expect(wrong.code == missing.code && wrong.detail == missing.detail && wrong.detailEn == missing.detailEn)
            #expect(wrongName.headers.first(name: .cacheControl) == unknown.headers.first(name: .cacheControl))

            // Revoked: the same look-up says so at once (the service clears the answer it kept), and a second look-up
            // in the minute is served from memory, the same bytes.
            let cachedAgain = try await app.testing().sendRequest(.GET, "/api/v1/public/certificates/\(certificate.number)?name=\(name)")
            #expect(cachedAgain.body == found.body && cachedAgain.headers.first(name: .eTag) == etag)
            try await CertificationService.revoke(certificate, reason: "证书信息有误", world.asCity(on: Self.day("2025-04-01")))
            let revoked = try await app.testing().sendRequest(.GET, "/api/v1/public/certificates/\(certificate.number)?name=\(name)")
            #expect(try revoked.json(PublicVerification.Result.self).status == "revoked")

            // The page says the same, in Chinese.
            let page = try await app.testing().sendRequest(.GET, "/verify?number=\(certificate.number)&name=\(name)")
            #expect(page.status == .ok && page.text.contains("证书已撤销") && page.text.contains("张*丰"))
        }
    }

    @Test("Anonymous look-ups are limited per address far below the signed-in API: the 21st in a minute is 429 with Retry-After",
          arguments: [TestDatabase.sqlite])
    func lookUpLimit(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            #expect(app.settings.rateLimitPublicLookups == 20)
            #expect(app.settings.rateLimitPublicLookups * 10 < app.settings.rateLimitPerToken)
            var statuses: [HTTPStatus] = []
            for _ in 0..<21 {
                statuses.append(try await app.testing().sendRequest(.GET, "/api/v1/public/certificates/S000032100001255000001?name=x").status)
            }
            #expect(statuses.prefix(20).allSatisfy { $0 == .notFound })
            let last = try await app.testing().sendRequest(.GET, "/verify?number=S000032100001255000001&name=x")
            #expect(statuses.last == .tooManyRequests || last.status == .tooManyRequests)
            let limited = try await app.testing().sendRequest(.GET, "/api/v1/public/certificates/S000032100001255000001?name=x")
            #expect(limited.status == .tooManyRequests)
            #expect(limited.headers.first(name: "Retry-After") != nil)
        }
    }

    @Test("The certificate list filters by source: issued here, or imported", arguments: [TestDatabase.sqlite])
    func listBySource(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            _ = try await Self.issuedCertificate(app)
            let caller = try await app.cityAdminToken()
            let issued = try await app.testing().sendRequest(.GET, "/api/v1/certificates?source=issued", headers: caller.headers)
            let items = try issued.json(ListDTO<CertificateDTO>.self).items
            #expect(items.count == 1 && items[0].source == "issued")
            let imported = try await app.testing().sendRequest(.GET, "/api/v1/certificates?source=imported", headers: caller.headers)
            #expect(try imported.json(ListDTO<CertificateDTO>.self).items.isEmpty)
        }
    }
}

extension CertificateCredential {
    /// A credential with made-up values, for signing tests that need no database.
    static var example: CertificateCredential {
        let certificate = Certificate()
        certificate.number = "S000032100001255000001"
        certificate.occupationCode = "6-18-02-04"
        certificate.workType = "--"
        certificate.levelRank = SkillLevel.level5.rawValue
        certificate.issueDate = "2025-03-20"
        certificate.issuerName = "南通测试职业技能评价中心"
        certificate.personID = UUID()
        let person = Person()
        person.name = "张三丰"
        return CertificateCredential(certificate: certificate, holder: person, idNumber: "11010519491231002X", occupationName: "焊工",
                                     salt: "00112233445566778899aabbccddeeff")
    }
}

import Fluent
import Foundation
import GongjiangCore
import Plot
import Vapor

/// The printable certificate (A4): every field rules.md requires, and a QR code of the public verification address.
/// The full ID number shows only to accounts that may see it (the view is audited); others see it masked.
enum CertificatePrint {
    struct Model {
        let certificate: Certificate
        let holder: Person
        let idNumber: String
        let occupationName: String
        let verifyURL: String
        let qr: QRCode

        static func load(_ request: Request) async throws -> Model {
            let id = try request.uuidParameter()
            guard let certificate = try await CertificationAPI.certificateInReach(id, request),
                  let holder = try await Person.find(certificate.personID, on: request.db) else {
                throw try await request.notInScope(Certificate.self, id, entity: .certificate)
            }
            let unmasked = request.principal?.may(.viewUnmaskedPersonalData) == true
            if unmasked {
                try await AuditTrail.record(AuditEvent(request, entity: .person, entityID: holder.id?.uuidString, action: .viewUnmasked,
                                                       after: AuditValues.json(["page": "certificate-print", "certificate": certificate.number])),
                                            on: request.db)
            }
            let occupation = try await Occupation.find(certificate.occupationCode, on: request.db)
            let url = Self.verifyURL(request, number: certificate.number)
            return Model(certificate: certificate, holder: holder,
                         idNumber: PersonalData.idNumber(of: holder, vault: request.vault, unmasked: unmasked),
                         occupationName: occupation?.nameZH ?? certificate.occupationCode, verifyURL: url, qr: try QRCode(text: url))
        }

        /// The public verification address: GONGJIANG_PUBLIC_URL when set, else this server's own address.
        static func verifyURL(_ request: Request, number: String) -> String {
            let base = request.application.settings.publicURL
                ?? ((request.application.settings.trustsProxy ? request.headers.first(name: "X-Forwarded-Proto") : nil) ?? "http")
                + "://" + (request.headers.first(name: .host) ?? "localhost")
            return base + PagePath.verify.url() + "?number=" + number
        }
    }
}

extension CertificatePrint.Model {
    func view(_ t: Localizer) -> Component {
        Div {
            H1("职业技能等级证书").class("certificate-title")
            Paragraph("Certificate of Vocational Skill Level").class("certificate-subtitle")
            FactTable(rows: [
                ("姓名 Name", holder.name),
                ("证件类型 ID type", holder.idType),
                ("证件号码 ID number", idNumber),
                ("职业（工种）Occupation", "\(occupationName)（\(CertificateIssue.workTypeText(certificate.workType))）"),
                ("职业技能等级 Level", CertificateIssue.levelText(certificate.level)),
                ("证书编号 Number", certificate.number),
                ("评价机构 Issued by", certificate.issuerName),
                ("发证日期 Issue date", certificate.issueDate),
            ])
            Div {
                Div { Text("照片 Photo") }.class("certificate-photo")
                Div {
                    Node<HTML.BodyContext>.raw(qr.svg(scale: 3))
                    Paragraph("扫码或登录 \(verifyURL) 查询").class("certificate-query")
                }.class("certificate-qr")
            }.class("certificate-footer")
            if certificate.isRevoked {
                Notice(kind: .error, text: t("certification.verify.status.revoked") + " " + (certificate.revokedOn ?? ""))
            }
        }.class("certificate-print")
    }
}

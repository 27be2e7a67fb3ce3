import Foundation
import Plot

extension CertificateDetail.Model {
    func view(_ t: Localizer) -> Component {
        ComponentGroup {
            H1(t("registry.certificates.detail.title", certificate.number))
            if let error { Notice(kind: .error, text: error) }
            FactTable(rows: [
                (t("field.certificate-number"), certificate.number),
                (t("field.number-format"), t("registry.certificate.format.\(certificate.numberFormat)")),
                (t("field.holder"), holder.name),
                (t("field.id-number"), PersonalData.idNumber(of: holder, vault: vault)),
                (t("field.occupation"), names.occupation(certificate.occupationCode, t)),
                (t("field.work-type"), certificate.workType),
                (t("field.level"), t.level(certificate.level)),
                (t("field.issue-date"), certificate.issueDate),
                (t("field.issuer"), certificate.issuerName),
                (t("field.status"), t.certificateStatus(certificate.status)
                    + (certificate.revokeReason.map { "（\($0)）" } ?? "")),
                (t("certification.verify.source"), t("certification.verify.source.\(certificate.source)")),
            ])
            Paragraph { Link(t("registry.certificates.detail.holder-link", holder.name), url: PagePath.person.url(holder.id!.uuidString)) }
            Paragraph { Link(t("certification.certificate.print"), url: PagePath.certificatePrint.url(certificate.id!.uuidString)) }
            if mayRevoke {
                H2(t("certification.certificate.revoke"))
                Form(url: PagePath.certificateRevocation.url(certificate.id!.uuidString), method: .post) {
                    CSRFField(request: request)
                    Label(t("certification.reason")) { Input(type: .text, name: "reason", isRequired: true) }
                    SubmitButton(t("certification.certificate.revoke"))
                }.class("step")
            }
        }
    }
}

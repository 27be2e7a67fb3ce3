import Foundation
import GongjiangCore
import Plot
import Vapor

extension PersonDetail.Model {
    func view(_ t: Localizer, request: Request) -> Component {
        ComponentGroup {
            H1(person.name)
            if let error { Notice(kind: .error, text: error) }
            if let left = person.leftCityOn { Notice(kind: .info, text: t("registry.persons.detail.left-city", left)) }
            FactTable(rows: [
                (t("field.name"), person.name),
                (t("field.id-type"), person.idType),
                (t("field.id-number"), PersonalData.idNumber(of: person, vault: vault, unmasked: revealed)),
                (t("field.sex"), t.sex(person.sex)),
                revealed ? (t("field.birth-date"), PersonalData.birthDate(of: person, unmasked: true))
                    : (t("field.birth-year"), PersonalData.birthDate(of: person)),
                (t("field.phone"), PersonalData.phone(of: person, vault: vault, unmasked: revealed) ?? ""),
                (t("field.district"), names.district(person.districtCode, t)),
            ])
            if mayReveal && !revealed {
                Paragraph { Link(t("registry.persons.detail.reveal"), url: PagePath.person.url(person.id!.uuidString, query: ["reveal": "1"])) }
            }
            if let employer {
                Paragraph {
                    Text(t("field.employer") + "：")
                    Link(employer.name, url: PagePath.organization.url(employer.id!.uuidString))
                }
            }
            H2(t("registry.persons.detail.certificates", certificates.count))
            if certificates.isEmpty {
                Notice(kind: .info, text: t("registry.persons.detail.no-certificates"))
            } else {
                CertificateTable(certificates: certificates, names: names, t: t)
            }
            TitlesOnRecord(entries: titles, t: t)
            if mayRecordDeparture {
                H2(t("registry.persons.departure.heading"))
                Paragraph(t("registry.persons.departure.lead")).class("hint")
                Form(url: PagePath.personDeparture.url(person.id!.uuidString), method: .post) {
                    CSRFField(request: request)
                    Label(t("registry.persons.departure.left-on")) { Input(type: .date, name: "leftOn", isRequired: true) }
                    Label(t("registry.persons.departure.reason")) { Input(type: .text, name: "reason", isRequired: true).attribute(named: "maxlength", value: "200") }
                    SubmitButton(t("registry.persons.departure.submit"))
                }.class("stacked")
            }
        }
    }
}

/// Certificates as a table, on the person page and the certificate list.
struct CertificateTable: Component {
    let certificates: [Certificate]
    let names: ReferenceNames
    let t: Localizer

    var body: Component {
        Table(header: TableRow {
            TableHeaderCell(t("field.certificate-number"))
            TableHeaderCell(t("field.occupation"))
            TableHeaderCell(t("field.work-type"))
            TableHeaderCell(t("field.level"))
            TableHeaderCell(t("field.issue-date"))
            TableHeaderCell(t("field.issuer"))
            TableHeaderCell(t("field.status"))
        }) {
            for certificate in certificates {
                TableRow {
                    TableCell { Link(certificate.number, url: PagePath.certificate.url(certificate.id!.uuidString)) }
                    TableCell(names.occupation(certificate.occupationCode, t))
                    TableCell(certificate.workType)
                    TableCell(t.level(certificate.level))
                    TableCell(certificate.issueDate)
                    TableCell(certificate.issuerName)
                    TableCell(t.certificateStatus(certificate.status)).class("status-" + (CertificateStatus(rawValue: certificate.status)?.rawValue ?? "unknown"))
                }
            }
        }
    }
}

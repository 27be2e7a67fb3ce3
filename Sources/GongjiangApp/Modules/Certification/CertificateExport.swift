import Fluent
import Foundation
import GongjiangCore
import Vapor

/// Issued certificates in the interchange columns (interchange.md, persons-certificates), for upload to the
/// provincial system. The file carries full ID numbers and phones, so only an account that may see them downloads
/// it, and every download is on the audit trail.
enum CertificateExport {
    /// Rows are read in pages of this many, so an export of a year's certificates never holds them all at once.
    static let pageSize = 2_000

    static func csv(_ request: Request) async throws -> Response {
        let source = try request.query[String.self, at: "source"].map { value -> CertificateSource in
            guard let source = CertificateSource(rawValue: value) else { throw RequestProblem.badParameter("source") }
            return source
        } ?? .issued
        let from = try request.query[String.self, at: "from"].map { text -> String in
            guard let day = try? CivilDate(parsing: text) else { throw RequestProblem.badParameter("from") }
            return day.description
        }
        let to = try request.query[String.self, at: "to"].map { text -> String in
            guard let day = try? CivilDate(parsing: text) else { throw RequestProblem.badParameter("to") }
            return day.description
        }
        var document = CSVDocument(header: PersonCertificateColumn.allCases.map(\.chineseHeader))
        let names = try await ReferenceNames.load(on: request.db)
        var employers: [UUID: Organization] = [:]
        var count = 0
        var after: String?
        while true {
            let query = Certificate.query(on: request.db).filter(\.$source == source.rawValue)
            if let from { query.filter(\.$issueDate >= from) }
            if let to { query.filter(\.$issueDate <= to) }
            if let after { query.filter(\.$number > after) }
            let page = try await query.sort(\.$number).limit(pageSize).all()
            let persons = try await Person.query(on: request.db).filter(\.$id ~~ page.map(\.personID)).all()
            let byID = Dictionary(persons.map { ($0.id!, $0) }) { first, _ in first }
            let missing = Set(persons.compactMap(\.employerID)).subtracting(employers.keys)
            for employer in try await Organization.query(on: request.db).filter(\.$id ~~ Array(missing)).all() { employers[employer.id!] = employer }
            for certificate in page {
                guard let person = byID[certificate.personID] else { continue }
                let employer = person.employerID.flatMap { employers[$0] }
                let cells: [PersonCertificateColumn: String] = [
                    .name: person.name, .idType: person.idType, .idNumber: try person.idNumber(request.vault),
                    .phone: try person.phone(request.vault) ?? "", .districtCode: person.districtCode,
                    .employerUSCC: employer?.uscc ?? "", .employerName: employer?.name ?? "",
                    .occupationCode: certificate.occupationCode, .occupationName: names.occupations[certificate.occupationCode]?.zh ?? "",
                    .workType: CertificateIssue.workTypeText(certificate.workType),
                    .level: certificate.level.nationalLevel.map(String.init) ?? certificate.level.chineseName,
                    .certificateNumber: certificate.number, .issueDate: certificate.issueDate, .issuerName: certificate.issuerName,
                ]
                document.append(PersonCertificateColumn.allCases.map { cells[$0] ?? "" })
                count += 1
            }
            guard page.count == pageSize, let last = page.last else { break }
            after = last.number
        }
        try await AuditTrail.record(AuditEvent(request, entity: .certificate, action: .export,
                                               after: AuditValues.json(["source": source.rawValue, "from": from, "to": to,
                                                                        "rows": String(count)])), on: request.db)
        return document.response(fileName: "certificates-\(source.rawValue).csv")
    }
}

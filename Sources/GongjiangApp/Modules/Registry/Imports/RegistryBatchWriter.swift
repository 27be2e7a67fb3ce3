import Fluent
import Foundation
import GongjiangCore
import SQLKit

/// What became of one row once it reached the database.
enum RowOutcome: Equatable, Sendable {
    case created
    case updated
    case unchanged
    case rejected(RowIssue)
}

/// Writes validated person–certificate rows in batches: one transaction a batch, a few set-based
/// statements instead of a round trip a row. The import and the demo city both write through it.
///
/// Natural keys make it idempotent: an organization by USCC, a person by ID type and number,
/// a certificate by its number. A value left empty in a row keeps what the registry already has.
struct RegistryBatchWriter {
    struct Row: Sendable {
        let rowNumber: Int
        let record: ValidatedPersonCertificate
        /// Digests and sealed values, computed where the row is read and validated, so that this costly part
        /// runs beside the database's work instead of in front of it.
        let idIndex: String
        let lastFourIndex: String
        let sealedID: String
        let sealedPhone: String?

        init(rowNumber: Int, record: ValidatedPersonCertificate, vault: PersonalDataVault) throws {
            self.rowNumber = rowNumber
            self.record = record
            idIndex = vault.idNumberIndex(type: record.idType.rawValue, number: record.idNumber)
            lastFourIndex = vault.lastFourIndex(String(record.idNumber.suffix(4)))
            sealedID = try vault.seal(record.idNumber)
            sealedPhone = try record.phone.map(vault.seal)
        }
    }

    /// Rows per multi-row INSERT. 12 columns × 400 rows stays well under SQLite's 32,766 and
    /// PostgreSQL's 65,535 bound parameters.
    static let rowsPerInsert = 400

    let database: any Database
    let vault: PersonalDataVault
    /// Who is writing, for the audit record each batch leaves (one record per batch, listing what it changed).
    var audit: AuditEvent = AuditEvent(actor: "system", entity: .registryImport, action: .`import`)
    /// The districts the writer may touch; rows of persons elsewhere are refused.
    let scope: Scope

    /// Rows of one part of a batch: a part is looked up, decided and inserted together, and leaves one audit record
    /// listing what it changed. Its look-ups bind one value a row, well under the databases' bound-parameter limits.
    static let rowsPerPart = 1000

    /// Writes a batch whole, in one transaction, a part at a time. If the database refuses it, writes it again a
    /// part at a time and then a refused part row by row, so one unexpected row costs only itself and every other
    /// row still lands whole.
    func write(_ rows: [Row], now: Date) async throws -> [RowOutcome] {
        do {
            let (audit, scope, vault) = (self.audit, self.scope, self.vault)
            let work: @Sendable (any Database, AuditLog) async throws -> [RowOutcome] = { tx, log in
                var outcomes: [RowOutcome] = []
                outcomes.reserveCapacity(rows.count)
                for part in rows.chunked(Self.rowsPerPart) {
                    let (partOutcomes, changes) = try await Self.writeBatch(Array(part), on: tx, vault: vault, scope: scope, now: now)
                    outcomes += partOutcomes
                    if changes.hasChanges {
                        var event = audit
                        event.after = changes.json(firstRow: part.first?.rowNumber ?? 0, lastRow: part.last?.rowNumber ?? 0)
                        log.record(event)
                    }
                }
                return outcomes
            }
            guard !database.isPostgres else {
                // Not inside `withConnection`: FluentPostgresDriver marks the database it hands there as already in a
                // transaction, so `transaction` would then send no BEGIN and every statement would commit alone.
                return try await AuditTrail.transaction(on: database, now: now, work)
            }
            // SQLite keeps its settings per connection: tune the one connection the transaction then runs on.
            return try await database.withConnection { connection in
                try await Self.tuneForBulkWrites(connection)
                do {
                    let outcomes = try await AuditTrail.transaction(on: connection, now: now, work)
                    try await Self.restoreCheckpointing(connection)
                    return outcomes
                } catch {
                    try? await Self.restoreCheckpointing(connection)
                    throw error
                }
            }
        } catch {
            guard rows.count > 1 else {
                return [.rejected(RowIssue(column: nil, code: "storage.refused",
                                           chinese: "数据库拒绝了这一行：\(String(describing: error))",
                                           english: "The database refused this row: \(String(describing: error))"))]
            }
            let retries = rows.count > Self.rowsPerPart ? rows.chunked(Self.rowsPerPart).map(Array.init) : rows.map { [$0] }
            var outcomes: [RowOutcome] = []
            for retry in retries { outcomes += try await write(retry, now: now) }
            return outcomes
        }
    }

    /// SQLite keeps these per connection, and the pool may hand any connection to a batch, so each batch sets them
    /// before its transaction: a 64 MiB page cache keeps the indexes' upper pages in memory during a large import,
    /// and `synchronous=NORMAL` is the documented safe pairing with WAL (a crash may lose the last commit, never corrupt).
    private static func tuneForBulkWrites(_ connection: any Database) async throws {
        try await connection.sql.raw("PRAGMA cache_size = -65536").run()
        try await connection.sql.raw("PRAGMA synchronous = NORMAL").run()
        // Checkpoints belong to WALCheckpointer, which copies the log from its own connection while the writer goes on.
        // A log that is always being appended to is never reset, so the writer still checkpoints itself when it
        // reaches this size (the default is 1,000 pages, about 4 MB): 512 MB, so that it seldom does. On a million
        // rows: 79 s with the writer checkpointing every 64 MB, 72 s with WALCheckpointer and this bound (the same
        // as with 1 GB). The size limit gives the space back when the log is reset.
        try await connection.sql.raw("PRAGMA wal_autocheckpoint = 131072").run()
        try await connection.sql.raw("PRAGMA journal_size_limit = 67108864").run()
        // A multi-row INSERT keeps a statement journal, so that a refused row can undo the statement alone; in memory it
        // costs a copy, in a temporary file it cost a tenth of a million-row import's database time.
        try await connection.sql.raw("PRAGMA temp_store = MEMORY").run()
    }

    /// The connection goes back to the pool, where a page request may write on it next: with SQLite's default
    /// autocheckpoint (1,000 pages) again, so the log of ordinary writes stays small.
    private static func restoreCheckpointing(_ connection: any Database) async throws {
        try await connection.sql.raw("PRAGMA wal_autocheckpoint = 1000").run()
    }

    // MARK: - One batch inside one transaction

    private struct ExistingPerson {
        var id: UUID
        var name: String
        var phone: String?
        var districtCode: String
        var employerID: UUID?
    }

    private struct ExistingCertificate {
        var id: UUID
        var personID: UUID
        var occupationCode: String
        var workType: String
        var level: Int
        var issueDate: String
        var issuerName: String
    }

    /// What one batch changed, for its audit record: ids only, never personal data.
    struct Changes {
        var createdPersons: [UUID] = []
        var updatedPersons: [UUID] = []
        var createdCertificates: [UUID] = []
        var updatedCertificates: [UUID] = []
        var createdOrganizations: [UUID] = []
        var hasChanges: Bool {
            !(createdPersons.isEmpty && updatedPersons.isEmpty && createdCertificates.isEmpty && updatedCertificates.isEmpty
              && createdOrganizations.isEmpty)
        }

        /// Canonical JSON (keys sorted), written by hand: it is built for every batch of a large import, and
        /// JSONSerialization cost as much as a tenth of the import's time.
        func json(firstRow: Int, lastRow: Int) -> String {
            func list(_ ids: [UUID]) -> String { "[" + ids.map { "\"" + $0.text + "\"" }.joined(separator: ",") + "]" }
            return "{\"createdCertificates\":\(list(createdCertificates)),\"createdOrganizations\":\(list(createdOrganizations)),"
                + "\"createdPersons\":\(list(createdPersons)),\"rows\":\"\(firstRow)-\(lastRow)\","
                + "\"updatedCertificates\":\(list(updatedCertificates)),\"updatedPersons\":\(list(updatedPersons))}"
        }
    }

    private static func writeBatch(_ rows: [Row], on db: any Database, vault: PersonalDataVault, scope: Scope,
                                   now: Date) async throws -> ([RowOutcome], Changes) {
        let sql = db.sql
        var organizations = try await loadOrganizations(Set(rows.compactMap(\.record.employerUSCC)), sql)
        let keys = rows.map { PersonKey(index: $0.idIndex) }
        var persons = try await loadPersons(Set(keys), sql, vault: vault)
        var certificates = try await loadCertificates(Set(rows.map(\.record.certificateNumber)), sql)

        var newOrganizations: [(UUID, ValidatedPersonCertificate)] = []
        var newPersons: [UUID: Row] = [:]
        var newPersonOrder: [UUID] = []
        var changedPersons: [UUID: ExistingPerson] = [:]
        var newCertificates: [(UUID, UUID, ValidatedPersonCertificate)] = []
        var changedCertificates: [UUID: ExistingCertificate] = [:]
        var outcomes: [RowOutcome] = []
        outcomes.reserveCapacity(rows.count)

        for (row, personKey) in zip(rows, keys) {
            let record = row.record
            var changed = false

            // Decide everything for the row before staging anything, so a refused row stages nothing.
            var employerID: UUID? = nil
            var createsEmployer = false
            if let uscc = record.employerUSCC {
                if let known = organizations[uscc] {
                    // An employer outside the importer's districts is not theirs to attach people to (the API refuses
                    // the same through its scoped look-up).
                    guard scope.admitsDistrict(known.districtCode) else {
                        outcomes.append(.rejected(RowIssue(
                            column: .employerUSCC, code: "scope.employer",
                            chinese: "工作单位（employer_uscc）不在您的管辖范围内", english: "employer_uscc names an organization outside the districts you serve")))
                        continue
                    }
                    employerID = known.id
                } else if record.employerName == nil {
                    outcomes.append(.rejected(RowIssue(
                        column: .employerName, code: "employer-name.required-for-new",
                        chinese: "工作单位（employer_name）为必填：统一社会信用代码 \(uscc) 在登记库中尚不存在",
                        english: "employer_name is required: organization \(uscc) is not in the registry yet")))
                    continue
                } else {
                    employerID = UUID.timeOrdered()
                    createsEmployer = true
                }
            }
            let existingPerson = persons[personKey]
            if let districts = scope.districtCodes,
               !districts.contains(record.districtCode) || !(existingPerson.map { districts.contains($0.districtCode) } ?? true) {
                outcomes.append(.rejected(RowIssue(
                    column: .districtCode, code: "scope.district",
                    chinese: "所属区县（district_code）不在您的管辖范围内", english: "district_code is outside the districts you serve")))
                continue
            }
            if let existing = certificates[record.certificateNumber], existing.personID != existingPerson?.id {
                outcomes.append(.rejected(RowIssue(
                    column: .certificateNumber, code: "certificate-number.other-person",
                    chinese: "证书编号（certificate_number）\(record.certificateNumber) 已登记在另一人名下",
                    english: "certificate_number \(record.certificateNumber) is already registered to another person")))
                continue
            }

            // Stage the row.
            if createsEmployer, let employerID, let uscc = record.employerUSCC {
                organizations[uscc] = KnownOrganization(id: employerID, districtCode: record.districtCode)
                newOrganizations.append((employerID, record))
                changed = true
            }
            let personID: UUID
            if var person = existingPerson {
                personID = person.id
                let before = person
                person.name = record.name
                if let phone = record.phone { person.phone = phone }
                person.districtCode = record.districtCode
                if let employerID { person.employerID = employerID }
                if person.name != before.name || person.phone != before.phone
                    || person.districtCode != before.districtCode || person.employerID != before.employerID {
                    persons[personKey] = person
                    if newPersons[person.id] != nil {
                        newPersons[person.id] = row   // a later row of the same file refines a new person
                    } else {
                        changedPersons[person.id] = person
                    }
                    changed = true
                }
            } else {
                personID = UUID.timeOrdered()
                persons[personKey] = ExistingPerson(id: personID, name: record.name, phone: record.phone,
                                                    districtCode: record.districtCode, employerID: employerID)
                newPersons[personID] = row
                newPersonOrder.append(personID)
            }

            if var certificate = certificates[record.certificateNumber] {
                let before = certificate
                certificate.occupationCode = record.occupationCode
                certificate.workType = record.workType
                certificate.level = record.level.rawValue
                certificate.issueDate = record.issueDate.description
                certificate.issuerName = record.issuerName
                if certificate.occupationCode != before.occupationCode || certificate.workType != before.workType
                    || certificate.level != before.level || certificate.issueDate != before.issueDate
                    || certificate.issuerName != before.issuerName {
                    certificates[record.certificateNumber] = certificate
                    if !newCertificates.contains(where: { $0.0 == certificate.id }) {
                        changedCertificates[certificate.id] = certificate
                    }
                    changed = true
                }
                outcomes.append(changed ? .updated : .unchanged)
            } else {
                let certificateID = UUID.timeOrdered()
                certificates[record.certificateNumber] = ExistingCertificate(
                    id: certificateID, personID: personID, occupationCode: record.occupationCode,
                    workType: record.workType, level: record.level.rawValue,
                    issueDate: record.issueDate.description, issuerName: record.issuerName)
                newCertificates.append((certificateID, personID, record))
                outcomes.append(.created)
            }
        }

        for chunk in newOrganizations.chunked(rowsPerInsert) {
            var insert = BulkInsert(into: "organizations",
                                    columns: ["id", "uscc", "name", "kind", "district_code", "created_at", "updated_at"])
            for (id, record) in chunk {
                insert.append([.uuid(id), .text(record.employerUSCC!), .text(record.employerName!),
                               .text(OrganizationKind.enterprise.rawValue), .text(record.districtCode), .date(now), .date(now)])
            }
            try await insert.run(on: db)
        }
        for chunk in newPersonOrder.chunked(rowsPerInsert) {
            var insert = BulkInsert(into: "persons", columns: [
                "id", "name", "id_type", "id_number_sealed", "id_number_index", "id_last4_index", "sex", "birth_date",
                "phone_sealed", "district_code", "employer_id", "created_at", "updated_at"])
            for id in chunk {
                let row = newPersons[id]!
                let record = row.record
                let person = persons[PersonKey(index: row.idIndex)]!
                let sealedPhone = person.phone == record.phone ? row.sealedPhone : try person.phone.map(vault.seal)
                insert.append([.uuid(id), .text(person.name), .text(record.idType.rawValue), .text(row.sealedID),
                               .text(row.idIndex), .text(row.lastFourIndex), .text(record.sex?.rawValue),
                               .text(record.birthDate?.description), .text(sealedPhone), .text(person.districtCode),
                               .uuid(person.employerID), .date(now), .date(now)])
            }
            try await insert.run(on: db)
        }
        for person in changedPersons.values {
            try await sql.update("persons")
                .set("name", to: person.name).set("phone_sealed", to: try person.phone.map(vault.seal))
                .set("district_code", to: person.districtCode).set("employer_id", to: person.employerID)
                .set("updated_at", to: now)
                .where("id", .equal, person.id)
                .run()
        }
        for chunk in newCertificates.chunked(rowsPerInsert) {
            var insert = BulkInsert(into: "certificates", columns: [
                "id", "number", "number_format", "person_id", "occupation_code", "work_type", "level",
                "issue_date", "issuer_name", "status", "created_at", "updated_at"])
            for (id, personID, record) in chunk {
                let current = certificates[record.certificateNumber]!
                insert.append([.uuid(id), .text(record.certificateNumber),
                               .text(record.certificateNumber.utf8.count == 22 ? "national" : "legacy"),
                               .uuid(personID), .text(current.occupationCode), .text(current.workType),
                               .integer(current.level), .text(current.issueDate), .text(current.issuerName),
                               .text(CertificateStatus.valid.rawValue), .date(now), .date(now)])
            }
            try await insert.run(on: db)
        }
        for certificate in changedCertificates.values {
            try await sql.update("certificates")
                .set("occupation_code", to: certificate.occupationCode).set("work_type", to: certificate.workType)
                .set("level", to: certificate.level).set("issue_date", to: certificate.issueDate)
                .set("issuer_name", to: certificate.issuerName).set("updated_at", to: now)
                .where("id", .equal, certificate.id)
                .run()
        }
        var changes = Changes()
        changes.createdOrganizations = newOrganizations.map(\.0)
        changes.createdPersons = newPersonOrder
        changes.updatedPersons = Array(changedPersons.keys)
        changes.createdCertificates = newCertificates.map(\.0)
        changes.updatedCertificates = Array(changedCertificates.keys)
        return (outcomes, changes)
    }

    /// A person's natural key: the blind index of ID type and number.
    private struct PersonKey: Hashable {
        let index: String
    }

    private struct KnownOrganization {
        var id: UUID
        var districtCode: String?
    }

    private static func loadOrganizations(_ codes: Set<String>, _ sql: any SQLDatabase) async throws -> [String: KnownOrganization] {
        guard !codes.isEmpty else { return [:] }
        var result: [String: KnownOrganization] = [:]
        for row in try await sql.select().columns("id", "uscc", "district_code").from("organizations")
            .where("uscc", .in, Array(codes)).all() {
            result[try row.decode(column: "uscc", as: String.self)] = KnownOrganization(
                id: try row.decode(column: "id", as: UUID.self), districtCode: try row.decode(column: "district_code", as: String?.self))
        }
        return result
    }

    private static func loadPersons(_ keys: Set<PersonKey>, _ sql: any SQLDatabase, vault: PersonalDataVault)
        async throws -> [PersonKey: ExistingPerson] {
        guard !keys.isEmpty else { return [:] }
        var result: [PersonKey: ExistingPerson] = [:]
        for row in try await sql.select()
            .columns("id", "id_number_index", "name", "phone_sealed", "district_code", "employer_id")
            .from("persons").where("id_number_index", .in, keys.map(\.index)).all() {
            let key = PersonKey(index: try row.decode(column: "id_number_index", as: String.self))
            result[key] = ExistingPerson(
                id: try row.decode(column: "id", as: UUID.self),
                name: try row.decode(column: "name", as: String.self),
                phone: try row.decode(column: "phone_sealed", as: String?.self).map(vault.open),
                districtCode: try row.decode(column: "district_code", as: String.self),
                employerID: try row.decode(column: "employer_id", as: UUID?.self))
        }
        return result
    }

    private static func loadCertificates(_ numbers: Set<String>, _ sql: any SQLDatabase) async throws -> [String: ExistingCertificate] {
        guard !numbers.isEmpty else { return [:] }
        var result: [String: ExistingCertificate] = [:]
        for row in try await sql.select()
            .columns("id", "number", "person_id", "occupation_code", "work_type", "level", "issue_date", "issuer_name")
            .from("certificates").where("number", .in, Array(numbers)).all() {
            result[try row.decode(column: "number", as: String.self)] = ExistingCertificate(
                id: try row.decode(column: "id", as: UUID.self),
                personID: try row.decode(column: "person_id", as: UUID.self),
                occupationCode: try row.decode(column: "occupation_code", as: String.self),
                workType: try row.decode(column: "work_type", as: String.self),
                level: try row.decode(column: "level", as: Int.self),
                issueDate: try row.decode(column: "issue_date", as: String.self),
                issuerName: try row.decode(column: "issuer_name", as: String.self))
        }
        return result
    }
}

extension Array {
    /// Consecutive slices of at most `size` elements.
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}

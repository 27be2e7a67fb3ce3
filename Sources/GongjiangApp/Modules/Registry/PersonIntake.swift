import Fluent
import Foundation
import GongjiangCore
import Vapor

/// A person named by another module's form (a certification candidate, a trainee, an apprentice): found in the
/// registry by ID number, or registered there when absent. The name must match the registry's; the ID number is
/// checked as the registry checks it (the resident ID's check digit, the others' forms).
struct PersonIntake: Sendable {
    let name: String
    let idType: String
    let idNumber: String
    let resident: ResidentID?

    /// Reads the name and ID fields, adding each problem to `problems`; nil when any is wrong.
    static func read(name rawName: String?, idType rawType: String?, idNumber rawNumber: String?,
                     problems: inout [FieldProblem]) -> PersonIntake? {
        let before = problems.count
        let name = PersonRules.checkName(rawName, problems: &problems)
        let idType = rawType?.halfWidthNormalized.nilIfEmpty ?? IDType.residentID.rawValue
        var idNumber: String?
        var resident: ResidentID?
        if let raw = rawNumber?.nilIfEmpty {
            do {
                switch try RegistryFieldRules.idType(idType) {
                case .residentID:
                    let id = try ResidentID(raw)
                    resident = id
                    idNumber = id.value
                case .residencePermit, .passport:
                    idNumber = try RegistryFieldRules.otherIDNumber(raw.halfWidthNormalized, type: try RegistryFieldRules.idType(idType))
                }
            } catch let error as any DomainError {
                problems.append(FieldProblem(field: "idNumber", error))
            } catch {
                problems.append(FieldProblem(field: "idNumber", code: "id-number.invalid", chinese: "证件号码无效", english: "The ID number is not valid"))
            }
        } else {
            problems.append(PersonRules.required("idNumber", "证件号码"))
        }
        guard problems.count == before, let idNumber else { return nil }
        return PersonIntake(name: name, idType: idType, idNumber: idNumber, resident: resident)
    }

    /// The registry's person of this ID number, wherever they are registered; refused when the name differs.
    func existing(on database: any Database, vault: PersonalDataVault) async throws -> Person? {
        try matching(try await RegistryQueries(database: database, scope: .city, vault: vault).person(idType: idType, idNumber: idNumber))
    }

    /// `person`, the registry's holder of this ID number (found by the caller), refused when the names differ.
    func matching(_ person: Person?) throws -> Person? {
        if let person, person.name != name {
            throw RequestProblem.validation([FieldProblem(field: "name", code: "person.name-mismatch",
                                                          chinese: "姓名与登记库中该证件号码的姓名不符",
                                                          english: "The name does not match the registry's for this ID number")])
        }
        return person
    }

    /// Registers the person in `district`, inside the caller's audited transaction.
    func register(id: UUID, district: String, on tx: any Database, log: AuditLog, vault: PersonalDataVault, event: AuditEvent) async throws -> Person {
        let (person, created) = try newPerson(id: id, district: district, vault: vault, event: event)
        try await person.create(on: tx)
        log.record(created)
        return person
    }

    /// The person to register in `district`, not written yet, with the audit record of their creation: a list step
    /// writes its new persons together (`BulkInsertable`).
    func newPerson(id: UUID, district: String, vault: PersonalDataVault, event: AuditEvent) throws -> (person: Person, created: AuditEvent) {
        let person = Person()
        person.id = id
        person.name = name
        person.idType = idType
        person.idNumberSealed = try vault.seal(idNumber)
        person.idNumberIndex = vault.idNumberIndex(type: idType, number: idNumber)
        person.idLast4Index = vault.lastFourIndex(String(idNumber.suffix(4)))
        person.sex = resident?.sex.rawValue
        person.birthDate = resident?.birthDate.description
        person.districtCode = district
        var created = event
        created.entity = .person
        created.entityID = id.uuidString
        created.action = .create
        created.before = nil
        created.after = person.auditValues(idNumber, nil)
        return (person, created)
    }
}

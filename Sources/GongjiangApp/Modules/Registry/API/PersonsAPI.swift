import Fluent
import Foundation
import GongjiangCore
import Vapor

/// `/api/v1/persons`: list, detail, create, update.
struct PersonsAPI {
    func list(_ request: Request) async throws -> ListDTO<PersonDTO> {
        let page = try await RegistryQueries(database: request.db, scope: request.scope, vault: request.vault).persons(
            .init(text: request.query[String.self, at: "q"],
                  districtCode: request.query[String.self, at: "district_code"],
                  employerID: try request.optionalUUIDQuery("employer_id")),
            after: try request.pageCursor(), limit: PageSize.clamp(request.query[Int.self, at: "limit"]))
        return ListDTO(items: page.items.map { PersonDTO($0, vault: request.vault) }, nextCursor: page.next?.encoded)
    }

    func detail(_ request: Request) async throws -> PersonDTO {
        let id = try request.uuidParameter()
        guard let person = try await RegistryQueries(database: request.db, scope: request.scope, vault: request.vault)
            .person(id) else { throw try await request.notInScope(Person.self, id, entity: .person) }
        guard request.query[Bool.self, at: "unmasked"] == true else { return PersonDTO(person, vault: request.vault) }
        guard request.principal?.may(.viewUnmaskedPersonalData) == true else {
            try await AuditTrail.recordDenial(AuditEvent(request, entity: .person, entityID: person.id?.uuidString,
                                                         action: .viewUnmasked, outcome: "denied"), request: request)
            throw AccessProblem.forbidden
        }
        try await AuditTrail.record(AuditEvent(request, entity: .person, entityID: person.id?.uuidString, action: .viewUnmasked),
                                    on: request.db)
        return PersonDTO(person, vault: request.vault, unmasked: true)
    }

    /// `POST /persons/{id}/departure`: the person left the city (迁出本市), recorded by their district or the city.
    func recordDeparture(_ request: Request) async throws -> PersonDTO {
        let id = try request.uuidParameter()
        guard let person = try await RegistryQueries(database: request.db, scope: request.scope, vault: request.vault)
            .person(id) else { throw try await request.notInScope(Person.self, id, entity: .person) }
        try await PersonDeparture.record(person, try request.content.decode(DepartureInput.self), request)
        return PersonDTO(person, vault: request.vault)
    }

    func create(_ request: Request) async throws -> Response {
        let input = try request.content.decode(PersonInput.self)
        let queries = RegistryQueries(database: request.db, scope: request.scope, vault: request.vault)
        let validated = try await PersonRules.validateNew(input, on: request.db, queries: queries)
        if try await queries.isRegistered(idType: validated.idType, idNumber: validated.idNumber) {
            throw RequestProblem.conflict(code: "person.exists", chinese: "该证件号码的人员已在登记库中。",
                                          english: "A person with this ID number is already in the registry.")
        }
        let person = Person()
        person.name = validated.name
        person.idType = validated.idType
        person.idNumberSealed = try request.vault.seal(validated.idNumber)
        person.idNumberIndex = request.vault.idNumberIndex(type: validated.idType, number: validated.idNumber)
        person.idLast4Index = request.vault.lastFourIndex(String(validated.idNumber.suffix(4)))
        person.sex = validated.sex
        person.birthDate = validated.birthDate
        person.phoneSealed = try validated.phone.map(request.vault.seal)
        person.districtCode = validated.districtCode
        person.employerID = validated.employerID
        guard queries.scope.admitsDistrict(validated.districtCode) else {
            throw RequestProblem.validation([FieldProblem(field: "districtCode", code: "scope.district",
                                                          chinese: "只能登记本区县的人员", english: "You may only register persons of your own district")])
        }
        try await AuditTrail.transaction(on: request.db) { tx, log in
            try await person.create(on: tx)
            log.record(AuditEvent(request, entity: .person, entityID: person.id?.uuidString, action: .create,
                                  after: person.auditValues(validated.idNumber, validated.phone)))
        }
        let response = try await PersonDTO(person, vault: request.vault).encodeResponse(status: .created, for: request)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/persons/\(person.id!.uuidString)")
        return response
    }

    func update(_ request: Request) async throws -> PersonDTO {
        let queries = RegistryQueries(database: request.db, scope: request.scope, vault: request.vault)
        let id = try request.uuidParameter()
        guard let person = try await queries.person(id) else { throw try await request.notInScope(Person.self, id, entity: .person) }
        let input = try request.content.decode(PersonInput.self)
        if input.idNumber != nil || input.idType != nil {
            throw RequestProblem.validation([FieldProblem(
                field: "idNumber", code: "person.id-number.immutable",
                chinese: "证件号码是人员的标识，不能修改；如有错误请联系市局更正。",
                english: "The ID number identifies the person and cannot be changed here.")])
        }
        let before = person.auditValues(try person.idNumber(request.vault), try person.phone(request.vault))
        try await PersonRules.applyChanges(input, to: person, on: request.db, queries: queries, vault: request.vault)
        if !queries.scope.admitsDistrict(person.districtCode) {
            throw RequestProblem.validation([FieldProblem(field: "districtCode", code: "scope.district",
                                                          chinese: "不能把人员移出本区县", english: "You may not move a person out of your district")])
        }
        let after = person.auditValues(try person.idNumber(request.vault), try person.phone(request.vault))
        try await AuditTrail.transaction(on: request.db) { tx, log in
            try await person.save(on: tx)
            log.record(AuditEvent(request, entity: .person, entityID: person.id?.uuidString, action: .update, before: before, after: after))
        }
        return PersonDTO(person, vault: request.vault)
    }
}

/// Person records written through the API, checked by the same rules as an import row
/// (`GongjiangCore.RegistryFieldRules`, the identifier types), so both report the same codes.
enum PersonRules {
    struct Validated {
        var name: String
        var idType: String
        var idNumber: String
        var sex: String?
        var birthDate: String?
        var phone: String?
        var districtCode: String
        var employerID: UUID?
    }

    static func validateNew(_ input: PersonInput, on database: any Database, queries: RegistryQueries) async throws -> Validated {
        var problems: [FieldProblem] = []
        let name = checkName(input.name, problems: &problems)
        let idType = input.idType?.halfWidthNormalized.nilIfEmpty ?? IDType.residentID.rawValue
        var idNumber = ""
        var sex: String?
        var birthDate: String?
        var type: IDType?
        do { type = try RegistryFieldRules.idType(idType) } catch { problems.append(FieldProblem(field: "idType", error)) }
        if let raw = input.idNumber?.nilIfEmpty {
            switch type {
            case .residentID:
                do {
                    let id = try ResidentID(raw)
                    idNumber = id.value
                    sex = id.sex.rawValue
                    birthDate = id.birthDate.description
                } catch { problems.append(FieldProblem(field: "idNumber", error)) }
            case .residencePermit, .passport:
                do { idNumber = try RegistryFieldRules.otherIDNumber(raw.halfWidthNormalized, type: type!) } catch {
                    problems.append(FieldProblem(field: "idNumber", error))
                }
            case nil:
                break   // the idType problem says why
            }
        } else {
            problems.append(required("idNumber", "证件号码"))
        }
        let phone = checkPhone(input.phone, problems: &problems)
        let district = try await checkDistrict(input.districtCode, required: true, on: database, problems: &problems)
        let employer = try await checkEmployer(input.employerId, queries: queries, problems: &problems)
        guard problems.isEmpty, let type else { throw RequestProblem.validation(problems) }
        return Validated(name: name, idType: type.rawValue, idNumber: idNumber, sex: sex, birthDate: birthDate,
                         phone: phone, districtCode: district!, employerID: employer)
    }

    static func applyChanges(_ input: PersonInput, to person: Person, on database: any Database, queries: RegistryQueries,
                             vault: PersonalDataVault) async throws {
        var problems: [FieldProblem] = []
        let name = input.name.map { checkName($0, problems: &problems) }
        let phone = input.phone.map { checkPhone($0, problems: &problems) }
        let district = try await checkDistrict(input.districtCode, required: false, on: database, problems: &problems)
        let employer = try await checkEmployer(input.employerId, queries: queries, problems: &problems)
        guard problems.isEmpty else { throw RequestProblem.validation(problems) }
        if let name { person.name = name }
        if let phone { person.phoneSealed = try phone.map(vault.seal) }
        if let district { person.districtCode = district }
        if let employer { person.employerID = employer }
    }

    static func required(_ field: String, _ chinese: String) -> FieldProblem {
        FieldProblem(field: field, code: "required", chinese: "\(chinese)为必填项", english: "\(field) is required")
    }

    static func checkName(_ raw: String?, problems: inout [FieldProblem]) -> String {
        guard let name = raw?.halfWidthNormalized, !name.isEmpty else {
            problems.append(required("name", "姓名")); return ""
        }
        do {
            return try RegistryFieldRules.freeText(name, field: "name", maximumLength: RegistryFieldRules.maximumPersonNameLength)
        } catch {
            problems.append(FieldProblem(field: "name", error)); return name
        }
    }

    static func checkPhone(_ raw: String?, problems: inout [FieldProblem]) -> String? {
        guard let raw = raw?.nilIfEmpty else { return nil }
        do { return try PhoneNumber(raw).value } catch {
            problems.append(FieldProblem(field: "phone", error)); return nil
        }
    }

    static func checkDistrict(_ raw: String?, required isRequired: Bool, on database: any Database,
                              problems: inout [FieldProblem]) async throws -> String? {
        guard let code = raw?.halfWidthNormalized.nilIfEmpty else {
            if isRequired { problems.append(Self.required("districtCode", "所属区县")) }
            return nil
        }
        let districts = DistrictDirectory(Dictionary(try await District.query(on: database).all().map { ($0.id ?? "", $0.nameZH) }) { a, _ in a })
        do { return try RegistryFieldRules.districtCode(code, in: districts) } catch {
            problems.append(FieldProblem(field: "districtCode", error))
            return nil
        }
    }

    static func checkEmployer(_ id: UUID?, queries: RegistryQueries, problems: inout [FieldProblem]) async throws -> UUID? {
        guard let id else { return nil }
        guard try await queries.organization(id) != nil else {
            problems.append(FieldProblem(field: "employerId", code: "employer.unknown",
                                         chinese: "工作单位不存在", english: "employerId names no organization"))
            return nil
        }
        return id
    }
}

extension Person {
    /// The values the audit trail keeps for a person: identifiers masked, as nobody reading the trail may see them whole.
    func auditValues(_ idNumber: String, _ phone: String?) -> String {
        AuditValues.json(["name": name, "idType": idType, "idNumber": PersonalData.maskedIDNumber(idNumber),
                          "phone": PersonalData.maskedPhone(phone), "districtCode": districtCode,
                          "employerId": employerID?.uuidString])
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}

extension Request {
    func optionalUUIDQuery(_ name: String) throws -> UUID? {
        guard let text = query[String.self, at: name], !text.isEmpty else { return nil }
        guard let id = UUID(uuidString: text) else { throw RequestProblem.badParameter(name) }
        return id
    }
}

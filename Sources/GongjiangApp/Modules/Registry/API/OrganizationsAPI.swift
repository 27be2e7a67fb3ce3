import Fluent
import Foundation
import GongjiangCore
import Vapor

/// `/api/v1/organizations`: list, detail, create, update.
struct OrganizationsAPI {
    func list(_ request: Request) async throws -> ListDTO<OrganizationDTO> {
        let kindText = request.query[String.self, at: "kind"]
        let kind = try kindText.map { text -> OrganizationKind in
            guard let kind = OrganizationKind(rawValue: text) else { throw RequestProblem.badParameter("kind") }
            return kind
        }
        let page = try await RegistryQueries(database: request.db, scope: request.scope, vault: request.vault).organizations(
            .init(text: request.query[String.self, at: "q"], kind: kind,
                  districtCode: request.query[String.self, at: "district_code"]),
            after: try request.pageCursor(), limit: PageSize.clamp(request.query[Int.self, at: "limit"]))
        return ListDTO(items: page.items.map(OrganizationDTO.init), nextCursor: page.next?.encoded)
    }

    func detail(_ request: Request) async throws -> OrganizationDTO {
        let id = try request.uuidParameter()
        guard let organization = try await RegistryQueries(database: request.db, scope: request.scope, vault: request.vault)
            .organization(id) else { throw try await request.notInScope(Organization.self, id, entity: .organization) }
        return OrganizationDTO(organization)
    }

    func create(_ request: Request) async throws -> Response {
        let input = try request.content.decode(OrganizationInput.self)
        let queries = RegistryQueries(database: request.db, scope: request.scope, vault: request.vault)
        var problems: [FieldProblem] = []
        var uscc = ""
        if let raw = input.uscc?.nilIfEmpty {
            do { uscc = try CreditCode(raw).value } catch { problems.append(FieldProblem(field: "uscc", error)) }
        } else {
            problems.append(PersonRules.required("uscc", "统一社会信用代码"))
        }
        let name = Self.checkName(input.name, required: true, problems: &problems) ?? ""
        let kind = Self.checkKind(input.kind ?? OrganizationKind.enterprise.rawValue, problems: &problems)
        let district = try await PersonRules.checkDistrict(input.districtCode, required: false, on: request.db, problems: &problems)
        guard problems.isEmpty else { throw RequestProblem.validation(problems) }
        try Self.checkScope(district, queries.scope)
        if try await queries.isRegistered(uscc: uscc) {
            throw RequestProblem.conflict(code: "organization.exists", chinese: "该统一社会信用代码的单位已在登记库中。",
                                          english: "An organization with this credit code is already in the registry.")
        }
        let organization = Organization()
        organization.uscc = uscc
        organization.name = name
        organization.kindCode = (kind ?? .enterprise).rawValue
        organization.districtCode = district
        try await AuditTrail.transaction(on: request.db) { tx, log in
            try await organization.create(on: tx)
            log.record(AuditEvent(request, entity: .organization, entityID: organization.id?.uuidString, action: .create,
                                  after: organization.auditValues))
        }
        let response = try await OrganizationDTO(organization).encodeResponse(status: .created, for: request)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/organizations/\(organization.id!.uuidString)")
        return response
    }

    func update(_ request: Request) async throws -> OrganizationDTO {
        let queries = RegistryQueries(database: request.db, scope: request.scope, vault: request.vault)
        let id = try request.uuidParameter()
        guard let organization = try await queries.organization(id) else {
            throw try await request.notInScope(Organization.self, id, entity: .organization)
        }
        let input = try request.content.decode(OrganizationInput.self)
        var problems: [FieldProblem] = []
        if input.uscc != nil, input.uscc != organization.uscc {
            problems.append(FieldProblem(field: "uscc", code: "organization.uscc.immutable",
                                         chinese: "统一社会信用代码是单位的标识，不能修改。",
                                         english: "The credit code identifies the organization and cannot be changed."))
        }
        let name = Self.checkName(input.name, required: false, problems: &problems)
        let kind = input.kind.flatMap { Self.checkKind($0, problems: &problems) }
        let district = try await PersonRules.checkDistrict(input.districtCode, required: false, on: request.db, problems: &problems)
        guard problems.isEmpty else { throw RequestProblem.validation(problems) }
        if let district { try Self.checkScope(district, queries.scope) }
        let before = organization.auditValues
        if let name { organization.name = name }
        if let kind { organization.kindCode = kind.rawValue }
        if let district { organization.districtCode = district }
        try await AuditTrail.transaction(on: request.db) { tx, log in
            try await organization.save(on: tx)
            log.record(AuditEvent(request, entity: .organization, entityID: organization.id?.uuidString, action: .update,
                                  before: before, after: organization.auditValues))
        }
        return OrganizationDTO(organization)
    }

    /// A district officer registers organizations of their own districts only, and cannot move one out of them: the
    /// same rule as for persons, checked on the record as it will be after the write.
    static func checkScope(_ district: String?, _ scope: Scope) throws {
        guard scope.admitsDistrict(district) else {
            throw RequestProblem.validation([FieldProblem(field: "districtCode", code: "scope.district",
                                                          chinese: "单位的所属区县必须在您的管辖范围内",
                                                          english: "The organization's district must be one you serve")])
        }
    }

    static func checkName(_ raw: String?, required: Bool, problems: inout [FieldProblem]) -> String? {
        guard let name = raw?.halfWidthNormalized, !name.isEmpty else {
            if required { problems.append(PersonRules.required("name", "单位名称")) }
            return nil
        }
        do {
            return try RegistryFieldRules.freeText(name, field: "name", maximumLength: RegistryFieldRules.maximumOrganizationNameLength)
        } catch {
            problems.append(FieldProblem(field: "name", error))
            return nil
        }
    }

    static func checkKind(_ raw: String, problems: inout [FieldProblem]) -> OrganizationKind? {
        do { return try RegistryFieldRules.organizationKind(raw) } catch {
            problems.append(FieldProblem(field: "kind", error))
            return nil
        }
    }
}

extension Organization {
    var auditValues: String {
        AuditValues.json(["uscc": uscc, "name": name, "kind": kindCode, "districtCode": districtCode])
    }
}

import Fluent
import Foundation
import GongjiangCore
import Vapor

/// What an organization files, from the API's JSON or the filing form.
struct FilingInput: Content {
    struct ScopeItem: Content {
        var occupationCode: String?
        var level: String?
    }
    struct SiteItem: Content {
        var name: String?
        var address: String?
    }
    struct ExaminerItem: Content {
        var name: String?
        var examinerNumber: String?
        var occupationCode: String?
    }

    /// Only the city files for an organization other than its own; an organization's account files for itself.
    var organizationId: UUID?
    var type: String?
    var scope: [ScopeItem]?
    var sites: [SiteItem]?
    var examiners: [ExaminerItem]?
    var contactName: String?
    var contactPhone: String?
}

/// The codes the city assigns when it approves a filing.
struct FilingApproval: Content {
    var ministryCode: String?
    var siteSerial: String?
}

extension CertificationService {
    /// The most scope entries, sites and examiners one filing names: a large organization certifies some dozens of
    /// occupations at five levels; more is a mistake or an attack on the page that lists them.
    static let maximumFilingItems = 500

    struct ValidatedFiling {
        var organization: Organization
        var type: EvaluationOrganizationType
        var scope: Set<FilingRules.ScopeEntry>
        var sites: [(name: String, address: String)]
        var examiners: [(name: String, number: String, occupation: String)]
        var contactName: String
        var contactPhone: String
    }

    /// Checks a filing's input field by field, and every rule of `FilingRules.validate`.
    static func validate(_ input: FilingInput, _ context: CertificationContext) async throws -> ValidatedFiling {
        var problems: [FieldProblem] = []
        let organizationID: UUID? = switch context.scope {
        case .organization(let own): own
        default: input.organizationId
        }
        var organization: Organization?
        if let organizationID {
            organization = try await Organization.find(organizationID, on: context.database)
            if organization == nil || !CertificationQueries.admits(context.scope, district: organization?.districtCode,
                                                                   organization: organizationID) {
                organization = nil
                problems.append(FieldProblem(field: "organizationId", code: "filing.organization-unknown",
                                             chinese: "找不到该单位，或不在您的管辖范围内",
                                             english: "No such organization, or not one you serve"))
            }
        } else {
            problems.append(PersonRules.required("organizationId", "单位"))
        }
        let type = input.type.flatMap(EvaluationOrganizationType.init(rawValue:))
        if type == nil {
            problems.append(FieldProblem(field: "type", code: "filing.type", chinese: "机构类型应为 Y（用人单位）或 S（社会培训评价组织）",
                                         english: "The type is Y (employer) or S (social training-evaluation organization)"))
        }
        // Each occupation with the national levels its standard sets ("5,4,3,2,1", or fewer: 健康管理师 has 3 to 1).
        let catalogue = Dictionary(try await Occupation.query(on: context.database).all().compactMap { occupation in
            occupation.id.map { ($0, Set(occupation.levels.split(separator: ",").compactMap { Int($0) })) }
        }) { first, _ in first }
        let known = Set(catalogue.keys)
        var scope: Set<FilingRules.ScopeEntry> = []
        let scopeItems = input.scope ?? []
        let siteItems = input.sites ?? []
        let examinerItems = input.examiners ?? []
        if scopeItems.count > maximumFilingItems || siteItems.count > maximumFilingItems || examinerItems.count > maximumFilingItems {
            throw RequestProblem.validation([FieldProblem(field: "scope", code: "filing.too-many-items",
                                                          chinese: "备案范围、场所或考评员超过 \(maximumFilingItems) 项",
                                                          english: "More than \(maximumFilingItems) scope entries, sites or examiners")])
        }
        for (index, item) in scopeItems.enumerated() {
            let code = item.occupationCode?.halfWidthNormalized ?? ""
            guard known.contains(code) else {
                problems.append(Self.unknownOccupation("scope[\(index)].occupationCode", code))
                continue
            }
            guard let level = item.level.flatMap(SkillLevel.init(code:)) else {
                problems.append(Self.unknownLevel("scope[\(index)].level", item.level ?? ""))
                continue
            }
            // The top rungs sit above 一级, so an occupation certified at 一级 may have them.
            let national = level.nationalLevel ?? 1
            if let levels = catalogue[code], !levels.isEmpty, !levels.contains(national) {
                problems.append(FieldProblem(field: "scope[\(index)].level", code: "filing.level-not-in-standard",
                                             chinese: "该职业的国家职业技能标准不设\(level.chineseName)",
                                             english: "The occupation's national standard has no \(level.englishName)"))
                continue
            }
            scope.insert(.init(occupationCode: code, level: level))
        }
        var sites: [(String, String)] = []
        for (index, item) in siteItems.enumerated() {
            let name = text(item.name, field: "sites[\(index)].name", label: "场所名称", maximum: 100, required: true, problems: &problems)
            let address = text(item.address, field: "sites[\(index)].address", label: "场所地址", maximum: 200, required: true,
                               problems: &problems)
            if let name, let address { sites.append((name, address)) }
        }
        var examiners: [(String, String, String)] = []
        for (index, item) in examinerItems.enumerated() {
            let name = text(item.name, field: "examiners[\(index)].name", label: "考评员姓名",
                            maximum: RegistryFieldRules.maximumPersonNameLength, required: true, problems: &problems)
            let number = text(item.examinerNumber, field: "examiners[\(index)].examinerNumber", label: "考评员证号", maximum: 30,
                              required: true, problems: &problems)
            let occupation = item.occupationCode?.halfWidthNormalized ?? ""
            if !known.contains(occupation) { problems.append(Self.unknownOccupation("examiners[\(index)].occupationCode", occupation)) }
            if let name, let number, known.contains(occupation) { examiners.append((name, number, occupation)) }
        }
        let contactName = text(input.contactName, field: "contactName", label: "联系人", maximum: RegistryFieldRules.maximumPersonNameLength,
                               required: true, problems: &problems)
        var contactPhone: String?
        if let raw = input.contactPhone?.nilIfEmpty {
            do { contactPhone = try PhoneNumber(raw).value } catch { problems.append(FieldProblem(field: "contactPhone", error)) }
        } else {
            problems.append(PersonRules.required("contactPhone", "联系电话"))
        }
        if problems.isEmpty, let type {
            do { try FilingRules.validate(type: type, scope: scope, siteCount: sites.count, examinerCount: examiners.count) } catch {
                problems.append(FieldProblem(field: "scope", error))
            }
        }
        guard problems.isEmpty, let organization, let type, let contactName, let contactPhone else {
            throw RequestProblem.validation(problems)
        }
        return ValidatedFiling(organization: organization, type: type, scope: scope, sites: sites, examiners: examiners,
                               contactName: contactName, contactPhone: contactPhone)
    }

    static func unknownOccupation(_ field: String, _ code: String) -> FieldProblem {
        FieldProblem(field: field, code: "occupation.unknown", chinese: "职业编码“\(code)”不在职业目录中",
                     english: "Occupation code “\(code)” is not in the catalogue")
    }

    static func unknownLevel(_ field: String, _ code: String) -> FieldProblem {
        FieldProblem(field: field, code: "skill-level.unknown",
                     chinese: "等级“\(code)”无效，应为 5–1、principal-technician 或 chief-technician",
                     english: "Level “\(code)” is not valid: 5 to 1, principal-technician or chief-technician")
    }

    /// Files an organization (备案): a new filing, submitted to its district. An organization has one filing at a
    /// time; after a rejection or exit it may file again.
    static func submitFiling(_ input: FilingInput, _ context: CertificationContext) async throws -> EvaluationFiling {
        let actor = try context.requireActor(for: "filing", "submit")
        guard actor == .organization || actor == .city else {
            throw WorkflowRefusal.notYourStep(workflow: "filing", event: "submit", actor: actor)
        }
        let valid = try await validate(input, context)
        let organizationID = try valid.organization.requireID()
        if try await CertificationQueries(database: context.database, scope: .city).currentFiling(of: organizationID) != nil {
            throw RequestProblem.conflict(code: "filing.exists", chinese: "该单位已有在办或有效的备案，请在原备案上办理。",
                                          english: "This organization already has a filing in progress or in force; act on that one.")
        }
        let filing = EvaluationFiling()
        filing.id = newID(context)
        filing.organizationID = organizationID
        filing.organizationName = valid.organization.name
        filing.typeCode = valid.type.rawValue
        filing.stateCode = FilingState.submitted.rawValue
        filing.districtCode = valid.organization.districtCode
        filing.contactName = valid.contactName
        filing.contactPhoneSealed = try context.vault.seal(valid.contactPhone)
        try await AuditTrail.transaction(on: context.database) { tx, log in
            try await filing.create(on: tx)
            try await writeParts(of: filing, valid, on: tx)
            log.record(context.event(.filing, filing.id, .create, after: filing.auditValues + " " + Self.partsText(valid)))
        }
        return filing
    }

    /// Resubmits a returned filing, with its parts as corrected.
    static func resubmitFiling(_ filing: EvaluationFiling, _ input: FilingInput, _ context: CertificationContext) async throws {
        let actor = try context.requireActor(for: "filing", FilingEvent.resubmit.rawValue)
        let next = try FilingRules.workflow.apply(.resubmit, to: filing.state, by: actor)
        var adjusted = input
        adjusted.organizationId = filing.organizationID
        let valid = try await validate(adjusted, context)
        guard valid.type == filing.type else {
            throw RequestProblem.validation([FieldProblem(field: "type", code: "filing.type-immutable",
                                                          chinese: "重新提交不能改变机构类型", english: "A resubmission keeps its type")])
        }
        let before = filing.auditValues
        filing.stateCode = next.rawValue
        filing.contactName = valid.contactName
        filing.contactPhoneSealed = try context.vault.seal(valid.contactPhone)
        try await AuditTrail.transaction(on: context.database) { tx, log in
            try await FilingScopeRow.query(on: tx).filter(\.$filingID == filing.id!).delete()
            try await FilingExaminer.query(on: tx).filter(\.$filingID == filing.id!).delete()
            // Sites stay (plans refer to them); new ones are added.
            let known = Set(try await FilingSite.query(on: tx).filter(\.$filingID == filing.id!).all().map { "\($0.name)\u{0}\($0.address)" })
            var fresh = valid
            fresh.sites = valid.sites.filter { !known.contains("\($0.name)\u{0}\($0.address)") }
            try await writeParts(of: filing, fresh, on: tx)
            try await filing.update(on: tx)
            log.record(context.event(.filing, filing.id, AuditAction(FilingEvent.resubmit.rawValue), before: before,
                                     after: filing.auditValues + " " + Self.partsText(valid)))
        }
    }

    private static func writeParts(of filing: EvaluationFiling, _ valid: ValidatedFiling, on tx: any Database) async throws {
        let id = try filing.requireID()
        for entry in valid.scope.sorted() { try await FilingScopeRow(filingID: id, entry: entry).create(on: tx) }
        for site in valid.sites { try await FilingSite(filingID: id, name: site.name, address: site.address).create(on: tx) }
        for examiner in valid.examiners {
            try await FilingExaminer(filingID: id, name: examiner.name, examinerNumber: examiner.number,
                                     occupationCode: examiner.occupation).create(on: tx)
        }
    }

    private static func partsText(_ valid: ValidatedFiling) -> String {
        AuditValues.json(["scope": valid.scope.sorted().map { "\($0.occupationCode)/\($0.level.code)" }.joined(separator: ","),
                          "sites": String(valid.sites.count), "examiners": String(valid.examiners.count)])
    }

    /// One step of the filing workflow other than resubmission: the district's review, the city's decision,
    /// renewal, suspension, reinstatement and exit. The city's approval assigns the filing number, the validity and
    /// the codes of its certificate numbers; a renewal extends the validity by the policy's years.
    static func step(_ filing: EvaluationFiling, _ event: FilingEvent, reason: String?, approval: FilingApproval?,
                     _ context: CertificationContext) async throws {
        guard event != .resubmit else { throw WorkflowRefusal.notAllowed(workflow: "filing", event: event.rawValue, state: filing.stateCode) }
        let actor = try context.requireActor(for: "filing", event.rawValue)
        let step = FilingRules.workflow.transition(from: filing.state, on: event)
        let reason = try Self.reason(reason, required: step?.needsReason ?? false)
        let next = try FilingRules.workflow.apply(event, to: filing.state, by: actor, reason: reason)
        guard CertificationQueries.admits(context.scope, district: filing.districtCode, organization: filing.organizationID) else {
            throw RequestProblem.notFound
        }
        let policy = try await CertificationQueries.policy(on: context.database, day: context.today)
        var assigned: CertificateIssue.Issuer?
        if event == .cityApprove {
            let candidate = CertificateIssue.Issuer(
                type: filing.type, organizationCode: approval?.ministryCode?.halfWidthNormalized.nilIfEmpty ?? "0000",
                provinceCode: policy.provinceCode, siteSerial: approval?.siteSerial?.halfWidthNormalized ?? "")
            do { try candidate.validate() } catch {
                throw RequestProblem.validation([FieldProblem(field: "siteSerial", error)])
            }
            assigned = candidate
        }
        let issuer = assigned
        let before = filing.auditValues
        let from = filing.stateCode
        try await AuditTrail.transaction(on: context.database) { tx, log in
            // Writers take turns here: a step another request made first is not made twice.
            guard try await EvaluationFiling.find(filing.requireID(), on: tx)?.stateCode == from else {
                throw WorkflowRefusal.notAllowed(workflow: "filing", event: event.rawValue, state: from)
            }
            switch event {
            case .cityApprove:
                let year = context.today.year
                let prefix = FilingRules.number(cityCode: policy.cityCode, type: filing.type, year: year, sequence: 0).dropLast(4)
                let taken = try await EvaluationFiling.query(on: tx).filter(\.$filingNumber, .custom("LIKE"), prefix + "%").count()
                filing.filingNumber = FilingRules.number(cityCode: policy.cityCode, type: filing.type, year: year, sequence: taken + 1)
                let validity = FilingRules.validity(approvedOn: context.today, policy: policy)
                filing.validFrom = validity.lowerBound.description
                filing.validUntil = validity.upperBound.description
                filing.ministryCode = issuer?.organizationCode
                filing.provinceCode = issuer?.provinceCode
                filing.siteSerial = issuer?.siteSerial
            case .renew:
                // A renewal before the end runs on from it; one after a lapse starts today.
                let start = filing.validity.map { max($0.upperBound.adding(days: 1), context.today) } ?? context.today
                filing.validUntil = FilingRules.validity(approvedOn: start, policy: policy).upperBound.description
            default:
                break
            }
            filing.stateCode = next.rawValue
            if let reason { filing.lastReason = reason }
            try await filing.update(on: tx)
            log.record(context.event(.filing, filing.id, AuditAction(event.rawValue), before: before, after: filing.auditValues))
        }
    }
}

import Fluent
import Foundation
import GongjiangCore
import SQLKit
import Vapor

/// Who acts on apprenticeships: the same shape as training's (an enterprise or school, a district, the city), so the
/// module uses that context.
typealias ApprenticeshipContext = TrainingContext

struct ApprenticeshipPlanInput: Content {
    /// The technical school or training provider that teaches the class.
    var schoolId: UUID?
    var occupationCode: String?
    /// National level: "4" (中级工) to "1" (高级技师).
    var targetLevel: String?
    var durationMonths: Int?
    var schoolHours: Int?
    var workHours: Int?
    var startsOn: String?
    var plannedHeadcount: Int?
    /// The enterprise's bank account the subsidy is paid to.
    var bankAccount: String?
}

struct ApprenticeInput: Content {
    var name: String?
    var idType: String?
    var idNumber: String?
    /// `new-hire` or `transferred`.
    var hireKind: String?
    /// The enterprise mentor (企业导师), by resident ID: a person of the registry.
    var mentorIdNumber: String?
    /// The school's teacher (企校双师).
    var teacherName: String?
    var contractStart: String?
    /// Empty for an open-ended contract.
    var contractEnd: String?
    var monthlyWageFen: Int64?
    var trainingFeeFen: Int64?
    var mentorAllowanceFen: Int64?
}

/// Class plans and apprentices. Each method checks the rules in Core, the caller's side of the workflow and scope, and
/// commits its change with its audit record, re-checking inside the transaction what a concurrent writer could change
/// (a person's other apprenticeship, a mentor's load).
enum ApprenticeshipService {
    /// The version of the rules in force on `day` (the seeded one when none is).
    static func policy(on database: any Database, day: CivilDate) async throws -> ApprenticeshipPolicy {
        ApprenticeshipPolicy.inForce(try await policyVersions(on: database), on: day) ?? .nantong2019
    }

    /// The province's minimum wages (minimum-wages.csv as loaded into the reference tables).
    static func minimumWages(on database: any Database) async throws -> [GongjiangCore.MinimumWage] {
        try await database.sql.raw("SELECT province_code, tier, effective_from, monthly_fen FROM minimum_wages").all().map { row in
            GongjiangCore.MinimumWage(province: try row.decode(column: "province_code", as: String.self), tier: try row.decode(column: "tier", as: Int.self),
                        effectiveFrom: try CivilDate(parsing: try row.decode(column: "effective_from", as: String.self)),
                        monthly: Money(fen: try row.decode(column: "monthly_fen", as: Int64.self)))
        }
    }

    /// The subsidy per apprentice per year for a target level on a day (apprenticeship-subsidy-standards.csv; its
    /// `target_level` is the national level number).
    static func rate(_ level: SkillLevel, on day: CivilDate, database: any Database) async throws -> Money {
        let table = try await database.sql.raw("SELECT effective_from, target_level, amount_fen FROM apprenticeship_subsidy_standards").all().compactMap { row -> ApprenticeshipRate? in
            guard let level = SkillLevel(nationalLevel: try row.decode(column: "target_level", as: Int.self)) else { return nil }
            return ApprenticeshipRate(effectiveFrom: try CivilDate(parsing: try row.decode(column: "effective_from", as: String.self)), targetLevel: level,
                                      yearly: Money(fen: try row.decode(column: "amount_fen", as: Int64.self)))
        }
        guard let rate = ApprenticeshipRate.inForce(table, level: level, on: day) else { throw ApprenticeshipRefusal.noRate(level: level, on: day) }
        return rate.yearly
    }

    /// A district's minimum-wage tier and its name.
    static func district(_ code: String, on database: any Database) async throws -> (tier: Int, name: String)? {
        guard let row = try await database.sql.raw("SELECT minimum_wage_tier, name_zh FROM districts WHERE code = \(bind: code)").first(),
              let tier = try row.decode(column: "minimum_wage_tier", as: Int?.self) else { return nil }
        return (tier, try row.decode(column: "name_zh", as: String.self))
    }

    // MARK: - Plans

    /// A plan's terms as the enterprise gives them, checked: the occupation, the target level and duration in the
    /// rules in force, a school or provider approved for the occupation and level on the first day, a bank account.
    struct CheckedPlan: Sendable {
        let enterpriseID: UUID
        let districtCode: String
        let occupationCode: String
        let schoolID: UUID
        let terms: ApprenticeshipPlanTerms
        let account: String

        var auditJSON: String {
            AuditValues.json(["occupation": occupationCode, "targetLevel": terms.targetLevel.code, "months": String(terms.durationMonths),
                              "from": terms.startsOn.description, "headcount": String(terms.plannedHeadcount), "school": schoolID.uuidString,
                              "account": Masking.bankAccount(account)])
        }
    }

    static func check(_ input: ApprenticeshipPlanInput, event: String, _ context: ApprenticeshipContext) async throws -> CheckedPlan {
        guard context.actor == .organization, let enterprise = context.scope.organizationID,
              let organization = try await Organization.find(enterprise, on: context.database),
              organization.kindCode == OrganizationKind.enterprise.rawValue else {
            throw WorkflowRefusal.notYourStep(workflow: "apprenticeship-plan", event: event, actor: context.actor ?? .system)
        }
        var problems: [FieldProblem] = []
        let starts = TrainingService.date(input.startsOn, field: "startsOn", problems: &problems)
        let level = input.targetLevel.flatMap(SkillLevel.init(code:))
        if level == nil { problems.append(FieldProblem(field: "targetLevel", code: "level.unknown", chinese: "培养目标应为 4–1 级", english: "The target level is 4–1")) }
        let occupation = try await input.occupationCode.flatMap { $0.isEmpty ? nil : $0 }.asyncMap { try await Occupation.find($0, on: context.database) } ?? nil
        if occupation == nil { problems.append(FieldProblem(field: "occupationCode", code: "occupation.unknown", chinese: "未知的职业编码", english: "Unknown occupation")) }
        guard let district = organization.districtCode else {
            throw RequestProblem.validation([FieldProblem(field: "enterprise", code: "organization.no-district", chinese: "该单位未登记所属区县",
                                                          english: "The organization has no district in the registry")])
        }
        guard problems.isEmpty, let starts, let level, let code = occupation?.id else { throw RequestProblem.validation(problems) }
        guard let account = input.bankAccount.flatMap(BankAccount.normalized) else { throw ApprenticeshipRefusal.noBankAccount }
        let terms = ApprenticeshipPlanTerms(targetLevel: level, durationMonths: input.durationMonths ?? 0, schoolHours: input.schoolHours ?? 0,
                                            workHours: input.workHours ?? 0, startsOn: starts, plannedHeadcount: input.plannedHeadcount ?? 0)
        try ApprenticeshipRules.check(terms, policy: try await policy(on: context.database, day: context.today))
        // The school teaches what it is approved for: its provider scope on the first day.
        guard let schoolID = input.schoolId, let school = try await TrainingService.provider(nil, organization: schoolID, on: context.database) else {
            throw ApprenticeshipRefusal.outsideSchoolScope(occupationCode: code, level: level)
        }
        do {
            try ProviderRules.admits(state: school.state, validFrom: school.validFrom, validUntil: school.validUntil, scope: school.scope,
                                     occupationCode: code, level: level, on: starts)
        } catch {
            throw ApprenticeshipRefusal.outsideSchoolScope(occupationCode: code, level: level)
        }
        return CheckedPlan(enterpriseID: enterprise, districtCode: district, occupationCode: code, schoolID: schoolID, terms: terms, account: account)
    }

    /// 学徒培养计划: an enterprise files one class with a school or provider approved for the occupation and target level.
    static func filePlan(_ input: ApprenticeshipPlanInput, _ context: ApprenticeshipContext) async throws -> UUID {
        let plan = try await check(input, event: "file", context)
        let terms = plan.terms
        let id = TrainingService.newID(context)
        let year = context.today.year
        let sealed = try context.vault.seal(plan.account)
        try await context.write { tx, log in
            let number = try await NumberSerials.next("AP-\(plan.districtCode)-\(year)", width: 4, on: tx)
            try await tx.sql.insert(into: "apprenticeship_plans")
                .columns("id", "number", "enterprise_id", "school_id", "district_code", "occupation_code", "target_level", "duration_months",
                         "school_hours", "work_hours", "starts_on", "ends_on", "planned_headcount", "state", "filed_on", "year",
                         "payee_account_sealed", "payee_account_masked", "created_at", "updated_at")
                .values(SQLBind(id), SQLBind(number), SQLBind(plan.enterpriseID), SQLBind(plan.schoolID), SQLBind(plan.districtCode),
                        SQLBind(plan.occupationCode), SQLBind(terms.targetLevel.rawValue), SQLBind(terms.durationMonths), SQLBind(terms.schoolHours),
                        SQLBind(terms.workHours), SQLBind(terms.startsOn.description), SQLBind(terms.endsOn.description), SQLBind(terms.plannedHeadcount),
                        SQLBind(ApprenticeshipPlanState.filed.rawValue), SQLBind(context.today.description), SQLBind(year), SQLBind(sealed),
                        SQLBind(Masking.bankAccount(plan.account)), SQLBind(context.now), SQLBind(context.now)).run()
            log.record(context.event(.apprenticeshipPlan, id, .create, after: plan.auditJSON))
        }
        return id
    }

    /// A plan the district returned: the enterprise corrects its terms, checked as at filing, and may then resubmit it.
    static func amendPlan(_ id: UUID, _ input: ApprenticeshipPlanInput, _ context: ApprenticeshipContext) async throws {
        let current = try await plan(id, context)
        let checked = try await check(input, event: "amend", context)
        guard checked.enterpriseID == current.enterpriseID else {
            throw WorkflowRefusal.notYourStep(workflow: "apprenticeship-plan", event: "amend", actor: .organization)
        }
        guard current.state == .returned else { throw WorkflowRefusal.notAllowed(workflow: "apprenticeship-plan", event: "amend", state: current.state.rawValue) }
        let terms = checked.terms
        let sealed = try context.vault.seal(checked.account)
        try await context.write { tx, log in
            let rows = try await tx.sql.raw("""
                UPDATE apprenticeship_plans SET school_id = \(bind: checked.schoolID), occupation_code = \(bind: checked.occupationCode),
                    target_level = \(bind: terms.targetLevel.rawValue), duration_months = \(bind: terms.durationMonths),
                    school_hours = \(bind: terms.schoolHours), work_hours = \(bind: terms.workHours), starts_on = \(bind: terms.startsOn.description),
                    ends_on = \(bind: terms.endsOn.description), planned_headcount = \(bind: terms.plannedHeadcount),
                    payee_account_sealed = \(bind: sealed), payee_account_masked = \(bind: Masking.bankAccount(checked.account)), updated_at = \(bind: context.now)
                WHERE id = \(bind: id) AND state = \(bind: ApprenticeshipPlanState.returned.rawValue) RETURNING id
                """).all()
            guard rows.count == 1 else { throw WorkflowRefusal.notAllowed(workflow: "apprenticeship-plan", event: "amend", state: current.state.rawValue) }
            log.record(context.event(.apprenticeshipPlan, id, .update, after: checked.auditJSON))
        }
    }

    struct Plan: Sendable {
        let id: UUID
        let number: String
        let enterpriseID: UUID
        let schoolID: UUID
        let districtCode: String
        let occupationCode: String
        let targetLevel: SkillLevel
        let durationMonths: Int
        let startsOn: CivilDate
        let endsOn: CivilDate
        let plannedHeadcount: Int
        let state: ApprenticeshipPlanState
        let payeeAccountSealed: String?
        let advancePaymentID: UUID?

        init(_ row: any SQLRow) throws {
            id = try row.decode(column: "id", as: UUID.self)
            number = try row.decode(column: "number", as: String.self)
            enterpriseID = try row.decode(column: "enterprise_id", as: UUID.self)
            schoolID = try row.decode(column: "school_id", as: UUID.self)
            districtCode = try row.decode(column: "district_code", as: String.self)
            occupationCode = try row.decode(column: "occupation_code", as: String.self)
            targetLevel = SkillLevel(rawValue: try row.decode(column: "target_level", as: Int.self)) ?? .level4
            durationMonths = try row.decode(column: "duration_months", as: Int.self)
            startsOn = try CivilDate(parsing: try row.decode(column: "starts_on", as: String.self))
            endsOn = try CivilDate(parsing: try row.decode(column: "ends_on", as: String.self))
            plannedHeadcount = try row.decode(column: "planned_headcount", as: Int.self)
            state = ApprenticeshipPlanState(rawValue: try row.decode(column: "state", as: String.self)) ?? .filed
            payeeAccountSealed = try row.decode(column: "payee_account_sealed", as: String?.self)
            advancePaymentID = try row.decode(column: "advance_payment_id", as: UUID?.self)
        }
    }

    /// The plan if the caller may see it: its enterprise or school, its district's officer, the city.
    static func plan(_ id: UUID, _ context: ApprenticeshipContext) async throws -> Plan {
        guard let row = try await context.database.sql.raw("SELECT * FROM apprenticeship_plans WHERE id = \(bind: id)").first() else {
            throw RequestProblem.notFound
        }
        let plan = try Plan(row)
        switch context.scope {
        case .organization(let organization):
            guard organization == plan.enterpriseID || organization == plan.schoolID else { throw RequestProblem.notFound }
        default:
            guard context.scope.admitsDistrict(plan.districtCode) else { throw RequestProblem.notFound }
        }
        return plan
    }

    /// The district approves or returns a plan; the enterprise resubmits or cancels it.
    static func stepPlan(_ id: UUID, event raw: String?, reason rawReason: String?, _ context: ApprenticeshipContext) async throws {
        let reason = try CertificationService.reason(rawReason, required: false)
        let plan = try await plan(id, context)
        guard let event = raw.flatMap(ApprenticeshipPlanEvent.init(rawValue:)), event != .settle else { throw TrainingService.unknownEvent(raw) }
        let actor = try context.requireActor("apprenticeship-plan", event.rawValue)
        if actor == .organization, context.scope.organizationID != plan.enterpriseID {
            throw WorkflowRefusal.notYourStep(workflow: "apprenticeship-plan", event: event.rawValue, actor: actor)
        }
        let next = try ApprenticeshipRules.planWorkflow.apply(event, to: plan.state, by: actor, reason: reason)
        try await context.write { tx, log in
            let rows = try await tx.sql.raw("""
                UPDATE apprenticeship_plans SET state = \(bind: next.rawValue), last_reason = \(bind: reason), updated_at = \(bind: context.now)
                WHERE id = \(bind: id) AND state = \(bind: plan.state.rawValue) RETURNING id
                """).all()
            guard rows.count == 1 else { throw WorkflowRefusal.notAllowed(workflow: "apprenticeship-plan", event: event.rawValue, state: plan.state.rawValue) }
            var after = ["state": next.rawValue, "reason": reason]
            if event == .approve {
                let advance = try await commitAdvance(plan, on: tx, log: log, context)
                after["advanceFen"] = String(advance.fen)
            }
            log.record(context.event(.apprenticeshipPlan, id, AuditAction(event.rawValue), before: AuditValues.json(["state": plan.state.rawValue]),
                                     after: AuditValues.json(after)))
        }
    }
}

extension AuditEntity {
    static let apprenticeshipPlan = AuditEntity("apprenticeship-plan")
    static let apprentice = AuditEntity("apprentice")
}

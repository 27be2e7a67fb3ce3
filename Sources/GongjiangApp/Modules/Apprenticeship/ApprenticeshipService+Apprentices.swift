import Fluent
import Foundation
import GongjiangCore
import SQLKit
import Vapor

struct ApprenticeChangeInput: Content {
    /// The day the new terms take effect: inside the apprenticeship.
    var effectiveOn: String?
    var monthlyWageFen: Int64?
    var contractEnd: String?
    /// True for a contract changed to open-ended (无固定期限).
    var openEnded: Bool?
    var trainingFeeFen: Int64?
    var mentorAllowanceFen: Int64?
    var mentorIdNumber: String?
    var reason: String?
}

struct AssessmentInput: Content {
    /// The stage as the plan names it: "第一学年", "中期考核".
    var stage: String?
    var assessedOn: String?
    /// `passed` or `failed`.
    var result: String?
    var note: String?
}

struct ExitInput: Content {
    var reason: String?
}

/// Apprentices: joining a plan, changes of the agreement (each checked as at filing, against the floor in force on the
/// day it takes effect), stage assessments, completion read from the registry, early exit.
extension ApprenticeshipService {

    /// An apprentice joins an approved plan: a new hire or transferred staff under a labour contract of at least a
    /// year, paid at least the minimum wage of the workplace district's tier, with a mentor holding the target level
    /// who has room, and in no other apprenticeship.
    static func addApprentice(_ planID: UUID, _ input: ApprenticeInput, _ context: ApprenticeshipContext) async throws -> UUID {
        let plan = try await plan(planID, context)
        guard context.actor == .organization, context.scope.organizationID == plan.enterpriseID else {
            throw WorkflowRefusal.notYourStep(workflow: "apprenticeship", event: "enrol", actor: context.actor ?? .system)
        }
        guard plan.state == .approved else { throw WorkflowRefusal.notAllowed(workflow: "apprenticeship-plan", event: "enrol", state: plan.state.rawValue) }
        var problems: [FieldProblem] = []
        let intake = PersonIntake.read(name: input.name, idType: input.idType, idNumber: input.idNumber, problems: &problems)
        let start = TrainingService.date(input.contractStart, field: "contractStart", problems: &problems)
        let end = input.contractEnd?.nilIfEmpty == nil ? nil : TrainingService.date(input.contractEnd, field: "contractEnd", problems: &problems)
        let hireKind = input.hireKind ?? ""
        if !["new-hire", "transferred"].contains(hireKind) {
            problems.append(FieldProblem(field: "hireKind", code: "apprenticeship.hire-kind", chinese: "学徒应为新招用或转岗职工", english: "An apprentice is a new hire or transferred staff"))
        }
        let teacher = CertificationService.text(input.teacherName, field: "teacherName", label: "学校导师", maximum: 60, required: true, problems: &problems)
        for (field, value) in [("monthlyWageFen", input.monthlyWageFen), ("trainingFeeFen", input.trainingFeeFen), ("mentorAllowanceFen", input.mentorAllowanceFen)]
        where value == nil {
            problems.append(PersonRules.required(field, field))
        }
        let mentor = try await mentor(input.mentorIdNumber, context, problems: &problems)
        guard problems.isEmpty, let intake, let start, let teacher, let mentor else { throw RequestProblem.validation(problems) }
        let agreement = ApprenticeshipAgreement(contractStart: start, contractEnd: end, monthlyWage: Money(fen: input.monthlyWageFen ?? 0),
                                                trainingFee: Money(fen: input.trainingFeeFen ?? 0), mentorAllowance: Money(fen: input.mentorAllowanceFen ?? 0))
        guard let (tier, districtName) = try await district(plan.districtCode, on: context.database) else {
            throw ApprenticeshipRefusal.noMinimumWage(tier: 0, on: context.today)
        }
        // The wage against the floor on the day the apprenticeship starts for this person (today, or the plan's start).
        let startsOn = max(context.today, plan.startsOn)
        let policy = try await policy(on: context.database, day: startsOn)
        try ApprenticeshipRules.checkAgreement(agreement, tier: tier, districtName: districtName, on: startsOn,
                                               minimumWages: try await minimumWages(on: context.database), policy: policy)
        let held = try await heldLevels(mentor, on: startsOn, database: context.database)
        let existing = try await intake.existing(on: context.database, vault: context.vault)
        let id = TrainingService.newID(context)
        let vault = context.vault
        try await context.write { tx, log in
            // Checked where writers take turns: the mentor's load and the person's other apprenticeships.
            let load = try await tx.sql.raw("SELECT COUNT(*) AS n FROM apprentices WHERE mentor_person_id = \(bind: mentor) AND state = 'active'")
                .first()?.decode(column: "n", as: Int.self) ?? 0
            try ApprenticeshipRules.checkMentor(heldLevels: held, target: plan.targetLevel, currentApprentices: load, policy: policy)
            let person: Person
            if let existing { person = existing } else {
                person = try await intake.register(id: TrainingService.newID(context), district: plan.districtCode, on: tx, log: log, vault: vault,
                                                   event: context.audit)
            }
            let personID = try person.requireID()
            guard personID != mentor else { throw ApprenticeshipRefusal.mentorBelowTarget(held: nil, target: plan.targetLevel) }
            guard try await tx.sql.raw("SELECT id FROM apprentices WHERE person_id = \(bind: personID) AND state = 'active'").first() == nil else {
                throw ApprenticeshipRefusal.alreadyApprenticed
            }
            try await tx.sql.insert(into: "apprentices")
                .columns("id", "plan_id", "person_id", "mentor_person_id", "teacher_name", "hire_kind", "contract_start", "contract_end",
                         "monthly_wage_fen", "training_fee_fen", "mentor_allowance_fen", "state", "started_on", "created_at", "updated_at")
                .values(SQLBind(id), SQLBind(planID), SQLBind(personID), SQLBind(mentor), SQLBind(teacher), SQLBind(hireKind),
                        SQLBind(start.description), SQLBind(end?.description), SQLBind(agreement.monthlyWage.fen), SQLBind(agreement.trainingFee.fen),
                        SQLBind(agreement.mentorAllowance.fen), SQLBind(ApprenticeState.active.rawValue), SQLBind(startsOn.description),
                        SQLBind(context.now), SQLBind(context.now)).run()
            log.record(context.event(.apprentice, id, .create, after: AuditValues.json([
                "plan": planID.uuidString, "person": personID.uuidString, "mentor": mentor.uuidString, "hireKind": hireKind,
                "contract": "\(start) – \(end?.description ?? "无固定期限")", "wageFen": String(agreement.monthlyWage.fen)])))
        }
        return id
    }

    struct Apprentice: Sendable {
        let id: UUID
        let plan: Plan
        let personID: UUID
        let mentorID: UUID
        let state: ApprenticeState
        let startedOn: CivilDate
        let agreement: ApprenticeshipAgreement
    }

    /// The apprentice if the caller may see its plan.
    static func apprentice(_ id: UUID, _ context: ApprenticeshipContext) async throws -> Apprentice {
        guard let row = try await context.database.sql.raw("SELECT * FROM apprentices WHERE id = \(bind: id)").first() else { throw RequestProblem.notFound }
        let plan = try await plan(try row.decode(column: "plan_id", as: UUID.self), context)
        return Apprentice(
            id: id, plan: plan, personID: try row.decode(column: "person_id", as: UUID.self), mentorID: try row.decode(column: "mentor_person_id", as: UUID.self),
            state: ApprenticeState(rawValue: try row.decode(column: "state", as: String.self)) ?? .active,
            startedOn: try CivilDate(parsing: try row.decode(column: "started_on", as: String.self)),
            agreement: ApprenticeshipAgreement(
                contractStart: try CivilDate(parsing: try row.decode(column: "contract_start", as: String.self)),
                contractEnd: try row.decode(column: "contract_end", as: String?.self).map { try CivilDate(parsing: $0) },
                monthlyWage: Money(fen: try row.decode(column: "monthly_wage_fen", as: Int64.self)),
                trainingFee: Money(fen: try row.decode(column: "training_fee_fen", as: Int64.self)),
                mentorAllowance: Money(fen: try row.decode(column: "mentor_allowance_fen", as: Int64.self))))
    }

    /// A mentor by resident ID number: a person of the registry, or a field problem.
    static func mentor(_ raw: String?, _ context: ApprenticeshipContext, problems: inout [FieldProblem]) async throws -> UUID? {
        let number = raw.map { (try? ResidentID($0).value) ?? $0.halfWidthNormalized.uppercased() } ?? ""
        let index = context.vault.idNumberIndex(type: IDType.residentID.rawValue, number: number)
        let mentor = try await context.database.sql.raw("SELECT id FROM persons WHERE id_number_index = \(bind: index)").first()?
            .decode(column: "id", as: UUID.self)
        if mentor == nil {
            problems.append(FieldProblem(field: "mentorIdNumber", code: "apprenticeship.mentor-unknown", chinese: "登记库中没有该企业导师", english: "No such mentor in the registry"))
        }
        return mentor
    }

    /// The levels a person holds on `day`: certificates issued by then, valid and not revoked.
    static func heldLevels(_ person: UUID, on day: CivilDate, database: any Database) async throws -> [SkillLevel] {
        try await database.sql.raw("""
            SELECT level FROM certificates WHERE person_id = \(bind: person) AND status = \(bind: CertificateStatus.valid.rawValue) AND revoked_on IS NULL
              AND issue_date <= \(bind: day.description)
            """).all().compactMap { SkillLevel(rawValue: try $0.decode(column: "level", as: Int.self)) }
    }

    /// The enterprise of the plan changes an agreement: the terms not given stay; the whole is checked on the day the
    /// change takes effect, as at filing (the contract, the wage against the floor in force that day, the amounts, a
    /// new mentor's level and load). Recorded with the terms before and after.
    static func changeAgreement(_ id: UUID, _ input: ApprenticeChangeInput, _ context: ApprenticeshipContext) async throws {
        let apprentice = try await apprentice(id, context)
        guard context.actor == .organization, context.scope.organizationID == apprentice.plan.enterpriseID else {
            throw WorkflowRefusal.notYourStep(workflow: "apprentice", event: "change", actor: context.actor ?? .system)
        }
        guard apprentice.state == .active else { throw WorkflowRefusal.notAllowed(workflow: "apprentice", event: "change", state: apprentice.state.rawValue) }
        var problems: [FieldProblem] = []
        let day = TrainingService.date(input.effectiveOn, field: "effectiveOn", problems: &problems)
        let end = input.contractEnd?.nilIfEmpty == nil ? nil : TrainingService.date(input.contractEnd, field: "contractEnd", problems: &problems)
        let reason = CertificationService.text(input.reason, field: "reason", label: "变更原因", maximum: 500, required: false, problems: &problems)
        var mentor = apprentice.mentorID
        if let number = input.mentorIdNumber?.nilIfEmpty {
            mentor = try await Self.mentor(number, context, problems: &problems) ?? mentor
        }
        guard problems.isEmpty, let day else { throw RequestProblem.validation(problems) }
        try ApprenticeshipRules.checkChange(effectiveOn: day, startedOn: apprentice.startedOn, endsOn: apprentice.plan.endsOn)
        var terms = apprentice.agreement
        if let wage = input.monthlyWageFen { terms.monthlyWage = Money(fen: wage) }
        if input.openEnded == true { terms.contractEnd = nil } else if let end { terms.contractEnd = end }
        if let fee = input.trainingFeeFen { terms.trainingFee = Money(fen: fee) }
        if let allowance = input.mentorAllowanceFen { terms.mentorAllowance = Money(fen: allowance) }
        guard terms != apprentice.agreement || mentor != apprentice.mentorID else {
            throw RequestProblem.validation([FieldProblem(field: "", code: "apprenticeship.no-change", chinese: "没有要变更的内容", english: "Nothing to change")])
        }
        guard let (tier, districtName) = try await district(apprentice.plan.districtCode, on: context.database) else {
            throw ApprenticeshipRefusal.noMinimumWage(tier: 0, on: day)
        }
        let policy = try await policy(on: context.database, day: day)
        try ApprenticeshipRules.checkAgreement(terms, tier: tier, districtName: districtName, on: day,
                                               minimumWages: try await minimumWages(on: context.database), policy: policy)
        let held = mentor == apprentice.mentorID ? [] : try await heldLevels(mentor, on: day, database: context.database)
        let before = Self.termsJSON(apprentice.agreement, mentor: apprentice.mentorID)
        let after = Self.termsJSON(terms, mentor: mentor)
        let (newTerms, newMentor) = (terms, mentor)
        try await context.write { tx, log in
            let (terms, mentor) = (newTerms, newMentor)
            if mentor != apprentice.mentorID {
                guard mentor != apprentice.personID else { throw ApprenticeshipRefusal.mentorBelowTarget(held: nil, target: apprentice.plan.targetLevel) }
                let load = try await tx.sql.raw("SELECT COUNT(*) AS n FROM apprentices WHERE mentor_person_id = \(bind: mentor) AND state = 'active'")
                    .first()?.decode(column: "n", as: Int.self) ?? 0
                try ApprenticeshipRules.checkMentor(heldLevels: held, target: apprentice.plan.targetLevel, currentApprentices: load, policy: policy)
            }
            let rows = try await tx.sql.raw("""
                UPDATE apprentices SET monthly_wage_fen = \(bind: terms.monthlyWage.fen), contract_end = \(bind: terms.contractEnd?.description),
                    training_fee_fen = \(bind: terms.trainingFee.fen), mentor_allowance_fen = \(bind: terms.mentorAllowance.fen),
                    mentor_person_id = \(bind: mentor), updated_at = \(bind: context.now)
                WHERE id = \(bind: id) AND state = 'active' RETURNING id
                """).all()
            guard rows.count == 1 else { throw WorkflowRefusal.notAllowed(workflow: "apprentice", event: "change", state: "exited") }
            try await tx.sql.insert(into: "apprentice_changes").columns("id", "apprentice_id", "effective_on", "before", "after", "reason", "created_at")
                .values(SQLBind(TrainingService.newID(context)), SQLBind(id), SQLBind(day.description), SQLBind(before), SQLBind(after), SQLBind(reason),
                        SQLBind(context.now)).run()
            log.record(context.event(.apprentice, id, .update, before: before, after: after))
        }
    }

    static func termsJSON(_ terms: ApprenticeshipAgreement, mentor: UUID) -> String {
        AuditValues.json(["contract": "\(terms.contractStart) – \(terms.contractEnd?.description ?? "无固定期限")", "wageFen": String(terms.monthlyWage.fen),
                          "feeFen": String(terms.trainingFee.fen), "allowanceFen": String(terms.mentorAllowance.fen), "mentor": mentor.uuidString])
    }

    /// 阶段考核: the plan's enterprise or school records a stage's result, on a day inside the apprenticeship and not
    /// in the future.
    static func recordAssessment(_ id: UUID, _ input: AssessmentInput, _ context: ApprenticeshipContext) async throws -> UUID {
        let apprentice = try await apprentice(id, context)
        guard context.actor == .organization, let organization = context.scope.organizationID,
              organization == apprentice.plan.enterpriseID || organization == apprentice.plan.schoolID else {
            throw WorkflowRefusal.notYourStep(workflow: "apprentice", event: "assess", actor: context.actor ?? .system)
        }
        guard apprentice.state == .active else { throw WorkflowRefusal.notAllowed(workflow: "apprentice", event: "assess", state: apprentice.state.rawValue) }
        var problems: [FieldProblem] = []
        let stage = CertificationService.text(input.stage, field: "stage", label: "考核阶段", maximum: 60, required: true, problems: &problems)
        let day = TrainingService.date(input.assessedOn, field: "assessedOn", problems: &problems)
        let note = CertificationService.text(input.note, field: "note", label: "说明", maximum: 500, required: false, problems: &problems)
        let result = input.result ?? ""
        if !["passed", "failed"].contains(result) {
            problems.append(FieldProblem(field: "result", code: "apprenticeship.assessment-result", chinese: "考核结果应为合格或不合格",
                                         english: "The result is passed or failed"))
        }
        if let day, day < apprentice.startedOn || day > min(context.today, apprentice.plan.endsOn) {
            problems.append(FieldProblem(field: "assessedOn", code: "apprenticeship.assessment-day",
                                         chinese: "考核日期应在 \(apprentice.startedOn) 至 \(min(context.today, apprentice.plan.endsOn)) 之间",
                                         english: "The day is between \(apprentice.startedOn) and \(min(context.today, apprentice.plan.endsOn))"))
        }
        guard problems.isEmpty, let stage, let day else { throw RequestProblem.validation(problems) }
        let assessment = TrainingService.newID(context)
        try await context.write { tx, log in
            try await tx.sql.insert(into: "apprenticeship_assessments").columns("id", "apprentice_id", "stage", "assessed_on", "result", "note", "created_at")
                .values(SQLBind(assessment), SQLBind(id), SQLBind(stage), SQLBind(day.description), SQLBind(result), SQLBind(note), SQLBind(context.now)).run()
            log.record(context.event(.apprentice, id, AuditAction("assess"), after: AuditValues.json(["stage": stage, "day": day.description, "result": result])))
        }
        return assessment
    }

    /// 中途退出: the enterprise (or the city) ends an apprenticeship early, with a reason; the person is free to join
    /// another, and the mentor has room again.
    static func exit(_ id: UUID, _ input: ExitInput, _ context: ApprenticeshipContext) async throws {
        let apprentice = try await apprentice(id, context)
        let actor = try context.requireActor("apprentice", "exit")
        if actor == .organization, context.scope.organizationID != apprentice.plan.enterpriseID {
            throw WorkflowRefusal.notYourStep(workflow: "apprentice", event: "exit", actor: actor)
        }
        let reason = try CertificationService.reason(input.reason, required: true)
        _ = try ApprenticeshipRules.apprenticeWorkflow.apply(.exit, to: apprentice.state, by: actor, reason: reason)
        try await context.write { tx, log in
            let rows = try await tx.sql.raw("""
                UPDATE apprentices SET state = \(bind: ApprenticeState.exited.rawValue), exit_reason = \(bind: reason), exited_on = \(bind: context.today.description),
                    updated_at = \(bind: context.now) WHERE id = \(bind: id) AND state = 'active' RETURNING id
                """).all()
            guard rows.count == 1 else { throw WorkflowRefusal.notAllowed(workflow: "apprentice", event: "exit", state: "exited") }
            log.record(context.event(.apprentice, id, AuditAction("exit"), before: AuditValues.json(["state": "active"]),
                                     after: AuditValues.json(["state": "exited", "reason": reason])))
        }
    }

    /// 核验结业: reads the registry for the plan's apprentices in training who now hold a valid certificate of the
    /// plan's occupation at or above its target level, issued since they started (by the certification module or
    /// imported alike), and records them completed. Anyone who may see the plan may ask; the settlement asks too.
    static func checkCompletions(_ id: UUID, _ context: ApprenticeshipContext) async throws -> Int {
        let plan = try await plan(id, context)
        guard plan.state == .approved else { throw WorkflowRefusal.notAllowed(workflow: "apprenticeship-plan", event: "complete", state: plan.state.rawValue) }
        return try await context.write { tx, log in try await recordCompletions(plan, on: tx, log: log, context) }
    }

    static func recordCompletions(_ plan: Plan, on tx: any Database, log: AuditLog, _ context: ApprenticeshipContext) async throws -> Int {
        // The plan's apprentices, then each one's certificates by person. Left to choose, SQLite walked every certificate of
        // the occupation at the level or above instead (its occupation-and-level index), three quarters of a second a plan
        // in the whole city: `|| ''` and `+ 0` keep those two conditions off an index, on both databases.
        let rows = try await tx.sql.raw("""
            SELECT a.id, c.id AS certificate_id, c.issue_date FROM apprentices a JOIN certificates c ON c.person_id = a.person_id
            WHERE a.plan_id = \(bind: plan.id) AND a.state = \(bind: ApprenticeState.active.rawValue)
              AND c.occupation_code || '' = \(bind: plan.occupationCode) AND c.level + 0 >= \(bind: plan.targetLevel.rawValue)
              AND c.status = \(bind: CertificateStatus.valid.rawValue) AND c.revoked_on IS NULL AND c.issue_date >= a.started_on
            ORDER BY c.issue_date
            """).all()
        var done: Set<UUID> = []
        for row in rows {
            let apprentice = try row.decode(column: "id", as: UUID.self)
            guard done.insert(apprentice).inserted else { continue }
            let certificate = try row.decode(column: "certificate_id", as: UUID.self)
            let day = try row.decode(column: "issue_date", as: String.self)
            try await tx.sql.raw("""
                UPDATE apprentices SET state = \(bind: ApprenticeState.completed.rawValue), completed_on = \(bind: day), certificate_id = \(bind: certificate),
                    updated_at = \(bind: context.now) WHERE id = \(bind: apprentice) AND state = 'active'
                """).run()
            log.record(context.event(.apprentice, apprentice, AuditAction("complete"), before: AuditValues.json(["state": "active"]),
                                     after: AuditValues.json(["state": "completed", "certificate": certificate.uuidString, "day": day])))
        }
        return done.count
    }
}

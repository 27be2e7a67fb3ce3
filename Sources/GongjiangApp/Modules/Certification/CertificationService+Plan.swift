import Fluent
import Foundation
import GongjiangCore
import SQLKit
import Vapor

/// A plan as filed, from the API's JSON or the plan form.
struct PlanInput: Content {
    var occupationCode: String?
    var levels: [String]?
    var siteId: UUID?
    var examFrom: String?
    var examTo: String?
    var expectedCandidates: Int?
}

extension CertificationService {
    /// The facts of a filing that a plan of `occupationCode` is checked against: its scope in that occupation (a filing
    /// may hold 500 entries, and a plan needs its own occupation's), and its sites. Read by column: decoding the rows
    /// as models cost more than the rest of filing a plan.
    static func facts(of filing: EvaluationFiling, occupationCode: String, on database: any Database) async throws -> PlanRules.FilingFacts {
        let filingID = try filing.requireID()
        var scope: Set<FilingRules.ScopeEntry> = []
        for row in try await database.sql.select().column("level").from(FilingScopeRow.schema)
            .where("filing_id", .equal, filingID).where("occupation_code", .equal, occupationCode).all() {
            if let level = SkillLevel(rawValue: try row.decode(column: "level", as: Int.self)) {
                scope.insert(.init(occupationCode: occupationCode, level: level))
            }
        }
        let sites = Set(try await database.sql.select().column("id").from(FilingSite.schema).where("filing_id", .equal, filingID).all()
            .map { try $0.decode(column: "id", as: UUID.self) })
        return PlanRules.FilingFacts(state: filing.state, validity: filing.validity, scope: scope, siteIDs: sites)
    }

    /// Files a plan under the organization's active filing.
    static func filePlan(_ input: PlanInput, filing: EvaluationFiling, _ context: CertificationContext) async throws -> CertificationPlan {
        guard try context.requireActor(for: "plan", "file") == .organization else {
            throw WorkflowRefusal.notYourStep(workflow: "plan", event: "file", actor: context.actor ?? .system)
        }
        guard CertificationQueries.admits(context.scope, district: filing.districtCode, organization: filing.organizationID) else {
            throw RequestProblem.notFound
        }
        var problems: [FieldProblem] = []
        let occupation = input.occupationCode?.halfWidthNormalized ?? ""
        if occupation.isEmpty { problems.append(PersonRules.required("occupationCode", "职业")) }
        var levels: Set<SkillLevel> = []
        for (index, code) in (input.levels ?? []).prefix(SkillLevel.certifiable.count + 1).enumerated() {
            if let level = SkillLevel(code: code) { levels.insert(level) } else { problems.append(unknownLevel("levels[\(index)]", code)) }
        }
        let from = date(input.examFrom, field: "examFrom", label: "考核开始日期", problems: &problems)
        let to = date(input.examTo ?? input.examFrom, field: "examTo", label: "考核结束日期", problems: &problems)
        if let from, let to, to < from {
            problems.append(FieldProblem(field: "examTo", code: "plan.dates-reversed", chinese: "考核结束日期早于开始日期",
                                         english: "The last exam day is before the first"))
        }
        if let from, let to, from.days(until: to) > 30 {
            problems.append(FieldProblem(field: "examTo", code: "plan.dates-too-long", chinese: "一个认定计划的考核期不超过 31 天",
                                         english: "One plan's exams span at most 31 days"))
        }
        if input.siteId == nil { problems.append(PersonRules.required("siteId", "考核场所")) }
        if input.expectedCandidates == nil { problems.append(PersonRules.required("expectedCandidates", "预计人数")) }
        guard problems.isEmpty, let from, let to, let siteID = input.siteId, let expected = input.expectedCandidates else {
            throw RequestProblem.validation(problems)
        }
        let request = PlanRules.Request(occupationCode: occupation, levels: levels, siteID: siteID, examDays: from...to,
                                        expectedCandidates: expected)
        let policy = try await CertificationQueries.policy(on: context.database, day: context.today)
        let facts = try await facts(of: filing, occupationCode: occupation, on: context.database)
        try PlanRules.check(request, filing: facts, today: context.today, policy: policy)
        let plan = CertificationPlan()
        plan.id = newID(context)
        plan.filingID = try filing.requireID()
        plan.organizationID = filing.organizationID
        plan.districtCode = filing.districtCode
        plan.occupationCode = occupation
        plan.levelsText = CertificationPlan.levelsText(levels)
        plan.siteID = siteID
        plan.examFrom = from.description
        plan.examTo = to.description
        plan.expectedCandidates = expected
        plan.stateCode = PlanState.filed.rawValue
        plan.supervised = false
        try await AuditTrail.transaction(on: context.database) { tx, log in
            try await plan.create(on: tx)
            log.record(context.event(.plan, plan.id, .create, after: plan.auditValues))
        }
        return plan
    }

    /// Marks a plan for on-site supervision (or clears the mark), with a note: the bureau's step, in its scope.
    static func supervise(_ plan: CertificationPlan, supervised: Bool, note: String?, _ context: CertificationContext) async throws {
        guard let actor = context.actor, actor == .district || actor == .city else {
            throw WorkflowRefusal.notYourStep(workflow: "plan", event: "supervise", actor: context.actor ?? .system)
        }
        guard CertificationQueries.admits(context.scope, district: plan.districtCode, organization: plan.organizationID) else {
            throw RequestProblem.notFound
        }
        var problems: [FieldProblem] = []
        let note = text(note, field: "note", label: "督导说明", maximum: 500, required: false, problems: &problems)
        guard problems.isEmpty else { throw RequestProblem.validation(problems) }
        let before = plan.auditValues
        plan.supervised = supervised
        plan.supervisionNote = note
        try await AuditTrail.transaction(on: context.database) { tx, log in
            try await plan.update(on: tx)
            log.record(context.event(.plan, plan.id, .supervise, before: before, after: plan.auditValues))
        }
    }

    /// One step of the plan workflow: cancel, submit the results (which locks the scores and decides each
    /// candidate), publish the results notice, conclude it, and issue the certificates.
    static func step(_ plan: CertificationPlan, _ event: PlanEvent, reason: String?, _ context: CertificationContext) async throws {
        let actor = try context.requireActor(for: "plan", event.rawValue)
        let step = PlanRules.workflow.transition(from: plan.state, on: event)
        let reason = try Self.reason(reason, required: step?.needsReason ?? false)
        let next = try PlanRules.workflow.apply(event, to: plan.state, by: actor, reason: reason)
        guard CertificationQueries.admits(context.scope, district: plan.districtCode, organization: plan.organizationID) else {
            throw RequestProblem.notFound
        }
        switch event {
        case .submitResults: try await submitResults(plan, context)
        case .publishNotice: try await publishNotice(plan, context)
        case .concludeNotice: try await concludeNotice(plan, context)
        case .issue: try await issueCertificates(plan, context)
        case .cancel:
            let before = plan.auditValues
            plan.stateCode = next.rawValue
            plan.lastReason = reason
            try await AuditTrail.transaction(on: context.database) { tx, log in
                try await still(plan, in: .filed, on: tx)
                try await plan.update(on: tx)
                log.record(context.event(.plan, plan.id, AuditAction(event.rawValue), before: before, after: plan.auditValues))
            }
        }
    }

    /// Inside an audited transaction (which holds the audit head's lock, so writers take turns): the plan must still be in
    /// `state`, or another request moved it first and this one is refused rather than done twice.
    static func still(_ plan: CertificationPlan, in state: PlanState, on tx: any Database) async throws {
        // The state alone, by column: every step of a plan asks.
        guard let current = try await tx.sql.select().column("state").from(CertificationPlan.schema).where("id", .equal, plan.requireID())
            .first()?.decode(column: "state", as: String.self), current == state.rawValue else {
            throw WorkflowRefusal.notAllowed(workflow: "plan", event: "concurrent", state: plan.stateCode)
        }
    }

    /// Locks the scores and passes or fails each registered candidate by the exam rules. Refused while a
    /// registered candidate lacks a score, or when no candidate sat.
    static func submitResults(_ plan: CertificationPlan, _ context: CertificationContext) async throws {
        try examsOver(plan, context)
        let candidates = try await PlanCandidate.ofPlan(plan.requireID(), on: context.database)
        let sitting = candidates.filter { $0.state == .registered }
        guard !sitting.isEmpty else {
            throw RequestProblem.conflict(code: "plan.no-candidates", chinese: "本计划没有待判定成绩的考生。",
                                          english: "This plan has no candidate whose result is to be decided.")
        }
        let rules = ExamRules.national
        for candidate in sitting {
            do { try rules.validate(candidate.scores, for: candidate.level) } catch {
                throw RequestProblem.conflict(code: error.code, chinese: "考生成绩不完整：\(error.chinese)",
                                              english: "A candidate's scores are incomplete: \(error.english)")
            }
        }
        let before = plan.auditValues
        let now = context.now
        try await AuditTrail.transaction(on: context.database) { tx, log in
            try await still(plan, in: .filed, on: tx)
            var decided: [CandidateState: [UUID]] = [:]
            for candidate in sitting {
                let event: CandidateEvent = rules.passes(candidate.scores, for: candidate.level) ? .pass : .fail
                let candidateBefore = candidate.auditValues
                let next = try CandidateRules.workflow.apply(event, to: candidate.state, by: .system)
                candidate.stateCode = next.rawValue
                decided[next, default: []].append(try candidate.requireID())
                log.record(context.event(.candidate, candidate.id, AuditAction(event.rawValue), before: candidateBefore,
                                         after: candidate.auditValues))
            }
            // One statement for each outcome, not one a candidate: a plan may hold 2,000.
            for (state, ids) in decided {
                for chunk in ids.chunked(500) {
                    try await tx.sql.update("plan_candidates").set("state", to: state.rawValue).set("updated_at", to: now)
                        .where("id", .in, Array(chunk)).where("state", .equal, CandidateState.registered.rawValue).run()
                }
            }
            plan.stateCode = PlanState.resultsSubmitted.rawValue
            try await plan.update(on: tx)
            log.record(context.event(.plan, plan.id, AuditAction(PlanEvent.submitResults.rawValue), before: before,
                                     after: plan.auditValues))
        }
    }

    /// Publishes the results as a public notice for the policy's number of working days, counted from today.
    static func publishNotice(_ plan: CertificationPlan, _ context: CertificationContext) async throws {
        let policy = try await CertificationQueries.policy(on: context.database, day: context.today)
        let calendar = try await WorkingDays.calendar(on: context.database)
        let title = try await noticeTitle(plan, on: context.database)
        let record = try NoticeStore.draft(subjectKind: "certification-plan", subjectID: plan.requireID(), title: title,
                                           workingDays: policy.noticeWorkingDays, districtCode: plan.districtCode)
        record.id = newID(context)
        var notice = try PublicNotice(workingDays: policy.noticeWorkingDays)
        try notice.publish(on: context.today, calendar: calendar)
        NoticeStore.copy(notice, to: record)
        let before = plan.auditValues
        try await AuditTrail.transaction(on: context.database) { tx, log in
            try await still(plan, in: .resultsSubmitted, on: tx)
            try await record.create(on: tx)
            plan.noticeID = record.id
            plan.stateCode = PlanState.inNotice.rawValue
            try await plan.update(on: tx)
            log.record(context.event(.notice, record.id, AuditAction(PublicNotice.Event.publish.rawValue), after: record.auditValues))
            log.record(context.event(.plan, plan.id, AuditAction(PlanEvent.publishNotice.rawValue), before: before,
                                     after: plan.auditValues))
        }
    }

    static func noticeTitle(_ plan: CertificationPlan, on database: any Database) async throws -> String {
        let filing = try await EvaluationFiling.find(plan.filingID, on: database)
        let occupation = try await Occupation.find(plan.occupationCode, on: database)
        return "\(filing?.organizationName ?? "")\(occupation?.nameZH ?? plan.occupationCode)职业技能等级认定结果公示（\(plan.examFrom)）"
    }

    /// Concludes the notice: only after its last day, with every objection resolved.
    static func concludeNotice(_ plan: CertificationPlan, _ context: CertificationContext) async throws {
        guard let record = try await CertificationQueries(database: context.database, scope: .city).notice(of: plan) else {
            throw NoticeRefusal.notAllowed(.conclude, in: .draft)
        }
        var notice = try await NoticeStore(database: context.database).notice(record)
        try notice.conclude(on: context.today)
        let before = plan.auditValues
        let noticeBefore = record.auditValues
        NoticeStore.copy(notice, to: record)
        record.concludedOn = context.today.description
        try await AuditTrail.transaction(on: context.database) { tx, log in
            try await still(plan, in: .inNotice, on: tx)
            try await record.update(on: tx)
            plan.stateCode = PlanState.noticeConcluded.rawValue
            try await plan.update(on: tx)
            log.record(context.event(.notice, record.id, AuditAction(PublicNotice.Event.conclude.rawValue), before: noticeBefore,
                                     after: record.auditValues))
            log.record(context.event(.plan, plan.id, AuditAction(PlanEvent.concludeNotice.rawValue), before: before,
                                     after: plan.auditValues))
        }
    }
}

import Fluent
import Foundation
import GongjiangCore
import SQLKit
import Vapor

/// A candidate as registered: who (by ID number and name, as in the registry), at which level, and what they
/// declare for the application conditions. An override of the conditions needs a reason.
struct CandidateInput: Content {
    var idType: String?
    var idNumber: String?
    var name: String?
    var level: String?
    /// The day the candidate started working in the occupation (YYYY-MM-DD), if they rely on years worked.
    var workingSince: String?
    /// `ApplicationConditions.School` codes.
    var schools: [String]?
    var apprenticeshipCompleted: Bool?
    var overrideReason: String?
}

/// Scores as entered, each "0"–"100" with at most one decimal; a part left out is not sat.
struct ScoresInput: Content {
    var theory: String?
    var practical: String?
    var review: String?
    /// For an amendment: why the submitted scores change.
    var reason: String?
}

extension CertificationService {
    /// A candidate read, checked against the application conditions and the plan, and ready to be written.
    struct PreparedCandidate {
        let candidate: PlanCandidate
        let intake: PersonIntake
        /// The registry's person; nil for a person the registration adds to the registry.
        let existing: Person?
    }

    /// A row as read, before anything is looked up.
    private struct ReadCandidate {
        let intake: PersonIntake
        let level: SkillLevel
        let workingSince: CivilDate?
        let schools: Set<ApplicationConditions.School>
        let apprenticeshipCompleted: Bool
        let overrideReason: String?
    }

    /// What a list's rows need from the database, read once for the whole list rather than row by row.
    private struct Lookups {
        /// The registry's persons by ID-number index.
        var persons: [String: Person] = [:]
        /// The persons already candidates of the plan.
        var inPlan: Set<UUID> = []
        /// Each person's earliest valid certificate of each level in the plan's occupation.
        var held: [UUID: [SkillLevel: CivilDate]] = [:]
        var conditions: [SkillLevel: ApplicationConditions] = [:]
    }

    /// Registers a candidate in a filed plan. The person is found in the registry by ID number and must carry the
    /// same name; a person not yet in the registry is added to it in the plan's district.
    @discardableResult
    static func registerCandidate(_ input: CandidateInput, plan: CertificationPlan, _ context: CertificationContext) async throws
        -> PlanCandidate
    {
        try await registerCandidates([input], plan: plan, context)[0].get()
    }

    /// Registers a list of candidates in a filed plan, as `registerCandidate` registers one: each row is read and checked
    /// on its own and answers with its candidate or its problem; the rows that pass are written together in one
    /// audited transaction (all of them or, when the plan changed meanwhile, none). What the rows need from the registry
    /// is read once for the list. An organization's file of a plan's candidates, and the city-scale demo's current year,
    /// register this way.
    static func registerCandidates(_ inputs: [CandidateInput], plan: CertificationPlan, _ context: CertificationContext) async throws
        -> [Result<PlanCandidate, any Error>]
    {
        guard try context.requireActor(for: "candidate", "register") == .organization else {
            throw WorkflowRefusal.notYourStep(workflow: "candidate", event: "register", actor: context.actor ?? .system)
        }
        guard CertificationQueries.admits(context.scope, district: plan.districtCode, organization: plan.organizationID) else {
            throw RequestProblem.notFound
        }
        guard plan.state == .filed else { throw CertificationRefusal.planLocked }
        guard inputs.count <= PlanRules.maximumExpectedCandidates else {
            throw RequestProblem.validation([FieldProblem(field: "candidates", code: "candidate.too-many",
                                                          chinese: "一次最多登记 \(PlanRules.maximumExpectedCandidates) 名考生",
                                                          english: "At most \(PlanRules.maximumExpectedCandidates) candidates at once")])
        }
        let read: [Result<ReadCandidate, any Error>] = inputs.map { input in Result(catching: { try readCandidate(input, plan: plan, context) }) }
        let lookups = try await lookUp(read.compactMap { try? $0.get() }, plan: plan, context)
        var results: [Result<PlanCandidate, any Error>] = []
        var prepared: [PreparedCandidate] = []
        var listed = Set<String>()
        for (row, input) in zip(read, inputs) {
            do {
                let candidate = try prepareCandidate(try row.get(), declared: input, plan: plan, lookups: lookups, context)
                // The same person twice in one list is one candidate: the second is refused as a duplicate.
                guard listed.insert("\(candidate.intake.idType)|\(candidate.intake.idNumber)").inserted else {
                    throw CertificationRefusal.candidateDuplicate
                }
                prepared.append(candidate)
                results.append(.success(candidate.candidate))
            } catch {
                results.append(.failure(error))
            }
        }
        guard !prepared.isEmpty else { return results }
        let vault = context.vault
        let writing = prepared
        try await AuditTrail.transaction(on: context.database) { tx, log in
            try await still(plan, in: .filed, on: tx)
            // Read again here, where writers take turns: two registrations of one person at once make one candidate.
            var inPlan = try await PlanCandidate.personIDs(ofPlan: plan.requireID(), on: tx)
            var newPersons: [Person] = []
            for entry in writing {
                let candidate = entry.candidate
                if let existing = entry.existing {
                    candidate.personID = try existing.requireID()
                } else {
                    let (person, created) = try entry.intake.newPerson(id: newID(context), district: plan.districtCode ?? "", vault: vault,
                                                                       event: context.audit)
                    newPersons.append(person)
                    log.record(created)
                    candidate.personID = try person.requireID()
                }
                guard inPlan.insert(candidate.personID).inserted else { throw CertificationRefusal.candidateDuplicate }
                log.record(context.event(.candidate, candidate.id, .create, after: candidate.auditValues))
            }
            // The list's new persons and its candidates, a statement each.
            try await newPersons.insert(on: tx, now: context.now)
            try await writing.map(\.candidate).insert(on: tx, now: context.now)
        }
        return results
    }

    /// Reads one row: every problem of its fields at once, nothing looked up.
    private static func readCandidate(_ input: CandidateInput, plan: CertificationPlan, _ context: CertificationContext) throws -> ReadCandidate {
        var problems: [FieldProblem] = []
        let intake = PersonIntake.read(name: input.name, idType: input.idType, idNumber: input.idNumber, problems: &problems)
        let level = input.level.flatMap(SkillLevel.init(code:))
        if level == nil { problems.append(unknownLevel("level", input.level ?? "")) }
        if let level, !plan.levels.contains(level) {
            problems.append(FieldProblem(field: "level", CertificationRefusal.candidateLevelNotInPlan(level)))
        }
        var workingSince: CivilDate?
        if let raw = input.workingSince?.nilIfEmpty {
            do { workingSince = try CivilDate(parsing: raw) } catch { problems.append(FieldProblem(field: "workingSince", error)) }
            if let since = workingSince, since > context.today {
                problems.append(FieldProblem(field: "workingSince", code: "candidate.working-since-future",
                                             chinese: "从业起始日期不能晚于今天", english: "The working-since day cannot be in the future"))
            }
        }
        var schools: Set<ApplicationConditions.School> = []
        for (index, code) in (input.schools ?? []).prefix(ApplicationConditions.School.allCases.count + 1).enumerated() {
            if let school = ApplicationConditions.School(rawValue: code) { schools.insert(school) } else {
                problems.append(FieldProblem(field: "schools[\(index)]", code: "candidate.school-unknown",
                                             chinese: "学历类别“\(code)”无效", english: "Unknown school kind “\(code)”"))
            }
        }
        let overrideReason = text(input.overrideReason, field: "overrideReason", label: "破格理由", maximum: 500, required: false,
                                  problems: &problems)
        guard problems.isEmpty, let level, let intake else { throw RequestProblem.validation(problems) }
        return ReadCandidate(intake: intake, level: level, workingSince: workingSince, schools: schools,
                             apprenticeshipCompleted: input.apprenticeshipCompleted ?? false, overrideReason: overrideReason)
    }

    /// Reads what the rows need, a few queries for the whole list: the persons by ID-number index, the plan's candidates,
    /// the certificates the persons hold in the plan's occupation, and each level's conditions.
    private static func lookUp(_ rows: [ReadCandidate], plan: CertificationPlan, _ context: CertificationContext) async throws -> Lookups {
        var lookups = Lookups()
        let database = context.database
        let indexes = Set(rows.map { context.vault.idNumberIndex(type: $0.intake.idType, number: $0.intake.idNumber) })
        for chunk in Array(indexes).sorted().chunked(500) {
            for person in try await Person.query(on: database).filter(\.$idNumberIndex ~~ Array(chunk)).all() {
                lookups.persons[person.idNumberIndex] = person
            }
        }
        lookups.inPlan = try await PlanCandidate.personIDs(ofPlan: plan.requireID(), on: database)
        let ids = lookups.persons.values.compactMap(\.id)
        for chunk in ids.chunked(500) {
            // Three columns a certificate, not a model, by the persons' index: left to choose, SQLite walked every
            // certificate of the plan's occupation (some ten thousand in the whole city) for each plan. `|| ''` keeps the
            // occupation off an index, on both databases.
            for row in try await database.sql.raw("""
                SELECT person_id, level, issue_date FROM certificates WHERE person_id IN (\(binds: Array(chunk)))
                AND occupation_code || '' = \(bind: plan.occupationCode) AND status = \(bind: CertificateStatus.valid.rawValue)
                """).all() {
                guard let issued = try? CivilDate(parsing: try row.decode(column: "issue_date", as: String.self)),
                      let level = SkillLevel(rawValue: try row.decode(column: "level", as: Int.self)) else { continue }
                let person = try row.decode(column: "person_id", as: UUID.self)
                // The earliest certificate of a level starts its years.
                let earlier = lookups.held[person]?[level]
                lookups.held[person, default: [:]][level] = min(earlier ?? issued, issued)
            }
        }
        for level in Set(rows.map(\.level)) {
            lookups.conditions[level] = try await conditions(occupationCode: plan.occupationCode, level: level, on: context.today,
                                                             database: database).conditions
        }
        return lookups
    }

    /// Decides one read row's application conditions against what was looked up, writing nothing.
    private static func prepareCandidate(_ row: ReadCandidate, declared input: CandidateInput, plan: CertificationPlan, lookups: Lookups,
                                         _ context: CertificationContext) throws -> PreparedCandidate {
        let existing = try row.intake.matching(lookups.persons[context.vault.idNumberIndex(type: row.intake.idType, number: row.intake.idNumber)])
        if let existing, lookups.inPlan.contains(try existing.requireID()) { throw CertificationRefusal.candidateDuplicate }
        let applicant = ApplicationConditions.Candidate(workingSince: row.workingSince, apprenticeshipCompleted: row.apprenticeshipCompleted,
                                                        certificates: existing.flatMap { $0.id.flatMap { lookups.held[$0] } } ?? [:],
                                                        schools: row.schools)
        guard let rules = lookups.conditions[row.level] else { throw CertificationRefusal.candidateIneligible }
        let decision = rules.decide(applicant, for: row.level, on: context.today)
        try CandidateRules.admit(decision, override: row.overrideReason)

        let candidate = PlanCandidate()
        candidate.id = newID(context)
        candidate.planID = try plan.requireID()
        candidate.levelRank = row.level.rawValue
        candidate.stateCode = CandidateState.registered.rawValue
        if case .eligible(let route) = decision {
            candidate.eligibility = route.code
            candidate.overrideReason = nil
        } else {
            candidate.eligibility = "override"
            candidate.overrideReason = row.overrideReason
        }
        candidate.workingSince = row.workingSince?.description
        candidate.schoolsText = row.schools.map(\.rawValue).sorted().joined(separator: ",")
        candidate.apprenticeshipCompleted = row.apprenticeshipCompleted
        return PreparedCandidate(candidate: candidate, intake: row.intake, existing: existing)
    }

    /// Withdraws a registered candidate, with a reason.
    static func withdraw(_ candidate: PlanCandidate, plan: CertificationPlan, reason: String?, _ context: CertificationContext) async throws {
        let actor = try context.requireActor(for: "candidate", CandidateEvent.withdraw.rawValue)
        let reason = try Self.reason(reason, required: true)
        let next = try CandidateRules.workflow.apply(.withdraw, to: candidate.state, by: actor, reason: reason)
        guard plan.state == .filed else { throw CertificationRefusal.planLocked }
        let before = candidate.auditValues
        candidate.stateCode = next.rawValue
        candidate.lastReason = reason
        try await AuditTrail.transaction(on: context.database) { tx, log in
            try await candidate.update(on: tx)
            log.record(context.event(.candidate, candidate.id, AuditAction(CandidateEvent.withdraw.rawValue), before: before,
                                     after: candidate.auditValues))
        }
    }

    /// Reads scores as given, refusing any out of range or of a part the level does not sit.
    static func scores(_ input: ScoresInput, level: SkillLevel) throws -> [ExamPart: Score] {
        var scores: [ExamPart: Score] = [:]
        var problems: [FieldProblem] = []
        for (part, raw) in [(ExamPart.theory, input.theory), (.practical, input.practical), (.review, input.review)] {
            guard let raw = raw?.nilIfEmpty else { continue }
            do { scores[part] = try Score(parsing: raw) } catch { problems.append(FieldProblem(field: part.rawValue, error)) }
        }
        guard problems.isEmpty else { throw RequestProblem.validation(problems) }
        do { try ExamRules.national.validate(scores, for: level) } catch {
            let field: String = switch error {
            case .scoreWrongPart(let part, _), .scoreMissing(let part): part.rawValue
            default: "scores"
            }
            throw RequestProblem.validation([FieldProblem(field: field, error)])
        }
        return scores
    }

    /// Scores exist only once the exams have been sat: entering or submitting them is refused until the last exam day.
    static func examsOver(_ plan: CertificationPlan, _ context: CertificationContext) throws {
        guard let last = try? CivilDate(parsing: plan.examTo), context.today >= last else {
            throw CertificationRefusal.examsNotOver(lastExamDay: (try? CivilDate(parsing: plan.examTo)) ?? context.today)
        }
    }

    /// Enters a candidate's scores while the plan's results are open.
    static func recordScores(_ input: ScoresInput, candidate: PlanCandidate, plan: CertificationPlan,
                             _ context: CertificationContext) async throws {
        try await recordScores([(candidate, input)], plan: plan, context)[0].get()
    }

    /// Enters the scores of many candidates of one plan, as `recordScores` enters one: each answers on its own, and
    /// those that pass are written together in one audited transaction.
    static func recordScores(_ entries: [(candidate: PlanCandidate, input: ScoresInput)], plan: CertificationPlan,
                             _ context: CertificationContext) async throws -> [Result<Void, any Error>] {
        guard try context.requireActor(for: "candidate", "scores") == .organization else {
            throw WorkflowRefusal.notYourStep(workflow: "candidate", event: "scores", actor: context.actor ?? .system)
        }
        guard plan.state == .filed else { throw CertificationRefusal.planLocked }
        try examsOver(plan, context)
        let planID = try plan.requireID()
        var results: [Result<Void, any Error>] = []
        var changes: [(candidate: PlanCandidate, before: String)] = []
        for (candidate, input) in entries {
            do {
                guard candidate.planID == planID else { throw RequestProblem.notFound }
                guard candidate.state == .registered else {
                    throw WorkflowRefusal.notAllowed(workflow: "candidate", event: "scores", state: candidate.stateCode)
                }
                let scores = try scores(input, level: candidate.level)
                changes.append((candidate, candidate.auditValues))
                candidate.scores = scores
                results.append(.success(()))
            } catch {
                results.append(.failure(error))
            }
        }
        guard !changes.isEmpty else { return results }
        let writing = changes
        let now = context.now
        try await AuditTrail.transaction(on: context.database) { tx, log in
            try await still(plan, in: .filed, on: tx)
            // A few hundred candidates' scores a statement, each row its own three parts.
            for chunk in writing.map(\.candidate).chunked(300) {
                func part(_ column: String, _ tenths: (PlanCandidate) -> Int?) -> SQLQueryString {
                    "\(ident: column) = CASE id " + chunk.map { "WHEN \(bind: $0.id) THEN \(bind: tenths($0)) " as SQLQueryString }.joined() + "END"
                }
                let ids = chunk.compactMap(\.id)
                try await tx.sql.raw("""
                    UPDATE plan_candidates SET \(part("theory_tenths", \.theoryTenths)), \(part("practical_tenths", \.practicalTenths)),
                    \(part("review_tenths", \.reviewTenths)), updated_at = \(bind: now)
                    WHERE id IN (\(binds: ids)) AND plan_id = \(bind: planID)
                    """).run()
            }
            for (candidate, before) in writing {
                log.record(context.event(.candidate, candidate.id, .scores, before: before, after: candidate.auditValues))
            }
        }
        return results
    }

    /// Corrects submitted scores: an amendment with its reason, kept beside the candidate and on the audit trail. The
    /// result follows the corrected scores (a pass may become a fail and the other way), until certificates are issued.
    static func amendScores(_ input: ScoresInput, candidate: PlanCandidate, plan: CertificationPlan,
                            _ context: CertificationContext) async throws {
        guard try context.requireActor(for: "candidate", "amend") == .organization else {
            throw WorkflowRefusal.notYourStep(workflow: "candidate", event: "amend", actor: context.actor ?? .system)
        }
        guard [.resultsSubmitted, .inNotice, .noticeConcluded].contains(plan.state),
              [.passed, .failed].contains(candidate.state) else {
            throw WorkflowRefusal.notAllowed(workflow: "candidate", event: "amend", state: candidate.stateCode)
        }
        let reason = try Self.reason(input.reason, required: true)!
        let scores = try scores(input, level: candidate.level)
        guard scores != candidate.scores else { throw CertificationRefusal.amendmentUnchanged }
        let passes = ExamRules.national.passes(scores, for: candidate.level)
        let event: CandidateEvent = passes ? .pass : .fail
        let before = candidate.auditValues
        let amendment = ScoreAmendment()
        amendment.id = newID(context)
        amendment.candidateID = try candidate.requireID()
        amendment.beforeScores = PlanCandidate.scoresText(candidate.scores)
        amendment.afterScores = PlanCandidate.scoresText(scores)
        amendment.reason = reason
        amendment.amendedBy = context.audit.actor
        if (candidate.state == .passed) != passes {
            candidate.stateCode = try CandidateRules.workflow.apply(event, to: candidate.state, by: .system).rawValue
        }
        candidate.scores = scores
        candidate.lastReason = reason
        try await AuditTrail.transaction(on: context.database) { tx, log in
            try await amendment.create(on: tx)
            try await candidate.update(on: tx)
            log.record(context.event(.candidate, candidate.id, .amend, before: before, after: candidate.auditValues))
        }
    }
}

import Fluent
import Foundation
import GongjiangCore
import SQLKit
import Vapor

struct ExpertProfileInput: Content {
    /// The expert's own resident ID, when they are in the registry (so they never review themselves).
    var personIdNumber: String?
    /// The expert's employer, by unified social credit code.
    var employerUscc: String?
    var specialty: String?
    /// Persons (resident IDs) and organizations (credit codes) the expert declares a relation to.
    var relations: [String]?
}

struct ExpertDeclarationInput: Content {
    /// True: the expert declares a conflict with this application and does not score it.
    var conflict: Bool?
    var note: String?
}

struct ExpertScoresInput: Content {
    var scores: [String: Int]?
}

extension AuditEntity {
    static let expertProfile = AuditEntity("expert-profile")
    static let programmeReview = AuditEntity("programme-review")
}

/// Expert review (专家评审): the city keeps each expert's employer and declared relations, assigns panels that avoid
/// conflicts of interest, and closes scoring; an expert sees only the applications assigned to them, declares before
/// scoring, and scores with the type's rubric.
extension ProgrammeService {
    /// The city records an expert's profile: the registry person they are, their employer, and the relations they
    /// declared. Identifiers are resolved against the registry; an unknown one is refused by name.
    static func saveExpertProfile(_ account: UUID, _ input: ExpertProfileInput, _ context: ProgrammeContext) async throws {
        guard context.actor == .city else { throw WorkflowRefusal.notYourStep(workflow: "expert-profile", event: "save", actor: context.actor ?? .system) }
        guard let row = try await context.database.sql.raw("SELECT role FROM accounts WHERE id = \(bind: account)").first(),
              try row.decode(column: "role", as: String.self) == Role.expert.rawValue else { throw RequestProblem.notFound }
        var problems: [FieldProblem] = []
        var person: UUID? = nil
        if let number = input.personIdNumber?.trimmingCharacters(in: .whitespaces).uppercased(), !number.isEmpty {
            person = try await personID(number, context)
            if person == nil {
                problems.append(FieldProblem(field: "personIdNumber", code: "programme.person-unknown", chinese: "登记库中没有该人员", english: "No such person in the registry"))
            }
        }
        var employer: UUID? = nil
        if let code = input.employerUscc?.trimmingCharacters(in: .whitespaces).uppercased(), !code.isEmpty {
            employer = try await organizationID(code, context)
            if employer == nil {
                problems.append(FieldProblem(field: "employerUscc", code: "programme.organization-unknown", chinese: "没有该统一社会信用代码的单位",
                                             english: "No organization with this credit code"))
            }
        }
        var relations: [String] = []
        for (index, raw) in (input.relations ?? []).prefix(200).enumerated() {
            let value = raw.trimmingCharacters(in: .whitespaces).uppercased()
            let resolved: UUID? = if value.count == 18, let found = try await personID(value, context) { found } else { try await organizationID(value, context) }
            guard let resolved else {
                problems.append(FieldProblem(field: "relations[\(index)]", code: "programme.relation-unknown", chinese: "第 \(index + 1) 项关联既不是登记库人员，也不是已登记单位",
                                             english: "Relation \(index + 1) is neither a registry person nor a known organization"))
                continue
            }
            relations.append(resolved.uuidString)
        }
        let specialty = String((input.specialty ?? "").trimmingCharacters(in: .whitespacesAndNewlines).prefix(100))
        guard problems.isEmpty else { throw RequestProblem.validation(problems) }
        let relationsJSON = String(decoding: try JSONEncoder.sorted.encode(relations.sorted()), as: UTF8.self)
        let (personID, employerID) = (person, employer)
        try await context.write { tx, log in
            try await tx.sql.delete(from: "expert_profiles").where("account_id", .equal, account).run()
            try await tx.sql.insert(into: "expert_profiles").columns("account_id", "person_id", "employer_id", "specialty", "relations", "updated_at")
                .values(SQLBind(account), SQLBind(personID), SQLBind(employerID), SQLBind(specialty), SQLBind(relationsJSON), SQLBind(context.now)).run()
            log.record(context.event(.expertProfile, account, .update, after: AuditValues.json([
                "person": personID?.uuidString, "employer": employerID?.uuidString, "specialty": specialty, "relations": relationsJSON])))
        }
    }

    static func personID(_ number: String, _ context: ProgrammeContext) async throws -> UUID? {
        let index = context.vault.idNumberIndex(type: IDType.residentID.rawValue, number: number)
        return try await context.database.sql.raw("SELECT id FROM persons WHERE id_number_index = \(bind: index)").first()?.decode(column: "id", as: UUID.self)
    }

    static func organizationID(_ uscc: String, _ context: ProgrammeContext) async throws -> UUID? {
        try await context.database.sql.raw("SELECT id FROM organizations WHERE uscc = \(bind: uscc)").first()?.decode(column: "id", as: UUID.self)
    }

    /// The experts panels are drawn from: enabled expert accounts with a profile, in username order.
    static func experts(on database: any Database) async throws -> [ExpertReview.Expert] {
        try await database.sql.raw("""
            SELECT a.id, p.person_id, p.employer_id, p.relations FROM accounts a JOIN expert_profiles p ON p.account_id = a.id
            WHERE a.role = \(bind: Role.expert.rawValue) AND a.is_disabled = \(bind: false) ORDER BY a.username
            """).all().map { row in
            ExpertReview.Expert(id: try row.decode(column: "id", as: UUID.self).uuidString, personID: try row.decode(column: "person_id", as: UUID?.self)?.uuidString,
                                employerID: try row.decode(column: "employer_id", as: UUID?.self)?.uuidString,
                                declaredRelations: Set(try JSONDecoder().decode([String].self, from: Data(try row.decode(column: "relations", as: String.self).utf8))))
        }
    }

    /// The city sends every application of the call that passed its eligibility review to expert review, with panels
    /// of the type's size drawn so that no expert reviews their own, a colleague's, or a related applicant's
    /// application. Refused whole when any application cannot have a full panel. Answers how many were sent.
    static func startReview(_ callID: UUID, _ context: ProgrammeContext) async throws -> Int {
        guard context.actor == .city else { throw WorkflowRefusal.notYourStep(workflow: "programme-application", event: "start-review", actor: context.actor ?? .system) }
        guard let call = try await call(callID, on: context.database) else { throw RequestProblem.notFound }
        guard call.type.stages.contains(.expert) else {
            throw RequestProblem.conflict(code: "programme.no-expert-stage", chinese: "本项目类型不经专家评审", english: "The type has no expert review")
        }
        let rows = try await context.database.sql.raw("""
            SELECT id, number, person_id, organization_id FROM programme_applications WHERE call_id = \(bind: callID) AND state = 'city-eligible' ORDER BY number
            """).all()
        guard !rows.isEmpty else {
            throw RequestProblem.conflict(code: "programme.nothing-to-review", chinese: "没有通过资格审查、待专家评审的申报", english: "No application awaits expert review")
        }
        let applicants = try rows.map { row in
            ExpertReview.Applicant(applicationID: try row.decode(column: "id", as: UUID.self).uuidString,
                                   personID: try row.decode(column: "person_id", as: UUID?.self)?.uuidString,
                                   organizationID: try row.decode(column: "organization_id", as: UUID?.self)?.uuidString)
        }
        let panels = try ExpertReview.assign(applicants, experts: try await experts(on: context.database), perApplication: call.type.expertsPerApplication)
        try await context.write { tx, log in
            for applicant in applicants {
                guard let id = UUID(uuidString: applicant.applicationID) else { continue }
                let changed = try await tx.sql.update("programme_applications").set("state", to: ProgrammeApplicationState.expertReview.rawValue)
                    .set("updated_at", to: context.now).where("id", .equal, id).where("state", .equal, ProgrammeApplicationState.cityEligible.rawValue)
                    .returning("id").all()
                guard !changed.isEmpty else { throw WorkflowRefusal.notAllowed(workflow: "programme-application", event: "start-review", state: "changed") }
                for expert in panels[applicant.applicationID] ?? [] {
                    try await tx.sql.insert(into: "programme_reviews").columns("id", "application_id", "expert_account_id", "assigned_at")
                        .values(SQLBind(UUID()), SQLBind(id), SQLBind(UUID(uuidString: expert)!), SQLBind(context.now)).run()
                }
                log.record(context.event(.programmeApplication, id, .update, before: AuditValues.json(["state": "city-eligible"]),
                                         after: AuditValues.json(["state": "expert-review", "panel": (panels[applicant.applicationID] ?? []).joined(separator: " ")])))
            }
        }
        return applicants.count
    }

    struct Assignment: Sendable {
        let reviewID: UUID
        let applicationID: UUID
        let number: String
        let callTitle: String
        /// Nil under blind review.
        let applicantName: String?
        /// The form's answers by key; under blind review without the fields that name the applicant.
        let form: [String: String]
        /// The same answers under their labels, in the form's order.
        let fields: [(label: String, value: String)]
        /// The files, named by what the call asked for (never by the name they were uploaded under).
        let attachments: [AssignedAttachment]
        let rubric: [ProgrammeType.Criterion]
        let declaredAt: Date?
        let declaredConflict: Bool?
        let scores: [String: Int]?
        let total: Int?
        let open: Bool
    }

    struct AssignedAttachment: Sendable {
        let key: String
        let label: String
        let mediaType: String
        let size: Int
    }

    /// The applications assigned to an expert, and nothing else; under blind review without the applicant's name or
    /// number, or the form's fields that name them.
    static func assignments(expert: UUID, on database: any Database, vault: PersonalDataVault) async throws -> [Assignment] {
        let files = try await database.sql.raw("""
            SELECT f.application_id, f.key, f.media_type, f.size FROM programme_attachments f
            JOIN programme_reviews r ON r.application_id = f.application_id WHERE r.expert_account_id = \(bind: expert) ORDER BY f.key
            """).all().reduce(into: [UUID: [(String, String, Int)]]()) { found, row in
            found[try row.decode(column: "application_id", as: UUID.self), default: []].append(
                (try row.decode(column: "key", as: String.self), try row.decode(column: "media_type", as: String.self), try row.decode(column: "size", as: Int.self)))
        }
        return try await database.sql.raw("""
            SELECT r.id AS review_id, r.declared_at, r.declared_conflict, r.scores, r.total, a.id AS application_id, a.number, a.state, a.form,
                c.title, c.definition, p.name AS person_name, o.name AS organization_name
            FROM programme_reviews r JOIN programme_applications a ON a.id = r.application_id JOIN programme_calls c ON c.id = a.call_id
            LEFT JOIN persons p ON p.id = a.person_id LEFT JOIN organizations o ON o.id = a.organization_id
            WHERE r.expert_account_id = \(bind: expert) ORDER BY a.number
            """).all().map { row in
            let type = try decode(try row.decode(column: "definition", as: String.self))
            let blind = type.blindReview
            let name = try row.decode(column: "person_name", as: String?.self) ?? row.decode(column: "organization_name", as: String?.self)
            let hidden = Set(blind ? type.fields.filter(\.identifying).map(\.key) : [])
            let answers = try JSONDecoder().decode([String: String].self, from: Data(try row.decode(column: "form", as: String.self).utf8))
                .filter { !hidden.contains($0.key) }
            let applicationID = try row.decode(column: "application_id", as: UUID.self)
            return Assignment(reviewID: try row.decode(column: "review_id", as: UUID.self), applicationID: try row.decode(column: "application_id", as: UUID.self),
                              number: blind ? "匿名" : try row.decode(column: "number", as: String.self), callTitle: try row.decode(column: "title", as: String.self),
                              applicantName: blind ? nil : name,
                              form: answers,
                              fields: type.fields.compactMap { field in answers[field.key].map { (field.label, $0) } },
                              attachments: (files[applicationID] ?? []).map { file in
                                  AssignedAttachment(key: file.0, label: type.attachments.first { $0.key == file.0 }?.label ?? file.0, mediaType: file.1, size: file.2)
                              },
                              rubric: type.rubric, declaredAt: try row.decode(column: "declared_at", as: Date?.self),
                              declaredConflict: try row.decode(column: "declared_conflict", as: Bool?.self),
                              scores: try row.decode(column: "scores", as: String?.self).flatMap { try? JSONDecoder().decode([String: Int].self, from: Data($0.utf8)) },
                              total: try row.decode(column: "total", as: Int?.self),
                              open: try row.decode(column: "state", as: String.self) == ProgrammeApplicationState.expertReview.rawValue)
        }
    }

    /// A file of an application assigned to the expert, once they have declared no conflict of interest: named by what
    /// the call asked for and the checked type, so blind review keeps the name it was uploaded under from them.
    static func assignedAttachment(expert: UUID, application: UUID, key: String, on database: any Database) async throws -> (name: String, mediaType: String, bytes: Data) {
        let review: (id: UUID, declared: Bool, conflict: Bool, state: String, definition: String)
        do {
            review = try await self.review(expert: expert, application: application, on: database)
        } catch let refusal as ProgrammeRefusal where refusal == .notAssigned {
            // Another expert's application is not there for this one: found nowhere, as any other id.
            throw RequestProblem.notFound
        }
        guard review.declared else { throw ProgrammeRefusal.noDeclaration }
        guard !review.conflict else { throw ProgrammeRefusal.declaredConflict }
        guard let row = try await database.sql.raw("""
            SELECT media_type, content FROM programme_attachments WHERE application_id = \(bind: application) AND key = \(bind: key)
            """).first() else { throw RequestProblem.notFound }
        let mediaType = try row.decode(column: "media_type", as: String.self)
        let label = try decode(review.definition).attachments.first { $0.key == key }?.label ?? key
        let suffix = AttachmentFormat.allCases.first { $0.mediaType == mediaType }.map { $0 == .jpeg ? "jpg" : $0.rawValue } ?? "bin"
        return ("\(label).\(suffix)", mediaType, try row.decode(column: "content", as: Data.self))
    }

    /// The expert's own review of an application: not found unless assigned to them.
    static func review(expert: UUID, application: UUID, on database: any Database) async throws -> (id: UUID, declared: Bool, conflict: Bool, state: String, definition: String) {
        guard let row = try await database.sql.raw("""
            SELECT r.id, r.declared_at, r.declared_conflict, a.state, c.definition FROM programme_reviews r
            JOIN programme_applications a ON a.id = r.application_id JOIN programme_calls c ON c.id = a.call_id
            WHERE r.expert_account_id = \(bind: expert) AND r.application_id = \(bind: application)
            """).first() else { throw ProgrammeRefusal.notAssigned }
        return (try row.decode(column: "id", as: UUID.self), try row.decode(column: "declared_at", as: Date?.self) != nil,
                try row.decode(column: "declared_conflict", as: Bool?.self) ?? false, try row.decode(column: "state", as: String.self),
                try row.decode(column: "definition", as: String.self))
    }

    /// The conflict-of-interest declaration (利益冲突声明) an expert signs before scoring an application; once signed it
    /// stands.
    static func declare(expert: UUID, application: UUID, _ input: ExpertDeclarationInput, now: Date, database: any Database, audit: AuditEvent) async throws {
        let review = try await review(expert: expert, application: application, on: database)
        guard review.state == ProgrammeApplicationState.expertReview.rawValue else {
            throw WorkflowRefusal.notAllowed(workflow: "programme-review", event: "declare", state: review.state)
        }
        guard !review.declared else {
            throw RequestProblem.conflict(code: "programme.declared", chinese: "已签署利益冲突声明", english: "The declaration is signed already")
        }
        let conflict = input.conflict ?? false
        let note = String((input.note ?? "").trimmingCharacters(in: .whitespacesAndNewlines).prefix(500))
        if conflict && note.isEmpty { throw WorkflowRefusal.reasonRequired(workflow: "programme-review", event: "declare") }
        // A recused expert's seat goes to the least-loaded expert with no conflict who is not on the panel yet, so the
        // panel stays whole; with nobody left, it is one short and scoring still closes with three scores or more.
        let replacement = conflict ? try await replacementExpert(for: application, on: database) : nil
        try await AuditTrail.transaction(on: database, now: now) { tx, log in
            // Once, and only while the application is under review: checked where writers take turns.
            let changed = try await tx.sql.update("programme_reviews").set("declared_at", to: now).set("declared_conflict", to: conflict)
                .set("declaration_note", to: note).where("id", .equal, review.id).where("declared_at", .is, SQLLiteral.null)
                .where(SQLRaw("EXISTS (SELECT 1 FROM programme_applications a WHERE a.id = programme_reviews.application_id AND a.state = 'expert-review')"))
                .returning("id").all()
            guard !changed.isEmpty else {
                throw RequestProblem.conflict(code: "programme.declared", chinese: "已签署利益冲突声明，或评分已结束", english: "Declared already, or scoring is closed")
            }
            log.record(reviewEvent(audit, review.id, ["declared": "yes", "conflict": conflict ? "yes" : "no", "note": note,
                                                      "replacement": replacement?.uuidString]))
            if let replacement {
                let seat = UUID()
                try await tx.sql.insert(into: "programme_reviews").columns("id", "application_id", "expert_account_id", "assigned_at")
                    .values(SQLBind(seat), SQLBind(application), SQLBind(replacement), SQLBind(now)).run()
                log.record(reviewEvent(audit, seat, ["assigned": replacement.uuidString, "replacing": review.id.uuidString]))
            }
        }
    }

    /// An application with too few scores to close (the trimmed mean needs three), named by its number.
    private static func tooFewScores(application number: String, have: Int) -> RequestProblem {
        RequestProblem.conflict(code: "programme.too-few-scores", chinese: "申报 \(number) 只有 \(have) 份评分，去尾平均至少需要 3 份",
                                english: "Application \(number) has \(have) scores; the trimmed mean needs 3")
    }

    /// An audit record of a review: its entity, id and values.
    private static func reviewEvent(_ audit: AuditEvent, _ id: UUID, _ values: [String: String?]) -> AuditEvent {
        var event = audit
        event.entity = .programmeReview
        event.entityID = id.uuidString
        event.action = .update
        event.after = AuditValues.json(values)
        return event
    }

    /// The expert who takes a recused expert's seat: free of conflict with the applicant, not on the panel, the least
    /// loaded with open reviews, then by username; nil when there is none.
    static func replacementExpert(for application: UUID, on database: any Database) async throws -> UUID? {
        guard let row = try await database.sql.raw("""
            SELECT person_id, organization_id FROM programme_applications WHERE id = \(bind: application)
            """).first() else { return nil }
        let applicant = ExpertReview.Applicant(applicationID: application.uuidString,
                                               personID: try row.decode(column: "person_id", as: UUID?.self)?.uuidString,
                                               organizationID: try row.decode(column: "organization_id", as: UUID?.self)?.uuidString)
        let seated = Set(try await database.sql.raw("SELECT expert_account_id FROM programme_reviews WHERE application_id = \(bind: application)")
            .all().map { try $0.decode(column: "expert_account_id", as: UUID.self).uuidString })
        var load: [String: Int] = [:]
        for row in try await database.sql.raw("""
            SELECT r.expert_account_id, COUNT(*) AS n FROM programme_reviews r JOIN programme_applications a ON a.id = r.application_id
            WHERE a.state = 'expert-review' GROUP BY r.expert_account_id
            """).all() {
            load[try row.decode(column: "expert_account_id", as: UUID.self).uuidString] = try row.decode(column: "n", as: Int.self)
        }
        let free = try await experts(on: database).enumerated()
            .filter { !seated.contains($0.element.id) && ExpertReview.conflict($0.element, applicant) == nil }
            .min { (load[$0.element.id, default: 0], $0.offset) < (load[$1.element.id, default: 0], $1.offset) }
        return free.flatMap { UUID(uuidString: $0.element.id) }
    }

    /// An expert's scores for an assigned application under review: declared first, no conflict declared, every
    /// criterion of the rubric within its range. Scoring again replaces the scores until scoring is closed.
    static func score(expert: UUID, application: UUID, _ input: ExpertScoresInput, now: Date, database: any Database, audit: AuditEvent) async throws -> Int {
        let review = try await review(expert: expert, application: application, on: database)
        guard review.state == ProgrammeApplicationState.expertReview.rawValue else {
            throw WorkflowRefusal.notAllowed(workflow: "programme-review", event: "score", state: review.state)
        }
        guard review.declared else { throw ProgrammeRefusal.noDeclaration }
        guard !review.conflict else { throw ProgrammeRefusal.declaredConflict }
        let scores = input.scores ?? [:]
        let total = try ExpertReview.total(scores, rubric: try decode(review.definition).rubric)
        let json = String(decoding: try JSONEncoder.sorted.encode(scores), as: UTF8.self)
        try await AuditTrail.transaction(on: database, now: now) { tx, log in
            // Only while scoring is open: a score arriving after the city closed it changes nothing.
            let changed = try await tx.sql.update("programme_reviews").set("scores", to: json).set("total", to: total).set("scored_at", to: now)
                .where("id", .equal, review.id).where("declared_conflict", .equal, false)
                .where(SQLRaw("EXISTS (SELECT 1 FROM programme_applications a WHERE a.id = programme_reviews.application_id AND a.state = 'expert-review')"))
                .returning("id").all()
            guard !changed.isEmpty else { throw WorkflowRefusal.notAllowed(workflow: "programme-review", event: "score", state: "scored") }
            log.record(reviewEvent(audit, review.id, ["scores": json, "total": String(total)]))
        }
        return total
    }

    /// The city closes scoring of a call: each district's applications ranked by the trimmed mean with the stated
    /// tie-breaks, the first of each district's quota marked within it. Refused whole while an application has fewer
    /// than three scores.
    static func closeScoring(_ callID: UUID, _ context: ProgrammeContext) async throws -> [ExpertReview.Ranked] {
        guard context.actor == .city else { throw WorkflowRefusal.notYourStep(workflow: "programme-application", event: "close-scoring", actor: context.actor ?? .system) }
        guard let call = try await call(callID, on: context.database) else { throw RequestProblem.notFound }
        let rows = try await context.database.sql.raw("""
            SELECT a.id, a.number, a.district_code, a.submitted_at, r.total FROM programme_applications a
            LEFT JOIN programme_reviews r ON r.application_id = a.id AND r.total IS NOT NULL
            WHERE a.call_id = \(bind: callID) AND a.state = 'expert-review' ORDER BY a.number
            """).all()
        var byDistrict: [String: [UUID: (number: String, submitted: Double, totals: [Int])]] = [:]
        for row in rows {
            let id = try row.decode(column: "id", as: UUID.self)
            let district = try row.decode(column: "district_code", as: String.self)
            let submitted = try row.decode(column: "submitted_at", as: Date?.self) ?? .distantPast
            let number = try row.decode(column: "number", as: String.self)
            var entry = byDistrict[district]?[id] ?? (number, submitted.timeIntervalSince1970, [])
            if let total = try row.decode(column: "total", as: Int?.self) { entry.totals.append(total) }
            byDistrict[district, default: [:]][id] = entry
        }
        guard !byDistrict.isEmpty else {
            throw RequestProblem.conflict(code: "programme.nothing-to-close", chinese: "没有专家评审中的申报", english: "No application is under expert review")
        }
        var ranked: [ExpertReview.Ranked] = []
        for (district, entries) in byDistrict.sorted(by: { $0.key < $1.key }) {
            let quota = call.districts.first { $0.code == district }?.quota ?? 0
            for entry in entries.values where entry.totals.count < 3 { throw tooFewScores(application: entry.number, have: entry.totals.count) }
            ranked += try ExpertReview.rank(entries.map { ExpertReview.Scored(applicationID: $0.key.uuidString, number: $0.value.number,
                                                                              submittedAt: $0.value.submitted, totals: $0.value.totals) }, quota: quota)
        }
        let result = ranked
        try await context.write { tx, log in
            for entry in result {
                guard let id = UUID(uuidString: entry.applicationID) else { continue }
                try await tx.sql.update("programme_applications").set("state", to: ProgrammeApplicationState.scored.rawValue)
                    .set("trimmed_mean", to: entry.trimmedMean).set("rank", to: entry.rank).set("within_quota", to: entry.withinQuota)
                    .set("updated_at", to: context.now).where("id", .equal, id).run()
                log.record(context.event(.programmeApplication, id, .update, before: AuditValues.json(["state": "expert-review"]),
                                         after: AuditValues.json(["state": "scored", "trimmedMean": String(entry.trimmedMean), "rank": String(entry.rank),
                                                                  "withinQuota": entry.withinQuota ? "yes" : "no", "tieBreak": entry.tieBreak?.rawValue])))
            }
        }
        return result
    }
}

import Fluent
import Foundation
import GongjiangCore
import SQLKit
import Vapor

struct ClassInput: Content {
    var occupationCode: String?
    var level: String?
    var totalHours: Int?
    var practicalHours: Int?
    var startsOn: String?
    var endsOn: String?
    var capacity: Int?
    var site: String?
    var teachers: String?
    /// What the course costs a trainee, in fen, before the subsidy.
    var feeFen: Int64?
}

struct EnrolmentInput: Content {
    var name: String?
    var idType: String?
    var idNumber: String?
    /// An eligibility category's code (`insured-employee`, `registered-unemployed`…).
    var category: String?
    /// The trainee's contact phone, as the provider records it (optional): kept only as a blind index, so trainees
    /// sharing one phone show as a signal.
    var phone: String?
}

extension TrainingService {
    struct TrainingClass: Sendable {
        let id: UUID
        let number: String
        let providerID: UUID
        let districtCode: String
        let occupationCode: String
        let level: SkillLevel
        let subsidyClass: String
        let totalHours: Int
        let startsOn: CivilDate
        let endsOn: CivilDate
        let capacity: Int
        let feeFen: Int64
        let state: ClassState
    }

    static func trainingClass(_ id: UUID, on database: any Database) async throws -> TrainingClass? {
        guard let row = try await database.sql.raw("SELECT * FROM training_classes WHERE id = \(bind: id)").first() else { return nil }
        return TrainingClass(id: id, number: try row.decode(column: "number", as: String.self), providerID: try row.decode(column: "provider_id", as: UUID.self),
                             districtCode: try row.decode(column: "district_code", as: String.self),
                             occupationCode: try row.decode(column: "occupation_code", as: String.self),
                             level: SkillLevel(rawValue: try row.decode(column: "level", as: Int.self)) ?? .level5,
                             subsidyClass: try row.decode(column: "subsidy_class", as: String.self),
                             totalHours: try row.decode(column: "total_hours", as: Int.self),
                             startsOn: try CivilDate(parsing: try row.decode(column: "starts_on", as: String.self)),
                             endsOn: try CivilDate(parsing: try row.decode(column: "ends_on", as: String.self)),
                             capacity: try row.decode(column: "capacity", as: Int.self), feeFen: try row.decode(column: "fee_fen", as: Int64.self),
                             state: ClassState(rawValue: try row.decode(column: "state", as: String.self)) ?? .filed)
    }

    /// The class if the caller may see it: its provider, its district's officer, the city.
    static func visibleClass(_ id: UUID, _ context: TrainingContext) async throws -> TrainingClass {
        guard let found = try await trainingClass(id, on: context.database) else { throw RequestProblem.notFound }
        switch context.scope {
        case .organization(let organization):
            guard let provider = try await provider(found.providerID, on: context.database), provider.organizationID == organization else { throw RequestProblem.notFound }
        default:
            guard context.scope.admitsDistrict(found.districtCode) else { throw RequestProblem.notFound }
        }
        return found
    }

    /// 开班备案: the caller's provider files a class inside its scope and validity, before it starts.
    static func fileClass(_ input: ClassInput, _ context: TrainingContext) async throws -> UUID {
        guard context.actor == .organization, let organization = context.scope.organizationID else {
            throw WorkflowRefusal.notYourStep(workflow: "training-class", event: "file", actor: context.actor ?? .system)
        }
        // An organization the city has not approved as a provider files nothing.
        guard let provider = try await provider(nil, organization: organization, on: context.database) else { throw TrainingRefusal.providerNotActive }
        var problems: [FieldProblem] = []
        let level = level(input.level, problems: &problems)
        let starts = date(input.startsOn, field: "startsOn", problems: &problems)
        let ends = date(input.endsOn, field: "endsOn", problems: &problems)
        let site = CertificationService.text(input.site, field: "site", label: "培训地点", maximum: 200, required: true, problems: &problems)
        let teachers = CertificationService.text(input.teachers, field: "teachers", label: "授课教师", maximum: 500, required: true, problems: &problems)
        let fee = input.feeFen ?? 0
        if fee < 0 || fee > 10_000_000 { problems.append(FieldProblem(field: "feeFen", code: "class.fee", chinese: "培训费应为 0–10 万元", english: "The fee is 0–100,000 yuan")) }
        let occupation = try await input.occupationCode.flatMap { $0.isEmpty ? nil : $0 }.asyncMap { try await Occupation.find($0, on: context.database) } ?? nil
        if occupation == nil { problems.append(FieldProblem(field: "occupationCode", code: "occupation.unknown", chinese: "未知的职业编码", english: "Unknown occupation")) }
        guard problems.isEmpty, let level, let starts, let ends, let site, let teachers, let occupation, let code = occupation.id else {
            throw RequestProblem.validation(problems)
        }
        let plan = ClassPlan(occupationCode: code, level: level, totalHours: input.totalHours ?? 0, practicalHours: input.practicalHours ?? 0,
                             startsOn: starts, endsOn: ends, capacity: input.capacity ?? 0)
        let policy = try await policy(on: context.database, day: context.today)
        try ProviderRules.admits(state: provider.state, validFrom: provider.validFrom, validUntil: provider.validUntil, scope: provider.scope,
                                 occupationCode: code, level: level, on: starts)
        try ClassRules.check(plan, filedOn: context.today, policy: policy)
        let id = newID(context)
        let year = context.today.year
        try await context.write { tx, log in
            let number = try await NumberSerials.next("TC-\(provider.districtCode)-\(year)", width: 4, on: tx)
            try await tx.sql.insert(into: "training_classes")
                .columns("id", "number", "provider_id", "district_code", "occupation_code", "level", "subsidy_class", "total_hours", "practical_hours",
                         "starts_on", "ends_on", "capacity", "site", "teachers", "fee_fen", "state", "filed_on", "created_at", "updated_at")
                .values(SQLBind(id), SQLBind(number), SQLBind(provider.id), SQLBind(provider.districtCode), SQLBind(code), SQLBind(level.rawValue),
                        SQLBind(occupation.subsidyClass), SQLBind(plan.totalHours), SQLBind(plan.practicalHours), SQLBind(starts.description),
                        SQLBind(ends.description), SQLBind(plan.capacity), SQLBind(site), SQLBind(teachers), SQLBind(fee),
                        SQLBind(ClassState.filed.rawValue), SQLBind(context.today.description), SQLBind(context.now), SQLBind(context.now)).run()
            log.record(context.event(.trainingClass, id, .create, after: AuditValues.json([
                "number": number, "occupation": code, "level": level.code, "hours": "\(plan.totalHours)/\(plan.practicalHours)",
                "from": starts.description, "to": ends.description, "capacity": String(plan.capacity)])))
        }
        return id
    }

    /// The district approves or returns a class; its provider resubmits, closes (deciding each trainee's completion)
    /// or cancels it.
    static func stepClass(_ id: UUID, event raw: String?, reason rawReason: String?, _ context: TrainingContext) async throws {
        let reason = try CertificationService.reason(rawReason, required: false)
        let found = try await visibleClass(id, context)
        guard let event = raw.flatMap(ClassEvent.init(rawValue:)) else { throw Self.unknownEvent(raw) }
        let next = try ClassRules.workflow.apply(event, to: found.state, by: try context.requireActor("training-class", event.rawValue), reason: reason)
        if event == .close, context.today <= found.endsOn {
            throw RequestProblem.conflict(code: "class.not-over", chinese: "培训班 \(found.endsOn) 结束后才能结班", english: "A class closes after its last day (\(found.endsOn))")
        }
        let policy = try await policy(on: context.database, day: context.today)
        try await context.write { tx, log in
            let rows = try await tx.sql.raw("""
                UPDATE training_classes SET state = \(bind: next.rawValue), last_reason = \(bind: reason), updated_at = \(bind: context.now)
                WHERE id = \(bind: id) AND state = \(bind: found.state.rawValue) RETURNING id
                """).all()
            guard rows.count == 1 else { throw WorkflowRefusal.notAllowed(workflow: "training-class", event: event.rawValue, state: found.state.rawValue) }
            var completed = 0, incomplete = 0
            if event == .close {
                var decided: [String: [UUID]] = [:]
                for row in try await tx.sql.raw("SELECT id, attended_hours FROM training_enrolments WHERE class_id = \(bind: id) AND state = 'enrolled'").all() {
                    let enrolment = try row.decode(column: "id", as: UUID.self)
                    let done = (try? ClassRules.completes(attended: try row.decode(column: "attended_hours", as: Int.self), total: found.totalHours,
                                                          policy: policy)) != nil
                    if done { completed += 1 } else { incomplete += 1 }
                    decided[done ? "completed" : "incomplete", default: []].append(enrolment)
                }
                // A statement per outcome, not one a trainee.
                for (state, enrolments) in decided.sorted(by: { $0.key < $1.key }) {
                    for chunk in enrolments.chunked(500) {
                        try await tx.sql.raw("""
                            UPDATE training_enrolments SET state = \(bind: state), updated_at = \(bind: context.now) WHERE id IN (\(binds: Array(chunk)))
                            """).run()
                    }
                }
                // The provider's pass-rate signal counts its completed trainees.
                try await tx.sql.raw("UPDATE training_providers SET completed_trainees = completed_trainees + \(bind: completed) WHERE id = \(bind: found.providerID)").run()
            }
            log.record(context.event(.trainingClass, id, AuditAction(event.rawValue), before: AuditValues.json(["state": found.state.rawValue]),
                                     after: AuditValues.json(["state": next.rawValue, "reason": reason,
                                                              "completed": event == .close ? String(completed) : nil,
                                                              "incomplete": event == .close ? String(incomplete) : nil])))
        }
    }

    /// Enrols a trainee from the registry (or registers them there): an eligible category, room in the class, and no
    /// other class of theirs on the same days.
    static func enrol(_ classID: UUID, _ input: EnrolmentInput, _ context: TrainingContext) async throws -> UUID {
        let found = try await visibleClass(classID, context)
        guard context.actor == .organization else { throw WorkflowRefusal.notYourStep(workflow: "training-enrolment", event: "enrol", actor: context.actor ?? .system) }
        guard found.state == .approved || found.state == .filed else {
            throw WorkflowRefusal.notAllowed(workflow: "training-class", event: "enrol", state: found.state.rawValue)
        }
        var problems: [FieldProblem] = []
        let intake = PersonIntake.read(name: input.name, idType: input.idType, idNumber: input.idNumber, problems: &problems)
        let category = try await input.category.flatMap { $0.isEmpty ? nil : $0 }.asyncMap { code in
            try await context.database.sql.raw("SELECT code FROM eligibility_categories WHERE code = \(bind: code) AND is_active = \(bind: true)").first()
        } ?? nil
        if category == nil { problems.append(FieldProblem(field: "category", TrainingRefusal.ineligibleCategory(input.category ?? ""))) }
        var phoneIndexFound: String?
        if let raw = input.phone?.nilIfEmpty {
            switch Result(catching: { () throws(PhoneNumberError) -> PhoneNumber in try PhoneNumber(raw) }) {
            case .success(let phone): phoneIndexFound = context.vault.blindIndex(phone.value, purpose: "phone")
            case .failure(let error): problems.append(FieldProblem(field: "phone", error))
            }
        }
        guard problems.isEmpty, let intake, let categoryCode = input.category else { throw RequestProblem.validation(problems) }
        let phoneIndex = phoneIndexFound
        let existing = try await intake.existing(on: context.database, vault: context.vault)
        let id = newID(context)
        let vault = context.vault
        try await context.write { tx, log in
            // Checked here, where writers take turns: room in the class, and no overlapping class.
            let enrolled = try await tx.sql.raw("SELECT COUNT(*) AS n FROM training_enrolments WHERE class_id = \(bind: classID) AND state <> 'withdrawn'")
                .first()?.decode(column: "n", as: Int.self) ?? 0
            guard enrolled < found.capacity else { throw TrainingRefusal.classFull(capacity: found.capacity) }
            let person: Person
            if let existing { person = existing } else {
                person = try await intake.register(id: newID(context), district: found.districtCode, on: tx, log: log, vault: vault, event: context.audit)
            }
            let personID = try person.requireID()
            if let overlap = try await tx.sql.raw("""
                SELECT e.class_id, c.number FROM training_enrolments e JOIN training_classes c ON c.id = e.class_id
                WHERE e.person_id = \(bind: personID) AND e.state <> 'withdrawn'
                  AND e.starts_on <= \(bind: found.endsOn.description) AND e.ends_on >= \(bind: found.startsOn.description)
                """).first() {
                if try overlap.decode(column: "class_id", as: UUID.self) == classID { throw TrainingRefusal.alreadyEnrolled }
                throw TrainingRefusal.overlappingClass(other: try overlap.decode(column: "number", as: String.self))
            }
            try await tx.sql.insert(into: "training_enrolments")
                .columns("id", "class_id", "person_id", "category", "attended_hours", "state", "starts_on", "ends_on", "phone_index",
                         "created_at", "updated_at")
                .values(SQLBind(id), SQLBind(classID), SQLBind(personID), SQLBind(categoryCode), SQLBind(0), SQLBind("enrolled"),
                        SQLBind(found.startsOn.description), SQLBind(found.endsOn.description), SQLBind(phoneIndex),
                        SQLBind(context.now), SQLBind(context.now)).run()
            log.record(context.event(.enrolment, id, .create, after: AuditValues.json([
                "class": found.number, "person": personID.uuidString, "category": categoryCode])))
        }
        return id
    }

    /// Records the hours a trainee attended (0 to the class's hours), until the class closes.
    static func recordAttendance(_ enrolmentID: UUID, hours: Int?, _ context: TrainingContext) async throws {
        guard let row = try await context.database.sql.raw("SELECT class_id, attended_hours, state FROM training_enrolments WHERE id = \(bind: enrolmentID)").first() else {
            throw RequestProblem.notFound
        }
        let found = try await visibleClass(try row.decode(column: "class_id", as: UUID.self), context)
        guard context.actor == .organization else { throw WorkflowRefusal.notYourStep(workflow: "training-enrolment", event: "attendance", actor: context.actor ?? .system) }
        guard let hours, (0...found.totalHours).contains(hours) else {
            throw RequestProblem.validation([FieldProblem(field: "attendedHours", code: "attendance.hours", chinese: "出勤课时应为 0–\(found.totalHours)",
                                                          english: "Attended hours are 0–\(found.totalHours)")])
        }
        let before = try row.decode(column: "attended_hours", as: Int.self)
        try await context.write { tx, log in
            let rows = try await tx.sql.raw("""
                UPDATE training_enrolments SET attended_hours = \(bind: hours), updated_at = \(bind: context.now)
                WHERE id = \(bind: enrolmentID) AND state = 'enrolled' RETURNING id
                """).all()
            guard rows.count == 1 else { throw WorkflowRefusal.notAllowed(workflow: "training-enrolment", event: "attendance", state: "closed") }
            log.record(context.event(.enrolment, enrolmentID, .update, before: AuditValues.json(["attendedHours": String(before)]),
                                     after: AuditValues.json(["attendedHours": String(hours)])))
        }
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}

import Fluent
import Foundation
import GongjiangCore
import SQLKit
import Vapor

struct ProgrammeObjectionInput: Content {
    var applicationId: UUID?
    var objector: String?
    var content: String?
}

struct UpstreamOutcomeInput: Content {
    /// `approve` or `decline`.
    var outcome: String?
    /// What the province or the nation decided, as recorded (文号 and date).
    var note: String?
}

extension AuditEntity {
    static let programmeTitle = AuditEntity("programme-title")
}

/// After review: the public notice (公示) of the selected applications with objections, approval within the quota and
/// the budget or recommendation upward (推荐), the title or honour on the record, and its funding through the ledger.
extension ProgrammeService {
    /// The ledger source of an award's instalment: a row of `programme_payments`.
    static let paymentSource = "programme-award"

    /// The call's selection shown to the public for the call's working days: the applications within each district's
    /// quota after scoring, those the title committee passed, or (for a type with neither stage) every one that passed
    /// the eligibility review. The others are not selected, with their rank as the reason.
    static func publishNotice(_ callID: UUID, _ context: ProgrammeContext) async throws -> UUID {
        guard context.actor == .city else { throw WorkflowRefusal.notYourStep(workflow: "programme-application", event: "publish", actor: context.actor ?? .system) }
        guard let call = try await call(callID, on: context.database) else { throw RequestProblem.notFound }
        // Scored by experts, or passed by the title committee; for a type with neither, past the eligibility review.
        let ready = call.type.stages.contains(.expert) || call.type.stages.contains(.titleCommittee) ? ProgrammeApplicationState.scored : .cityEligible
        let noticeID = TrainingService.newID(context)
        let title = "\(call.title) 拟入选名单公示"
        try await context.write { tx, log in
            // One notice at a time for a call, and the applications read where writers take turns: a second click
            // publishes nothing twice.
            if let open = try await noticeRecord(of: callID, on: tx), open.stateCode == PublicNotice.State.published.rawValue {
                throw RequestProblem.conflict(code: "programme.notice-open", chinese: "本通知的公示尚未结束（\(open.lastDay ?? "")）",
                                              english: "The call's notice is still running")
            }
            let rows = try await tx.sql.raw("""
                SELECT id, number, rank, within_quota FROM programme_applications WHERE call_id = \(bind: callID) AND state = \(bind: ready.rawValue) ORDER BY number
                """).all()
            guard !rows.isEmpty else {
                throw RequestProblem.conflict(code: "programme.nothing-to-notice", chinese: "没有可公示的申报", english: "No application is ready for the notice")
            }
            let record = try await NoticeStore.publish(subjectKind: "programme-call", subjectID: callID, title: title, workingDays: call.noticeWorkingDays,
                                                       districtCode: nil, id: noticeID, today: context.today, on: tx)
            log.record(context.event(.notice, noticeID, .create, after: record.auditValues))
            for row in rows {
                let id = try row.decode(column: "id", as: UUID.self)
                let selected = try row.decode(column: "within_quota", as: Bool?.self) ?? true
                let event: ProgrammeApplicationEvent = selected ? .publish : .notSelect
                let reason = selected ? nil : "未进入名额（第 \(try row.decode(column: "rank", as: Int?.self) ?? 0) 名）"
                let next = try ProgrammeRules.applicationWorkflow.apply(event, to: ready, by: .city, reason: reason)
                try await tx.sql.update("programme_applications").set("state", to: next.rawValue).set("notice_id", to: selected ? noticeID : nil)
                    .set("last_reason", to: reason).set("updated_at", to: context.now).where("id", .equal, id).where("state", .equal, ready.rawValue).run()
                log.record(context.event(.programmeApplication, id, .update, before: AuditValues.json(["state": ready.rawValue]),
                                         after: AuditValues.json(["state": next.rawValue, "notice": selected ? noticeID.uuidString : nil, "reason": reason])))
            }
        }
        return noticeID
    }

    static func noticeRecord(of callID: UUID, on database: any Database) async throws -> NoticeRecord? {
        // The latest: notices are published one after another (ids are time-ordered), never two at once.
        try await NoticeRecord.query(on: database).filter(\.$subjectKind == "programme-call").filter(\.$subjectID == callID)
            .sort(\.$publishedOn, .descending).sort(\.$id, .descending).first()
    }

    /// An objection to one application in the call's notice, recorded by the bureau within the period.
    static func fileObjection(_ callID: UUID, _ input: ProgrammeObjectionInput, _ context: ProgrammeContext) async throws -> UUID {
        guard context.actor == .city || context.actor == .district else {
            throw WorkflowRefusal.notYourStep(workflow: "notice", event: "file-objection", actor: context.actor ?? .system)
        }
        guard let record = try await noticeRecord(of: callID, on: context.database) else { throw NoticeRefusal.notAllowed(.fileObjection, in: .draft) }
        var problems: [FieldProblem] = []
        let objector = (input.objector ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let content = (input.content ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if objector.isEmpty || objector.count > 100 {
            problems.append(FieldProblem(field: "objector", code: "objection.objector", chinese: "请填写异议人（不超过 100 字）", english: "The objector, 1–100 characters"))
        }
        if content.isEmpty || content.count > 2_000 {
            problems.append(FieldProblem(field: "content", code: "objection.content", chinese: "请填写异议内容（不超过 2000 字）", english: "The objection, 1–2,000 characters"))
        }
        // An application of the notice, and for a district officer one of their district's.
        let listed = try await input.applicationId.asyncMap { id in
            guard let row = try await context.database.sql.raw("""
                SELECT district_code FROM programme_applications WHERE id = \(bind: id) AND call_id = \(bind: callID) AND notice_id = \(bind: record.requireID())
                """).first() else { return false }
            return context.scope.admitsDistrict(try row.decode(column: "district_code", as: String.self))
        } ?? false
        if !listed {
            problems.append(FieldProblem(field: "applicationId", code: "objection.entry-unknown", chinese: "公示名单中没有该申报", english: "No such application in the notice"))
        }
        guard problems.isEmpty, let applicationID = input.applicationId else { throw RequestProblem.validation(problems) }
        var notice = try await NoticeStore(database: context.database).notice(record)
        let id = TrainingService.newID(context)
        _ = try notice.fileObjection(about: applicationID.uuidString, on: context.today, id: id)
        let objection = ObjectionRecord()
        objection.id = id
        objection.noticeID = try record.requireID()
        objection.entry = applicationID.uuidString
        objection.filedOn = context.today.description
        objection.objector = objector
        objection.content = content
        try await context.write { tx, log in
            try await objection.create(on: tx)
            log.record(context.event(.objection, id, .create, after: objection.auditValues))
        }
        return id
    }

    /// The decision on an objection after investigation: upheld (the application does not proceed) or dismissed.
    static func resolveObjection(_ objectionID: UUID, _ input: ObjectionResolution, _ context: ProgrammeContext) async throws {
        guard context.actor == .city else { throw WorkflowRefusal.notYourStep(workflow: "notice", event: "resolve-objection", actor: context.actor ?? .system) }
        guard let objection = try await ObjectionRecord.find(objectionID, on: context.database),
              let record = try await NoticeRecord.find(objection.noticeID, on: context.database), record.subjectKind == "programme-call" else {
            throw RequestProblem.notFound
        }
        guard let resolution = input.resolution.flatMap(PublicNotice.Objection.Resolution.init(rawValue:)) else {
            throw RequestProblem.validation([FieldProblem(field: "resolution", code: "objection.resolution", chinese: "处理结果应为 upheld（异议成立）或 dismissed（异议不成立）",
                                                          english: "The resolution is upheld or dismissed")])
        }
        let note = (input.note ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !note.isEmpty, note.count <= 2_000 else {
            throw RequestProblem.validation([FieldProblem(field: "note", code: "objection.note", chinese: "请填写调查处理意见（不超过 2000 字）",
                                                          english: "The finding, 1–2,000 characters")])
        }
        var notice = try await NoticeStore(database: context.database).notice(record)
        try notice.resolveObjection(objectionID, as: resolution)
        let before = objection.auditValues
        objection.resolution = resolution.rawValue
        objection.resolutionNote = note
        objection.resolvedBy = context.audit.actor
        try await context.write { tx, log in
            try await objection.update(on: tx)
            log.record(context.event(.objection, objectionID, .resolve, before: before, after: objection.auditValues))
        }
    }

    /// After the period, with every objection decided: the notice concludes; each listed application proceeds, or is
    /// rejected where an objection against it was upheld.
    static func concludeNotice(_ callID: UUID, _ context: ProgrammeContext) async throws {
        guard context.actor == .city else { throw WorkflowRefusal.notYourStep(workflow: "notice", event: "conclude", actor: context.actor ?? .system) }
        guard let record = try await noticeRecord(of: callID, on: context.database) else { throw NoticeRefusal.notAllowed(.conclude, in: .draft) }
        let store = NoticeStore(database: context.database)
        var notice = try await store.notice(record)
        try notice.conclude(on: context.today)
        let rows = try await context.database.sql.raw("""
            SELECT id FROM programme_applications WHERE notice_id = \(bind: record.requireID()) AND state = 'in-notice'
            """).all().map { try $0.decode(column: "id", as: UUID.self) }
        let before = record.auditValues
        let concluded = notice
        try await context.write { tx, log in
            NoticeStore.copy(concluded, to: record)
            record.concludedOn = context.today.description
            try await record.update(on: tx)
            log.record(context.event(.notice, record.id, .update, before: before, after: record.auditValues))
            for id in rows {
                let proceeds = concluded.mayProceed(id.uuidString)
                let event: ProgrammeApplicationEvent = proceeds ? .conclude : .upholdObjection
                let reason = proceeds ? nil : "公示期间异议成立 / objection upheld"
                let next = try ProgrammeRules.applicationWorkflow.apply(event, to: .inNotice, by: .city, reason: reason)
                try await tx.sql.update("programme_applications").set("state", to: next.rawValue).set("last_reason", to: reason)
                    .set("updated_at", to: context.now).where("id", .equal, id).run()
                log.record(context.event(.programmeApplication, id, .update, before: AuditValues.json(["state": "in-notice"]),
                                         after: AuditValues.json(["state": next.rawValue, "reason": reason])))
            }
        }
    }

    /// What the call's awards in a district have taken so far: approvals (and recommendations, which hold a place)
    /// and the funding they reserve.
    static func taken(call: Call, district: String, on database: any Database) async throws -> (count: Int, reserved: Money) {
        let forms = try await database.sql.raw("""
            SELECT form FROM programme_applications WHERE call_id = \(bind: call.id) AND district_code = \(bind: district)
              AND state IN ('approved', 'recommended')
            """).all().map { try JSONDecoder().decode([String: String].self, from: Data(try $0.decode(column: "form", as: String.self).utf8)) }
        return (forms.count, forms.reduce(Money.zero) { $0 + reservation(call.type, heads: heads(in: $1)) })
    }

    /// The heads a per-head award counts: the form's `heads` (a number field the type must have when it pays per head).
    static func heads(in form: [String: String]) -> Int { Int(form[ProgrammeType.headsField] ?? "") ?? 0 }

    /// What an award of `type` reserves of the call's budget: each funding line's most, per-head lines for `heads`.
    static func reservation(_ type: ProgrammeType, heads: Int) -> Money {
        type.funding.reduce(Money.zero) { $0 + $1.rule.ceiling(heads: heads) }
    }

    /// The city approves an application after its notice (or records the upstream approval of a recommended one):
    /// within the district's quota and the call's budget, the title is put on the record and its one-off funding is
    /// committed from the district's budget, in one transaction. A type decided upstream is recommended instead.
    static func approve(_ id: UUID, _ context: ProgrammeContext) async throws {
        try await decide(id, event: .approve, note: nil, context)
    }

    static func recommend(_ id: UUID, _ context: ProgrammeContext) async throws {
        try await decide(id, event: .recommend, note: nil, context)
    }

    static func recordUpstream(_ id: UUID, _ input: UpstreamOutcomeInput, _ context: ProgrammeContext) async throws {
        let note = (input.note ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !note.isEmpty, note.count <= 500 else {
            throw RequestProblem.validation([FieldProblem(field: "note", code: "programme.upstream-note", chinese: "请填写上级评选结果（文号、日期，不超过 500 字）",
                                                          english: "The upstream decision, 1–500 characters")])
        }
        switch input.outcome {
        case "approve": try await decide(id, event: .upstreamApprove, note: note, context)
        case "decline": try await decide(id, event: .upstreamDecline, note: note, context)
        default:
            throw RequestProblem.validation([FieldProblem(field: "outcome", code: "programme.upstream-outcome", chinese: "结果应为 approve 或 decline",
                                                          english: "The outcome is approve or decline")])
        }
    }

    private static func decide(_ id: UUID, event: ProgrammeApplicationEvent, note: String?, _ context: ProgrammeContext) async throws {
        let application = try await application(id, context)
        let actor = try context.requireActor("programme-application", event.rawValue)
        let next = try ProgrammeRules.applicationWorkflow.apply(event, to: application.state, by: actor, reason: note)
        let call = application.call
        if event == .approve && call.type.recommendsUpward {
            throw RequestProblem.conflict(code: "programme.recommend-upward", chinese: "本项目由上级评定，应向上推荐", english: "The type is decided upstream: recommend it")
        }
        if event == .recommend && !call.type.recommendsUpward {
            throw RequestProblem.conflict(code: "programme.approve-locally", chinese: "本项目由市局批准，不向上推荐", english: "The city approves this type itself")
        }
        // A place and the budget are held from the approval or the recommendation on.
        if event == .approve || event == .recommend {
            let quota = call.districts.first { $0.code == application.districtCode }
            let taken = try await taken(call: call, district: application.districtCode, on: context.database)
            let reserving = reservation(call.type, heads: heads(in: application.form))
            try ProgrammeRules.checkApproval(approved: taken.count, quota: quota?.quota ?? 0,
                                             budgetLeft: (quota?.budget ?? .zero) - taken.reserved, reserving: reserving)
        }
        let awards = event == .approve || event == .upstreamApprove
        if awards || event == .recommend, let left = try await leftCity(application.personID, on: context.database) {
            throw ProgrammeRefusal.holderLeftCity(on: left)
        }
        let orders = awards ? try await oneOffOrders(application, on: context.today, context) : []
        try await context.write { tx, log in
            let changed = try await tx.sql.update("programme_applications").set("state", to: next.rawValue).set("updated_at", to: context.now)
                .set("upstream_outcome", to: note).where("id", .equal, id).where("state", .equal, application.state.rawValue).returning("id").all()
            guard !changed.isEmpty else { throw WorkflowRefusal.notAllowed(workflow: "programme-application", event: event.rawValue, state: application.state.rawValue) }
            // Checked again where writers take turns, this award now among those taken: two approvals at once never
            // pass the quota or the district's budget together.
            if event == .approve || event == .recommend {
                let district = call.districts.first { $0.code == application.districtCode }
                let (quota, budget) = (district?.quota ?? 0, district?.budget ?? .zero)
                let taken = try await taken(call: call, district: application.districtCode, on: tx)
                let reserving = reservation(call.type, heads: heads(in: application.form))
                if taken.count > quota { throw ProgrammeRefusal.quotaFull(quota: quota) }
                if taken.reserved > budget { throw ProgrammeRefusal.budgetShort(left: budget - (taken.reserved - reserving), needed: reserving) }
            }
            log.record(context.event(.programmeApplication, id, .update, before: AuditValues.json(["state": application.state.rawValue]),
                                     after: AuditValues.json(["state": next.rawValue, "event": event.rawValue, "note": note])))
            guard awards else { return }
            let titleID = UUID()
            let type = call.type
            let validUntil = type.validityMonths.map { context.today.adding(months: $0).adding(days: -1) }
            let nextAssessment = type.assessmentEveryMonths.map { ProgrammeRules.assessmentDue(awardedOn: context.today, everyMonths: $0, number: 1) }
            try await tx.sql.insert(into: "programme_titles")
                .columns("id", "application_id", "type_code", "tier", "person_id", "organization_id", "district_code", "awarded_on", "valid_until",
                         "next_assessment_on", "state", "created_at", "updated_at")
                .values(SQLBind(titleID), SQLBind(id), SQLBind(type.code), SQLBind(type.tier.rawValue), SQLBind(application.personID),
                        SQLBind(application.personID == nil ? application.organizationID : nil), SQLBind(application.districtCode),
                        SQLBind(context.today.description), SQLBind(validUntil?.description), SQLBind(nextAssessment?.description),
                        SQLBind(ProgrammeTitleState.active.rawValue), SQLBind(context.now), SQLBind(context.now))
                .run()
            log.record(context.event(.programmeTitle, titleID, .create, after: AuditValues.json([
                "application": application.number, "type": type.code, "tier": type.tier.rawValue, "awardedOn": context.today.description,
                "validUntil": validUntil?.description, "nextAssessmentOn": nextAssessment?.description])))
            try await commit(orders, title: titleID, on: tx, log: log, context)
        }
    }

    /// An instalment to pay: the funding line, its number, and the order for the ledger.
    struct Instalment: Sendable {
        let line: Int
        let number: Int
        let due: CivilDate
        let order: PaymentOrder
    }

    /// The payee of a funding line for an application: its name and its account (opened from the seal).
    static func payee(_ application: Application, line: FundingLine, _ context: ProgrammeContext) async throws -> (PaymentRules.Payee, String, String) {
        let column = line.payee == .applicant ? "applicant_account_sealed" : "employer_account_sealed"
        guard let sealed = try await context.database.sql.raw("SELECT \(ident: column) AS account FROM programme_applications WHERE id = \(bind: application.id)")
            .first()?.decode(column: "account", as: String?.self) else {
            throw RequestProblem.validation([FieldProblem(field: line.payee == .applicant ? "applicantAccount" : "employerAccount", code: "programme.account-missing",
                                                          chinese: "缺少收款银行账号", english: "The payee's bank account is missing")])
        }
        let account = try context.vault.open(sealed)
        if line.payee == .applicant, let person = application.personID {
            let name = try await context.database.sql.raw("SELECT name FROM persons WHERE id = \(bind: person)").first()?.decode(column: "name", as: String.self) ?? ""
            return (.person, name, account)
        }
        let organization = line.payee == .employer ? application.organizationID : (application.organizationID ?? nil)
        let name = try await organization.asyncMap { id in
            try await context.database.sql.raw("SELECT name FROM organizations WHERE id = \(bind: id)").first()?.decode(column: "name", as: String.self)
        } ?? nil
        return (.enterprise, name ?? "", account)
    }

    static func oneOffOrders(_ application: Application, on day: CivilDate, _ context: ProgrammeContext) async throws -> [Instalment] {
        var orders: [Instalment] = []
        for (index, line) in application.call.type.funding.enumerated() {
            if case .monthly = line.rule { continue }
            for instalment in line.rule.instalments(approvedOn: day, through: day, heads: heads(in: application.form)) {
                orders.append(try await order(application, line: line, index: index, instalment: instalment, context))
            }
        }
        return orders
    }

    static func order(_ application: Application, line: FundingLine, index: Int, instalment: FundingRule.Instalment,
                      _ context: ProgrammeContext) async throws -> Instalment {
        let (payee, name, account) = try await payee(application, line: line, context)
        let purpose = "\(application.call.type.nameZH)\(line.payee == .employer ? "单位奖励" : "资助")" + (instalment.number > 1 || {
            if case .monthly = line.rule { return true } else { return false } }() ? "（第 \(instalment.number) 期）" : "")
        return Instalment(line: index, number: instalment.number, due: instalment.due, order: PaymentOrder(
            source: LedgerSource(kind: paymentSource, id: UUID().uuidString), districtCode: application.districtCode, year: instalment.due.year,
            payee: payee, payeeName: name, payeeAccount: account, amount: instalment.amount, purpose: String(purpose.prefix(60))))
    }

    /// Commits instalments from the district's budgets inside the caller's transaction, each recorded once: the
    /// `programme_payments` row is the ledger payment's source, unique per title, line and instalment.
    static func commit(_ instalments: [Instalment], title: UUID, on tx: any Database, log: AuditLog, _ context: ProgrammeContext) async throws {
        guard !instalments.isEmpty else { return }
        let ledger = context.ledger(within: tx, log: log)
        let payments = try await LedgerService.commit(instalments.map(\.order), on: tx, log: log, ledger)
        for (instalment, payment) in zip(instalments, payments) {
            guard let rowID = UUID(uuidString: instalment.order.source.id) else { continue }
            try await tx.sql.insert(into: "programme_payments")
                .columns("id", "title_id", "line", "instalment", "due_on", "amount_fen", "ledger_payment_id", "created_at")
                .values(SQLBind(rowID), SQLBind(title), SQLBind(instalment.line), SQLBind(instalment.number), SQLBind(instalment.due.description),
                        SQLBind(instalment.order.amount.fen), SQLBind(payment), SQLBind(context.now))
                .run()
        }
    }

    /// Pays what is due on one title through `through` (each month's allowance from the month after approval, at most
    /// the type's months), and nothing twice. A title revoked, expired or ended is refused.
    static func payDue(title titleID: UUID, through: CivilDate, _ context: ProgrammeContext) async throws -> Int {
        guard context.actor == .city else { throw WorkflowRefusal.notYourStep(workflow: "programme-title", event: "pay", actor: context.actor ?? .system) }
        guard let row = try await context.database.sql.raw("""
            SELECT application_id, awarded_on, state FROM programme_titles WHERE id = \(bind: titleID)
            """).first() else { throw RequestProblem.notFound }
        guard try row.decode(column: "state", as: String.self) == ProgrammeTitleState.active.rawValue else { throw ProgrammeRefusal.titleNotActive }
        let due = try await dueInstalments(title: titleID, through: min(through, context.today), context)
        guard !due.isEmpty else { return 0 }
        let orders = due
        try await context.write { tx, log in
            // The title is read again where writers take turns: a revocation just made stops the payment.
            guard try await tx.sql.raw("SELECT state FROM programme_titles WHERE id = \(bind: titleID)").first()?
                .decode(column: "state", as: String.self) == ProgrammeTitleState.active.rawValue else { throw ProgrammeRefusal.titleNotActive }
            try await commit(orders, title: titleID, on: tx, log: log, context)
            log.record(context.event(.programmeTitle, titleID, .update, after: AuditValues.json([
                "paid": orders.map { "\($0.line)-\($0.number)" }.joined(separator: " ")])))
        }
        return orders.count
    }

    /// The day the registry records that a person left the city, if it does.
    static func leftCity(_ person: UUID?, on database: any Database) async throws -> CivilDate? {
        guard let person else { return nil }
        return try await database.sql.raw("SELECT left_city_on FROM persons WHERE id = \(bind: person)").first()?
            .decode(column: "left_city_on", as: String?.self).flatMap { try? CivilDate(parsing: $0) }
    }

    /// A title's monthly instalments due through `through` and not yet paid; none for a month that begins on or after
    /// the day the registry says the holder left the city.
    static func dueInstalments(title titleID: UUID, through: CivilDate, _ context: ProgrammeContext) async throws -> [Instalment] {
        guard let row = try await context.database.sql.raw("""
            SELECT t.application_id, t.awarded_on, p.left_city_on FROM programme_titles t LEFT JOIN persons p ON p.id = t.person_id
            WHERE t.id = \(bind: titleID)
            """).first() else {
            throw RequestProblem.notFound
        }
        let left = try row.decode(column: "left_city_on", as: String?.self).flatMap { try? CivilDate(parsing: $0) }
        // An honour recorded from elsewhere is paid nothing here.
        guard let applicationID = try row.decode(column: "application_id", as: UUID?.self) else { return [] }
        let application = try await application(applicationID, context)
        let awarded = try CivilDate(parsing: try row.decode(column: "awarded_on", as: String.self))
        let paid = Set(try await context.database.sql.raw("SELECT line, instalment FROM programme_payments WHERE title_id = \(bind: titleID)").all()
            .map { "\(try $0.decode(column: "line", as: Int.self))-\(try $0.decode(column: "instalment", as: Int.self))" })
        var due: [Instalment] = []
        for (index, line) in application.call.type.funding.enumerated() {
            guard case .monthly = line.rule else { continue }
            for instalment in line.rule.instalments(approvedOn: awarded, through: through, stoppedOn: left) where !paid.contains("\(index)-\(instalment.number)") {
                due.append(try await order(application, line: line, index: index, instalment: instalment, context))
            }
        }
        return due
    }

    /// Every active title's due allowances through `through`: the city's monthly run. Answers the instalments paid.
    static func payAllDue(through: CivilDate, _ context: ProgrammeContext) async throws -> Int {
        try await payAllDueReporting(through: through, context).paid
    }

    /// The monthly run, title by title: a title whose district has no budget left for an instalment's year is paid the
    /// months before it and named, the rest left for the next run, so one district's missing budget holds up nobody
    /// else's allowance.
    static func payAllDueReporting(through: CivilDate, _ context: ProgrammeContext) async throws -> (paid: Int, skipped: [String]) {
        let titles = try await context.database.sql.raw("""
            SELECT id, district_code FROM programme_titles WHERE state = 'active' AND application_id IS NOT NULL ORDER BY awarded_on, id
            """).all()
            .map { (try $0.decode(column: "id", as: UUID.self), try $0.decode(column: "district_code", as: String.self)) }
        var paid = 0
        var skipped: [String] = []
        var left: [String: Int64] = [:]
        for (title, district) in titles {
            let due = try await dueInstalments(title: title, through: min(through, context.today), context)
            guard !due.isEmpty else { continue }
            // Month by month, what the budget of each instalment's year holds now, less what this run took before: the
            // months up to the first one short are paid, the rest wait.
            var firstShort: CivilDate? = nil
            for instalment in due.sorted(by: { $0.due < $1.due }) {
                let key = "\(district)|\(instalment.order.year)"
                if left[key] == nil {
                    left[key] = try await context.database.sql.raw("""
                        SELECT balance_fen FROM ledger_accounts
                        WHERE code = \(bind: LedgerAccountKey.of(.districtBudget, district: district, year: instalment.order.year).code)
                        """).first()?.decode(column: "balance_fen", as: Int64.self) ?? 0
                }
                guard left[key, default: 0] >= instalment.order.amount.fen else {
                    firstShort = instalment.due
                    break
                }
                left[key, default: 0] -= instalment.order.amount.fen
            }
            if let firstShort {
                skipped.append(title.uuidString)
                paid += try await payDue(title: title, through: firstShort.adding(days: -1), context)
            } else {
                paid += try await payDue(title: title, through: through, context)
            }
        }
        return (paid, skipped)
    }

    /// A step of a title: an assessment passed (the next one set) or failed (revoked), a revocation, the holder
    /// leaving the city. Revoked and ended titles are paid nothing more.
    static func stepTitle(_ titleID: UUID, event raw: String?, reason: String?, _ context: ProgrammeContext) async throws {
        guard let event = raw.flatMap(ProgrammeTitleEvent.init(rawValue:)), event != .expire else {
            throw RequestProblem.validation([FieldProblem(field: "event", code: "programme.title-event", chinese: "没有该操作", english: "No such step")])
        }
        guard let row = try await context.database.sql.raw("""
            SELECT t.state, t.district_code, t.awarded_on, t.next_assessment_on, c.definition FROM programme_titles t
            LEFT JOIN programme_applications a ON a.id = t.application_id LEFT JOIN programme_calls c ON c.id = a.call_id WHERE t.id = \(bind: titleID)
            """).first(), let state = ProgrammeTitleState(rawValue: try row.decode(column: "state", as: String.self)),
              context.scope.admitsDistrict(try row.decode(column: "district_code", as: String.self)) else { throw RequestProblem.notFound }
        let actor = try context.requireActor("programme-title", event.rawValue)
        let next = try ProgrammeRules.titleWorkflow.apply(event, to: state, by: actor, reason: reason)
        // An honour recorded from elsewhere has no definition here, and no assessment.
        let type = try row.decode(column: "definition", as: String?.self).map(decode)
        let current = try row.decode(column: "next_assessment_on", as: String?.self)
        var nextAssessment = current
        if event == .passAssessment || event == .failAssessment {
            // An assessment when one is due: within the two months before its day, or after it.
            guard let due = current.flatMap({ try? CivilDate(parsing: $0) }), due <= context.today.adding(months: 2) else {
                throw RequestProblem.conflict(code: "programme.assessment-not-due", chinese: "该称号的定期考核尚未到期（\(current ?? "无考核")）",
                                              english: "No assessment of this title is due")
            }
            if event == .passAssessment, let every = type?.assessmentEveryMonths { nextAssessment = due.adding(months: every).description }
        }
        let assessment = nextAssessment
        let trimmed = reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        try await context.write { tx, log in
            if next != .active {
                try await endTitle(titleID, from: state, to: next, event: event, on: context.today, reason: trimmed, tx: tx, log: log, context)
                return
            }
            // From the state and the assessment day read: a repeated click passes one assessment once.
            var update = tx.sql.update("programme_titles").set("state", to: next.rawValue).set("next_assessment_on", to: assessment)
                .set("last_reason", to: trimmed).set("updated_at", to: context.now).where("id", .equal, titleID).where("state", .equal, state.rawValue)
            if let current { update = update.where("next_assessment_on", .equal, current) }
            let changed = try await update.returning("id").all()
            guard !changed.isEmpty else { throw WorkflowRefusal.notAllowed(workflow: "programme-title", event: event.rawValue, state: state.rawValue) }
            log.record(context.event(.programmeTitle, titleID, .update, before: AuditValues.json(["state": state.rawValue]),
                                     after: AuditValues.json(["state": next.rawValue, "event": event.rawValue, "reason": trimmed,
                                                              "nextAssessmentOn": assessment])))
        }
    }

    /// Ends a title on `day` inside the caller's transaction (a failed assessment, a revocation, the holder leaving
    /// the city): the state conditioned on the one read, so a repeated step ends it once, and the instalments committed
    /// and not yet paid for a month that begins on or after `day` cancelled with it. What was due before stays due: a
    /// month already begun is paid (`FundingRule.instalments`), and so is an award's one-off reward made before.
    static func endTitle(_ titleID: UUID, from state: ProgrammeTitleState, to next: ProgrammeTitleState, event: ProgrammeTitleEvent, on day: CivilDate,
                         reason: String?, tx: any Database, log: AuditLog, _ context: ProgrammeContext) async throws {
        let changed = try await tx.sql.update("programme_titles").set("state", to: next.rawValue).set("ended_on", to: day.description)
            .set("last_reason", to: reason).set("updated_at", to: context.now)
            .where("id", .equal, titleID).where("state", .equal, state.rawValue).returning("id").all()
        guard !changed.isEmpty else { throw WorkflowRefusal.notAllowed(workflow: "programme-title", event: event.rawValue, state: state.rawValue) }
        let unpaid = try await tx.sql.raw("""
            SELECT m.ledger_payment_id FROM programme_payments m JOIN ledger_payments p ON p.id = m.ledger_payment_id
            WHERE m.title_id = \(bind: titleID) AND p.state IN ('committed', 'failed') AND m.due_on >= \(bind: day.description)
            """).all().map { try $0.decode(column: "ledger_payment_id", as: UUID.self) }
        if !unpaid.isEmpty {
            // The bureau's decision on the title: the city's finance office cancels the unpaid instalments with it.
            var ledger = LedgerContext(database: context.pool, scope: .city, actor: .city, audit: context.audit, now: context.now, vault: context.vault)
            ledger.within = LedgerContext.Within(tx: tx, log: log)
            for payment in unpaid {
                try await LedgerService.cancel(payment, reason: "称号终止：\(reason ?? event.rawValue)", on: tx, log: log, ledger)
            }
        }
        log.record(context.event(.programmeTitle, titleID, .update, before: AuditValues.json(["state": state.rawValue]),
                                 after: AuditValues.json(["state": next.rawValue, "event": event.rawValue, "reason": reason, "endedOn": day.description,
                                                          "cancelled": unpaid.isEmpty ? nil : String(unpaid.count)])))
    }

    /// What a title's funding has committed or paid, less what was cancelled or clawed back, and in how many
    /// instalments: the `paid_fen` and `instalments` columns of a query over `programme_titles t` (the titles list and
    /// the record read them alike). A constant, with no input in it.
    static let fundingPaidColumns = """
        (SELECT CAST(COALESCE(SUM(m.amount_fen), 0) AS BIGINT) FROM programme_payments m JOIN ledger_payments lp ON lp.id = m.ledger_payment_id
          WHERE m.title_id = t.id AND lp.state NOT IN ('cancelled', 'clawed-back')) AS paid_fen,
        (SELECT COUNT(*) FROM programme_payments m JOIN ledger_payments lp ON lp.id = m.ledger_payment_id
          WHERE m.title_id = t.id AND lp.state NOT IN ('cancelled', 'clawed-back')) AS instalments
        """

    /// A title read on a day: an active one whose validity has passed is expired, whether or not a step recorded it.
    static func effectiveState(_ stored: String, validUntil: String?, today: CivilDate) -> String {
        guard stored == ProgrammeTitleState.active.rawValue, let until = validUntil.flatMap({ try? CivilDate(parsing: $0) }), until < today else { return stored }
        return ProgrammeTitleState.expired.rawValue
    }

    /// Titles and honours in the caller's scope (the city all, a district officer its district's, an organization
    /// those of its applications), newest first, 50 a page, with what their funding has paid.
    static func titles(page: Int, _ context: ProgrammeContext) async throws -> [ProgrammeTitleDTO] {
        let organization: UUID? = if case .organization(let id) = context.scope { id } else { nil }
        let person = context.scope.personID
        let districts: [String]? = if case .districts(let codes) = context.scope { Array(codes) } else { nil }
        switch context.scope {
        case .city, .districts, .organization, .person: break
        default: return []
        }
        return try await context.database.sql.raw("""
            SELECT t.id, t.application_id, t.type_code, t.tier, t.district_code, t.awarded_on, t.valid_until, t.next_assessment_on, t.state,
                p.name AS person_name, o.name AS organization_name,
                \(unsafeRaw: ProgrammeService.fundingPaidColumns)
            FROM programme_titles t LEFT JOIN programme_applications a ON a.id = t.application_id
            LEFT JOIN persons p ON p.id = t.person_id LEFT JOIN organizations o ON o.id = t.organization_id
            WHERE (\(bind: organization == nil) OR a.filed_by_organization_id = \(bind: organization ?? UUID()) OR t.organization_id = \(bind: organization ?? UUID()))
              AND (\(bind: person == nil) OR t.person_id = \(bind: person ?? UUID()))
              AND (\(bind: districts == nil) OR t.district_code IN (\(binds: districts ?? [""])))
            ORDER BY t.awarded_on DESC, t.id LIMIT 50 OFFSET \(bind: max(0, page - 1) * 50)
            """).all().map { row in
            ProgrammeTitleDTO(id: try row.decode(column: "id", as: UUID.self), applicationId: try row.decode(column: "application_id", as: UUID?.self),
                              typeCode: try row.decode(column: "type_code", as: String.self), tier: try row.decode(column: "tier", as: String.self),
                              districtCode: try row.decode(column: "district_code", as: String.self),
                              holderName: try row.decode(column: "person_name", as: String?.self).map(Masking.name)
                                  ?? row.decode(column: "organization_name", as: String?.self) ?? "",
                              awardedOn: try row.decode(column: "awarded_on", as: String.self), validUntil: try row.decode(column: "valid_until", as: String?.self),
                              nextAssessmentOn: try row.decode(column: "next_assessment_on", as: String?.self),
                              state: try effectiveState(try row.decode(column: "state", as: String.self), validUntil: try row.decode(column: "valid_until", as: String?.self),
                                                        today: context.today),
                              paidFen: try row.decode(column: "paid_fen", as: Int64.self), instalments: try row.decode(column: "instalments", as: Int.self))
        }
    }

    /// The city records a title or honour obtained elsewhere (a 全国技术能手, a provincial special allowance, a title the
    /// platform did not award) on a person's or an organization's record, with the document that conferred it: the
    /// eligibility rules that ask for an honour then see it. It pays nothing here.
    static func recordHonour(_ input: HonourInput, _ context: ProgrammeContext) async throws -> UUID {
        guard context.actor == .city else { throw WorkflowRefusal.notYourStep(workflow: "programme-title", event: "record", actor: context.actor ?? .system) }
        var problems: [FieldProblem] = []
        let code = input.code?.trimmingCharacters(in: .whitespaces) ?? ""
        var tier = input.tier.flatMap(ProgrammeType.Tier.init(rawValue:))
        if ProgrammeCatalogue.upstreamHonours.contains(where: { $0.code == code }) == false {
            if let type = try await type(code, on: context.database)?.type { tier = tier ?? type.tier } else {
                problems.append(FieldProblem(field: "code", code: "programme.honour-unknown", chinese: "没有该荣誉或项目类型代码", english: "No such honour or programme type"))
            }
        }
        if tier == nil { problems.append(FieldProblem(field: "tier", code: "programme.tier", chinese: "请选择级别", english: "A tier is required")) }
        let awarded = input.awardedOn.flatMap { try? CivilDate(parsing: $0) }
        if awarded.map({ $0 > context.today }) ?? true {
            problems.append(FieldProblem(field: "awardedOn", code: "programme.date", chinese: "授予日期应为今天或以前的 YYYY-MM-DD", english: "The day it was conferred, not in the future"))
        }
        let validUntil = input.validUntil.flatMap { $0.isEmpty ? nil : $0 }.map { try? CivilDate(parsing: $0) }
        if let validUntil, validUntil == nil || (awarded.map { validUntil! < $0 } ?? false) {
            problems.append(FieldProblem(field: "validUntil", code: "programme.date", chinese: "有效期至应为授予日期以后的 YYYY-MM-DD", english: "A day after the award"))
        }
        let document = (input.document ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if document.isEmpty || document.count > 200 {
            problems.append(FieldProblem(field: "document", code: "programme.document", chinese: "请填写授予文件（文号与日期，不超过 200 字）", english: "The conferring document, 1–200 characters"))
        }
        var person: UUID? = nil, organization: UUID? = nil, district: String? = nil
        if let number = input.personIdNumber?.trimmingCharacters(in: .whitespaces).uppercased(), !number.isEmpty {
            person = try await personID(number, context)
            district = try await person.asyncMap { id in
                try await context.database.sql.raw("SELECT district_code FROM persons WHERE id = \(bind: id)").first()?.decode(column: "district_code", as: String.self)
            } ?? nil
        } else if let uscc = input.organizationUscc?.trimmingCharacters(in: .whitespaces).uppercased(), !uscc.isEmpty {
            organization = try await organizationID(uscc, context)
            district = try await organization.asyncMap { id in
                try await context.database.sql.raw("SELECT district_code FROM organizations WHERE id = \(bind: id)").first()?.decode(column: "district_code", as: String?.self)
            } ?? nil
        }
        if person == nil && organization == nil {
            problems.append(FieldProblem(field: "personIdNumber", code: "programme.holder-unknown", chinese: "请填写登记库中的人员身份证号码或单位统一社会信用代码",
                                         english: "A registry person's ID number or an organization's credit code"))
        }
        guard problems.isEmpty, let tier, let awarded else { throw RequestProblem.validation(problems) }
        let id = TrainingService.newID(context)
        let (holderPerson, holderOrganization, holderDistrict) = (person, organization, district ?? "")
        let until = validUntil ?? nil
        try await context.write { tx, log in
            try await tx.sql.insert(into: "programme_titles")
                .columns("id", "type_code", "tier", "document", "person_id", "organization_id", "district_code", "awarded_on", "valid_until", "state",
                         "created_at", "updated_at")
                .values(SQLBind(id), SQLBind(code), SQLBind(tier.rawValue), SQLBind(document), SQLBind(holderPerson), SQLBind(holderOrganization),
                        SQLBind(holderDistrict), SQLBind(awarded.description), SQLBind(until?.description), SQLBind(ProgrammeTitleState.active.rawValue),
                        SQLBind(context.now), SQLBind(context.now))
                .run()
            log.record(context.event(.programmeTitle, id, .create, after: AuditValues.json([
                "recorded": code, "tier": tier.rawValue, "document": document, "awardedOn": awarded.description, "validUntil": until?.description,
                "person": holderPerson?.uuidString, "organization": holderOrganization?.uuidString])))
        }
        return id
    }
}

struct HonourInput: Content {
    var personIdNumber: String?
    var organizationUscc: String?
    /// An upstream honour's code (`national-technical-expert`, …) or a programme type's code.
    var code: String?
    var tier: String?
    var awardedOn: String?
    var validUntil: String?
    /// The document that conferred it: its number and date.
    var document: String?
}

import Fluent
import Foundation
import GongjiangCore
import SQLKit
import Vapor

/// Who acts on programmes: the same shape as training's (an organization, a district, the city), so the module uses
/// that context. A person's application is filed by their employer in this release (issue 13 allows either).
typealias ProgrammeContext = TrainingContext

extension AuditEntity {
    static let programmeType = AuditEntity("programme-type")
    static let programmeCall = AuditEntity("programme-call")
    static let programmeApplication = AuditEntity("programme-application")
}

struct CallDistrictInput: Content {
    var districtCode: String?
    var quota: Int?
    var budgetFen: Int64?
}

struct ProgrammeCallInput: Content {
    var typeCode: String?
    var year: Int?
    var title: String?
    var description: String?
    var opensOn: String?
    var closesOn: String?
    var noticeWorkingDays: Int?
    var districts: [CallDistrictInput]?
    /// For a type that pays nothing by itself (the talent subsidies, whose amounts rules.md leaves to each year's
    /// policy): what this call's awards pay.
    var funding: [FundingLineInput]?
}

/// A funding line as a form or the API sends it: read field by field, so a line that is no line is a field problem.
struct FundingLineInput: Content {
    struct Rule: Content {
        var kind: String?
        var amountFen: Int64?
        var months: Int?
        var maximumHeads: Int?
    }
    var rule: Rule?
    var payee: String?

    init(rule: Rule?, payee: String?) {
        self.rule = rule
        self.payee = payee
    }

    init(_ line: FundingLine) {
        switch line.rule {
        case .oneOff(let amount): rule = Rule(kind: "one-off", amountFen: amount.fen)
        case .monthly(let amount, let months): rule = Rule(kind: "monthly", amountFen: amount.fen, months: months)
        case .perHead(let amount, let heads): rule = Rule(kind: "per-head", amountFen: amount.fen, maximumHeads: heads)
        }
        payee = line.payee.rawValue
    }

    /// The line, or nil when a part is missing or unknown.
    var line: FundingLine? {
        guard let rule, let fen = rule.amountFen, let payee = payee.flatMap(FundingLine.Payee.init(rawValue:)) else { return nil }
        let amount = Money(fen: fen)
        switch rule.kind {
        case "one-off": return FundingLine(.oneOff(amount), to: payee)
        case "monthly": return rule.months.map { FundingLine(.monthly(amount, months: $0), to: payee) }
        case "per-head": return rule.maximumHeads.map { FundingLine(.perHead(amount, maximumHeads: $0), to: payee) }
        default: return nil
        }
    }
}

/// Programme types and calls: the city defines types (data, checked by `ProgrammeType.check`) and publishes a year's
/// call with its dates, the notice's working days, and each district's quota and budget.
enum ProgrammeService {
    /// The longest public notice a call may ask for: a month of working days.
    static let maximumNoticeWorkingDays = 22

    static func decode(_ definition: String) throws -> ProgrammeType {
        try JSONDecoder().decode(ProgrammeType.self, from: Data(definition.utf8))
    }

    static func encode(_ type: ProgrammeType) throws -> String {
        String(decoding: try JSONEncoder.sorted.encode(type), as: UTF8.self)
    }

    static func types(on database: any Database, activeOnly: Bool = false) async throws -> [(type: ProgrammeType, active: Bool)] {
        try await database.sql.raw("SELECT definition, is_active FROM programme_types ORDER BY tier, code").all().compactMap { row in
            let active = try row.decode(column: "is_active", as: Bool.self)
            guard active || !activeOnly else { return nil }
            return (try decode(try row.decode(column: "definition", as: String.self)), active)
        }
    }

    static func type(_ code: String, on database: any Database) async throws -> (type: ProgrammeType, active: Bool)? {
        guard let row = try await database.sql.raw("SELECT definition, is_active FROM programme_types WHERE code = \(bind: code)").first() else { return nil }
        return (try decode(try row.decode(column: "definition", as: String.self)), try row.decode(column: "is_active", as: Bool.self))
    }

    /// The city adds a type or changes one; calls already published keep the definition they were published with.
    static func saveType(_ type: ProgrammeType, active: Bool, _ context: ProgrammeContext) async throws {
        guard context.actor == .city else { throw WorkflowRefusal.notYourStep(workflow: "programme-type", event: "save", actor: context.actor ?? .system) }
        try type.check()
        let definition = try encode(type)
        let before = try await Self.type(type.code, on: context.database)
        try await context.write { tx, log in
            if before == nil {
                try await tx.sql.insert(into: "programme_types")
                    .columns("code", "name_zh", "name_en", "applicant_kind", "tier", "definition", "is_active", "created_at", "updated_at")
                    .values(SQLBind(type.code), SQLBind(type.nameZH), SQLBind(type.nameEN), SQLBind(type.applicantKind.rawValue), SQLBind(type.tier.rawValue),
                            SQLBind(definition), SQLBind(active), SQLBind(context.now), SQLBind(context.now))
                    .run()
            } else {
                try await tx.sql.update("programme_types").set("name_zh", to: type.nameZH).set("name_en", to: type.nameEN)
                    .set("applicant_kind", to: type.applicantKind.rawValue).set("tier", to: type.tier.rawValue).set("definition", to: definition)
                    .set("is_active", to: active).set("updated_at", to: context.now).where("code", .equal, type.code).run()
            }
            var event = context.event(.programmeType, nil, before == nil ? .create : .update,
                                      before: try before.map { try encode($0.type) }, after: definition)
            event.entityID = type.code
            log.record(event)
        }
    }

    /// A call as the city drafts it: an active type, dates in order within the year, a notice of 1 to 22 working days,
    /// and a quota and budget for each district that takes part (at least one). Refused whole with every problem.
    static func createCall(_ input: ProgrammeCallInput, _ context: ProgrammeContext) async throws -> UUID {
        guard context.actor == .city else { throw WorkflowRefusal.notYourStep(workflow: "programme-call", event: "create", actor: context.actor ?? .system) }
        var problems: [FieldProblem] = []
        let found = try await input.typeCode.asyncMap { try await type($0, on: context.database) } ?? nil
        if found == nil || found?.active == false {
            problems.append(FieldProblem(field: "typeCode", code: "programme.type-unknown", chinese: "没有该项目类型，或已停用", english: "No such active programme type"))
        }
        let year = input.year.flatMap { (2000...2100).contains($0) ? $0 : nil }
        if year == nil { problems.append(FieldProblem(field: "year", code: "programme.year", chinese: "年度应为 2000–2100", english: "The year is 2000–2100")) }
        let title = input.title?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if title.isEmpty || title.count > 100 {
            problems.append(FieldProblem(field: "title", code: "programme.call-title", chinese: "标题不能为空，且不超过 100 字", english: "A title of 1–100 characters"))
        }
        let description = input.description?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if description.count > 5000 {
            problems.append(FieldProblem(field: "description", code: "programme.call-description", chinese: "说明不超过 5000 字", english: "At most 5,000 characters"))
        }
        let opens = input.opensOn.flatMap { try? CivilDate(parsing: $0) }
        let closes = input.closesOn.flatMap { try? CivilDate(parsing: $0) }
        if opens == nil { problems.append(FieldProblem(field: "opensOn", code: "programme.date", chinese: "开始日期应为 YYYY-MM-DD", english: "A date YYYY-MM-DD")) }
        if closes == nil { problems.append(FieldProblem(field: "closesOn", code: "programme.date", chinese: "截止日期应为 YYYY-MM-DD", english: "A date YYYY-MM-DD")) }
        if let opens, let closes, opens > closes {
            problems.append(FieldProblem(field: "closesOn", code: "programme.dates-order", chinese: "截止日期不能早于开始日期", english: "The call closes on or after it opens"))
        }
        if let closes, closes < context.today {
            problems.append(FieldProblem(field: "closesOn", code: "programme.closes-past", chinese: "截止日期已过", english: "The closing day has passed"))
        }
        let noticeDays = input.noticeWorkingDays.flatMap { (1...maximumNoticeWorkingDays).contains($0) ? $0 : nil }
        if noticeDays == nil {
            problems.append(FieldProblem(field: "noticeWorkingDays", code: "programme.notice-days", chinese: "公示期应为 1–\(maximumNoticeWorkingDays) 个工作日",
                                         english: "The notice runs 1–\(maximumNoticeWorkingDays) working days"))
        }
        let known = Set(try await District.query(on: context.database).filter(\.$kind != "prefecture").all().compactMap(\.id))
        var districts: [(code: String, quota: Int, budget: Int64)] = []
        for (index, entry) in (input.districts ?? []).enumerated() {
            guard let code = entry.districtCode, known.contains(code), !districts.contains(where: { $0.code == code }),
                  let quota = entry.quota, (1...10_000).contains(quota), let budget = entry.budgetFen, (0...LedgerService.maximumFen).contains(budget) else {
                problems.append(FieldProblem(field: "districts[\(index)]", code: "programme.call-district",
                                             chinese: "第 \(index + 1) 个区县：区县代码应有效且不重复，名额 1–10000，预算（分）不为负",
                                             english: "District \(index + 1): a known district once, a quota of 1–10,000, a budget in fen not below zero"))
                continue
            }
            districts.append((code, quota, budget))
        }
        if districts.isEmpty && input.districts?.isEmpty != false {
            problems.append(FieldProblem(field: "districts", code: "programme.call-districts", chinese: "至少为一个区县分配名额",
                                         english: "Give at least one district a quota"))
        }
        var published = found?.type
        if let inputs = input.funding, !inputs.isEmpty, let type = published {
            let funding = inputs.compactMap(\.line)
            if !type.funding.isEmpty {
                problems.append(FieldProblem(field: "funding", code: "programme.funding-set", chinese: "该项目类型已规定资助方式，通知不能另定",
                                             english: "The type sets its own funding"))
            } else if funding.count != inputs.count || funding.count > 5 || funding.contains(where: { (try? $0.rule.check()) == nil }) {
                problems.append(FieldProblem(field: "funding", code: ProgrammeRefusal.fundingOutOfRange.code, chinese: ProgrammeRefusal.fundingOutOfRange.chinese,
                                             english: ProgrammeRefusal.fundingOutOfRange.english))
            } else {
                published?.funding = funding
            }
        }
        guard problems.isEmpty, let found, let published, let year, let opens, let closes, let noticeDays else { throw RequestProblem.validation(problems) }
        let definition = try encode(published)
        let id = TrainingService.newID(context)
        let parts = districts
        try await context.write { tx, log in
            let number = try await NumberSerials.next("PC-\(year)", width: 3, on: tx)
            try await tx.sql.insert(into: "programme_calls")
                .columns("id", "number", "type_code", "year", "title", "description", "definition", "opens_on", "closes_on", "notice_working_days",
                         "state", "created_at", "updated_at")
                .values(SQLBind(id), SQLBind(number), SQLBind(found.type.code), SQLBind(year), SQLBind(title), SQLBind(description), SQLBind(definition),
                        SQLBind(opens.description), SQLBind(closes.description), SQLBind(noticeDays), SQLBind(CallState.draft.rawValue),
                        SQLBind(context.now), SQLBind(context.now))
                .run()
            for district in parts {
                try await tx.sql.insert(into: "programme_call_districts").columns("id", "call_id", "district_code", "quota", "budget_fen")
                    .values(SQLBind(UUID()), SQLBind(id), SQLBind(district.code), SQLBind(district.quota), SQLBind(district.budget)).run()
            }
            log.record(context.event(.programmeCall, id, .create, after: AuditValues.json([
                "number": number, "type": found.type.code, "funding": published.funding.map(\.rule.chinese).joined(separator: "；"), "year": String(year), "opensOn": opens.description, "closesOn": closes.description,
                "noticeWorkingDays": String(noticeDays),
                "districts": parts.map { "\($0.code):\($0.quota):\($0.budget)" }.joined(separator: " ")])))
        }
        return id
    }

    enum CallState: String, Sendable, CaseIterable {
        case draft, published, withdrawn
    }

    /// The city publishes a drafted call on the public page, or withdraws it (with a reason) while no application
    /// has been submitted to it.
    static func stepCall(_ id: UUID, event: String, reason: String?, _ context: ProgrammeContext) async throws {
        guard context.actor == .city else { throw WorkflowRefusal.notYourStep(workflow: "programme-call", event: event, actor: context.actor ?? .system) }
        guard let call = try await call(id, on: context.database) else { throw RequestProblem.notFound }
        let next: CallState
        switch (call.state, event) {
        case (.draft, "publish"): next = .published
        case (.draft, "withdraw"), (.published, "withdraw"):
            guard let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines), !reason.isEmpty else {
                throw WorkflowRefusal.reasonRequired(workflow: "programme-call", event: event)
            }
            next = .withdrawn
        default: throw WorkflowRefusal.notAllowed(workflow: "programme-call", event: event, state: call.state.rawValue)
        }
        try await context.write { tx, log in
            if next == .withdrawn, try await tx.sql.raw("""
                SELECT 1 AS n FROM programme_applications WHERE call_id = \(bind: id) AND state NOT IN ('draft', 'withdrawn') LIMIT 1
                """).first() != nil {
                throw RequestProblem.conflict(code: "programme.call-has-applications", chinese: "已有提交的申报，不能撤回通知",
                                              english: "Applications have been submitted to the call")
            }
            try await tx.sql.update("programme_calls").set("state", to: next.rawValue).set("updated_at", to: context.now)
                .where("id", .equal, id).where("state", .equal, call.state.rawValue).run()
            log.record(context.event(.programmeCall, id, .update, before: AuditValues.json(["state": call.state.rawValue]),
                                     after: AuditValues.json(["state": next.rawValue, "reason": reason])))
        }
    }

    struct Call: Sendable {
        let id: UUID
        let number: String
        let type: ProgrammeType
        let year: Int
        let title: String
        let description: String
        let opensOn: CivilDate
        let closesOn: CivilDate
        let noticeWorkingDays: Int
        let state: CallState
        let districts: [(code: String, quota: Int, budget: Money)]
    }

    static func call(_ id: UUID, on database: any Database) async throws -> Call? {
        guard let row = try await database.sql.raw("""
            SELECT id, number, definition, year, title, description, opens_on, closes_on, notice_working_days, state FROM programme_calls WHERE id = \(bind: id)
            """).first() else { return nil }
        let districts = try await database.sql.raw("""
            SELECT district_code, quota, budget_fen FROM programme_call_districts WHERE call_id = \(bind: id) ORDER BY district_code
            """).all().map { (try $0.decode(column: "district_code", as: String.self), try $0.decode(column: "quota", as: Int.self),
                              Money(fen: try $0.decode(column: "budget_fen", as: Int64.self))) }
        return Call(id: id, number: try row.decode(column: "number", as: String.self), type: try decode(try row.decode(column: "definition", as: String.self)),
                    year: try row.decode(column: "year", as: Int.self), title: try row.decode(column: "title", as: String.self),
                    description: try row.decode(column: "description", as: String.self),
                    opensOn: try CivilDate(parsing: try row.decode(column: "opens_on", as: String.self)),
                    closesOn: try CivilDate(parsing: try row.decode(column: "closes_on", as: String.self)),
                    noticeWorkingDays: try row.decode(column: "notice_working_days", as: Int.self),
                    state: CallState(rawValue: try row.decode(column: "state", as: String.self)) ?? .draft, districts: districts)
    }

    /// Calls, newest first: the public sees published ones only.
    static func calls(on database: any Database, publishedOnly: Bool, year: Int? = nil) async throws -> [Call] {
        let ids = try await database.sql.raw("""
            SELECT id FROM programme_calls WHERE (\(bind: !publishedOnly) OR state = 'published') AND (\(bind: year == nil) OR year = \(bind: year ?? 0))
            ORDER BY opens_on DESC, number DESC LIMIT 200
            """).all().map { try $0.decode(column: "id", as: UUID.self) }
        var calls: [Call] = []
        for id in ids { if let call = try await call(id, on: database) { calls.append(call) } }
        return calls
    }
}

import Fluent
import Foundation
import GongjiangCore
import Vapor

/// A new version of an occupation's application conditions for one level.
struct ConditionsInput: Content {
    var level: String?
    var effectiveFrom: String?
    var routes: [String]?
}

/// A new version of the certification policy.
struct PolicyInput: Content {
    var effectiveFrom: String?
    var planLeadDays: Int?
    var noticeWorkingDays: Int?
    var filingValidityYears: Int?
}

struct ConditionsDTO: Content {
    struct LevelDTO: Content {
        let level: String
        let levelName: String
        /// `occupation` when the occupation has its own conditions in force, `template` for the national template.
        let source: String
        let effectiveFrom: String
        let routes: [String]
    }
    let occupationCode: String
    let levels: [LevelDTO]
}

/// The policy travels as it is: its dates encode as `YYYY-MM-DD`.
extension CertificationPolicy: Content {}

extension CertificationService {
    /// The application conditions in force for an occupation and level on `day`: the occupation's own latest version
    /// whose date has come, else the national template (or, above 一级, the enterprises' default).
    static func conditions(occupationCode: String, level: SkillLevel, on day: CivilDate, database: any Database) async throws
        -> (conditions: ApplicationConditions, own: Bool)
    {
        let rows = try await ApplicationConditionRow.query(on: database).filter(\.$occupationCode == occupationCode)
            .filter(\.$levelRank == level.rawValue).all()
        let versions = rows.compactMap { row in
            (try? CivilDate(parsing: row.effectiveFrom)).map { (effectiveFrom: $0, routes: row.routes) }
        }
        if let routes = ApplicationConditions.routes(in: versions, on: day), let from = versions.map(\.effectiveFrom).filter({ $0 <= day }).max() {
            return (ApplicationConditions(routes: [level: routes], effectiveFrom: from), true)
        }
        return (level > .level1 ? CertificateIssue.enterpriseTopRungDefault : .nationalTemplate, false)
    }

    /// What the conditions say for every level of an occupation today.
    static func conditionsView(occupationCode: String, on day: CivilDate, database: any Database) async throws -> ConditionsDTO {
        var levels: [ConditionsDTO.LevelDTO] = []
        for level in SkillLevel.certifiable {
            let (conditions, own) = try await conditions(occupationCode: occupationCode, level: level, on: day, database: database)
            levels.append(.init(level: level.code, levelName: level.chineseName, source: own ? "occupation" : "template",
                                effectiveFrom: conditions.effectiveFrom.description, routes: (conditions.routes[level] ?? []).map(\.code)))
        }
        return ConditionsDTO(occupationCode: occupationCode, levels: levels)
    }

    /// Sets an occupation's conditions for one level from a day on: the city's step. A day before today is refused,
    /// since candidates already registered were judged by the conditions then in force.
    static func setConditions(_ input: ConditionsInput, occupationCode: String, _ context: CertificationContext) async throws {
        guard context.actor == .city else {
            throw WorkflowRefusal.notYourStep(workflow: "conditions", event: "set", actor: context.actor ?? .system)
        }
        guard try await Occupation.find(occupationCode, on: context.database) != nil else { throw RequestProblem.notFound }
        var problems: [FieldProblem] = []
        let level = input.level.flatMap(SkillLevel.init(code:))
        if level == nil { problems.append(unknownLevel("level", input.level ?? "")) }
        let from = date(input.effectiveFrom, field: "effectiveFrom", label: "生效日期", problems: &problems)
        if let from, from < context.today { problems.append(notBeforeToday) }
        var routes: [ApplicationConditions.Route] = []
        for (index, code) in (input.routes ?? []).prefix(10).enumerated() {
            if let route = ApplicationConditions.Route(code: code) { routes.append(route) } else {
                problems.append(FieldProblem(field: "routes[\(index)]", code: "conditions.route",
                                             chinese: "申报条件“\(code)”无法识别", english: "Unknown route “\(code)”"))
            }
        }
        if routes.isEmpty, problems.isEmpty {
            problems.append(FieldProblem(field: "routes", code: "conditions.empty", chinese: "至少一条申报条件",
                                         english: "At least one route"))
        }
        guard problems.isEmpty, let level, let from else { throw RequestProblem.validation(problems) }
        let row = ApplicationConditionRow()
        row.id = newID(context)
        row.occupationCode = occupationCode
        row.levelRank = level.rawValue
        row.effectiveFrom = from.description
        row.routesText = routes.map(\.code).joined(separator: ",")
        if try await ApplicationConditionRow.query(on: context.database).filter(\.$occupationCode == occupationCode)
            .filter(\.$levelRank == level.rawValue).filter(\.$effectiveFrom == row.effectiveFrom).count() > 0 {
            throw RequestProblem.conflict(code: "conditions.exists", chinese: "该职业等级在这一天已有申报条件版本。",
                                          english: "This occupation and level already have conditions from that day.")
        }
        try await AuditTrail.transaction(on: context.database) { tx, log in
            try await row.create(on: tx)
            log.record(context.event(.certificationPolicy, row.id, .create,
                                     after: AuditValues.json(["occupationCode": occupationCode, "level": level.code,
                                                              "effectiveFrom": row.effectiveFrom, "routes": row.routesText])))
        }
    }

    static let notBeforeToday = FieldProblem(field: "effectiveFrom", code: "policy.effective-in-past",
                                             chinese: "生效日期不能早于今天：已办理的事项按当时的规则判断",
                                             english: "The effective day cannot be before today: what is done was judged by the rules then")

    /// A new dated version of the certification policy: the city's step.
    static func setPolicy(_ input: PolicyInput, _ context: CertificationContext) async throws -> CertificationPolicy {
        guard context.actor == .city else {
            throw WorkflowRefusal.notYourStep(workflow: "policy", event: "set", actor: context.actor ?? .system)
        }
        var problems: [FieldProblem] = []
        let from = date(input.effectiveFrom, field: "effectiveFrom", label: "生效日期", problems: &problems)
        if let from, from < context.today { problems.append(notBeforeToday) }
        func bounded(_ value: Int?, _ field: String, _ label: String, _ range: ClosedRange<Int>) -> Int? {
            guard let value else { problems.append(PersonRules.required(field, label)); return nil }
            guard range.contains(value) else {
                problems.append(FieldProblem(field: field, code: "policy.out-of-range", chinese: "\(label)应为 \(range.lowerBound)–\(range.upperBound)",
                                             english: "\(field) must be \(range.lowerBound)–\(range.upperBound)"))
                return nil
            }
            return value
        }
        // Bounds: a plan filed up to three months ahead; a notice of one to thirty working days; a filing valid 1–10 years.
        let lead = bounded(input.planLeadDays, "planLeadDays", "计划提前报备天数", 0...90)
        let notice = bounded(input.noticeWorkingDays, "noticeWorkingDays", "公示工作日数", 1...30)
        let validity = bounded(input.filingValidityYears, "filingValidityYears", "备案有效年限", 1...10)
        guard problems.isEmpty, let from, let lead, let notice, let validity else { throw RequestProblem.validation(problems) }
        let current = try await CertificationQueries.policy(on: context.database, day: context.today)
        let policy = CertificationPolicy(effectiveFrom: from, planLeadDays: lead, noticeWorkingDays: notice, filingValidityYears: validity,
                                         provinceCode: current.provinceCode, cityCode: current.cityCode)
        if try await CertificationPolicySetting.query(on: context.database).filter(\.$effectiveFrom == from.description).count() > 0 {
            throw RequestProblem.conflict(code: "policy.exists", chinese: "这一天已有一个政策版本。", english: "A policy version starts on that day already.")
        }
        let row = CertificationPolicySetting(policy)
        row.id = newID(context)
        try await AuditTrail.transaction(on: context.database) { tx, log in
            try await row.create(on: tx)
            log.record(context.event(.certificationPolicy, row.id, .create,
                                     after: AuditValues.json(["effectiveFrom": row.effectiveFrom, "planLeadDays": String(lead),
                                                              "noticeWorkingDays": String(notice), "filingValidityYears": String(validity)])))
        }
        return policy
    }
}

import Fluent
import Foundation
import GongjiangCore
import SQLKit

/// Reads of apprenticeship records, each limited to the caller's scope: an enterprise or school its own plans, a
/// district officer their districts', the city all.
struct ApprenticeshipQueries {
    let database: any Database
    let scope: Scope

    private static let planColumns = """
        p.*, e.name AS enterprise_name, s.name AS school_name,
        (SELECT COUNT(*) FROM apprentices a WHERE a.plan_id = p.id AND a.state = 'active') AS active_count,
        (SELECT COUNT(*) FROM apprentices a WHERE a.plan_id = p.id AND a.state = 'completed') AS completed_count,
        (SELECT COUNT(*) FROM apprentices a WHERE a.plan_id = p.id AND a.state = 'exited') AS exited_count,
        (SELECT y.state FROM ledger_payments y WHERE y.id = p.advance_payment_id) AS advance_state,
        (SELECT y.state FROM ledger_payments y WHERE y.id = p.settlement_payment_id) AS settlement_state
        """

    /// Plans by state and text (the plan's number or the enterprise's name), newest first, a page at a time.
    func plans(state: ApprenticeshipPlanState?, text: String?, before: UUID?, limit: Int) async throws -> [ApprenticeshipPlanDTO] {
        var sql = SQLQueryString("SELECT \(unsafeRaw: Self.planColumns) FROM apprenticeship_plans p JOIN organizations e ON e.id = p.enterprise_id ")
        sql += "JOIN organizations s ON s.id = p.school_id WHERE 1 = 1"
        switch scope {
        case .city: break
        case .districts(let codes):
            guard !codes.isEmpty else { return [] }
            sql += " AND p.district_code IN (" + codes.sorted().map { "\(bind: $0)" as SQLQueryString }.joined(separator: ", ") + ")"
        case .organization(let id): sql += " AND (p.enterprise_id = \(bind: id) OR p.school_id = \(bind: id))"
        case .assignments, .person, .nothing: return []
        }
        if let state { sql += " AND p.state = \(bind: state.rawValue)" }
        if let text = text?.trimmingCharacters(in: .whitespaces).nilIfEmpty {
            let pattern = "%" + text.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "") + "%"
            sql += " AND (p.number LIKE \(bind: pattern) OR e.name LIKE \(bind: pattern))"
        }
        if let before { sql += " AND p.id < \(bind: before)" }
        sql += " ORDER BY p.id DESC LIMIT \(unsafeRaw: String(limit))"
        return try await database.sql.raw(sql).all().map { try ApprenticeshipPlanDTO($0) }
    }

    /// One plan, already checked visible by the service.
    func plan(_ id: UUID) async throws -> ApprenticeshipPlanDTO {
        guard let row = try await database.sql.raw("""
            SELECT \(unsafeRaw: Self.planColumns) FROM apprenticeship_plans p JOIN organizations e ON e.id = p.enterprise_id
            JOIN organizations s ON s.id = p.school_id WHERE p.id = \(bind: id)
            """).first() else { throw RequestProblem.notFound }
        return try ApprenticeshipPlanDTO(row)
    }

    /// A plan's apprentices, names masked; each still in training has its wage compared with the floors in force up to
    /// the plan's end.
    func apprentices(of plan: ApprenticeshipService.Plan, today: CivilDate) async throws -> [ApprenticeDTO] {
        let floors = try await ApprenticeshipService.minimumWages(on: database)
        let tier = try await ApprenticeshipService.district(plan.districtCode, on: database)
        return try await database.sql.raw("""
            SELECT a.*, p.name AS name, m.name AS mentor_name FROM apprentices a JOIN persons p ON p.id = a.person_id
            JOIN persons m ON m.id = a.mentor_person_id WHERE a.plan_id = \(bind: plan.id) ORDER BY a.id
            """).all().map { row in
                var item = ApprenticeDTO(
                    id: try row.decode(column: "id", as: UUID.self), planId: plan.id, nameMasked: Masking.name(try row.decode(column: "name", as: String.self)),
                    mentorNameMasked: Masking.name(try row.decode(column: "mentor_name", as: String.self)),
                    teacherName: try row.decode(column: "teacher_name", as: String.self), hireKind: try row.decode(column: "hire_kind", as: String.self),
                    contractStart: try row.decode(column: "contract_start", as: String.self), contractEnd: try row.decode(column: "contract_end", as: String?.self),
                    monthlyWageFen: try row.decode(column: "monthly_wage_fen", as: Int64.self), trainingFeeFen: try row.decode(column: "training_fee_fen", as: Int64.self),
                    mentorAllowanceFen: try row.decode(column: "mentor_allowance_fen", as: Int64.self), state: try row.decode(column: "state", as: String.self),
                    startedOn: try row.decode(column: "started_on", as: String.self), completedOn: try row.decode(column: "completed_on", as: String?.self),
                    exitedOn: try row.decode(column: "exited_on", as: String?.self), exitReason: try row.decode(column: "exit_reason", as: String?.self))
                if item.state == ApprenticeState.active.rawValue, let tier,
                   let floor = ApprenticeshipRules.floorAbove(Money(fen: item.monthlyWageFen), tier: tier.tier,
                                                             from: try CivilDate(parsing: item.startedOn), through: plan.endsOn, table: floors) {
                    item.wageWarning = "\(floor.effectiveFrom) 起\(tier.name)最低工资 \(floor.monthly.yuanText) 元，高于现约定月工资 \(Money(fen: item.monthlyWageFen).yuanText) 元，请变更协议"
                }
                return item
            }
    }

    func assessments(of apprentice: UUID) async throws -> [AssessmentDTO] {
        try await database.sql.raw("SELECT * FROM apprenticeship_assessments WHERE apprentice_id = \(bind: apprentice) ORDER BY assessed_on, id").all().map { row in
            AssessmentDTO(id: try row.decode(column: "id", as: UUID.self), stage: try row.decode(column: "stage", as: String.self),
                          assessedOn: try row.decode(column: "assessed_on", as: String.self), result: try row.decode(column: "result", as: String.self),
                          note: try row.decode(column: "note", as: String?.self))
        }
    }

    func changes(of apprentice: UUID) async throws -> [ApprenticeChangeDTO] {
        try await database.sql.raw("SELECT * FROM apprentice_changes WHERE apprentice_id = \(bind: apprentice) ORDER BY effective_on, id").all().map { row in
            ApprenticeChangeDTO(effectiveOn: try row.decode(column: "effective_on", as: String.self), before: try row.decode(column: "before", as: String.self),
                                after: try row.decode(column: "after", as: String.self), reason: try row.decode(column: "reason", as: String?.self))
        }
    }

    /// 学徒人次: apprentices who started in `year` in the scope's districts (nil: the whole city).
    static func personTimes(year: Int, districts: Set<String>?, on database: any Database) async throws -> Int {
        var sql: SQLQueryString = """
            SELECT COUNT(*) AS n FROM apprentices a JOIN apprenticeship_plans p ON p.id = a.plan_id
            WHERE a.started_on >= \(bind: "\(year)-01-01") AND a.started_on <= \(bind: "\(year)-12-31")
            """
        if let districts {
            guard !districts.isEmpty else { return 0 }
            sql += " AND p.district_code IN (" + districts.sorted().map { "\(bind: $0)" as SQLQueryString }.joined(separator: ", ") + ")"
        }
        return try await database.sql.raw(sql).first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// The year's target: the city's figure, or the sum of the districts' parts for a district scope; nil when none
    /// is set.
    static func target(year: Int, districts: Set<String>?, on database: any Database) async throws -> Int? {
        let rows = try await database.sql.raw("SELECT district_code, target FROM apprenticeship_targets WHERE year = \(bind: year)").all()
        let parts = try rows.map { (try $0.decode(column: "district_code", as: String?.self), try $0.decode(column: "target", as: Int.self)) }
        guard let districts else { return parts.first { $0.0 == nil }?.1 }
        let mine = parts.filter { $0.0.map(districts.contains) ?? false }
        return mine.isEmpty ? nil : mine.map(\.1).reduce(0, +)
    }

    /// The districts a target is split among: the city's districts, counties and county-level cities, not the
    /// prefecture itself.
    static func districtCodes(on database: any Database) async throws -> [String] {
        try await database.sql.raw("SELECT code FROM districts WHERE kind <> 'prefecture' ORDER BY code").all().map { try $0.decode(column: "code", as: String.self) }
    }

    static func targets(year: Int, on database: any Database) async throws -> TargetDTO {
        let rows = try await database.sql.raw("SELECT district_code, target FROM apprenticeship_targets WHERE year = \(bind: year)").all()
        var city: Int?
        var districts: [String: Int] = [:]
        for row in rows {
            let target = try row.decode(column: "target", as: Int.self)
            if let code = try row.decode(column: "district_code", as: String?.self) { districts[code] = target } else { city = target }
        }
        return TargetDTO(year: year, city: city, districts: districts)
    }
}

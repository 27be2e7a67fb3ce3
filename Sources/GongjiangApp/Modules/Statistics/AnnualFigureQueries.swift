import Fluent
import Foundation
import GongjiangCore
import SQLKit

/// The annual figures from the kept aggregates (`stat_counts`), the ledger's account balances and the apprenticeship's
/// records: each a read of a few rows per district, whatever the size of the registry.
enum AnnualFigureQueries {
    /// The figures for `scope`: the city's whole, or a district officer's districts.
    static func compute(year: Int, scope: Scope, on database: any Database) async throws -> AnnualFiguresDTO {
        let districts: Set<String>?
        switch scope {
        case .city: districts = nil
        case .districts(let codes): districts = codes
        case .organization, .assignments, .person, .nothing: throw RequestProblem.notFound
        }
        return try await compute(year: year, districts: districts, on: database)
    }

    static func compute(year: Int, districts: Set<String>?, on database: any Database) async throws -> AnnualFiguresDTO {
        try await SkillAggregates.refresh(on: database)
        let sql = database.sql
        let within = filter(districts, column: "district_code")
        var firsts: [Int: Int64] = [:]
        for row in try await sql.raw("""
            SELECT year, CAST(SUM(n) AS BIGINT) AS n FROM stat_counts WHERE metric = \(bind: SkillAggregates.Metric.highFirst) AND year <= \(bind: year)\(within)
            GROUP BY year
            """).all() {
            firsts[try row.decode(column: "year", as: Int.self)] = try row.decode(column: "n", as: Int64.self)
        }
        let total = firsts.values.reduce(0, +)
        let technicians = try await count(SkillAggregates.Metric.technician, year: year, within, on: database)
        let trainingPaid = try await count(SkillAggregates.Metric.trainingPaid, year: year, within, on: database)
        let paid = try await sql.raw("""
            SELECT CAST(COALESCE(SUM(balance_fen), 0) AS BIGINT) AS n FROM ledger_accounts WHERE kind = \(bind: LedgerAccountKind.paid.rawValue)
            AND year = \(bind: year)\(within)
            """).first()?.decode(column: "n", as: Int64.self) ?? 0
        let labour = try await LabourForce.total(year: year, districts: districts, on: database)
        var figures = AnnualFiguresDTO(
            year: year, scope: districts.map { $0.sorted().joined(separator: ",") } ?? "city",
            subsidisedTrainingPersonTimes: trainingPaid, subsidyPaidFen: paid, newHighSkilled: firsts[year] ?? 0,
            newTechniciansAndSeniorTechnicians: technicians, highSkilledTotal: total,
            highSkilledPer10kWorkers: labour.flatMap { AnnualFigureRules.perTenThousand(total: total, workers: $0) }, labourForce: labour,
            apprenticeshipPersonTimes: try await ApprenticeshipQueries.personTimes(year: year, districts: districts, on: database),
            apprenticeshipTarget: try await ApprenticeshipQueries.target(year: year, districts: districts, on: database))
        figures.programmeAwards = try await programmeAwards(year: year, within: filter(districts, column: "district_code"), on: database)
        return figures
    }

    /// Titles put on records in the year by type and tier, and the year's calls' recommendations still upstream.
    static func programmeAwards(year: Int, within: SQLQueryString, on database: any Database) async throws -> [ProgrammeAwardCount] {
        var counts: [String: (awarded: Int, pending: Int)] = [:]
        var tiers: [String: String] = [:]
        for row in try await database.sql.raw("""
            SELECT type_code, MAX(tier) AS tier, COUNT(*) AS n FROM programme_titles WHERE awarded_on >= \(bind: "\(year)-01-01") AND awarded_on <= \(bind: "\(year)-12-31")\(within)
            GROUP BY type_code
            """).all() {
            counts[try row.decode(column: "type_code", as: String.self), default: (0, 0)].awarded = try row.decode(column: "n", as: Int.self)
            tiers[try row.decode(column: "type_code", as: String.self)] = try row.decode(column: "tier", as: String.self)
        }
        for row in try await database.sql.raw("""
            SELECT c.type_code, COUNT(*) AS n FROM programme_applications a JOIN programme_calls c ON c.id = a.call_id
            WHERE a.state = 'recommended' AND c.year = \(bind: year)\(within)
            GROUP BY c.type_code
            """).all() {
            counts[try row.decode(column: "type_code", as: String.self), default: (0, 0)].pending = try row.decode(column: "n", as: Int.self)
        }
        var awards: [ProgrammeAwardCount] = []
        for (code, count) in counts {
            let type = try await ProgrammeService.type(code, on: database)?.type
            awards.append(ProgrammeAwardCount(typeCode: code, name: type?.nameZH ?? ProgrammeHonours.chineseName(code), tier: type?.tier.rawValue ?? tiers[code] ?? "",
                                              awarded: count.awarded,
                                              recommendedPending: count.pending))
        }
        // Highest tier first, then by name: the order the bureau's reply lists them.
        let order = ProgrammeType.Tier.allCases.reversed().map(\.rawValue)
        return awards.sorted { ((order.firstIndex(of: $0.tier) ?? 9), $0.typeCode) < ((order.firstIndex(of: $1.tier) ?? 9), $1.typeCode) }
    }

    static func count(_ metric: String, year: Int, _ within: SQLQueryString, on database: any Database) async throws -> Int64 {
        try await database.sql.raw("""
            SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) AS n FROM stat_counts WHERE metric = \(bind: metric) AND year = \(bind: year)\(within)
            """).first()?.decode(column: "n", as: Int64.self) ?? 0
    }

    /// " AND column IN (…)" for a district scope; nothing for the city.
    static func filter(_ districts: Set<String>?, column: String) -> SQLQueryString {
        guard let districts else { return "" }
        guard !districts.isEmpty else { return " AND 1 = 0" }
        return " AND \(unsafeRaw: column) IN (" + districts.sorted().map { "\(bind: $0)" as SQLQueryString }.joined(separator: ", ") + ")"
    }
}

/// 从业人员: workers per district and year, the denominators of the per-10,000 figures.
enum LabourForce {
    static func figures(year: Int, on database: any Database) async throws -> [String: Int64] {
        var figures: [String: Int64] = [:]
        for row in try await database.sql.raw("SELECT district_code, workers FROM labour_force WHERE year = \(bind: year)").all() {
            figures[try row.decode(column: "district_code", as: String.self)] = try row.decode(column: "workers", as: Int64.self)
        }
        return figures
    }

    /// The scope's workers, when every district of it has a figure for the year.
    static func total(year: Int, districts: Set<String>?, on database: any Database) async throws -> Int64? {
        let figures = try await figures(year: year, on: database)
        var wanted = districts ?? []
        if districts == nil { wanted = Set(try await ApprenticeshipQueries.districtCodes(on: database)) }
        guard !wanted.isEmpty, wanted.allSatisfy({ figures[$0] != nil }) else { return nil }
        return wanted.reduce(0) { $0 + (figures[$1] ?? 0) }
    }

    /// The city enters the year's workers for the districts it names; the others keep theirs. Audited with both.
    static func set(year: Int, _ districts: [String: Int64], source: String, _ context: TrainingContext) async throws {
        guard context.actor == .city else { throw WorkflowRefusal.notYourStep(workflow: "labour-force", event: "set", actor: context.actor ?? .system) }
        guard StatisticsAPI.years.contains(year) else { throw RequestProblem.badParameter("year") }
        let known = Set(try await ApprenticeshipQueries.districtCodes(on: context.database))
        var problems: [FieldProblem] = []
        if districts.isEmpty { problems.append(PersonRules.required("districts", "各区县从业人员数")) }
        for (code, workers) in districts.sorted(by: { $0.key < $1.key }) {
            if !known.contains(code) {
                problems.append(FieldProblem(field: "districts.\(code.prefix(12))", code: "district.unknown", chinese: "未知的区县代码 \(code.prefix(12))",
                                             english: "Unknown district code \(code.prefix(12))"))
            } else if !(1...100_000_000).contains(workers) {
                problems.append(FieldProblem(field: "districts.\(code)", code: "labour-force.range", chinese: "从业人员数应为 1–1 亿",
                                             english: "Workers are 1–100,000,000"))
            }
        }
        guard problems.isEmpty else { throw RequestProblem.validation(problems) }
        let before = try await figures(year: year, on: context.database)
        try await context.write { tx, log in
            for (code, workers) in districts.sorted(by: { $0.key < $1.key }) {
                try await tx.sql.raw("""
                    INSERT INTO labour_force (id, district_code, year, workers, source, updated_at)
                    VALUES (\(bind: UUID.timeOrdered(now: context.now)), \(bind: code), \(bind: year), \(bind: workers), \(bind: source), \(bind: context.now))
                    ON CONFLICT (district_code, year) DO UPDATE SET workers = excluded.workers, source = excluded.source, updated_at = excluded.updated_at
                    """).run()
            }
            log.record(context.event(.labourForce, nil, .update,
                                     before: AuditValues.json(Dictionary(uniqueKeysWithValues: districts.keys.map { ($0, before[$0].map(String.init)) })),
                                     after: AuditValues.json(Dictionary(uniqueKeysWithValues: districts.map { ($0.key, String($0.value)) }))))
        }
    }
}

extension AuditEntity {
    static let labourForce = AuditEntity("labour-force")
}

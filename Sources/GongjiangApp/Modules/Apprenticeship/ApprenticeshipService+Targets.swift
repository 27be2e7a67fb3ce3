import Fluent
import Foundation
import GongjiangCore
import SQLKit
import Vapor

extension ApprenticeshipService {
    /// The years a target may be set for: those the annual figures answer for.
    static let targetYears = StatisticsAPI.years

    /// 年度目标: the city sets the year's number of new apprentices and splits it by district (the parts add up to
    /// the whole; an empty split keeps the city's figure alone). Replaces the year's earlier figures, audited with both.
    static func setTargets(year: Int, _ input: TargetInput, _ context: ApprenticeshipContext) async throws -> TargetDTO {
        guard context.actor == .city else { throw WorkflowRefusal.notYourStep(workflow: "apprenticeship-target", event: "set", actor: context.actor ?? .system) }
        guard targetYears.contains(year) else { throw RequestProblem.badParameter("year") }
        guard let city = input.city else { throw RequestProblem.validation([PersonRules.required("city", "全市目标")]) }
        let districts = input.districts ?? [:]
        try ApprenticeshipRules.checkTargetSplit(city: city, districts: districts)
        let known = Set(try await ApprenticeshipQueries.districtCodes(on: context.database))
        if let unknown = districts.keys.sorted().first(where: { !known.contains($0) }) {
            throw RequestProblem.validation([FieldProblem(field: "districts", code: "district.unknown", chinese: "未知的区县代码 \(unknown)",
                                                          english: "Unknown district code \(unknown)")])
        }
        let before = try await ApprenticeshipQueries.targets(year: year, on: context.database)
        try await context.write { tx, log in
            try await tx.sql.raw("DELETE FROM apprenticeship_targets WHERE year = \(bind: year)").run()
            let rows: [(String?, Int)] = [(nil, city)] + districts.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
            for (code, target) in rows {
                try await tx.sql.insert(into: "apprenticeship_targets").columns("id", "year", "district_code", "target", "updated_at")
                    .values(SQLBind(TrainingService.newID(context)), SQLBind(year), SQLBind(code), SQLBind(target), SQLBind(context.now)).run()
            }
            log.record(context.event(.apprenticeshipTarget, nil, .update,
                                     before: AuditValues.json(["year": String(year), "city": before.city.map(String.init),
                                                               "districts": before.districts.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")]),
                                     after: AuditValues.json(["year": String(year), "city": String(city),
                                                              "districts": districts.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")])))
        }
        return try await ApprenticeshipQueries.targets(year: year, on: context.database)
    }
}

extension AuditEntity {
    static let apprenticeshipTarget = AuditEntity("apprenticeship-target")
}

extension Request {
    /// The apprenticeship's view of the caller: the enterprise, school or provider of a plan acts as the organization.
    var apprenticeship: ApprenticeshipContext {
        let actor: WorkflowActor? = switch principal?.role {
        case .cityAdmin: .city
        case .districtOfficer: .district
        case .enterprise, .school, .trainingProvider: .organization
        default: nil
        }
        return TrainingContext(database: db, scope: scope, actor: actor, audit: AuditEvent(self, entity: .apprenticeshipPlan, action: .update),
                               now: now, vault: vault)
    }
}

import Fluent
import Foundation
import GongjiangCore
import SQLKit
import Vapor

struct ApprenticeshipPolicyInput: Content {
    var effectiveFrom: String?
    var minimumContractMonths: Int?
    var minimumDurationMonths: Int?
    var maximumDurationMonths: Int?
    var mentorCapacity: Int?
    var advancePercent: Int?
}

struct ApprenticeshipPolicyDTO: Content {
    let effectiveFrom: String
    let minimumContractMonths: Int
    let minimumDurationMonths: Int
    let maximumDurationMonths: Int
    let mentorCapacity: Int
    let advancePercent: Int
    /// The version in force today.
    let inForce: Bool
}

extension ApprenticeshipService {
    /// Every version, newest first.
    static func policyVersions(on database: any Database) async throws -> [ApprenticeshipPolicy] {
        try await database.sql.raw("SELECT * FROM apprenticeship_policies ORDER BY effective_from DESC").all().map { row in
            ApprenticeshipPolicy(effectiveFrom: try CivilDate(parsing: try row.decode(column: "effective_from", as: String.self)),
                                 minimumContractMonths: try row.decode(column: "minimum_contract_months", as: Int.self),
                                 minimumDurationMonths: try row.decode(column: "minimum_duration_months", as: Int.self),
                                 maximumDurationMonths: try row.decode(column: "maximum_duration_months", as: Int.self),
                                 mentorCapacity: try row.decode(column: "mentor_capacity", as: Int.self),
                                 advancePercent: try row.decode(column: "advance_percent", as: Int.self))
        }
    }

    static func policyDTOs(on database: any Database, today: CivilDate) async throws -> [ApprenticeshipPolicyDTO] {
        let versions = try await policyVersions(on: database)
        let current = ApprenticeshipPolicy.inForce(versions, on: today)
        return versions.map { version in
            ApprenticeshipPolicyDTO(effectiveFrom: version.effectiveFrom.description, minimumContractMonths: version.minimumContractMonths,
                                    minimumDurationMonths: version.minimumDurationMonths, maximumDurationMonths: version.maximumDurationMonths,
                                    mentorCapacity: version.mentorCapacity, advancePercent: version.advancePercent, inForce: version == current)
        }
    }

    /// The city adds a version of the apprenticeship's rules (a mentor's load, the advance, the durations) from a
    /// future day; the versions in force stay as they were.
    static func addPolicyVersion(_ input: ApprenticeshipPolicyInput, _ context: ApprenticeshipContext) async throws {
        guard context.actor == .city else {
            throw WorkflowRefusal.notYourStep(workflow: "apprenticeship-policy", event: "add", actor: context.actor ?? .system)
        }
        var problems: [FieldProblem] = []
        let from = TrainingService.date(input.effectiveFrom, field: "effectiveFrom", problems: &problems)
        let values = [input.minimumContractMonths, input.minimumDurationMonths, input.maximumDurationMonths, input.mentorCapacity, input.advancePercent]
        for (entry, value) in zip(ApprenticeshipPolicy.ranges, values) where value == nil {
            problems.append(PersonRules.required(entry.field, entry.label))
        }
        guard problems.isEmpty, let from else { throw RequestProblem.validation(problems) }
        let numbers = values.map { $0 ?? 0 }
        let policy = ApprenticeshipPolicy(effectiveFrom: from, minimumContractMonths: numbers[0], minimumDurationMonths: numbers[1],
                                          maximumDurationMonths: numbers[2], mentorCapacity: numbers[3], advancePercent: numbers[4])
        try policy.checkAsNewVersion(today: context.today)
        if try await context.database.sql.raw("SELECT id FROM apprenticeship_policies WHERE effective_from = \(bind: from.description)").first() != nil {
            throw RequestProblem.conflict(code: "apprenticeship.policy-exists", chinese: "\(from) 起执行的版本已存在",
                                          english: "A version from \(from) exists already")
        }
        let id = TrainingService.newID(context)
        try await context.write { tx, log in
            try await tx.sql.insert(into: "apprenticeship_policies")
                .columns("id", "effective_from", "minimum_contract_months", "minimum_duration_months", "maximum_duration_months", "mentor_capacity",
                         "advance_percent")
                .values(SQLBind(id), SQLBind(from.description), SQLBind(policy.minimumContractMonths), SQLBind(policy.minimumDurationMonths),
                        SQLBind(policy.maximumDurationMonths), SQLBind(policy.mentorCapacity), SQLBind(policy.advancePercent)).run()
            log.record(context.event(.apprenticeshipPolicy, id, .create, after: AuditValues.json(Dictionary(uniqueKeysWithValues:
                [("effectiveFrom", from.description)] + zip(ApprenticeshipPolicy.ranges.map(\.field), numbers.map(String.init))))))
        }
    }
}

extension AuditEntity {
    static let apprenticeshipPolicy = AuditEntity("apprenticeship-policy")
}

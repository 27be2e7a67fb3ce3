import Fluent
import Foundation
import GongjiangCore
import SQLKit
import Vapor

/// 学徒培养计划: the plans in the caller's scope by state and text, with the year's apprentices against the target.
enum ApprenticeshipPlansPage {
    struct Model {
        let page: Page<ApprenticeshipPlanDTO>
        let state: String
        let text: String
        let isFirstPage: Bool
        let mayFile: Bool
        let year: Int
        let personTimes: Int?
        let target: Int?
        let names: ReferenceNames

        static func load(_ request: Request) async throws -> Model {
            let state = request.query[String.self, at: "state"] ?? ""
            let text = String((request.query[String.self, at: "q"] ?? "").prefix(100))
            let cursor = try request.pageCursor()
            let rows = try await ApprenticeshipQueries(database: request.db, scope: request.scope)
                .plans(state: ApprenticeshipPlanState(rawValue: state), text: text, before: cursor?.id, limit: PageSize.default + 1)
            let year = CivilDate.today(now: request.now).year
            // The figures against the target, for the bureau's own scope.
            var personTimes: Int?
            var target: Int?
            if request.principal?.may(.readStatistics) == true, let figures = try? await AnnualFigureQueries.compute(year: year, scope: request.scope, on: request.db) {
                personTimes = figures.apprenticeshipPersonTimes
                target = figures.apprenticeshipTarget
            }
            return Model(page: Page(rows: rows, id: \.id), state: state, text: text, isFirstPage: cursor == nil,
                         mayFile: request.principal?.role == .enterprise, year: year, personTimes: personTimes, target: target,
                         names: try await ReferenceNames.load(on: request.db))
        }
    }
}

/// The filing form: the schools and providers approved for something, the target levels, the rules in force.
enum ApprenticeshipPlanForm {
    struct Fields: Content {
        var schoolId: String?
        var occupationCode: String?
        var targetLevel: String?
        var durationMonths: String?
        var schoolHours: String?
        var workHours: String?
        var startsOn: String?
        var plannedHeadcount: String?
        var bankAccount: String?

        var input: ApprenticeshipPlanInput {
            ApprenticeshipPlanInput(schoolId: schoolId.flatMap(UUID.init(uuidString:)), occupationCode: occupationCode?.trimmingCharacters(in: .whitespaces),
                                    targetLevel: targetLevel, durationMonths: durationMonths.flatMap { Int($0) }, schoolHours: schoolHours.flatMap { Int($0) },
                                    workHours: workHours.flatMap { Int($0) }, startsOn: startsOn, plannedHeadcount: plannedHeadcount.flatMap { Int($0) },
                                    bankAccount: bankAccount)
        }

        var values: [String: String] {
            ["schoolId": schoolId ?? "", "occupationCode": occupationCode ?? "", "targetLevel": targetLevel ?? "", "durationMonths": durationMonths ?? "",
             "schoolHours": schoolHours ?? "", "workHours": workHours ?? "", "startsOn": startsOn ?? "", "plannedHeadcount": plannedHeadcount ?? "",
             "bankAccount": bankAccount ?? ""]
        }
    }

    struct Model {
        let schools: [(id: UUID, name: String)]
        let policy: ApprenticeshipPolicy
        let values: [String: String]
        let request: Request
        let error: String?
        let problems: [FieldProblem]

        static func load(_ request: Request, values: [String: String] = [:], error: String? = nil, problems: [FieldProblem] = []) async throws -> Model {
            return Model(schools: try await ApprenticeshipPlanForm.schools(on: request.db), policy: try await ApprenticeshipService.policy(on: request.db, day: CivilDate.today(now: request.now)),
                         values: values, request: request, error: error, problems: problems)
        }
    }
}

extension ApprenticeshipPlanForm {
    /// The schools and providers a plan may name: those approved (the scope is checked when the plan is filed).
    static func schools(on database: any Database) async throws -> [(id: UUID, name: String)] {
        try await database.sql.raw("""
            SELECT o.id, o.name FROM training_providers p JOIN organizations o ON o.id = p.organization_id
            WHERE p.state = 'approved' ORDER BY o.name
            """).all().map { (try $0.decode(column: "id", as: UUID.self), try $0.decode(column: "name", as: String.self)) }
    }
}

/// One plan: its terms, its money with links to the payments, the steps the caller may take, its apprentices with any
/// wage below a floor, and the enterprise's form to add one.
enum ApprenticeshipPlanPage {
    struct Model {
        let item: ApprenticeshipPlanDTO
        let apprentices: [ApprenticeDTO]
        let steps: [ApprenticeshipPlanEvent]
        let isEnterprise: Bool
        let maySettle: Bool
        let mayReadLedger: Bool
        let names: ReferenceNames
        let request: Request
        let formKey: String
        /// For a returned plan of the caller's: the schools to choose from when correcting it.
        let schools: [(id: UUID, name: String)]
        var error: String?
        var done: String?

        static func load(_ request: Request, error: String? = nil, done: String? = nil) async throws -> Model {
            let context = request.apprenticeship
            let plan = try await ApprenticeshipService.plan(try request.uuidParameter(), context)
            let queries = ApprenticeshipQueries(database: request.db, scope: request.scope)
            var steps = context.actor.map { ApprenticeshipRules.planWorkflow.events(from: plan.state, for: $0) } ?? []
            steps.removeAll { $0 == .settle }
            if context.actor == .organization, context.scope.organizationID != plan.enterpriseID { steps = [] }
            return Model(item: try await queries.plan(plan.id), apprentices: try await queries.apprentices(of: plan, today: context.today), steps: steps,
                         isEnterprise: context.actor == .organization && context.scope.organizationID == plan.enterpriseID,
                         maySettle: request.principal?.may(.approveApprenticeship) == true && plan.state == .approved,
                         mayReadLedger: request.principal?.may(.readLedger) == true, names: try await ReferenceNames.load(on: request.db),
                         request: request, formKey: Secrets.token(),
                         schools: plan.state == .returned && context.scope.organizationID == plan.enterpriseID
                             ? try await ApprenticeshipPlanForm.schools(on: request.db) : [],
                         error: error, done: done)
        }

        var state: ApprenticeshipPlanState { ApprenticeshipPlanState(rawValue: item.state) ?? .filed }
        var mayAdd: Bool { isEnterprise && state == .approved && item.active + item.completed < item.plannedHeadcount }
        var mayAmend: Bool { isEnterprise && state == .returned }

        /// The plan's terms as the correction form shows them; the bank account is typed again (only its masked form is kept in view).
        var amendValues: [String: String] {
            ["schoolId": item.schoolId.uuidString, "occupationCode": item.occupationCode, "targetLevel": item.targetLevel,
             "durationMonths": String(item.durationMonths), "schoolHours": String(item.schoolHours), "workHours": String(item.workHours),
             "startsOn": item.startsOn, "plannedHeadcount": String(item.plannedHeadcount), "bankAccount": ""]
        }
    }
}

/// One apprentice: the agreement with its changes, stage assessments, and the forms of the enterprise (change, exit)
/// and the school (assessment).
enum ApprenticePage {
    struct Model {
        let item: ApprenticeDTO
        let plan: ApprenticeshipPlanDTO
        let changes: [ApprenticeChangeDTO]
        let assessments: [AssessmentDTO]
        let isEnterprise: Bool
        let mayAssess: Bool
        let mayExit: Bool
        let request: Request
        var error: String?

        static func load(_ request: Request, error: String? = nil) async throws -> Model {
            let context = request.apprenticeship
            let apprentice = try await ApprenticeshipService.apprentice(try request.uuidParameter(), context)
            let queries = ApprenticeshipQueries(database: request.db, scope: request.scope)
            guard let item = try await queries.apprentices(of: apprentice.plan, today: context.today).first(where: { $0.id == apprentice.id }) else {
                throw RequestProblem.notFound
            }
            let organization = context.scope.organizationID
            let active = apprentice.state == .active
            return Model(item: item, plan: try await queries.plan(apprentice.plan.id), changes: try await queries.changes(of: apprentice.id),
                         assessments: try await queries.assessments(of: apprentice.id),
                         isEnterprise: active && organization == apprentice.plan.enterpriseID,
                         mayAssess: active && (organization == apprentice.plan.enterpriseID || organization == apprentice.plan.schoolID),
                         mayExit: active && (organization == apprentice.plan.enterpriseID || context.actor == .city), request: request, error: error)
        }
    }
}

/// 年度目标: the year's target and its split by district, with the apprentices who started so far; the city edits it.
enum ApprenticeshipTargetsPage {
    struct Model {
        let year: Int
        let targets: TargetDTO
        let started: [String: Int]
        let cityStarted: Int
        let mayEdit: Bool
        let names: ReferenceNames
        let districts: [(value: String, label: String)]
        let request: Request
        var error: String?

        static func load(_ request: Request, error: String? = nil) async throws -> Model {
            let asked = request.query[Int.self, at: "year"] ?? CivilDate.today(now: request.now).year
            let year = ApprenticeshipService.targetYears.contains(asked) ? asked : CivilDate.today(now: request.now).year
            let names = try await ReferenceNames.load(on: request.db)
            let t = request.localizer
            let splittable = Set(try await ApprenticeshipQueries.districtCodes(on: request.db))
            let districts = names.districtOptions(t).filter { splittable.contains($0.value) && (request.scope.districtCodes?.contains($0.value) ?? true) }
            var started: [String: Int] = [:]
            for district in districts {
                started[district.value] = try await ApprenticeshipQueries.personTimes(year: year, districts: [district.value], on: request.db)
            }
            return Model(year: year, targets: try await ApprenticeshipQueries.targets(year: year, on: request.db), started: started,
                         cityStarted: started.values.reduce(0, +), mayEdit: request.principal?.may(.approveApprenticeship) == true, names: names,
                         districts: districts, request: request, error: error)
        }
    }
}

/// 学徒制规则: the versions of the rules, the one in force marked; the city adds one from a future day.
enum ApprenticeshipPolicyPage {
    struct Model {
        let versions: [ApprenticeshipPolicyDTO]
        let mayEdit: Bool
        let request: Request
        var error: String?

        static func load(_ request: Request, error: String? = nil) async throws -> Model {
            Model(versions: try await ApprenticeshipService.policyDTOs(on: request.db, today: CivilDate.today(now: request.now)),
                  mayEdit: request.principal?.may(.approveApprenticeship) == true, request: request, error: error)
        }
    }

    struct Fields: Content {
        var effectiveFrom: String?
        var minimumContractMonths: String?
        var minimumDurationMonths: String?
        var maximumDurationMonths: String?
        var mentorCapacity: String?
        var advancePercent: String?

        var input: ApprenticeshipPolicyInput {
            ApprenticeshipPolicyInput(effectiveFrom: effectiveFrom, minimumContractMonths: minimumContractMonths.flatMap { Int($0) },
                                      minimumDurationMonths: minimumDurationMonths.flatMap { Int($0) },
                                      maximumDurationMonths: maximumDurationMonths.flatMap { Int($0) }, mentorCapacity: mentorCapacity.flatMap { Int($0) },
                                      advancePercent: advancePercent.flatMap { Int($0) })
        }
    }
}

import Foundation
import GongjiangCore
import Vapor

/// `/api/v1/apprenticeship-plans`, `/apprentices`, `/apprenticeship-targets`: the same service methods as the pages.
/// The steps that move money (approval commits the advance; settlement commits the rest or claws back) take an
/// `Idempotency-Key`.
struct ApprenticeshipAPI: Sendable {
    func plans(_ request: Request) async throws -> ListDTO<ApprenticeshipPlanDTO> {
        let state = try request.query[String.self, at: "state"].map { text -> ApprenticeshipPlanState in
            guard let state = ApprenticeshipPlanState(rawValue: text) else { throw RequestProblem.badParameter("state") }
            return state
        }
        let text = request.query[String.self, at: "q"]
        let queries = ApprenticeshipQueries(database: request.db, scope: request.scope)
        return try await TrainingAPI().list(request, { try await queries.plans(state: state, text: text, before: $0, limit: $1) }, id: \.id)
    }

    func filePlan(_ request: Request) async throws -> Response {
        let context = request.apprenticeship
        let id = try await ApprenticeshipService.filePlan(try request.content.decode(ApprenticeshipPlanInput.self), context)
        return try await ApprenticeshipQueries(database: request.db, scope: request.scope).plan(id).encodeResponse(status: .created, for: request)
    }

    func plan(_ request: Request) async throws -> ApprenticeshipPlanDTO {
        let plan = try await ApprenticeshipService.plan(try request.uuidParameter(), request.apprenticeship)
        return try await ApprenticeshipQueries(database: request.db, scope: request.scope).plan(plan.id)
    }

    func amendPlan(_ request: Request) async throws -> ApprenticeshipPlanDTO {
        let id = try request.uuidParameter()
        try await ApprenticeshipService.amendPlan(id, try request.content.decode(ApprenticeshipPlanInput.self), request.apprenticeship)
        return try await ApprenticeshipQueries(database: request.db, scope: request.scope).plan(id)
    }

    func stepPlan(_ request: Request) async throws -> Response {
        let input = try request.content.decode(StepInput.self)
        let id = try request.uuidParameter()
        let base = request.apprenticeship
        return try await Idempotent.respond(request, status: .ok) { ledger in
            var context = base
            context.within = ledger.within
            try await ApprenticeshipService.stepPlan(id, event: input.event, reason: input.reason, context)
            return try await ApprenticeshipQueries(database: context.database, scope: context.scope).plan(id)
        }
    }

    func settle(_ request: Request) async throws -> Response {
        let id = try request.uuidParameter()
        let base = request.apprenticeship
        return try await Idempotent.respond(request, status: .ok) { ledger in
            var context = base
            context.within = ledger.within
            let settlement = try await ApprenticeshipService.settle(id, context)
            return SettlementDTO(completed: settlement.completed, exitedAtEnd: settlement.exitedAtEnd, amountFen: settlement.amount.fen,
                                 plan: try await ApprenticeshipQueries(database: context.database, scope: context.scope).plan(id))
        }
    }

    func completions(_ request: Request) async throws -> CompletionsDTO {
        CompletionsDTO(completed: try await ApprenticeshipService.checkCompletions(try request.uuidParameter(), request.apprenticeship))
    }

    func apprentices(_ request: Request) async throws -> ApprenticeList {
        let context = request.apprenticeship
        let plan = try await ApprenticeshipService.plan(try request.uuidParameter(), context)
        return ApprenticeList(items: try await ApprenticeshipQueries(database: request.db, scope: request.scope).apprentices(of: plan, today: context.today))
    }

    func addApprentice(_ request: Request) async throws -> Response {
        let id = try await ApprenticeshipService.addApprentice(try request.uuidParameter(), try request.content.decode(ApprenticeInput.self),
                                                               request.apprenticeship)
        return try await CreatedDTO(id: id).encodeResponse(status: .created, for: request)
    }

    func changeAgreement(_ request: Request) async throws -> CreatedDTO {
        let id = try request.uuidParameter()
        try await ApprenticeshipService.changeAgreement(id, try request.content.decode(ApprenticeChangeInput.self), request.apprenticeship)
        return CreatedDTO(id: id)
    }

    func recordAssessment(_ request: Request) async throws -> Response {
        let id = try await ApprenticeshipService.recordAssessment(try request.uuidParameter(), try request.content.decode(AssessmentInput.self),
                                                                  request.apprenticeship)
        return try await CreatedDTO(id: id).encodeResponse(status: .created, for: request)
    }

    func exit(_ request: Request) async throws -> CreatedDTO {
        let id = try request.uuidParameter()
        try await ApprenticeshipService.exit(id, try request.content.decode(ExitInput.self), request.apprenticeship)
        return CreatedDTO(id: id)
    }

    func policies(_ request: Request) async throws -> [ApprenticeshipPolicyDTO] {
        try await ApprenticeshipService.policyDTOs(on: request.db, today: CivilDate.today(now: request.now))
    }

    func addPolicy(_ request: Request) async throws -> Response {
        try await ApprenticeshipService.addPolicyVersion(try request.content.decode(ApprenticeshipPolicyInput.self), request.apprenticeship)
        return try await policies(request).encodeResponse(status: .created, for: request)
    }

    func targets(_ request: Request) async throws -> TargetDTO {
        try await ApprenticeshipQueries.targets(year: try Self.year(request), on: request.db)
    }

    func setTargets(_ request: Request) async throws -> TargetDTO {
        try await ApprenticeshipService.setTargets(year: try Self.year(request), try request.content.decode(TargetInput.self), request.apprenticeship)
    }

    static func year(_ request: Request) throws -> Int {
        guard let text = request.parameters.get("year"), let year = Int(text), ApprenticeshipService.targetYears.contains(year) else {
            throw RequestProblem.badParameter("year")
        }
        return year
    }
}

import Fluent
import Foundation
import GongjiangCore
import Vapor

/// The apprenticeship pages: plans (the enterprise files, the district approves, the city settles), apprentices with
/// their agreement, assessments and exit, the yearly targets. Each form goes through the same service method as the
/// API; approval and settlement move money and carry the form's idempotency key.
struct ApprenticeshipPageRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(PagePath.apprenticeshipPlans.components) { request in
            page(request, .apprenticeship, try await ApprenticeshipPlansPage.Model.load(request).view(request.localizer))
        }.requires(.permission(.readApprenticeship))
        routes.get(PagePath.newApprenticeshipPlan.components) { request in
            page(request, .apprenticeship, try await ApprenticeshipPlanForm.Model.load(request).view(request.localizer))
        }.requires(.permission(.operateApprenticeship))
        routes.post(PagePath.newApprenticeshipPlan.components) { request -> Response in
            let fields = try request.content.decode(ApprenticeshipPlanForm.Fields.self)
            do {
                let id = try await ApprenticeshipService.filePlan(fields.input, request.apprenticeship)
                return request.redirect(to: PagePath.apprenticeshipPlan.url(id.uuidString), redirectType: .normal)
            } catch {
                let (status, message, problems) = try PageActions.refusal(error, request)
                let model = try await ApprenticeshipPlanForm.Model.load(request, values: fields.values, error: message, problems: problems)
                return PageActions.status(page(request, .apprenticeship, model.view(request.localizer)), status)
            }
        }.requires(.permission(.operateApprenticeship))
        routes.get(PagePath.apprenticeshipPlan.components) { request in
            page(request, .apprenticeship, try await ApprenticeshipPlanPage.Model.load(request).view(request.localizer))
        }.requires(.permission(.readApprenticeship))
        routes.post(PagePath.apprenticeshipPlanStep.components) { request -> Response in
            let input = try request.content.decode(StepInput.self)
            let id = try request.uuidParameter()
            return try await moneyStep(request, fields: ["event": input.event ?? "", "reason": input.reason ?? ""]) { context in
                try await ApprenticeshipService.stepPlan(id, event: input.event, reason: input.reason, context)
                return request.localizer("apprenticeship.plan.done.\(input.event ?? "")")
            }
        }.requires(.permission(.readApprenticeship))
        routes.post(PagePath.apprenticeshipPlanAmendment.components) { request -> Response in
            let fields = try request.content.decode(ApprenticeshipPlanForm.Fields.self)
            return try await PageActions.act(request, back: PagePath.apprenticeshipPlan, reload: { try await ApprenticeshipPlanPage.Model.load(request, error: $0) },
                                             render: { (model: ApprenticeshipPlanPage.Model) in page(request, .apprenticeship, model.view(request.localizer)) }) {
                try await ApprenticeshipService.amendPlan(try request.uuidParameter(), fields.input, request.apprenticeship)
            }
        }.requires(.permission(.operateApprenticeship))
        routes.post(PagePath.apprenticeshipSettlement.components) { request -> Response in
            let id = try request.uuidParameter()
            return try await moneyStep(request, fields: ["settle": id.uuidString]) { context in
                let settlement = try await ApprenticeshipService.settle(id, context)
                return request.localizer("apprenticeship.settled", settlement.completed, settlement.amount.yuanText)
            }
        }.requires(.permission(.approveApprenticeship))
        routes.post(PagePath.apprenticeshipCompletions.components) { request -> Response in
            do {
                let count = try await ApprenticeshipService.checkCompletions(try request.uuidParameter(), request.apprenticeship)
                return page(request, .apprenticeship, try await ApprenticeshipPlanPage.Model.load(request, done: request.localizer("apprenticeship.completions.done", count))
                    .view(request.localizer))
            } catch {
                let (status, text) = try PageActions.refusalText(error, request)
                return PageActions.status(page(request, .apprenticeship, try await ApprenticeshipPlanPage.Model.load(request, error: text).view(request.localizer)), status)
            }
        }.requires(.permission(.readApprenticeship))
        routes.post(PagePath.apprenticeshipApprentices.components) { request -> Response in
            let fields = try request.content.decode(ApprenticeFields.self)
            return try await PageActions.act(request, back: PagePath.apprenticeshipPlan, reload: { try await ApprenticeshipPlanPage.Model.load(request, error: $0) },
                                             render: { (model: ApprenticeshipPlanPage.Model) in page(request, .apprenticeship, model.view(request.localizer)) }) {
                _ = try await ApprenticeshipService.addApprentice(try request.uuidParameter(), try fields.input, request.apprenticeship)
            }
        }.requires(.permission(.operateApprenticeship))

        // One apprentice.
        routes.get(PagePath.apprentice.components) { request in
            page(request, .apprenticeship, try await ApprenticePage.Model.load(request).view(request.localizer))
        }.requires(.permission(.readApprenticeship))
        routes.post(PagePath.apprenticeChanges.components) { request -> Response in
            let fields = try request.content.decode(ChangeFields.self)
            return try await PageActions.act(request, back: PagePath.apprentice, reload: { try await ApprenticePage.Model.load(request, error: $0) },
                                             render: { (model: ApprenticePage.Model) in page(request, .apprenticeship, model.view(request.localizer)) }) {
                try await ApprenticeshipService.changeAgreement(try request.uuidParameter(), try fields.input, request.apprenticeship)
            }
        }.requires(.permission(.operateApprenticeship))
        routes.post(PagePath.apprenticeAssessments.components) { request -> Response in
            let input = try request.content.decode(AssessmentInput.self)
            return try await PageActions.act(request, back: PagePath.apprentice, reload: { try await ApprenticePage.Model.load(request, error: $0) },
                                             render: { (model: ApprenticePage.Model) in page(request, .apprenticeship, model.view(request.localizer)) }) {
                _ = try await ApprenticeshipService.recordAssessment(try request.uuidParameter(), input, request.apprenticeship)
            }
        }.requires(.permission(.operateApprenticeship))
        routes.post(PagePath.apprenticeExit.components) { request -> Response in
            let input = try request.content.decode(ExitInput.self)
            return try await PageActions.act(request, back: PagePath.apprentice, reload: { try await ApprenticePage.Model.load(request, error: $0) },
                                             render: { (model: ApprenticePage.Model) in page(request, .apprenticeship, model.view(request.localizer)) }) {
                try await ApprenticeshipService.exit(try request.uuidParameter(), input, request.apprenticeship)
            }
        }.requires(.permission(.readApprenticeship))

        // The rules.
        routes.get(PagePath.apprenticeshipPolicy.components) { request in
            page(request, .apprenticeship, try await ApprenticeshipPolicyPage.Model.load(request).view(request.localizer))
        }.requires(.permission(.readApprenticeship))
        routes.post(PagePath.apprenticeshipPolicy.components) { request -> Response in
            let fields = try request.content.decode(ApprenticeshipPolicyPage.Fields.self)
            return try await PageActions.act(request, to: PagePath.apprenticeshipPolicy.url(),
                                             reload: { try await ApprenticeshipPolicyPage.Model.load(request, error: $0) },
                                             render: { (model: ApprenticeshipPolicyPage.Model) in page(request, .apprenticeship, model.view(request.localizer)) }) {
                try await ApprenticeshipService.addPolicyVersion(fields.input, request.apprenticeship)
            }
        }.requires(.permission(.approveApprenticeship))

        // Targets.
        routes.get(PagePath.apprenticeshipTargets.components) { request in
            page(request, .apprenticeship, try await ApprenticeshipTargetsPage.Model.load(request).view(request.localizer))
        }.requires(.permission(.readApprenticeship))
        routes.post(PagePath.apprenticeshipTargets.components) { request -> Response in
            let form = try request.content.decode([String: String].self)
            let year = form["year"].flatMap { Int($0) } ?? 0
            return try await PageActions.act(request, to: PagePath.apprenticeshipTargets.url() + "?year=\(year)",
                                             reload: { try await ApprenticeshipTargetsPage.Model.load(request, error: $0) },
                                             render: { (model: ApprenticeshipTargetsPage.Model) in page(request, .apprenticeship, model.view(request.localizer)) }) {
                guard let city = form["city"].flatMap({ Int($0) }) else {
                    throw RequestProblem.validation([FieldProblem(field: "city", code: "apprenticeship.target", chinese: "全市目标应为整数",
                                                                  english: "The city's target is a whole number")])
                }
                var districts: [String: Int] = [:]
                for (key, value) in form where key.hasPrefix("d_") && !value.isEmpty {
                    guard let part = Int(value) else {
                        throw RequestProblem.validation([FieldProblem(field: key, code: "apprenticeship.target", chinese: "区县目标应为整数",
                                                                      english: "A district's target is a whole number")])
                    }
                    districts[String(key.dropFirst(2))] = part
                }
                _ = try await ApprenticeshipService.setTargets(year: year, TargetInput(city: city, districts: districts), request.apprenticeship)
            }
        }.requires(.permission(.approveApprenticeship))
    }

    /// A step that moves money, from the plan's page: run once per form key; then the plan again with what was done,
    /// or with the refusal.
    private func moneyStep(_ request: Request, fields: [String: String],
                           _ work: @escaping @Sendable (ApprenticeshipContext) async throws -> String) async throws -> Response {
        let base = request.apprenticeship
        do {
            let (text, replayed) = try await Idempotent.form(request, fields: fields) { ledger in
                var context = base
                context.within = ledger.within
                return try await work(context)
            }
            let done = replayed ? request.localizer("ledger.result.replayed") : text
            return page(request, .apprenticeship, try await ApprenticeshipPlanPage.Model.load(request, done: done).view(request.localizer))
        } catch {
            let (status, text) = try PageActions.refusalText(error, request)
            return PageActions.status(page(request, .apprenticeship, try await ApprenticeshipPlanPage.Model.load(request, error: text).view(request.localizer)), status)
        }
    }
}

struct ApprenticeFields: Content {
    var name: String?
    var idNumber: String?
    var hireKind: String?
    var mentorIdNumber: String?
    var teacherName: String?
    var contractStart: String?
    var contractEnd: String?
    var monthlyWage: String?
    var trainingFee: String?
    var mentorAllowance: String?

    var input: ApprenticeInput {
        get throws {
            ApprenticeInput(name: name, idType: nil, idNumber: idNumber, hireKind: hireKind, mentorIdNumber: mentorIdNumber, teacherName: teacherName,
                            contractStart: contractStart, contractEnd: contractEnd, monthlyWageFen: try FormAmount.fen(monthlyWage, field: "monthlyWage"),
                            trainingFeeFen: try FormAmount.fen(trainingFee, field: "trainingFee"), mentorAllowanceFen: try FormAmount.fen(mentorAllowance, field: "mentorAllowance"))
        }
    }
}

struct ChangeFields: Content {
    var effectiveOn: String?
    var monthlyWage: String?
    var contractEnd: String?
    var trainingFee: String?
    var mentorAllowance: String?
    var mentorIdNumber: String?
    var reason: String?

    var input: ApprenticeChangeInput {
        get throws {
            ApprenticeChangeInput(effectiveOn: effectiveOn, monthlyWageFen: try FormAmount.fen(monthlyWage, field: "monthlyWage"), contractEnd: contractEnd, openEnded: nil,
                                  trainingFeeFen: try FormAmount.fen(trainingFee, field: "trainingFee"),
                                  mentorAllowanceFen: try FormAmount.fen(mentorAllowance, field: "mentorAllowance"), mentorIdNumber: mentorIdNumber, reason: reason)
        }
    }
}

extension PagePath {
    static let apprenticeshipPlans = PagePath("apprenticeship")
    static let newApprenticeshipPlan = PagePath("apprenticeship", "plans", "new")
    static let apprenticeshipPlan = PagePath("apprenticeship", "plans", ":id")
    static let apprenticeshipPlanStep = PagePath("apprenticeship", "plans", ":id", "transitions")
    static let apprenticeshipPlanAmendment = PagePath("apprenticeship", "plans", ":id", "amendment")
    static let apprenticeshipSettlement = PagePath("apprenticeship", "plans", ":id", "settlement")
    static let apprenticeshipCompletions = PagePath("apprenticeship", "plans", ":id", "completions")
    static let apprenticeshipApprentices = PagePath("apprenticeship", "plans", ":id", "apprentices")
    static let apprentice = PagePath("apprenticeship", "apprentices", ":id")
    static let apprenticeChanges = PagePath("apprenticeship", "apprentices", ":id", "changes")
    static let apprenticeAssessments = PagePath("apprenticeship", "apprentices", ":id", "assessments")
    static let apprenticeExit = PagePath("apprenticeship", "apprentices", ":id", "exit")
    static let apprenticeshipTargets = PagePath("apprenticeship", "targets")
    static let apprenticeshipPolicy = PagePath("apprenticeship", "policy")
}

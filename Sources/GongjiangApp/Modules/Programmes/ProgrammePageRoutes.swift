import Fluent
import Foundation
import GongjiangCore
import Vapor

extension PagePath {
    static let programmes = PagePath("programmes")
    static let programmeCall = PagePath("programmes", "calls", ":id")
    static let programmeCallStep = PagePath("programmes", "calls", ":id", "steps")
    static let programmeCallObjection = PagePath("programmes", "calls", ":id", "objections")
    static let programmeApply = PagePath("programmes", "calls", ":id", "applications")
    static let programmeApplication = PagePath("programmes", "applications", ":id")
    static let programmeApplicationStep = PagePath("programmes", "applications", ":id", "steps")
    static let programmeAttachment = PagePath("programmes", "applications", ":id", "attachments")
    static let programmeDecision = PagePath("programmes", "applications", ":id", "decision")
    static let programmeObjectionResolution = PagePath("programmes", "objections", ":id", "resolution")
    static let programmeReviews = PagePath("programmes", "reviews")
    static let programmeDeclaration = PagePath("programmes", "reviews", ":id", "declaration")
    static let programmeScores = PagePath("programmes", "reviews", ":id", "scores")
    static let programmeReviewAttachment = PagePath("programmes", "reviews", ":id", "attachments", ":key")
    static let programmeTitles = PagePath("programmes", "titles")
    static let programmeTitleStep = PagePath("programmes", "titles", ":id", "steps")
    static let programmePayments = PagePath("programmes", "titles", "payments")
    static let programmeHonours = PagePath("programmes", "titles", "honours")
    static let programmeTypes = PagePath("programmes", "types")
    static let programmeExperts = PagePath("programmes", "experts")
    static let programmeExpert = PagePath("programmes", "experts", ":id")
}

extension Section {
    static let programmes = Section("programmes", title: "programme.nav")
}

/// The programme pages: the public calls, the city's new call and list steps, applications with their attachments and
/// reviews, the expert's desk, titles with the monthly run, types and experts. Each form goes through the same service
/// method as the API; the steps that move money carry the form's idempotency key.
struct ProgrammePageRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(PagePath.programmes.components) { request in
            page(request, .programmes, try await ProgrammeCallsPage.Model.load(request).view(request.localizer))
        }.requires(.everyone)
        routes.post(PagePath.programmes.components) { request -> Response in
            let fields = try request.content.decode(ProgrammeCallsPage.Fields.self)
            do {
                let id = try await ProgrammeService.createCall(try fields.input(), request.programmes)
                return request.redirect(to: PagePath.programmeCall.url(id.uuidString), redirectType: .normal)
            } catch {
                let (status, text) = try PageActions.refusalText(error, request)
                let model = try await ProgrammeCallsPage.Model.load(request, error: text, values: fields.values)
                return PageActions.status(page(request, .programmes, model.view(request.localizer)), status)
            }
        }.requires(.permission(.approveProgrammes))

        // One call.
        routes.get(PagePath.programmeCall.components) { request in
            page(request, .programmes, try await ProgrammeCallPage.Model.load(request).view(request.localizer))
        }.requires(.everyone)
        routes.post(PagePath.programmeCallStep.components) { request -> Response in
            let input = try request.content.decode(CallStepFields.self)
            let id = try request.uuidParameter()
            let context = request.programmes
            let t = request.localizer
            return try await callAct(request) {
                switch input.action {
                case "publish", "withdraw":
                    try await ProgrammeService.stepCall(id, event: input.action ?? "", reason: input.reason, context)
                    return t("programme.call.done.\(input.action ?? "")")
                case "review": return t("programme.call.done.review", try await ProgrammeService.startReview(id, context))
                case "ranking": return t("programme.call.done.ranking", try await ProgrammeService.closeScoring(id, context).count)
                case "notice":
                    _ = try await ProgrammeService.publishNotice(id, context)
                    return t("programme.call.done.notice")
                case "notice-conclusion":
                    try await ProgrammeService.concludeNotice(id, context)
                    return t("programme.call.done.notice-conclusion")
                default: throw RequestProblem.validation([FieldProblem(field: "action", code: "programme.action", chinese: "没有该操作", english: "No such step")])
                }
            }
        }.requires(.permission(.approveProgrammes))
        routes.post(PagePath.programmeCallObjection.components) { request -> Response in
            let input = try request.content.decode(ProgrammeObjectionInput.self)
            return try await callAct(request) {
                _ = try await ProgrammeService.fileObjection(try request.uuidParameter(), input, request.programmes)
                return request.localizer("programme.objection.recorded")
            }
        }.requires(.permission(.superviseProgrammes))
        routes.post(PagePath.programmeApply.components) { request -> Response in
            let fields = try request.content.decode(ProgrammeCallPage.ApplyFields.self)
            let id = try request.uuidParameter()
            let input = fields.input(call: id)
            do {
                if fields.action == "preview" {
                    let report = try await ProgrammeService.preview(input, request.programmes).report
                    return page(request, .programmes, try await ProgrammeCallPage.Model.load(request, findings: report.findings, values: fields.values)
                        .view(request.localizer))
                }
                let application = try await ProgrammeService.createApplication(input, request.programmes)
                return request.redirect(to: PagePath.programmeApplication.url(application.uuidString), redirectType: .normal)
            } catch {
                let (status, text) = try PageActions.refusalText(error, request)
                return PageActions.status(page(request, .programmes, try await ProgrammeCallPage.Model.load(request, error: text, values: fields.values)
                    .view(request.localizer)), status)
            }
        }.requires(.permission(.applyProgrammes))

        // One application.
        routes.get(PagePath.programmeApplication.components) { request in
            page(request, .programmes, try await ProgrammeApplicationPage.Model.load(request).view(request.localizer))
        }.requires(.permission(.readProgrammes))
        routes.post(PagePath.programmeApplicationStep.components) { request -> Response in
            let input = try request.content.decode(StepInput.self)
            return try await applicationAct(request) {
                try await ProgrammeService.stepApplication(try request.uuidParameter(), event: input.event, reason: input.reason, request.programmes)
            }
        }.requires(.permission(.readProgrammes))
        routes.on(.POST, PagePath.programmeAttachment.components, body: .stream) { request -> Response in
            try await attach(request)
        }.requires(.permission(.applyProgrammes))
        routes.post(PagePath.programmeDecision.components) { request -> Response in
            let fields = try request.content.decode(DecisionFields.self)
            let id = try request.uuidParameter()
            let base = request.programmes
            do {
                let (text, replayed) = try await Idempotent.form(request, fields: ["decision": fields.decision ?? "", "outcome": fields.outcome ?? "",
                                                                                    "note": fields.note ?? ""]) { ledger in
                    var context = base
                    context.within = ledger.within
                    switch fields.decision {
                    case "approval": try await ProgrammeService.approve(id, context)
                    case "recommendation": try await ProgrammeService.recommend(id, context)
                    default: try await ProgrammeService.recordUpstream(id, UpstreamOutcomeInput(outcome: fields.outcome, note: fields.note), context)
                    }
                    return request.localizer("programme.decision.done.\(fields.decision ?? "upstream-outcome")")
                }
                let done = replayed ? request.localizer("ledger.result.replayed") : text
                return page(request, .programmes, try await ProgrammeApplicationPage.Model.load(request, done: done).view(request.localizer))
            } catch {
                let (status, text) = try PageActions.refusalText(error, request)
                return PageActions.status(page(request, .programmes, try await ProgrammeApplicationPage.Model.load(request, error: text).view(request.localizer)), status)
            }
        }.requires(.permission(.approveProgrammes))
        routes.post(PagePath.programmeObjectionResolution.components) { request -> Response in
            let fields = try request.content.decode(ResolutionFields.self)
            guard let application = fields.application.flatMap(UUID.init(uuidString:)) else { throw RequestProblem.notFound }
            return try await PageActions.act(request, to: PagePath.programmeApplication.url(application.uuidString),
                                             reload: { try await ProgrammeApplicationPage.Model.load(request, error: $0, application: application) },
                                             render: { (model: ProgrammeApplicationPage.Model) in page(request, .programmes, model.view(request.localizer)) }) {
                try await ProgrammeService.resolveObjection(try request.uuidParameter(), ObjectionResolution(resolution: fields.resolution, note: fields.note),
                                                            request.programmes)
            }
        }.requires(.permission(.approveProgrammes))

        // The expert's desk.
        routes.get(PagePath.programmeReviews.components) { request in
            page(request, .programmes, try await ProgrammeReviewsPage.Model.load(request).view(request.localizer))
        }.requires(.permission(.reviewProgrammes))
        routes.get(PagePath.programmeReviewAttachment.components) { request -> Response in
            try await ProgrammesAPI().assignedAttachment(request)
        }.requires(.permission(.reviewProgrammes))
        routes.post(PagePath.programmeDeclaration.components) { request -> Response in
            let fields = try request.content.decode(ProgrammeReviewsPage.DeclarationFields.self)
            return try await reviewAct(request) {
                guard let expert = request.principal?.accountID else { throw RequestProblem.notFound }
                try await ProgrammeService.declare(expert: expert, application: try request.uuidParameter(), fields.input, now: request.now, database: request.db,
                                                   audit: AuditEvent(request, entity: .programmeReview, action: .update))
            }
        }.requires(.permission(.reviewProgrammes))
        routes.post(PagePath.programmeScores.components) { request -> Response in
            let fields = try request.content.decode(ProgrammeReviewsPage.ScoreFields.self)
            return try await reviewAct(request) {
                guard let expert = request.principal?.accountID else { throw RequestProblem.notFound }
                _ = try await ProgrammeService.score(expert: expert, application: try request.uuidParameter(), fields.input, now: request.now, database: request.db,
                                                     audit: AuditEvent(request, entity: .programmeReview, action: .update))
            }
        }.requires(.permission(.reviewProgrammes))

        // Titles and the monthly run.
        routes.get(PagePath.programmeTitles.components) { request in
            page(request, .programmes, try await ProgrammeTitlesPage.Model.load(request).view(request.localizer))
        }.requires(.permission(.readProgrammes))
        routes.post(PagePath.programmePayments.components) { request -> Response in
            let fields = try request.content.decode(ThroughInput.self)
            let base = request.programmes
            do {
                let through = try fields.through.flatMap { $0.isEmpty ? nil : $0 }.map { text -> CivilDate in
                    guard let day = try? CivilDate(parsing: text) else { throw RequestProblem.badParameter("through") }
                    return day
                } ?? CivilDate.today(now: request.now)
                let (text, replayed) = try await Idempotent.form(request, fields: ["through": through.description]) { ledger in
                    var context = base
                    context.within = ledger.within
                    let (paid, skipped) = try await ProgrammeService.payAllDueReporting(through: through, context)
                    return request.localizer("programme.pay.done", paid) + (skipped.isEmpty ? "" : request.localizer("programme.pay.skipped", skipped.count))
                }
                return page(request, .programmes, try await ProgrammeTitlesPage.Model.load(request, done: replayed ? request.localizer("ledger.result.replayed") : text)
                    .view(request.localizer))
            } catch {
                let (status, text) = try PageActions.refusalText(error, request)
                return PageActions.status(page(request, .programmes, try await ProgrammeTitlesPage.Model.load(request, error: text).view(request.localizer)), status)
            }
        }.requires(.permission(.approveProgrammes))
        routes.post(PagePath.programmeHonours.components) { request -> Response in
            let input = try request.content.decode(HonourInput.self)
            return try await PageActions.act(request, to: PagePath.programmeTitles.url(), reload: { try await ProgrammeTitlesPage.Model.load(request, error: $0) },
                                             render: { (model: ProgrammeTitlesPage.Model) in page(request, .programmes, model.view(request.localizer)) }) {
                _ = try await ProgrammeService.recordHonour(input, request.programmes)
            }
        }.requires(.permission(.approveProgrammes))
        routes.post(PagePath.programmeTitleStep.components) { request -> Response in
            let input = try request.content.decode(StepInput.self)
            return try await PageActions.act(request, to: PagePath.programmeTitles.url(), reload: { try await ProgrammeTitlesPage.Model.load(request, error: $0) },
                                             render: { (model: ProgrammeTitlesPage.Model) in page(request, .programmes, model.view(request.localizer)) }) {
                try await ProgrammeService.stepTitle(try request.uuidParameter(), event: input.event, reason: input.reason, request.programmes)
            }
        }.requires(.permission(.superviseProgrammes))

        // Types and experts.
        routes.get(PagePath.programmeTypes.components) { request in
            page(request, .programmes, try await ProgrammeTypesPage.Model.load(request).view(request.localizer))
        }.requires(.permission(.approveProgrammes))
        routes.post(PagePath.programmeTypes.components) { request -> Response in
            let fields = try request.content.decode(ProgrammeTypesPage.Fields.self)
            do {
                let type: ProgrammeType
                do {
                    type = try JSONDecoder().decode(ProgrammeType.self, from: Data((fields.definition ?? "").utf8))
                } catch let error as DecodingError {
                    throw RequestProblem.validation([FieldProblem(field: "definition", code: "programme.definition",
                                                                  chinese: "类型定义有误：\(ProgrammesAPI.describe(error))",
                                                                  english: "The definition does not read: \(ProgrammesAPI.describe(error))")])
                }
                try await ProgrammeService.saveType(type, active: fields.active != "no", request.programmes)
                return page(request, .programmes, try await ProgrammeTypesPage.Model.load(request, done: request.localizer("programme.type.saved", type.nameZH))
                    .view(request.localizer))
            } catch {
                let (status, text) = try PageActions.refusalText(error, request)
                return PageActions.status(page(request, .programmes, try await ProgrammeTypesPage.Model.load(request, error: text, draft: fields.definition)
                    .view(request.localizer)), status)
            }
        }.requires(.permission(.approveProgrammes))
        routes.get(PagePath.programmeExperts.components) { request in
            page(request, .programmes, try await ProgrammeExpertsPage.Model.load(request).view(request.localizer))
        }.requires(.permission(.approveProgrammes))
        routes.post(PagePath.programmeExpert.components) { request -> Response in
            let fields = try request.content.decode(ProgrammeExpertsPage.Fields.self)
            return try await PageActions.act(request, to: PagePath.programmeExperts.url(), reload: { try await ProgrammeExpertsPage.Model.load(request, error: $0) },
                                             render: { (model: ProgrammeExpertsPage.Model) in page(request, .programmes, model.view(request.localizer)) }) {
                try await ProgrammeService.saveExpertProfile(try request.uuidParameter(), fields.input, request.programmes)
            }
        }.requires(.permission(.approveProgrammes))
    }

    /// A step on a call's page: the page again with what was done, or with the refusal and its status.
    private func callAct(_ request: Request, _ work: () async throws -> String) async throws -> Response {
        do {
            let done = try await work()
            return page(request, .programmes, try await ProgrammeCallPage.Model.load(request, done: done).view(request.localizer))
        } catch {
            let (status, text) = try PageActions.refusalText(error, request)
            return PageActions.status(page(request, .programmes, try await ProgrammeCallPage.Model.load(request, error: text).view(request.localizer)), status)
        }
    }

    private func applicationAct(_ request: Request, _ work: () async throws -> Void) async throws -> Response {
        try await PageActions.act(request, back: PagePath.programmeApplication, reload: { try await ProgrammeApplicationPage.Model.load(request, error: $0) },
                                  render: { (model: ProgrammeApplicationPage.Model) in page(request, .programmes, model.view(request.localizer)) }, work)
    }

    private func reviewAct(_ request: Request, _ work: () async throws -> Void) async throws -> Response {
        try await PageActions.act(request, to: PagePath.programmeReviews.url(), reload: { try await ProgrammeReviewsPage.Model.load(request, error: $0) },
                                  render: { (model: ProgrammeReviewsPage.Model) in page(request, .programmes, model.view(request.localizer)) }, work)
    }

    /// An attachment from the application's page: the upload streamed to a file of its own (at most one byte over the
    /// limit is kept, so a file too large is named as such), then checked by content like the API's.
    private func attach(_ request: Request) async throws -> Response {
        let folder = request.application.settings.workDirectory
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = (folder as NSString).appendingPathComponent("attachment-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try await applicationAct(request) {
            let received: MultipartUpload.Received
            do {
                received = try await MultipartUpload.receive(request, fileField: "file", to: path, limit: AttachmentFormat.maximumBytes + 1)
            } catch MultipartUpload.Problem.tooLarge {
                throw ProgrammeRefusal.attachmentTooLarge(bytes: AttachmentFormat.maximumBytes + 1, maximum: AttachmentFormat.maximumBytes)
            }
            let bytes = Array(FileManager.default.contents(atPath: path) ?? Data())
            try await ProgrammeService.attach(try request.uuidParameter(), key: received.fields["key"] ?? "", name: received.fileName ?? "",
                                              bytes: bytes, request.programmes)
        }
    }
}

struct CallStepFields: Content {
    var action: String?
    var reason: String?
}

struct DecisionFields: Content {
    var decision: String?
    var outcome: String?
    var note: String?
}

struct ResolutionFields: Content {
    var resolution: String?
    var note: String?
    var application: String?
}

extension ProgrammeApplicationPage.Model {
    /// The application's page for a request whose path names another record (an objection's resolution).
    static func load(_ request: Request, error: String?, application: UUID) async throws -> Self {
        request.parameters.set("id", to: application.uuidString)
        return try await load(request, error: error)
    }
}

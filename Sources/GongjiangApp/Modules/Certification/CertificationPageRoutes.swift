import Fluent
import Foundation
import GongjiangCore
import Vapor

/// Pages of certification. Reads are scoped as the API's are; every form posts to a route that runs the same
/// service method as the API, and on a refusal shows the page again with the reason (422 or 409), changing nothing.
struct CertificationPageRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(PagePath.verify.components) { request in
            page(request, .verify, try await VerifyPage.Model.load(request).view(request.localizer))
        }.requires(.everyone)
        routes.get(PagePath.directory.components) { request in
            page(request, .verify, try await DirectoryPage.Model.load(request).view(request.localizer))
        }.requires(.everyone)
        routes.get(PagePath.jwks.components, use: CredentialRoutes.jwks).requires(.everyone)
        routes.get(PagePath.certificateExport.components, use: CertificateExport.csv).requires(.permission(.viewUnmaskedPersonalData))
        routes.post(PagePath.certificateRevocation.components) { request -> Response in
            let input = try request.content.decode(ReasonInput.self)
            return try await PageActions.act(request, back: PagePath.certificate,
                                      reload: { try await CertificateDetail.Model.load(request, error: $0) },
                                      render: { Self.render(request, $0) }) {
                let id = try request.uuidParameter()
                guard let certificate = try await CertificationAPI.certificateInReach(id, request) else {
                    throw try await request.notInScope(Certificate.self, id, entity: .certificate)
                }
                try await CertificationService.revoke(certificate, reason: input.reason, request.certification)
            }
        }.requires(.permission(.readCertification))
        routes.get(PagePath.certificatePrint.components) { request in
            let model = try await CertificatePrint.Model.load(request)
            return page(request, .certificates, model.view(request.localizer), title: model.certificate.number)
        }.requires(.permission(.readRegistry))
        routes.get(PagePath.filings.components) { request in
            page(request, .filings, try await FilingsList.Model.load(request).view(request.localizer))
        }.requires(.permission(.readCertification))
        routes.get(PagePath.newFiling.components) { request in
            page(request, .filings, FilingForm.Model(request: request, values: [:], error: nil, problems: []).view(request.localizer))
        }.requires(.permission(.operateCertification))
        routes.post(PagePath.newFiling.components) { request -> Response in
            let fields = try request.content.decode(FilingForm.Fields.self)
            do {
                let filing = try await CertificationService.submitFiling(fields.input, request.certification)
                return request.redirect(to: PagePath.filing.url(filing.id!.uuidString), redirectType: .normal)
            } catch {
                let (status, message, problems) = try PageActions.refusal(error, request)
                let model = FilingForm.Model(request: request, values: fields.values, error: message, problems: problems)
                return PageActions.status(page(request, .filings, model.view(request.localizer)), status)
            }
        }.requires(.permission(.operateCertification))
        routes.get(PagePath.filingResubmit.components) { request in
            let filing = try await CertificationAPI.filing(request)
            return page(request, .filings, try await FilingForm.Model.correcting(filing, request).view(request.localizer))
        }.requires(.permission(.operateCertification))
        routes.post(PagePath.filingResubmit.components) { request -> Response in
            let filing = try await CertificationAPI.filing(request)
            let fields = try request.content.decode(FilingForm.Fields.self)
            do {
                try await CertificationService.resubmitFiling(filing, fields.input, request.certification)
                return request.redirect(to: PagePath.filing.url(filing.id!.uuidString), redirectType: .normal)
            } catch {
                let (status, message, problems) = try PageActions.refusal(error, request)
                let model = try await FilingForm.Model.correcting(filing, request, error: message, problems: problems, values: fields.values)
                return PageActions.status(page(request, .filings, model.view(request.localizer)), status)
            }
        }.requires(.permission(.operateCertification))
        routes.get(PagePath.filing.components) { request in
            let model = try await FilingDetail.Model.load(request)
            return page(request, .filings, model.view(request.localizer), title: model.filing.organizationName)
        }.requires(.permission(.readCertification))
        routes.post(PagePath.filingStep.components) { request -> Response in
            let input = try request.content.decode(TransitionInput.self)
            return try await PageActions.act(request, back: PagePath.filing, reload: { try await FilingDetail.Model.load(request, error: $0) },
                                      render: { Self.render(request, $0) }) {
                let filing = try await CertificationAPI.filing(request)
                guard let event = input.event.flatMap(FilingEvent.init(rawValue:)) else { throw RequestProblem.badParameter("event") }
                try await CertificationService.step(filing, event, reason: input.reason,
                                                    approval: FilingApproval(ministryCode: input.ministryCode, siteSerial: input.siteSerial),
                                                    request.certification)
            }
        }.requires(.permission(.superviseCertification))

        routes.get(PagePath.plans.components) { request in
            page(request, .plans, try await PlansList.Model.load(request).view(request.localizer))
        }.requires(.permission(.readCertification))
        routes.get(PagePath.newPlan.components) { request in
            page(request, .plans, try await PlanForm.Model.load(request).view(request.localizer))
        }.requires(.permission(.operateCertification))
        routes.post(PagePath.newPlan.components) { request -> Response in
            let fields = try request.content.decode(PlanForm.Fields.self)
            let form = try await PlanForm.Model.load(request)
            do {
                let plan = try await CertificationService.filePlan(fields.input, filing: form.filing, request.certification)
                return request.redirect(to: PagePath.plan.url(plan.id!.uuidString), redirectType: .normal)
            } catch {
                let (status, message, problems) = try PageActions.refusal(error, request)
                let model = try await PlanForm.Model.load(request, values: fields.values, error: message, problems: problems)
                return PageActions.status(page(request, .plans, model.view(request.localizer)), status)
            }
        }.requires(.permission(.operateCertification))
        routes.get(PagePath.plan.components) { request in
            let model = try await PlanDetail.Model.load(request)
            return page(request, .plans, model.view(request.localizer))
        }.requires(.permission(.readCertification))

        let planPage: @Sendable (Request) -> (String?) async throws -> PlanDetail.Model = { request in
            { try await PlanDetail.Model.load(request, error: $0) }
        }
        let renderPlan: @Sendable (Request) -> (PlanDetail.Model) -> Response = { request in
            { Self.render(request, $0) }
        }
        routes.post(PagePath.planStep.components) { request -> Response in
            let input = try request.content.decode(TransitionInput.self)
            return try await PageActions.act(request, back: PagePath.plan, reload: planPage(request), render: renderPlan(request)) {
                let plan = try await CertificationAPI.plan(request)
                guard let event = input.event.flatMap(PlanEvent.init(rawValue:)) else { throw RequestProblem.badParameter("event") }
                try await CertificationService.step(plan, event, reason: input.reason, request.certification)
            }
        }.requires(.permission(.readCertification))
        routes.post(PagePath.planSupervision.components) { request -> Response in
            let input = try request.content.decode(SupervisionInput.self)
            return try await PageActions.act(request, back: PagePath.plan, reload: planPage(request), render: renderPlan(request)) {
                try await CertificationService.supervise(try await CertificationAPI.plan(request), supervised: input.supervised ?? false,
                                                         note: input.note, request.certification)
            }
        }.requires(.permission(.superviseCertification))
        routes.post(PagePath.planCandidates.components) { request -> Response in
            struct Fields: Content {
                var idNumber: String?; var name: String?; var level: String?; var workingSince: String?; var school: String?
                var apprenticeshipCompleted: String?; var overrideReason: String?
            }
            let fields = try request.content.decode(Fields.self)
            return try await PageActions.act(request, back: PagePath.plan, reload: planPage(request), render: renderPlan(request)) {
                let input = CandidateInput(idType: nil, idNumber: fields.idNumber, name: fields.name, level: fields.level,
                                           workingSince: fields.workingSince, schools: fields.school?.nilIfEmpty.map { [$0] } ?? [],
                                           apprenticeshipCompleted: fields.apprenticeshipCompleted == "true",
                                           overrideReason: fields.overrideReason)
                try await CertificationService.registerCandidate(input, plan: try await CertificationAPI.plan(request), request.certification)
            }
        }.requires(.permission(.operateCertification))
        for kind in [CandidateFiles.Kind.candidates, .scores] {
            routes.get(PagePath.fileTemplate(kind).components) { _ in
                CandidateFiles.template(kind).response(fileName: "\(kind.rawValue)-template.csv")
            }.requires(.permission(.operateCertification))
            routes.post(PagePath.planFile(kind).components) { request -> Response in
                let plan = try await CertificationAPI.plan(request)
                do {
                    let outcome = try await CandidateFiles.upload(kind, request, plan: plan)
                    var model = try await PlanDetail.Model.load(request, plan: plan, error: nil)
                    model.fileOutcome = outcome
                    return Self.render(request, model)
                } catch {
                    let (status, text) = try PageActions.refusalText(error, request)
                    return PageActions.status(Self.render(request, try await PlanDetail.Model.load(request, plan: plan, error: text)), status)
                }
            }.requires(.permission(.operateCertification))
        }
        routes.post(PagePath.planObjections.components) { request -> Response in
            struct Fields: Content { var candidateId: String?; var objector: String?; var content: String? }
            let fields = try request.content.decode(Fields.self)
            return try await PageActions.act(request, back: PagePath.plan, reload: planPage(request), render: renderPlan(request)) {
                try await CertificationService.fileObjection(
                    ObjectionInput(candidateId: fields.candidateId.flatMap(UUID.init(uuidString:)), objector: fields.objector,
                                   content: fields.content), plan: try await CertificationAPI.plan(request), request.certification)
            }
        }.requires(.permission(.readCertification))

        // Candidate and objection forms go back to their plan's page.
        routes.post(PagePath.candidateScores.components) { request -> Response in
            try await Self.candidateAction(request) { candidate, plan in
                try await CertificationService.recordScores(try request.content.decode(ScoresInput.self), candidate: candidate, plan: plan,
                                                            request.certification)
            }
        }.requires(.permission(.operateCertification))
        routes.post(PagePath.candidateAmend.components) { request -> Response in
            try await Self.candidateAction(request) { candidate, plan in
                try await CertificationService.amendScores(try request.content.decode(ScoresInput.self), candidate: candidate, plan: plan,
                                                           request.certification)
            }
        }.requires(.permission(.operateCertification))
        routes.post(PagePath.candidateWithdraw.components) { request -> Response in
            try await Self.candidateAction(request) { candidate, plan in
                try await CertificationService.withdraw(candidate, plan: plan, reason: try request.content.decode(ReasonInput.self).reason,
                                                        request.certification)
            }
        }.requires(.permission(.operateCertification))
        routes.post(PagePath.objectionResolution.components) { request -> Response in
            let id = try request.uuidParameter()
            guard let objection = try await ObjectionRecord.find(id, on: request.db),
                  let notice = try await NoticeRecord.find(objection.noticeID, on: request.db),
                  let plan = try await request.certification.queries.plan(notice.subjectID) else {
                throw try await request.notInScope(ObjectionRecord.self, id, entity: .objection)
            }
            let input = try request.content.decode(ObjectionResolution.self)
            return try await PageActions.act(request, to: PagePath.plan.url(plan.id!.uuidString),
                                      reload: { try await PlanDetail.Model.load(request, planID: plan.id!, error: $0) },
                                      render: renderPlan(request)) {
                try await CertificationService.resolveObjection(objection, input, plan: plan, request.certification)
            }
        }.requires(.permission(.superviseCertification))
    }

    /// Runs a candidate's form and goes back to its plan.
    static func candidateAction(_ request: Request,
                                _ work: @escaping @Sendable (PlanCandidate, CertificationPlan) async throws -> Void) async throws -> Response {
        let (candidate, plan) = try await CertificationAPI.candidate(request)
        return try await PageActions.act(request, to: PagePath.plan.url(plan.id!.uuidString),
                             reload: { try await PlanDetail.Model.load(request, planID: plan.id!, error: $0) },
                             render: { Self.render(request, $0) }) {
            try await work(candidate, plan)
        }
    }

    static func render(_ request: Request, _ model: FilingDetail.Model) -> Response {
        page(request, .filings, model.view(request.localizer), title: model.filing.organizationName)
    }

    static func render(_ request: Request, _ model: CertificateDetail.Model) -> Response {
        page(request, .certificates, model.view(request.localizer), title: model.certificate.number)
    }

    static func render(_ request: Request, _ model: PlanDetail.Model) -> Response {
        page(request, .plans, model.view(request.localizer))
    }

}

extension PagePath {
    static let filingStep = PagePath("filings", ":id", "transitions")
    static let filingResubmit = PagePath("filings", ":id", "resubmit")
    static let planStep = PagePath("plans", ":id", "transitions")
    static let planSupervision = PagePath("plans", ":id", "supervision")
    static let planCandidates = PagePath("plans", ":id", "candidates")
    static let planObjections = PagePath("plans", ":id", "objections")
    static let candidateScores = PagePath("candidates", ":id", "scores")
    static let candidateAmend = PagePath("candidates", ":id", "amendments")
    static let candidateWithdraw = PagePath("candidates", ":id", "withdrawal")
    static let objectionResolution = PagePath("objections", ":id", "resolution")

    static func planFile(_ kind: CandidateFiles.Kind) -> PagePath {
        kind == .candidates ? PagePath("plans", ":id", "candidates.csv") : PagePath("plans", ":id", "scores.csv")
    }

    static func fileTemplate(_ kind: CandidateFiles.Kind) -> PagePath {
        kind == .candidates ? PagePath("plans", "candidates-template.csv") : PagePath("plans", "scores-template.csv")
    }
}

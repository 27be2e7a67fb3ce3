import Fluent
import Foundation
import GongjiangCore
import Vapor

/// The training pages: providers, classes with their trainees and attendance, claims and the review queue, the rules;
/// the public course finder and claims notices. Each form goes through the same service method as the API; claim steps
/// carry the form's idempotency key, since the city's approval commits money.
struct TrainingPageRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(PagePath.courses.components) { request in
            page(request, .courses, try await CoursesPage.Model.load(request).view(request.localizer))
        }.requires(.everyone)
        routes.get(PagePath.trainingNotice.components) { request in
            let model = try await ClaimNoticePage.Model.load(request)
            return page(request, .courses, model.view(request.localizer), title: model.notice.title)
        }.requires(.everyone)

        // Providers.
        routes.get(PagePath.trainingProviders.components) { request in
            page(request, .training, try await ProvidersPage.Model.load(request).view(request.localizer))
        }.requires(.permission(.readTraining))
        routes.post(PagePath.trainingProviders.components) { request -> Response in
            let fields = try request.content.decode(ProvidersPage.Fields.self)
            return try await PageActions.act(request, to: PagePath.trainingProviders.url(), reload: { try await ProvidersPage.Model.load(request, error: $0) },
                                             render: { (model: ProvidersPage.Model) in page(request, .training, model.view(request.localizer)) }) {
                _ = try await TrainingService.approveProvider(fields.input, request.training)
            }
        }.requires(.permission(.approveTraining))
        routes.post(PagePath.trainingProviderStep.components) { request -> Response in
            let input = try request.content.decode(StepInput.self)
            return try await PageActions.act(request, to: PagePath.trainingProviders.url(), reload: { try await ProvidersPage.Model.load(request, error: $0) },
                                             render: { (model: ProvidersPage.Model) in page(request, .training, model.view(request.localizer)) }) {
                try await TrainingService.stepProvider(try request.uuidParameter(), event: input.event, reason: input.reason, request.training)
            }
        }.requires(.permission(.approveTraining))

        // Classes.
        routes.get(PagePath.trainingClasses.components) { request in
            page(request, .training, try await ClassesPage.Model.load(request).view(request.localizer))
        }.requires(.permission(.readTraining))
        routes.get(PagePath.newTrainingClass.components) { request in
            page(request, .training, try await ClassForm.Model.load(request).view(request.localizer))
        }.requires(.permission(.operateTraining))
        routes.post(PagePath.newTrainingClass.components) { request -> Response in
            let fields = try request.content.decode(ClassForm.Fields.self)
            do {
                let id = try await TrainingService.fileClass(try fields.input, request.training)
                return request.redirect(to: PagePath.trainingClass.url(id.uuidString), redirectType: .normal)
            } catch {
                let (status, message, problems) = try PageActions.refusal(error, request)
                let model = try await ClassForm.Model.load(request, values: fields.values, error: message, problems: problems)
                return PageActions.status(page(request, .training, model.view(request.localizer)), status)
            }
        }.requires(.permission(.operateTraining))
        routes.get(PagePath.trainingClass.components) { request in
            page(request, .training, try await ClassPage.Model.load(request).view(request.localizer))
        }.requires(.permission(.readTraining))
        routes.post(PagePath.trainingClassStep.components) { request -> Response in
            let input = try request.content.decode(StepInput.self)
            return try await PageActions.act(request, back: PagePath.trainingClass, reload: { try await ClassPage.Model.load(request, error: $0) },
                                             render: { (model: ClassPage.Model) in page(request, .training, model.view(request.localizer)) }) {
                try await TrainingService.stepClass(try request.uuidParameter(), event: input.event, reason: input.reason, request.training)
            }
        }.requires(.permission(.readTraining))
        routes.post(PagePath.trainingEnrolments.components) { request -> Response in
            let input = try request.content.decode(EnrolmentInput.self)
            return try await PageActions.act(request, back: PagePath.trainingClass, reload: { try await ClassPage.Model.load(request, error: $0) },
                                             render: { (model: ClassPage.Model) in page(request, .training, model.view(request.localizer)) }) {
                _ = try await TrainingService.enrol(try request.uuidParameter(), input, request.training)
            }
        }.requires(.permission(.operateTraining))
        routes.post(PagePath.enrolmentAttendance.components) { request -> Response in
            struct Fields: Content { var attendedHours: String? }
            let fields = try request.content.decode(Fields.self)
            let enrolmentID = try request.uuidParameter()
            // Back to the enrolment's class, found in the caller's scope (another provider's enrolment is a 404).
            guard let classID = try await request.db.sql.raw("SELECT class_id FROM training_enrolments WHERE id = \(bind: enrolmentID)").first()?
                .decode(column: "class_id", as: UUID.self) else { throw RequestProblem.notFound }
            _ = try await TrainingService.visibleClass(classID, request.training)
            return try await PageActions.act(request, to: PagePath.trainingClass.url(classID.uuidString),
                                             reload: { try await ClassPage.Model.load(request, id: classID, error: $0) },
                                             render: { (model: ClassPage.Model) in page(request, .training, model.view(request.localizer)) }) {
                guard let hours = fields.attendedHours.flatMap({ Int($0) }) else {
                    throw RequestProblem.validation([FieldProblem(field: "attendedHours", code: "attendance.hours", chinese: "出勤课时应为整数",
                                                                  english: "Attended hours are a whole number")])
                }
                try await TrainingService.recordAttendance(enrolmentID, hours: hours, request.training)
            }
        }.requires(.permission(.operateTraining))
        for kind in TrainingFiles.Kind.allCases {
            routes.get(PagePath.trainingFileTemplate(kind).components) { _ in
                RowFiles.template(kind.columns).response(fileName: "\(kind.rawValue)-template.csv")
            }.requires(.permission(.operateTraining))
            routes.post(PagePath.trainingClassFile(kind).components) { request -> Response in
                let classID = try request.uuidParameter()
                _ = try await TrainingService.visibleClass(classID, request.training)
                do {
                    let outcome = try await RowFiles.receive(request, prefix: kind.rawValue) { path in
                        try await TrainingFiles.run(kind, path: path, classID: classID, request.training)
                    }
                    var model = try await ClassPage.Model.load(request, id: classID)
                    model.fileOutcome = outcome
                    return page(request, .training, model.view(request.localizer))
                } catch {
                    let (status, text) = try PageActions.refusalText(error, request)
                    return PageActions.status(page(request, .training, try await ClassPage.Model.load(request, id: classID, error: text)
                        .view(request.localizer)), status)
                }
            }.requires(.permission(.operateTraining))
        }

        // Claims.
        routes.get(PagePath.trainingClaims.components) { request in
            page(request, .training, try await ClaimsPage.Model.load(request).view(request.localizer))
        }.requires(.permission(.readTraining))
        routes.post(PagePath.trainingClaims.components) { request -> Response in
            let fields = try request.content.decode(ClaimsPage.FileFields.self)
            do {
                let number = fields.certificateNumber?.trimmingCharacters(in: .whitespaces).uppercased() ?? ""
                let certificate = try await Certificate.query(on: request.db).filter(\.$number == number).first()
                guard let certificate else {
                    throw RequestProblem.validation([FieldProblem(field: "certificateNumber", code: "claim.certificate-unknown",
                                                                  chinese: "登记库中没有该证书", english: "No such certificate in the registry")])
                }
                let id = try await TrainingService.fileClaim(ClaimInput(certificateId: certificate.id, payee: fields.payee, payeeAccount: fields.payeeAccount),
                                                             request.training)
                return request.redirect(to: PagePath.trainingClaim.url(id.uuidString), redirectType: .normal)
            } catch {
                let (status, text) = try PageActions.refusalText(error, request)
                return PageActions.status(page(request, .training, try await ClaimsPage.Model.load(request, error: text).view(request.localizer)), status)
            }
        }.requires(.permission(.readTraining))
        routes.get(PagePath.trainingClaimsTemplate.components) { _ in
            RowFiles.template(TrainingFiles.claimColumns).response(fileName: "claims-template.csv")
        }.requires(.permission(.readTraining))
        routes.post(PagePath.trainingClaimsFile.components) { request -> Response in
            do {
                let outcome = try await RowFiles.receive(request, prefix: "claims") { path in
                    try await TrainingFiles.fileClaims(path: path, request.training)
                }
                var model = try await ClaimsPage.Model.load(request)
                model.fileOutcome = outcome
                return page(request, .training, model.view(request.localizer))
            } catch {
                let (status, text) = try PageActions.refusalText(error, request)
                return PageActions.status(page(request, .training, try await ClaimsPage.Model.load(request, error: text).view(request.localizer)), status)
            }
        }.requires(.permission(.readTraining))
        routes.post(PagePath.trainingClaimsStep.components) { request -> Response in
            let fields = try request.content.decode(ClaimsPage.StepFields.self)
            let ids = (fields.claimIds ?? []).compactMap(UUID.init(uuidString:))
            let t = request.localizer
            do {
                guard !ids.isEmpty else {
                    throw RequestProblem.validation([FieldProblem(field: "claimIds", code: "claim.none-selected", chinese: "请勾选要办理的申领",
                                                                  english: "Tick the claims to act on")])
                }
                let formFields = ["event": fields.event ?? "", "reason": fields.reason ?? "", "claims": ids.map(\.uuidString).sorted().joined(separator: ",")]
                let base = request.training
                let (text, replayed) = try await Idempotent.form(request, fields: formFields) { ledger in
                    var context = base
                    context.within = ledger.within
                    let outcome = try await TrainingService.stepClaims(ids, event: fields.event, reason: fields.reason, context)
                    return String(outcome.ids.count)
                }
                let done = replayed ? t("ledger.result.replayed") : t("training.claims.done", text, t("training.claim.event.\(fields.event ?? "")"))
                return page(request, .training, try await ClaimsPage.Model.load(request, done: done).view(t))
            } catch {
                let (status, text) = try PageActions.refusalText(error, request)
                return PageActions.status(page(request, .training, try await ClaimsPage.Model.load(request, error: text).view(t)), status)
            }
        }.requires(.permission(.readTraining))
        routes.get(PagePath.trainingClaim.components) { request in
            page(request, .training, try await ClaimPage.Model.load(request).view(request.localizer))
        }.requires(.permission(.readTraining))
        routes.post(PagePath.trainingClaimStep.components) { request -> Response in
            let input = try request.content.decode(StepInput.self)
            let id = try request.uuidParameter()
            let back = PagePath.trainingClaim.url(id.uuidString)
            do {
                let base = request.training
                _ = try await Idempotent.form(request, fields: ["event": input.event ?? "", "reason": input.reason ?? ""]) { ledger in
                    var context = base
                    context.within = ledger.within
                    try await TrainingService.stepClaim(id, event: input.event, reason: input.reason, context)
                    return back
                }
                return request.redirect(to: back, redirectType: .normal)
            } catch {
                let (status, text) = try PageActions.refusalText(error, request)
                return PageActions.status(page(request, .training, try await ClaimPage.Model.load(request, error: text).view(request.localizer)), status)
            }
        }.requires(.permission(.readTraining))

        // The rules.
        routes.get(PagePath.trainingPolicy.components) { request in
            page(request, .training, try await PolicyPage.Model.load(request).view(request.localizer))
        }.requires(.permission(.readTraining))
        routes.post(PagePath.trainingPolicyVersions.components) { request -> Response in
            let fields = try request.content.decode(PolicyPage.VersionFields.self)
            return try await PageActions.act(request, to: PagePath.trainingPolicy.url(), reload: { try await PolicyPage.Model.load(request, error: $0) },
                                             render: { (model: PolicyPage.Model) in page(request, .training, model.view(request.localizer)) }) {
                try await TrainingService.addPolicyVersion(fields.input, request.training)
            }
        }.requires(.permission(.approveTraining))
        routes.post(PagePath.trainingPolicyCategories.components) { request -> Response in
            let fields = try request.content.decode(PolicyPage.CategoryFields.self)
            return try await PageActions.act(request, to: PagePath.trainingPolicy.url(), reload: { try await PolicyPage.Model.load(request, error: $0) },
                                             render: { (model: PolicyPage.Model) in page(request, .training, model.view(request.localizer)) }) {
                try await TrainingService.saveCategory(CategoryInput(code: fields.code, nameZh: fields.nameZh, nameEn: fields.nameEn,
                                                                     isActive: fields.isActive != "false"), request.training)
            }
        }.requires(.permission(.approveTraining))
    }
}

extension Section {
    static let training = Section("training", title: "training.nav")
    static let courses = Section("courses", title: "training.nav.courses")
}

extension PagePath {
    static let courses = PagePath("courses")
    static let trainingNotice = PagePath("notices", "training", ":id")
    static let trainingProviders = PagePath("training", "providers")
    static let trainingProviderStep = PagePath("training", "providers", ":id", "transitions")
    static let trainingClasses = PagePath("training", "classes")
    static let newTrainingClass = PagePath("training", "classes", "new")
    static let trainingClass = PagePath("training", "classes", ":id")
    static let trainingClassStep = PagePath("training", "classes", ":id", "transitions")
    static let trainingEnrolments = PagePath("training", "classes", ":id", "enrolments")
    static let enrolmentAttendance = PagePath("training", "enrolments", ":id", "attendance")
    static let trainingClaims = PagePath("training", "claims")
    static let trainingClaimsStep = PagePath("training", "claims", "transitions")
    static let trainingClaimsFile = PagePath("training", "claims", "file")
    static let trainingClaimsTemplate = PagePath("training", "claims", "template.csv")
    static let trainingClaim = PagePath("training", "claims", ":id")
    static let trainingClaimStep = PagePath("training", "claims", ":id", "transitions")
    static let trainingPolicy = PagePath("training", "policy")
    static let trainingPolicyVersions = PagePath("training", "policy", "versions")
    static let trainingPolicyCategories = PagePath("training", "policy", "categories")

    static func trainingClassFile(_ kind: TrainingFiles.Kind) -> PagePath {
        PagePath("training", "classes", ":id", "files", PathComponent(stringLiteral: kind.rawValue))
    }

    static func trainingFileTemplate(_ kind: TrainingFiles.Kind) -> PagePath {
        PagePath("training", "templates", PathComponent(stringLiteral: "\(kind.rawValue).csv"))
    }
}

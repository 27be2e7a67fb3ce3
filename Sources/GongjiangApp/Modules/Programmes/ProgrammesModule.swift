import Foundation
import GongjiangCore
import Vapor

/// Incentive programmes (激励, issue 13): programme types as data, the year's calls with their quotas and budgets,
/// applications with eligibility checked from the registry and attachments checked by content, the district's first
/// review and the city's eligibility review. Expert review, the notice, approval, funding and titles build on these.
struct ProgrammesModule: GongjiangModule {
    var name: String { "programme" }

    var navigation: [NavigationEntry] {
        [NavigationEntry(section: .programmes, path: PagePath.programmes.url(), requirement: .everyone)]
    }

    func pageRoutes(_ routes: any RoutesBuilder) throws {
        try routes.register(collection: ProgrammePageRoutes())
    }

    func apiRoutes(_ api: any RoutesBuilder) throws {
        let handlers = ProgrammesAPI()
        api.get("programme-types", use: handlers.types).requires(.permission(.readProgrammes))
        api.get("programme-types", ":code", use: handlers.type).requires(.permission(.readProgrammes))
        api.put("programme-types", ":code", use: handlers.saveType).requires(.permission(.approveProgrammes))
        api.get("programme-calls", use: handlers.calls).requires(.permission(.readProgrammes))
        api.post("programme-calls", use: handlers.createCall).requires(.permission(.approveProgrammes))
        api.get("programme-calls", ":id", use: handlers.call).requires(.permission(.readProgrammes))
        api.post("programme-calls", ":id", "transitions", use: handlers.stepCall).requires(.permission(.approveProgrammes))
        api.get("public", "programme-calls", use: handlers.publicCalls).requires(.everyone)
        api.post("programme-eligibility", use: handlers.eligibility).requires(.permission(.applyProgrammes))
        api.get("programme-applications", use: handlers.applications).requires(.permission(.readProgrammes))
        api.post("programme-applications", use: handlers.createApplication).requires(.permission(.applyProgrammes))
        api.get("programme-applications", ":id", use: handlers.application).requires(.permission(.readProgrammes))
        api.put("programme-applications", ":id", "form", use: handlers.updateForm).requires(.permission(.applyProgrammes))
        // A 10 MB file is about 13.4 MB in Base64.
        api.on(.PUT, "programme-applications", ":id", "attachments", ":key", body: .collect(maxSize: "14mb"), use: handlers.attach)
            .requires(.permission(.applyProgrammes))
        api.get("programme-applications", ":id", "attachments", ":key", use: handlers.attachment).requires(.permission(.readProgrammes))
        api.post("programme-applications", ":id", "transitions", use: handlers.stepApplication).requires(.permission(.readProgrammes))
        // Review.
        api.put("expert-profiles", ":id", use: handlers.saveExpertProfile).requires(.permission(.approveProgrammes))
        api.post("programme-calls", ":id", "review", use: handlers.startReview).requires(.permission(.approveProgrammes))
        api.get("programme-reviews", use: handlers.assignments).requires(.permission(.reviewProgrammes))
        api.get("programme-reviews", ":id", "attachments", ":key", use: handlers.assignedAttachment).requires(.permission(.reviewProgrammes))
        api.post("programme-reviews", ":id", "declaration", use: handlers.declare).requires(.permission(.reviewProgrammes))
        api.put("programme-reviews", ":id", "scores", use: handlers.score).requires(.permission(.reviewProgrammes))
        api.post("programme-calls", ":id", "ranking", use: handlers.closeScoring).requires(.permission(.approveProgrammes))
        // The notice.
        api.post("programme-calls", ":id", "notice", use: handlers.publishNotice).requires(.permission(.approveProgrammes))
        api.post("programme-calls", ":id", "objections", use: handlers.fileObjection).requires(.permission(.superviseProgrammes))
        api.post("programme-objections", ":id", "resolution", use: handlers.resolveObjection).requires(.permission(.approveProgrammes))
        api.post("programme-calls", ":id", "notice-conclusion", use: handlers.concludeNotice).requires(.permission(.approveProgrammes))
        // Decisions, titles and funding.
        api.post("programme-applications", ":id", "approval", use: handlers.decide).requires(.permission(.approveProgrammes))
        api.post("programme-applications", ":id", "recommendation", use: handlers.decide).requires(.permission(.approveProgrammes))
        api.post("programme-applications", ":id", "upstream-outcome", use: handlers.decide).requires(.permission(.approveProgrammes))
        api.get("programme-titles", use: handlers.titles).requires(.permission(.readProgrammes))
        // A record's titles: whoever may read the person or organization in the registry, within their scope.
        api.get("persons", ":id", "titles", use: handlers.personTitles).requires(.permission(.readRegistry))
        api.get("organizations", ":id", "titles", use: handlers.organizationTitles).requires(.permission(.readRegistry))
        api.post("programme-titles", use: handlers.recordHonour).requires(.permission(.approveProgrammes))
        api.post("programme-titles", ":id", "transitions", use: handlers.stepTitle).requires(.permission(.superviseProgrammes))
        api.post("programme-titles", ":id", "payments", use: handlers.payTitle).requires(.permission(.approveProgrammes))
        api.post("programme-payments", use: handlers.payAll).requires(.permission(.approveProgrammes))
    }

    var openAPI: OpenAPIFragment { OpenAPIDocument.programmes }

    func buildDemo(_ demo: DemoContext) async throws -> [String] {
        try await ProgrammeDemo(demo).build()
    }
}

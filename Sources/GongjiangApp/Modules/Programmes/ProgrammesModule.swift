import Foundation
import GongjiangCore
import Vapor

/// Incentive programmes (激励, issue 13): programme types as data, the year's calls with their quotas and budgets,
/// applications with eligibility checked from the registry and attachments checked by content, the district's first
/// review and the city's eligibility review. Expert review, the notice, approval, funding and titles build on these.
struct ProgrammesModule: GongjiangModule {
    var name: String { "programmes" }

    var navigation: [NavigationEntry] { [] }

    func pageRoutes(_ routes: any RoutesBuilder) throws {}

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
        api.post("programme-applications", "eligibility", use: handlers.eligibility).requires(.permission(.applyProgrammes))
        api.get("programme-applications", use: handlers.applications).requires(.permission(.readProgrammes))
        api.post("programme-applications", use: handlers.createApplication).requires(.permission(.applyProgrammes))
        api.get("programme-applications", ":id", use: handlers.application).requires(.permission(.readProgrammes))
        api.put("programme-applications", ":id", "form", use: handlers.updateForm).requires(.permission(.applyProgrammes))
        // A 10 MB file is about 13.4 MB in Base64.
        api.on(.PUT, "programme-applications", ":id", "attachments", ":key", body: .collect(maxSize: "14mb"), use: handlers.attach)
            .requires(.permission(.applyProgrammes))
        api.get("programme-applications", ":id", "attachments", ":key", use: handlers.attachment).requires(.permission(.readProgrammes))
        api.post("programme-applications", ":id", "transitions", use: handlers.stepApplication).requires(.permission(.readProgrammes))
    }

    var openAPI: OpenAPIFragment { OpenAPIDocument.programmes }
}

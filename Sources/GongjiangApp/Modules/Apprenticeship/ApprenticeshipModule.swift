import Foundation
import GongjiangCore
import Vapor

/// Enterprise apprenticeships (企业新型学徒制): class plans with a school or provider approved by the district,
/// apprentices under checked agreements, stage assessments, completion read from the registry, the subsidy advanced
/// on approval and settled through the ledger, the city's yearly targets.
struct ApprenticeshipModule: GongjiangModule {
    var name: String { "apprenticeship" }

    var navigation: [NavigationEntry] {
        [NavigationEntry(section: .apprenticeship, path: PagePath.apprenticeshipPlans.url(), requirement: .permission(.readApprenticeship))]
    }

    func pageRoutes(_ routes: any RoutesBuilder) throws {
        try routes.register(collection: ApprenticeshipPageRoutes())
    }

    func apiRoutes(_ api: any RoutesBuilder) throws {
        let handlers = ApprenticeshipAPI()
        api.get("apprenticeship-plans", use: handlers.plans).requires(.permission(.readApprenticeship))
        api.post("apprenticeship-plans", use: handlers.filePlan).requires(.permission(.operateApprenticeship))
        api.get("apprenticeship-plans", ":id", use: handlers.plan).requires(.permission(.readApprenticeship))
        api.put("apprenticeship-plans", ":id", use: handlers.amendPlan).requires(.permission(.operateApprenticeship))
        api.post("apprenticeship-plans", ":id", "transitions", use: handlers.stepPlan).requires(.permission(.readApprenticeship))
        api.post("apprenticeship-plans", ":id", "settlement", use: handlers.settle).requires(.permission(.approveApprenticeship))
        api.post("apprenticeship-plans", ":id", "completions", use: handlers.completions).requires(.permission(.readApprenticeship))
        api.get("apprenticeship-plans", ":id", "apprentices", use: handlers.apprentices).requires(.permission(.readApprenticeship))
        api.post("apprenticeship-plans", ":id", "apprentices", use: handlers.addApprentice).requires(.permission(.operateApprenticeship))
        api.post("apprentices", ":id", "changes", use: handlers.changeAgreement).requires(.permission(.operateApprenticeship))
        api.post("apprentices", ":id", "assessments", use: handlers.recordAssessment).requires(.permission(.operateApprenticeship))
        api.post("apprentices", ":id", "exit", use: handlers.exit).requires(.permission(.readApprenticeship))
        api.get("apprenticeship-policies", use: handlers.policies).requires(.permission(.readApprenticeship))
        api.post("apprenticeship-policies", use: handlers.addPolicy).requires(.permission(.approveApprenticeship))
        api.get("apprenticeship-targets", ":year", use: handlers.targets).requires(.permission(.readApprenticeship))
        api.put("apprenticeship-targets", ":year", use: handlers.setTargets).requires(.permission(.approveApprenticeship))
    }

    var openAPI: OpenAPIFragment { OpenAPIDocument.apprenticeship }

    func buildDemo(_ demo: DemoContext) async throws -> [String] {
        let lines = try await ApprenticeshipDemo(demo).build()
        guard demo.scale == .city, !lines.contains(where: { $0.hasPrefix("沿用") }) else { return lines }
        let history = try await ApprenticeshipHistory(demo: demo).build()
        return lines + ["学徒制历史 / apprenticeship history: \(history.plans) 个计划 plans, \(history.apprentices) 名学徒 apprentices, "
                        + "\(history.settled) 个已结算 settled"]
    }
}

extension Section {
    static let apprenticeship = Section("apprenticeship", title: "apprenticeship.nav")
}

import Foundation
import GongjiangCore
import Vapor

/// Subsidised training (补贴性职业技能培训): providers, classes, enrolment, attendance, completion, subsidy claims with
/// review, notice and approval paid through the ledger, fraud signals, the course finder.
struct TrainingModule: GongjiangModule {
    var name: String { "training" }

    var navigation: [NavigationEntry] {
        [
            NavigationEntry(section: .training, path: PagePath.trainingClaims.url(), requirement: .permission(.readTraining)),
            NavigationEntry(section: .courses, path: PagePath.courses.url(), requirement: .everyone),
        ]
    }

    func pageRoutes(_ routes: any RoutesBuilder) throws {
        try routes.register(collection: TrainingPageRoutes())
    }

    func apiRoutes(_ api: any RoutesBuilder) throws {
        let handlers = TrainingAPI()
        api.get("training-providers", use: handlers.providers).requires(.permission(.readTraining))
        api.post("training-providers", use: handlers.approveProvider).requires(.permission(.approveTraining))
        api.post("training-providers", ":id", "transitions", use: handlers.stepProvider).requires(.permission(.approveTraining))
        api.get("training-classes", use: handlers.classes).requires(.permission(.readTraining))
        api.post("training-classes", use: handlers.fileClass).requires(.permission(.operateTraining))
        api.get("training-classes", ":id", use: handlers.trainingClass).requires(.permission(.readTraining))
        api.post("training-classes", ":id", "transitions", use: handlers.stepClass).requires(.permission(.readTraining))
        api.get("training-classes", ":id", "enrolments", use: handlers.enrolments).requires(.permission(.readTraining))
        api.post("training-classes", ":id", "enrolments", use: handlers.enrol).requires(.permission(.operateTraining))
        api.put("enrolments", ":id", "attendance", use: handlers.attendance).requires(.permission(.operateTraining))
        api.get("training-claims", use: handlers.claims).requires(.permission(.readTraining))
        api.post("training-claims", use: handlers.fileClaim).requires(.permission(.readTraining))
        // Not under /training-claims: GET /training-claims/{id} would take "transitions" for an id.
        api.post("training-claim-transitions", use: handlers.stepClaims).requires(.permission(.readTraining))
        api.get("training-claims", ":id", use: handlers.claim).requires(.permission(.readTraining))
        api.post("training-claims", ":id", "transitions", use: handlers.stepClaim).requires(.permission(.readTraining))
        api.post("skill-upgrade-subsidies", use: handlers.recordSkillUpgradeSubsidy).requires(.permission(.superviseTraining))
        api.get("public", "training-classes", use: handlers.finder).requires(.everyone)
    }

    var openAPI: OpenAPIFragment { OpenAPIDocument.training }

    func buildDemo(_ demo: DemoContext) async throws -> [String] {
        let lines = try await TrainingDemo(demo).build()
        guard demo.scale == .city, !lines.contains(where: { $0.hasPrefix("沿用") }) else { return lines }
        let history = try await TrainingHistory(demo: demo).build()
        return lines + ["培训历史 / training history \(history.years.map(String.init).joined(separator: ", ")): \(history.classes) 个班 classes, "
                        + "\(history.filed) 笔申领 claims filed (\(history.refused) 笔不符 refused; 往年 \(history.imported) 笔经批量写入 past years' by the bulk path), "
                        + "\(history.paid) 笔已支付 paid; 专账校验通过 ledger verified"]
    }
}

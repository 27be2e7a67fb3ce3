import Foundation
import GongjiangCore
import Vapor

extension Section {
    static let filings = Section("filings", title: "certification.nav.filings")
    static let plans = Section("plans", title: "certification.nav.plans")
    static let verify = Section("verify", title: "certification.nav.verify")
}

/// Skill-level certification (职业技能等级认定): filing of evaluation organizations, plans, candidates, scores, the
/// results notice, certificate issue and revocation, and public verification.
struct CertificationModule: GongjiangModule {
    var name: String { "certification" }

    var navigation: [NavigationEntry] {
        [
            NavigationEntry(section: .filings, path: PagePath.filings.url(), requirement: .permission(.readCertification)),
            NavigationEntry(section: .plans, path: PagePath.plans.url(), requirement: .permission(.readCertification)),
            NavigationEntry(section: .verify, path: PagePath.verify.url(), requirement: .everyone),
        ]
    }

    func pageRoutes(_ routes: any RoutesBuilder) throws {
        try routes.register(collection: CertificationPageRoutes())
    }

    func apiRoutes(_ api: any RoutesBuilder) throws {
        let handlers = CertificationAPI()
        api.get("filings", use: handlers.filings).requires(.permission(.readCertification))
        api.post("filings", use: handlers.submitFiling).requires(.permission(.operateCertification))
        api.get("filings", ":id", use: handlers.filing).requires(.permission(.readCertification))
        api.put("filings", ":id", use: handlers.resubmitFiling).requires(.permission(.operateCertification))
        api.post("filings", ":id", "transitions", use: handlers.filingTransition).requires(.permission(.superviseCertification))
        api.get("plans", use: handlers.plans).requires(.permission(.readCertification))
        api.post("plans", use: handlers.filePlan).requires(.permission(.operateCertification))
        api.get("plans", ":id", use: handlers.plan).requires(.permission(.readCertification))
        api.post("plans", ":id", "transitions", use: handlers.planTransition).requires(.permission(.readCertification))
        api.post("plans", ":id", "supervision", use: handlers.supervise).requires(.permission(.superviseCertification))
        api.get("plans", ":id", "candidates", use: handlers.candidates).requires(.permission(.readCertification))
        api.post("plans", ":id", "candidates", use: handlers.registerCandidate).requires(.permission(.operateCertification))
        api.get("plans", ":id", "notice", use: handlers.notice).requires(.permission(.readCertification))
        api.post("plans", ":id", "objections", use: handlers.fileObjection).requires(.permission(.readCertification))
        api.put("candidates", ":id", "scores", use: handlers.recordScores).requires(.permission(.operateCertification))
        api.post("candidates", ":id", "amendments", use: handlers.amendScores).requires(.permission(.operateCertification))
        api.post("candidates", ":id", "withdrawal", use: handlers.withdraw).requires(.permission(.operateCertification))
        api.post("objections", ":id", "resolution", use: handlers.resolveObjection).requires(.permission(.superviseCertification))
        api.post("certificates", ":id", "revocation", use: handlers.revoke).requires(.permission(.readCertification))
        api.get("occupations", ":code", "conditions", use: handlers.conditions).requires(.permission(.readCertification))
        api.post("occupations", ":code", "conditions", use: handlers.setConditions).requires(.permission(.approveCertification))
        api.get("certification-policies", use: handlers.policies).requires(.permission(.readCertification))
        api.post("certification-policies", use: handlers.setPolicy).requires(.permission(.approveCertification))
        api.get("public", "evaluation-organizations", use: handlers.directory).requires(.everyone)
        api.get("public", "certificates", ":number", use: PublicVerification.api).requires(.everyone)
        api.get("certificates", ":id", "credential", use: CredentialRoutes.credential).requires(.permission(.readRegistry))
    }

    var openAPI: OpenAPIFragment { OpenAPIDocument.certification }

    func buildDemo(_ demo: DemoContext) async throws -> [String] {
        let lines = try await CertificationDemo(demo).build()
        guard demo.scale == .city, !lines.contains(where: { $0.hasPrefix("沿用") }) else { return lines }
        let year = try await CertificationHistory(demo: demo).build()
        return lines + ["\(demo.today.year) 年认定 / this year's certification: \(year.filings) 家评价中心 centres, \(year.plans) 个计划 plans, "
                        + "\(year.candidates) 名考生 candidates (\(year.refused) 名重复 duplicates refused), \(year.issued) 本证书已颁发 certificates issued, "
                        + "\(year.inFlight) 个计划公示中 plans in notice"]
    }
}

extension PagePath {
    static let filings = PagePath("filings")
    static let filing = PagePath("filings", ":id")
    static let newFiling = PagePath("filings", "new")
    static let plans = PagePath("plans")
    static let plan = PagePath("plans", ":id")
    static let newPlan = PagePath("plans", "new")
    static let directory = PagePath("evaluation-organizations")
    static let verify = PagePath("verify")
    static let jwks = PagePath(".well-known", "jwks.json")
    static let certificatePrint = PagePath("certificates", ":id", "print")
    static let certificateExport = PagePath("certificates", "export.csv")
    static let certificateRevocation = PagePath("certificates", ":id", "revocation")
}

import Fluent
import Foundation
@testable import GongjiangApp
import GongjiangCore
import Vapor

/// A filed, approved evaluation organization in 崇川区 (320602), with one site, ready for plans; and contexts to act
/// as the organization, the district and the city on a chosen day.
struct CertificationWorld {
    let app: Application
    let organization: Organization
    let filing: EvaluationFiling
    let site: FilingSite
    /// The day the city approved the filing.
    let approvedOn: CivilDate

    static let occupation = "6-18-02-04"

    func context(_ scope: Scope, _ actor: WorkflowActor, on day: CivilDate) -> CertificationContext {
        var audit = AuditEvent(actor: "test-\(actor.rawValue)", entity: .filing, action: .create)
        audit.occurredAt = ChinaTime.start(of: day).addingTimeInterval(9 * 3600)
        return CertificationContext(database: app.db, scope: scope, actor: actor, audit: audit, today: day, vault: app.vault,
                                    verificationCache: app.verificationCache)
    }

    func asOrganization(on day: CivilDate) -> CertificationContext { context(.organization(organization.id!), .organization, on: day) }
    func asDistrict(on day: CivilDate) -> CertificationContext { context(.districts(["320602"]), .district, on: day) }
    func asCity(on day: CivilDate) -> CertificationContext { context(.city, .city, on: day) }

    static func day(_ text: String) -> CivilDate { try! CivilDate(parsing: text) }

    static func filingInput(type: EvaluationOrganizationType = .social, levels: [SkillLevel] = [.level5, .level4, .level3, .level2]) -> FilingInput {
        FilingInput(organizationId: nil, type: type.rawValue,
                    scope: levels.map { .init(occupationCode: occupation, level: $0.code) },
                    sites: [.init(name: "第一考场", address: "南通市崇川区工农路 1 号")],
                    examiners: [.init(name: "王考评", examinerNumber: "KP3200000001", occupationCode: occupation)],
                    contactName: "李联系", contactPhone: "13912345678")
    }

    /// A new evaluation organization in 崇川区, not yet filed, and the world it would act in.
    static func unfiled(_ app: Application, name: String = "南通测试职业技能评价中心\(UUID().uuidString.prefix(4))",
                        approvedOn: CivilDate = day("2025-01-06")) async throws -> CertificationWorld {
        let organization = Organization()
        organization.uscc = Fixture.creditCode(Int.random(in: 1...999_999_999))
        organization.name = name
        organization.kindCode = OrganizationKind.evaluationOrganization.rawValue
        organization.districtCode = "320602"
        try await organization.create(on: app.db)
        return CertificationWorld(app: app, organization: organization, filing: EvaluationFiling(), site: FilingSite(), approvedOn: approvedOn)
    }

    /// Files, reviews and approves an organization on `approvedOn`.
    static func make(_ app: Application, approvedOn: CivilDate = day("2025-01-06"), type: EvaluationOrganizationType = .social,
                     levels: [SkillLevel] = [.level5, .level4, .level3, .level2], siteSerial: String = "100001") async throws -> CertificationWorld {
        var world = try await unfiled(app, approvedOn: approvedOn)
        let organization = world.organization
        let filing = try await CertificationService.submitFiling(filingInput(type: type, levels: levels), world.asOrganization(on: approvedOn))
        try await CertificationService.step(filing, .districtApprove, reason: nil, approval: nil, world.asDistrict(on: approvedOn))
        try await CertificationService.step(filing, .cityApprove, reason: nil,
                                            approval: FilingApproval(ministryCode: "0000", siteSerial: siteSerial), world.asCity(on: approvedOn))
        let site = try await FilingSite.query(on: app.db).filter(\.$filingID == filing.id!).first()!
        world = CertificationWorld(app: app, organization: organization, filing: filing, site: site, approvedOn: approvedOn)
        return world
    }

    /// A plan filed on `filedOn`, with exams `lead` days later.
    func plan(levels: [SkillLevel] = [.level5], filedOn: CivilDate, lead: Int = 12) async throws -> CertificationPlan {
        try await CertificationService.filePlan(
            PlanInput(occupationCode: Self.occupation, levels: levels.map(\.code), siteId: site.id,
                      examFrom: filedOn.adding(days: lead).description, examTo: nil, expectedCandidates: 50),
            filing: filing, asOrganization(on: filedOn))
    }

    /// A candidate for level 5 who has worked in the occupation for three years.
    func candidate(_ plan: CertificationPlan, sequence: Int, name: String = "张三", level: SkillLevel = .level5,
                   on day: CivilDate, override: String? = nil) async throws -> PlanCandidate {
        try await CertificationService.registerCandidate(
            CandidateInput(idType: nil, idNumber: Fixture.residentID(sequence: sequence), name: name, level: level.code,
                           workingSince: day.adding(years: -3).description, schools: nil, apprenticeshipCompleted: nil,
                           overrideReason: override),
            plan: plan, asOrganization(on: day))
    }

    /// The plan's last exam day, when scores may be entered.
    func examDay(_ plan: CertificationPlan) -> CivilDate { Self.day(plan.examTo) }

    /// Runs a plan from scores to issued certificates: every candidate passes, the notice runs its five working days.
    /// Scores go in on the last exam day (or `day`, if later).
    func issue(_ plan: CertificationPlan, candidates: [PlanCandidate], on day: CivilDate) async throws -> CivilDate {
        let day = max(day, examDay(plan))
        for candidate in candidates {
            let review: String? = ExamRules.national.parts(for: candidate.level).contains(.review) ? "75" : nil
            try await CertificationService.recordScores(ScoresInput(theory: "80", practical: "72.5", review: review),
                                                        candidate: candidate, plan: plan, asOrganization(on: day))
        }
        try await CertificationService.step(plan, .submitResults, reason: nil, asOrganization(on: day))
        try await CertificationService.step(plan, .publishNotice, reason: nil, asOrganization(on: day))
        let notice = try await NoticeRecord.find(plan.noticeID, on: app.db)!
        let after = Self.day(notice.lastDay!).adding(days: 1)
        try await CertificationService.step(plan, .concludeNotice, reason: nil, asOrganization(on: after))
        try await CertificationService.step(plan, .issue, reason: nil, asOrganization(on: after))
        return after
    }
}

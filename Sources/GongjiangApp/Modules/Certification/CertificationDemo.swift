import Fluent
import Foundation
import GongjiangCore
import Vapor

/// The certification part of the demo city, made through `CertificationService` as the organizations, districts and
/// the city would make it: the reference city's 19 social (S) and 103 employer (Y) evaluation organizations filed,
/// reviewed and approved; plans at every stage, from one just filed to ones whose certificates are issued; one
/// notice still open with an objection; a plan of 特级技师 at an enterprise. Days are set back so each step happens
/// on the day it would have, and the audit trail reads like the real history.
struct CertificationDemo {
    let demo: DemoContext
    var database: any Database { demo.application.db }
    var vault: PersonalDataVault { demo.application.vault }

    init(_ demo: DemoContext) { self.demo = demo }

    /// 19 S and 103 Y: the filings the reference city reported (nantong-2023-reply.txt).
    static let socialCount = 19
    static let employerCount = 103

    static let socialNames = [
        "南通市职业技能鉴定中心", "南通市技工教育培训中心", "江苏通海职业技能评价中心", "南通工贸技师学院", "南通市建筑职业技能评价站",
        "如皋市职业技能评价中心", "南通技师学院", "南通市饭店与餐饮业商会", "海安市职业技能评价中心", "启东市职业技能评价中心",
        "海门区职业技能评价中心", "如东县职业技能评价中心", "通州区职业技能评价中心", "南通市电子商务协会", "南通市家庭服务业协会",
        "南通市机械工程学会", "南通市焊接技术协会", "南通市纺织工程学会", "南通市人力资源服务行业协会",
    ]

    func context(_ scope: Scope, _ actor: WorkflowActor, on day: CivilDate) -> CertificationContext {
        .replaying(demo.application, scope, actor, on: day, by: "demo")
    }

    func build() async throws -> [String] {
        if try await EvaluationFiling.query(on: database).count() > 0 {
            let filings = try await EvaluationFiling.query(on: database).count()
            return ["沿用已有的认定数据 / reusing the existing certification data: \(filings) 家评价机构备案 filings"]
        }
        // The organization roles' demo accounts pick their organizations now, before new ones join the registry.
        _ = try await DemoAccounts.ensure(on: database, bcryptCost: demo.application.settings.bcryptCost)
        var random = SeededRandom(seed: demo.seed &+ 9)
        let today = demo.today
        let filed = today.adding(days: -400)
        let districts = try await District.query(on: database).filter(\.$kind != "prefecture").sort(\.$id).all().compactMap(\.id)
        let catalogue = try await Occupation.query(on: database).sort(\.$id).all()
        let occupations = catalogue.compactMap(\.id)
        // The national levels each occupation's standard sets.
        let standardLevels = Dictionary(catalogue.compactMap { occupation in
            occupation.id.map { ($0, Set(occupation.levels.split(separator: ",").compactMap { Int($0) })) }
        }) { first, _ in first }
        let held = try await Certificate.query(on: database).all(\.$occupationCode)
        // Occupations the registry's workers hold certificates in come first, so plans find candidates.
        let common = Dictionary(held.map { ($0, 1) }, uniquingKeysWith: +).sorted { $0.value > $1.value }.map(\.key)

        let organizations = try await organizationsToFile(districts: districts, random: &random)
        var filings: [EvaluationFiling] = []
        for (index, entry) in organizations.enumerated() {
            var scope: [FilingInput.ScopeItem] = []
            let picks = entry.type == .social ? 4 : 2
            for offset in 0..<picks {
                let code = index < 12 && offset < common.count ? common[(index + offset) % common.count]
                                                               : occupations[Int(random.next() % UInt64(occupations.count))]
                let levels = standardLevels[code].flatMap { $0.isEmpty ? nil : $0 } ?? [5, 4, 3, 2, 1]
                for level in [SkillLevel.level5, .level4, .level3, .level2, .level1] where levels.contains(level.nationalLevel!) {
                    scope.append(.init(occupationCode: code, level: level.code))
                }
                if entry.type == .employer, offset == 0, levels.contains(1) {
                    scope.append(.init(occupationCode: code, level: SkillLevel.principalTechnician.code))
                }
            }
            let input = FilingInput(
                organizationId: entry.organization.id, type: entry.type.rawValue, scope: scope,
                sites: [.init(name: "\(entry.organization.name)考核场所", address: "南通市\(entry.organization.name)内")],
                examiners: (0..<2).map { n in
                    .init(name: Self.name(&random), examinerNumber: "KP32" + String(format: "%08d", index * 10 + n),
                          occupationCode: scope[0].occupationCode)
                },
                contactName: Self.name(&random), contactPhone: "139" + String(format: "%08d", 10_000_000 + index))
            let orgContext = context(.organization(entry.organization.id!), .organization, on: filed)
            let filing = try await CertificationService.submitFiling(input, orgContext)
            filings.append(filing)
            // Two stay in review, so the district officer and the city administrator each have one to decide.
            if index == 1 { continue }
            let district = context(.districts([filing.districtCode ?? ""]), .district, on: filed.adding(days: 5))
            try await CertificationService.step(filing, .districtApprove, reason: nil, approval: nil, district)
            if index == 2 { continue }
            try await CertificationService.step(filing, .cityApprove, reason: nil,
                                                approval: FilingApproval(ministryCode: "0000", siteSerial: entry.siteSerial),
                                                context(.city, .city, on: filed.adding(days: 12)))
        }
        var lines = ["评价机构备案 / evaluation organizations filed: \(Self.socialCount) S + \(Self.employerCount) Y (\(filings.count - 2) 家已批准 approved)"]
        lines += try await runPlans(filings: filings, random: &random, today: today)
        return lines
    }

    struct Filer {
        let organization: Organization
        let type: EvaluationOrganizationType
        let siteSerial: String
    }

    /// The organizations to file: the demo city's evaluation organizations and employers first (the demo accounts'
    /// among them), then new ones up to 19 S and 103 Y. Site serials follow the demo city's (100001…) for the
    /// organizations whose imported certificates already carry them.
    func organizationsToFile(districts: [String], random: inout SeededRandom) async throws -> [Filer] {
        var social: [Filer] = []
        var employers: [Filer] = []
        let evaluators = try await Organization.query(on: database)
            .filter(\.$kindCode == OrganizationKind.evaluationOrganization.rawValue).sort(\.$uscc).all()
        for (index, organization) in evaluators.enumerated() {
            let serial = String(format: "%06d", 100_001 + (DemoCity.issuerIndex(of: organization.name) ?? (50 + index)))
            if organization.name.hasSuffix("有限公司") {
                employers.append(Filer(organization: organization, type: .employer, siteSerial: serial))
            } else if social.count < Self.socialCount {
                social.append(Filer(organization: organization, type: .social, siteSerial: serial))
            }
        }
        var serial = 300_001
        for name in Self.socialNames where social.count < Self.socialCount && !social.contains(where: { $0.organization.name == name }) {
            let organization = Organization()
            organization.uscc = DemoCity.creditCode(region: "320600", serial: 700_000 + serial, kind: "52")
            organization.name = name
            organization.kindCode = OrganizationKind.evaluationOrganization.rawValue
            organization.districtCode = districts[social.count % districts.count]
            try await organization.create(on: database)
            social.append(Filer(organization: organization, type: .social, siteSerial: String(serial)))
            serial += 1
        }
        let enterprises = try await Organization.query(on: database).filter(\.$kindCode == OrganizationKind.enterprise.rawValue)
            .sort(\.$uscc).limit(Self.employerCount).all()
        for organization in enterprises where employers.count < Self.employerCount {
            employers.append(Filer(organization: organization, type: .employer, siteSerial: String(serial)))
            serial += 1
        }
        while employers.count < Self.employerCount {
            let organization = Organization()
            organization.uscc = DemoCity.creditCode(region: "320600", serial: 700_000 + serial, kind: "91")
            organization.name = DemoCity.employerStems[employers.count % DemoCity.employerStems.count]
                + DemoCity.employerTrades[(employers.count / DemoCity.employerStems.count) % DemoCity.employerTrades.count] + "有限公司"
            organization.kindCode = OrganizationKind.enterprise.rawValue
            organization.districtCode = districts[employers.count % districts.count]
            try await organization.create(on: database)
            employers.append(Filer(organization: organization, type: .employer, siteSerial: String(serial)))
            serial += 1
        }
        // Organizations without a district cannot be reviewed by one: give them the first.
        for filer in social + employers where filer.organization.districtCode == nil {
            filer.organization.districtCode = districts[0]
            try await filer.organization.update(on: database)
        }
        return social + employers
    }

    static func name(_ random: inout SeededRandom) -> String {
        let surname = DemoCity.surnames[Int(random.next() % UInt64(DemoCity.surnames.count))]
        let given = DemoCity.givenCharacters[Int(random.next() % UInt64(DemoCity.givenCharacters.count))]
        return String(surname) + String(given)
    }

    /// Plans at every stage, through the workflow: issued, in notice with an objection, just filed; and a 特级技师 plan.
    func runPlans(filings: [EvaluationFiling], random: inout SeededRandom, today: CivilDate) async throws -> [String] {
        let active = filings.filter { $0.state == .active }
        guard let evaluationAccount = try await Account.query(on: database).filter(\.$username == Role.evaluationOrg.rawValue).first(),
              let enterpriseAccount = try await Account.query(on: database).filter(\.$username == Role.enterprise.rawValue).first()
        else { return [] }
        let ownS = active.first { $0.organizationID == evaluationAccount.organizationID } ?? active[0]
        let ownY = active.first { $0.organizationID == enterpriseAccount.organizationID } ?? active.last!
        var issued = 0
        var lines: [String] = []
        // Issued a month ago, at the demo accounts' organizations and two others.
        for filing in [ownS, ownY, active[3], active[4]] {
            issued += try await runPlan(filing, levels: [.level5, .level4, .level3], candidates: 12, filedOn: today.adding(days: -75),
                                        until: .issued, random: &random)
        }
        // In notice with one open objection, at the evaluation organization's.
        _ = try await runPlan(ownS, levels: [.level5, .level4], candidates: 8, filedOn: today.adding(days: -30), until: .inNotice,
                              random: &random)
        // Exams sat last week, scores still to be entered.
        _ = try await runPlan(ownS, levels: [.level5], candidates: 4, filedOn: today.adding(days: -20), until: .filed, random: &random)
        // Just filed, exams to come, candidates being registered.
        _ = try await runPlan(ownS, levels: [.level5, .level4, .level3], candidates: 5, filedOn: today, until: .filed, random: &random)
        // 特级技师 at the enterprise, on its own prerequisites (an override with the reason).
        issued += try await runPlan(ownY, levels: [.principalTechnician], candidates: 2, filedOn: today.adding(days: -75),
                                    until: .issued, random: &random)
        lines.append("认定计划 / certification plans: 8 (已发证 issued \(issued) 本证书 certificates, 1 个公示中 in notice, "
                     + "1 个待录成绩 awaiting scores, 1 个待考 to come)")
        return lines
    }

    /// Runs one plan from filing to `until`, and says how many certificates it issued.
    func runPlan(_ filing: EvaluationFiling, levels: [SkillLevel], candidates count: Int, filedOn: CivilDate, until: PlanState,
                 random: inout SeededRandom) async throws -> Int {
        let scope = try await CertificationQueries(database: database, scope: .city).scope(of: filing.requireID()).compactMap(\.entry)
        let byOccupation = Dictionary(grouping: scope, by: \.occupationCode).mapValues { Set($0.map(\.level)) }
        guard let occupation = byOccupation.keys.sorted().first(where: { byOccupation[$0]!.isSuperset(of: levels) }),
              let site = try await FilingSite.query(on: database).filter(\.$filingID == filing.requireID()).first() else { return 0 }
        let org = context(.organization(filing.organizationID), .organization, on: filedOn)
        let examDay = filedOn.adding(days: 15)
        let plan = try await CertificationService.filePlan(
            PlanInput(occupationCode: occupation, levels: levels.map(\.code), siteId: site.id, examFrom: examDay.description,
                      examTo: examDay.adding(days: 1).description, expectedCandidates: count * 2), filing: filing, org)
        // Candidates: workers of the filing's district who hold certificates in the occupation first, then others.
        let holders = try await Certificate.query(on: database).filter(\.$occupationCode == occupation).sort(\.$number).limit(200).all()
        var persons = try await Person.query(on: database).filter(\.$id ~~ holders.map(\.personID)).all()
        if persons.count < count {
            persons += try await Person.query(on: database).sort(\.$name).offset(Int(random.next() % 500)).limit(count * 3).all()
        }
        var registered: [PlanCandidate] = []
        for person in persons where registered.count < count {
            guard try await PlanCandidate.query(on: database).filter(\.$planID == plan.requireID()).filter(\.$personID == person.requireID())
                .count() == 0 else { continue }
            let number = try person.idNumber(vault)
            for level in levels.sorted(by: >) {
                let input = CandidateInput(
                    idType: person.idType, idNumber: number, name: person.name, level: level.code,
                    workingSince: filedOn.adding(years: -3).description, schools: [], apprenticeshipCompleted: false,
                    overrideReason: level > .level1 ? "企业特级技师评聘试点，按本企业评价条件申报" : nil)
                do {
                    registered.append(try await CertificationService.registerCandidate(input, plan: plan, org))
                    break
                } catch is CertificationRefusal {
                    continue
                }
            }
        }
        guard until != .filed else { return 0 }
        let resultsDay = examDay.adding(days: 5)
        let orgLater = context(.organization(filing.organizationID), .organization, on: resultsDay)
        for candidate in registered {
            // Most pass; a few fall short in one part.
            let theory = 55 + Int(random.next() % 45)
            let practical = 58 + Int(random.next() % 42)
            let review = candidate.level >= .level2 ? String(62 + Int(random.next() % 35)) : nil
            try await CertificationService.recordScores(
                ScoresInput(theory: String(theory), practical: "\(practical).5", review: review, reason: nil),
                candidate: candidate, plan: plan, orgLater)
        }
        try await CertificationService.step(plan, .submitResults, reason: nil, orgLater)
        do {
            try await CertificationService.step(plan, .publishNotice, reason: nil, orgLater)
        } catch is NoticeRefusal {
            return 0   // the calendar does not know the year yet
        }
        if until == .inNotice {
            if let first = registered.first {
                try await CertificationService.fileObjection(
                    ObjectionInput(candidateId: first.id, objector: "实名来信", content: "反映该考生实际从事本职业年限不足，请核查。"),
                    plan: plan, context(.districts([filing.districtCode ?? ""]), .district, on: resultsDay.adding(days: 1)))
            }
            return 0
        }
        guard let record = try await NoticeRecord.find(plan.noticeID, on: database), let lastDay = record.lastDay.flatMap({ try? CivilDate(parsing: $0) })
        else { return 0 }
        let after = lastDay.adding(days: 1)
        try await CertificationService.step(plan, .concludeNotice, reason: nil, context(.organization(filing.organizationID), .organization, on: after))
        try await CertificationService.step(plan, .issue, reason: nil, context(.organization(filing.organizationID), .organization, on: after))
        return try await PlanCandidate.query(on: database).filter(\.$planID == plan.requireID())
            .filter(\.$stateCode == CandidateState.certified.rawValue).count()
    }
}

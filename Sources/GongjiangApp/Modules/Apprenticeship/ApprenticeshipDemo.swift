import Fluent
import Foundation
import GongjiangCore
import SQLKit

/// The demo city's apprenticeships, through the workflow code on the days they would have happened this year: the
/// city's target split by district; the demo school approved as a provider teaching two enterprises; plans filed and approved (each approval
/// committing its advance, paid through a batch); apprentices with mentors from the registry; stage assessments;
/// certificates that complete them; early exits; one plan settled with the rest of its subsidy, one with a clawback;
/// one in training, one waiting for the district, one returned. `gongjiang ledger verify` holds on the result.
struct ApprenticeshipDemo {
    let demo: DemoContext
    var database: any Database { demo.application.db }

    init(_ demo: DemoContext) { self.demo = demo }

    /// The reference city's yearly target (issue 11: 2,100 new apprentices a year).
    static let cityTarget = 2100

    func context(_ scope: Scope, _ actor: WorkflowActor, on day: CivilDate) -> ApprenticeshipContext {
        .replaying(demo.application, scope, actor, on: day, by: "demo")
    }

    func build() async throws -> [String] {
        if try await database.sql.raw("SELECT COUNT(*) AS n FROM apprenticeship_plans").first()?.decode(column: "n", as: Int.self) ?? 0 > 0 {
            return ["沿用已有的学徒制数据 / reusing the existing apprenticeship data"]
        }
        let today = demo.today
        let year = today.year
        let jan = { (day: Int) in try! CivilDate(year: year, month: 1, day: day) }
        // The year's target, split by district as the budget is.
        var split: [String: Int] = [:]
        for (district, share) in LedgerDemo.shares { split[district] = Self.cityTarget * Int(share) / 1000 }
        split["320602", default: 0] += Self.cityTarget - split.values.reduce(0, +)
        _ = try await ApprenticeshipService.setTargets(year: year, TargetInput(city: Self.cityTarget, districts: split), context(.city, .city, on: jan(12)))

        // The demo enterprise and school accounts' organizations; a second enterprise and its district's provider.
        let enterprise = try await organization(ofAccount: "enterprise")
        let school = try await organization(ofAccount: "school")
        let occupation = TrainingDemo.occupations[0]
        if try await TrainingService.provider(nil, organization: school.id, on: database) == nil {
            _ = try await TrainingService.approveProvider(ProviderInput(
                organizationId: school.id, validFrom: jan(2).description, validUntil: jan(2).adding(years: 5).description,
                scope: TrainingDemo.occupations.flatMap { code in ["4", "3", "2"].map { ProviderInput.ScopeEntry(occupationCode: code, level: $0) } }),
                context(.city, .city, on: jan(2)))
        }
        // A second enterprise in another district, taught by the same school.
        // In the demo district officer's district, unless the first enterprise is there already, so a plan waits for that officer.
        let otherDistrict = enterprise.districtCode == DemoAccounts.district ? "320612" : DemoAccounts.district
        let secondEnterprise = try await anEnterprise(in: otherDistrict)

        var people = try await candidates()
        var mentors = try await mentorNumbers()
        guard mentors.count >= 8, people.count >= 30 else { return ["学徒制：登记库人数不足，跳过 / apprenticeship: registry too small, skipped"] }

        // Plan A: 5 planned at 中级工 for a year; 4 complete, 1 leaves; settled with the rest of the subsidy.
        var settled = 0, clawedBack = 0, apprentices = 0
        let filed = jan(15)
        if today > filed.adding(days: 300) {
            let a = try await plan(enterprise, school: school.requireID(), occupation: occupation, level: "4", months: 12, starts: jan(1).adding(months: 1),
                                   planned: 5, filedOn: filed)
            let people5 = Array(people.prefix(5)); people.removeFirst(5)
            let ids = try await enrol(a, enterprise, people5, mentors: Array(mentors.prefix(2)), on: jan(1).adding(months: 1), wageYuan: 2_600)
            mentors.removeFirst(2)
            apprentices += ids.count
            try await assess(ids, by: school.requireID(), stage: "第一阶段（校内理论）", on: jan(1).adding(months: 5))
            try await ApprenticeshipService.exit(ids[4], ExitInput(reason: "本人辞职离开企业"), context(.organization(enterprise.requireID()), .organization,
                                                                                                    on: jan(1).adding(months: 5).adding(days: 14)))
            try await certify(ids.prefix(4), occupation: occupation, rank: SkillLevel.level4.rawValue, issued: jan(1).adding(months: 9).adding(days: 19))
            let settlement = try await ApprenticeshipService.settle(a, context(.city, .city, on: jan(1).adding(months: 10).adding(days: 9)))
            settled += 1
            _ = settlement
        }
        // Plan B: 6 planned at 中级工 in another district; 2 complete, 4 leave; the advance was more than earned: clawback.
        if today > filed.adding(days: 300) {
            let b = try await plan(secondEnterprise, school: school.requireID(), occupation: occupation, level: "4", months: 12, starts: jan(1).adding(months: 1),
                                   planned: 6, filedOn: filed.adding(days: 1))
            let people6 = Array(people.prefix(6)); people.removeFirst(6)
            let ids = try await enrol(b, secondEnterprise, people6, mentors: Array(mentors.prefix(2)), on: jan(1).adding(months: 1), wageYuan: 2_500)
            mentors.removeFirst(2)
            apprentices += ids.count
            let reasons = ["转岗至非培养岗位", "劳动合同解除", "本人辞职离开企业", "应征入伍"]
            for (index, id) in ids.suffix(4).enumerated() {
                try await ApprenticeshipService.exit(id, ExitInput(reason: reasons[index]),
                                                     context(.organization(secondEnterprise.requireID()), .organization, on: jan(1).adding(months: 3 + index)))
            }
            try await certify(ids.prefix(2), occupation: occupation, rank: SkillLevel.level4.rawValue, issued: jan(1).adding(months: 8).adding(days: 9))
            _ = try await ApprenticeshipService.settle(b, context(.city, .city, on: jan(1).adding(months: 10).adding(days: 9)))
            clawedBack += 1
        }
        // Plan C: in training — 8 planned at 高级工 for two years from September; 6 enrolled, assessed, one already left.
        let septemberFirst = try CivilDate(year: year, month: 9, day: 1)
        if today > septemberFirst.adding(days: 40) {
            let c = try await plan(enterprise, school: school.requireID(), occupation: occupation, level: "3", months: 24, starts: septemberFirst,
                                   planned: 8, filedOn: septemberFirst.adding(days: -30))
            let people6 = Array(people.prefix(6)); people.removeFirst(6)
            let ids = try await enrol(c, enterprise, people6, mentors: Array(mentors.prefix(2)), on: septemberFirst, wageYuan: 3_200)
            mentors.removeFirst(2)
            apprentices += ids.count
            try await assess(Array(ids.prefix(5)), by: enterprise.requireID(), stage: "入职适应期考核", on: septemberFirst.adding(days: 30))
            try await ApprenticeshipService.exit(ids[5], ExitInput(reason: "试用期内解除劳动合同"),
                                                 context(.organization(enterprise.requireID()), .organization, on: septemberFirst.adding(days: 35)))
        }
        // Plan D waits for the demo district officer (崇川区); plan E was returned for correction.
        let recent = today.adding(days: -5)
        let waiting = enterprise.districtCode == DemoAccounts.district ? enterprise : secondEnterprise
        _ = try await ApprenticeshipService.filePlan(planInput(school: school.requireID(), occupation: TrainingDemo.occupations[1], level: "4", months: 18,
                                                               starts: today.adding(days: 30), planned: 12),
                                                     context(.organization(waiting.requireID()), .organization, on: recent))
        let returned = try await ApprenticeshipService.filePlan(planInput(school: school.requireID(), occupation: occupation, level: "3", months: 24,
                                                                          starts: today.adding(days: 45), planned: 30),
                                                                context(.organization(enterprise.requireID()), .organization, on: recent))
        try await ApprenticeshipService.stepPlan(returned, event: "return", reason: "请补充与学校签订的合作协议及课程安排",
                                                 context(.districts([enterprise.districtCode ?? ""]), .district, on: recent.adding(days: 2)))
        return ["学徒制 / apprenticeship: 年度目标 target \(Self.cityTarget) 人，\(apprentices) 名学徒 apprentices, \(settled + clawedBack) 个计划已结算 "
                + "settled (\(clawedBack) 个追回预支 with a clawback), 1 个在培 in training, 1 个待审 waiting, 1 个退回 returned"]
    }

    // MARK: - Steps

    func planInput(school: UUID, occupation: String, level: String, months: Int, starts: CivilDate, planned: Int) -> ApprenticeshipPlanInput {
        ApprenticeshipPlanInput(schoolId: school, occupationCode: occupation, targetLevel: level, durationMonths: months, schoolHours: months * 30,
                                workHours: months * 120, startsOn: starts.description, plannedHeadcount: planned, bankAccount: "3206010100000" + "12345")
    }

    /// Files, approves (the advance committed) and pays the advance through a batch the bank pays.
    func plan(_ enterprise: Organization, school: UUID, occupation: String, level: String, months: Int, starts: CivilDate, planned: Int,
              filedOn: CivilDate) async throws -> UUID {
        let district = enterprise.districtCode ?? ""
        let id = try await ApprenticeshipService.filePlan(planInput(school: school, occupation: occupation, level: level, months: months, starts: starts,
                                                                    planned: planned),
                                                          context(.organization(try enterprise.requireID()), .organization, on: filedOn))
        try await ApprenticeshipService.stepPlan(id, event: "approve", reason: nil, context(.districts([district]), .district, on: filedOn.adding(days: 5)))
        guard let payment = try await database.sql.raw("SELECT advance_payment_id FROM apprenticeship_plans WHERE id = \(bind: id)").first()?
            .decode(column: "advance_payment_id", as: UUID?.self) else { return id }
        let ledger = LedgerContext.replaying(demo.application, on: filedOn.adding(days: 8), by: "demo")
        let batch = try await LedgerService.createBatch(BatchInput(districtCode: district, year: filedOn.year, paymentIds: [payment]), ledger)
        let lines = try await LedgerQueries(database: database, scope: .city).lines(of: batch)
        _ = try await LedgerService.applyResult(batch, rows: [["reference", "amount", "result"]] + lines.map { [$0.reference, $0.amount.plainYuanText, "成功"] },
                                                LedgerContext.replaying(demo.application, on: filedOn.adding(days: 10), by: "demo"))
        return id
    }

    func enrol(_ plan: UUID, _ enterprise: Organization, _ people: [(name: String, idNumber: String)], mentors: [String], on day: CivilDate,
               wageYuan: Int64) async throws -> [UUID] {
        var ids: [UUID] = []
        for (index, person) in people.enumerated() {
            ids.append(try await ApprenticeshipService.addApprentice(plan, ApprenticeInput(
                name: person.name, idType: IDType.residentID.rawValue, idNumber: person.idNumber, hireKind: index % 3 == 2 ? "transferred" : "new-hire",
                mentorIdNumber: mentors[index / 3 % mentors.count], teacherName: ["王建国", "陈晓梅", "李志强"][index % 3], contractStart: day.description,
                contractEnd: index % 4 == 3 ? nil : day.adding(years: 3).adding(days: -1).description, monthlyWageFen: (wageYuan + Int64(index) * 100) * 100,
                trainingFeeFen: 400_000, mentorAllowanceFen: 30_000), context(.organization(try enterprise.requireID()), .organization, on: day)))
        }
        return ids
    }

    func assess(_ ids: [UUID], by organization: UUID, stage: String, on day: CivilDate) async throws {
        for (index, id) in ids.enumerated() {
            _ = try await ApprenticeshipService.recordAssessment(id, AssessmentInput(stage: stage, assessedOn: day.description,
                                                                                     result: index == 3 ? "failed" : "passed",
                                                                                     note: index == 3 ? "实操未达标，下阶段补考" : nil),
                                                                 context(.organization(organization), .organization, on: day))
        }
    }

    /// Certificates for apprentices, as the evaluation organization would have issued them; the plan's completion
    /// check reads them from the registry.
    func certify(_ ids: ArraySlice<UUID>, occupation: String, rank: Int, issued: CivilDate, firstSerial: Int? = nil) async throws {
        // The demo's plans certify on different days; the history numbers each plan's certificates from its own serial.
        let base = firstSerial ?? 700_000 + Int(issued.month) * 1000 + Int(issued.day) * 10
        var serial = 0
        for id in ids {
            guard let row = try await database.sql.raw("SELECT person_id, plan_id FROM apprentices WHERE id = \(bind: id)").first() else { continue }
            serial += 1
            let certificate = Certificate()
            certificate.number = "S000032100002" + String(issued.year % 100).leftPadded(to: 2) + String(SkillLevel(rawValue: rank)?.nationalLevel ?? 4)
                + String(base + serial)
            certificate.numberFormat = "national"
            certificate.personID = try row.decode(column: "person_id", as: UUID.self)
            certificate.occupationCode = occupation
            certificate.workType = ""
            certificate.levelRank = rank
            certificate.issueDate = issued.description
            certificate.issuerName = "南通市职业技能鉴定中心"
            certificate.status = CertificateStatus.valid.rawValue
            certificate.source = "imported"
            try await certificate.create(on: database)
            if serial == ids.count {
                _ = try await ApprenticeshipService.checkCompletions(try row.decode(column: "plan_id", as: UUID.self),
                                                                     context(.city, .city, on: issued.adding(days: 5)))
            }
        }
    }

    // MARK: - Who

    func organization(ofAccount username: String) async throws -> Organization {
        guard let account = try await Account.query(on: database).filter(\.$username == username).first(), let id = account.organizationID,
              let organization = try await Organization.find(id, on: database) else {
            throw RequestProblem.notFound
        }
        return organization
    }

    func anEnterprise(in district: String) async throws -> Organization {
        if let found = try await Organization.query(on: database).filter(\.$kindCode == OrganizationKind.enterprise.rawValue)
            .filter(\.$districtCode == district).sort(\.$uscc).first() {
            return found
        }
        let organization = Organization()
        organization.kindCode = OrganizationKind.enterprise.rawValue
        organization.name = "南通通海精密机械有限公司"
        organization.districtCode = district
        organization.uscc = DemoCity.creditCode(region: district, serial: 820_001, kind: "91")
        try await organization.create(on: database)
        return organization
    }

    /// Registry persons under 46 holding nothing above 初级工: the apprentices.
    func candidates() async throws -> [(name: String, idNumber: String)] {
        let rows = try await database.sql.raw("""
            SELECT p.name, p.id_number_sealed FROM persons p WHERE p.id_type = \(bind: IDType.residentID.rawValue)
              AND p.birth_date >= \(bind: demo.today.adding(years: -45).description) AND p.birth_date <= \(bind: demo.today.adding(years: -18).description)
              AND NOT EXISTS (SELECT 1 FROM certificates c WHERE c.person_id = p.id AND c.level >= \(bind: SkillLevel.level4.rawValue))
            ORDER BY p.id LIMIT 40
            """).all()
        return try rows.map { (try $0.decode(column: "name", as: String.self), try demo.application.vault.open(try $0.decode(column: "id_number_sealed", as: String.self))) }
    }

    /// Registry persons holding 高级工 or above since before this year (a mentor holds the level on the day): the mentors, by resident ID.
    func mentorNumbers() async throws -> [String] {
        try await database.sql.raw("""
            SELECT p.id_number_sealed FROM persons p WHERE p.id_type = \(bind: IDType.residentID.rawValue) AND EXISTS (
                SELECT 1 FROM certificates c WHERE c.person_id = p.id AND c.level >= \(bind: SkillLevel.level3.rawValue)
                  AND c.status = \(bind: CertificateStatus.valid.rawValue) AND c.revoked_on IS NULL
                  AND c.issue_date < \(bind: "\(demo.today.year)-01-01"))
            ORDER BY p.id LIMIT 12
            """).all().map { try demo.application.vault.open(try $0.decode(column: "id_number_sealed", as: String.self)) }
    }
}

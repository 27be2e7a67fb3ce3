import Fluent
import Foundation
import GongjiangCore
import SQLKit

/// The demo city's programmes, through the workflow code on the days they would have happened (issue 13): a year's
/// chief-technician call applied to by the demo enterprise for its technicians, reviewed by the district and the city,
/// scored by six experts on panels that avoid the enterprise's own, published for five working days, approved within
/// the quota, and paid (the employer's reward, and each month's allowance so far); a municipal master-studio call with
/// its studio approved and funded; a title crossover returned for correction, referred to the title committee and
/// approved; a provincial studio selected by the city, recommended upward and approved by the province; and this year's
/// 技术能手 call, open, with an application waiting for the demo district officer. `gongjiang ledger verify` holds on the
/// result.
struct ProgrammeDemo {
    let demo: DemoContext
    var database: any Database { demo.application.db }

    init(_ demo: DemoContext) { self.demo = demo }

    func context(_ scope: Scope, _ actor: WorkflowActor, on day: CivilDate) -> ProgrammeContext {
        .replaying(demo.application, scope, actor, on: day, by: "demo")
    }

    func build() async throws -> [String] {
        if try await database.sql.raw("SELECT COUNT(*) AS n FROM programme_calls").first()?.decode(column: "n", as: Int.self) ?? 0 > 0 {
            return ["沿用已有的激励项目数据 / reusing the existing programme data"]
        }
        _ = try await DemoAccounts.ensure(on: database, bcryptCost: demo.application.settings.bcryptCost)
        let today = demo.today
        // The completed call: this year's once its cycle (March to June) is over, else last year's.
        let year = today >= (try CivilDate(year: today.year, month: 7, day: 1)) ? today.year : today.year - 1
        let day = { (month: Int, dayOfMonth: Int) in try CivilDate(year: year, month: month, day: dayOfMonth) }
        guard let enterprise = try await enterpriseOfDemoAccount() else { return ["激励项目：没有演示企业，跳过 / programmes: no demo enterprise, skipped"] }
        let district = enterprise.district
        let technicians = try await employees(of: enterprise.id, atLeast: .level2, heldBy: try day(1, 1), limit: 3)
        guard technicians.count >= 3 else { return ["激励项目：演示企业技师不足，跳过 / programmes: too few technicians, skipped"] }

        // The year's budget for the awards, where the ledger's demo has not set one.
        let ledger = LedgerContext.replaying(demo.application, on: try day(1, 10), by: "demo")
        _ = try await LedgerService.allocate(AllocationInput(amountFen: 100_000_000, document: "苏财社〔\(year)〕9号", memo: "\(year) 年高技能人才激励资金"), ledger)
        // This year's and, late in December, next year's too: an award approved in the first days of January draws on it.
        for budgetYear in Set([year, today.year, today.adding(days: 31).year]).sorted() {
            _ = try await LedgerService.setBudget(BudgetInput(districtCode: district, year: budgetYear, amountFen: 20_000_000 / (budgetYear == year ? 1 : 2),
                                                              document: "通人社职〔\(budgetYear)〕21号", memo: "高技能人才激励"), LedgerContext.replaying(demo.application, on: try day(1, 10), by: "demo"))
        }

        // Six experts: the demo expert and five more, one of them working for the enterprise (never on its panels).
        let experts = try await expertAccounts(count: 6)
        let city = context(.city, .city, on: try day(2, 20))
        for (index, expert) in experts.enumerated() {
            try await ProgrammeService.saveExpertProfile(expert, ExpertProfileInput(employerUscc: index == 5 ? enterprise.uscc : nil,
                                                                                    specialty: ["机械", "电气", "焊接", "数控", "模具", "材料"][index]), city)
        }

        // 1. The chief-technician call, from call to the first payments.
        let chief = try await ProgrammeService.createCall(ProgrammeCallInput(
            typeCode: "enterprise-chief-technician", year: year, title: "\(year) 年度南通市企业首席技师选拔",
            description: "按照《南通市企业首席技师选拔管理办法》，由企业推荐本单位技师、高级技师申报。入选者享受每月 1000 元津贴，连续 24 个月；所在企业获 5 万元奖励。",
            opensOn: try day(3, 1).description, closesOn: try day(3, 31).description, noticeWorkingDays: 5,
            districts: [CallDistrictInput(districtCode: district, quota: 2, budgetFen: 14_800_000)]), city)
        try await ProgrammeService.stepCall(chief, event: "publish", reason: nil, city)
        let organization = context(.organization(enterprise.id), .organization, on: try day(3, 10))
        var applications: [UUID] = []
        for (index, person) in technicians.enumerated() {
            let id = try await ProgrammeService.createApplication(ProgrammeApplicationInput(
                callId: chief, personIdNumber: person, form: ["summary": ["主持数控车床精度改造，年节约成本 60 万元；带徒 12 人，其中 5 人取得高级工证书。",
                                                                         "攻克大型焊接结构件变形难题，获市级技术革新奖；带徒 8 人。",
                                                                         "参与企业智能产线调试，编写操作规程 3 项；带徒 6 人。"][index]],
                applicantAccount: "62170000" + String(format: "%011d", 31_000_000_000 + index), employerAccount: "3206010100008\(index)1234"), organization)
            for key in ["certificate", "achievements"] {
                try await ProgrammeService.attach(id, key: key, name: key == "certificate" ? "技师证书.pdf" : "业绩材料.pdf", bytes: Self.pdf(key), organization)
            }
            try await ProgrammeService.stepApplication(id, event: "submit", reason: nil, organization)
            applications.append(id)
        }
        for id in applications {
            try await ProgrammeService.stepApplication(id, event: "district-pass", reason: nil, context(.districts([district]), .district, on: try day(4, 7)))
            try await ProgrammeService.stepApplication(id, event: "city-pass", reason: nil, context(.city, .city, on: try day(4, 14)))
        }
        _ = try await ProgrammeService.startReview(chief, context(.city, .city, on: try day(4, 20)))
        let scores: [[String: Int]] = [["skill": 46, "contribution": 27, "mentoring": 18], ["skill": 43, "contribution": 25, "mentoring": 16],
                                       ["skill": 38, "contribution": 20, "mentoring": 14]]
        let scoring = ChinaTime.start(of: try day(5, 8)).addingTimeInterval(10 * 3600)
        for expert in experts {
            for assignment in try await ProgrammeService.assignments(expert: expert, on: database, vault: demo.application.vault) {
                guard let index = applications.firstIndex(of: assignment.applicationID) else { continue }
                try await ProgrammeService.declare(expert: expert, application: assignment.applicationID, ExpertDeclarationInput(conflict: false), now: scoring,
                                                   database: database, audit: AuditEvent(actor: "demo", entity: .programmeReview, action: .update))
                // Each expert's own judgement: a point or two either way.
                var given = scores[index]
                given["skill"] = max(0, min(50, (given["skill"] ?? 0) + [0, 1, -1, 2, -2, 1][experts.firstIndex(of: expert) ?? 0]))
                _ = try await ProgrammeService.score(expert: expert, application: assignment.applicationID, ExpertScoresInput(scores: given), now: scoring,
                                                     database: database, audit: AuditEvent(actor: "demo", entity: .programmeReview, action: .update))
            }
        }
        _ = try await ProgrammeService.closeScoring(chief, context(.city, .city, on: try day(5, 20)))
        _ = try await ProgrammeService.publishNotice(chief, context(.city, .city, on: try day(6, 1)))
        let objection = try await ProgrammeService.fileObjection(chief, ProgrammeObjectionInput(applicationId: applications[1], objector: "匿名来信",
                                                                                                content: "反映申报人带徒人数与实际不符"),
                                                                 context(.districts([district]), .district, on: try day(6, 3)))
        try await ProgrammeService.resolveObjection(objection, ObjectionResolution(resolution: "dismissed", note: "经核查师带徒协议及学徒名册，带徒人数属实"),
                                                    context(.city, .city, on: try day(6, 5)))
        try await ProgrammeService.concludeNotice(chief, context(.city, .city, on: try day(6, 15)))
        let approval = context(.city, .city, on: try day(6, 18))
        for id in applications.prefix(2) { try await ProgrammeService.approve(id, approval) }
        let paid = try await ProgrammeService.payAllDue(through: today, context(.city, .city, on: today))

        /// A studio's call of the year, one application of the enterprise's technician through both reviews, the
        /// experts' scores and the notice, concluded: the application's id, to be approved or recommended.
        func studioThroughNotice(typeCode: String, title: String, budgetFen: Int64, holder: String, form: [String: String], employerAccount: String,
                                 scores: [String: Int]) async throws -> UUID {
            let call = try await ProgrammeService.createCall(ProgrammeCallInput(
                typeCode: typeCode, year: year, title: title, opensOn: try day(3, 1).description, closesOn: try day(3, 31).description, noticeWorkingDays: 5,
                districts: [CallDistrictInput(districtCode: district, quota: 1, budgetFen: budgetFen)]), city)
            try await ProgrammeService.stepCall(call, event: "publish", reason: nil, city)
            let id = try await ProgrammeService.createApplication(ProgrammeApplicationInput(callId: call, personIdNumber: holder, form: form,
                                                                                            employerAccount: employerAccount), organization)
            for key in ["certificate", "achievements"] { try await ProgrammeService.attach(id, key: key, name: "\(key).pdf", bytes: Self.pdf(key), organization) }
            try await ProgrammeService.stepApplication(id, event: "submit", reason: nil, organization)
            try await ProgrammeService.stepApplication(id, event: "district-pass", reason: nil, context(.districts([district]), .district, on: try day(4, 7)))
            try await ProgrammeService.stepApplication(id, event: "city-pass", reason: nil, context(.city, .city, on: try day(4, 14)))
            _ = try await ProgrammeService.startReview(call, context(.city, .city, on: try day(4, 20)))
            for expert in experts {
                for assignment in try await ProgrammeService.assignments(expert: expert, on: database, vault: demo.application.vault) where assignment.applicationID == id {
                    try await ProgrammeService.declare(expert: expert, application: id, ExpertDeclarationInput(conflict: false), now: scoring, database: database,
                                                       audit: AuditEvent(actor: "demo", entity: .programmeReview, action: .update))
                    _ = try await ProgrammeService.score(expert: expert, application: id, ExpertScoresInput(scores: scores), now: scoring, database: database,
                                                         audit: AuditEvent(actor: "demo", entity: .programmeReview, action: .update))
                }
            }
            _ = try await ProgrammeService.closeScoring(call, context(.city, .city, on: try day(5, 20)))
            _ = try await ProgrammeService.publishNotice(call, context(.city, .city, on: try day(6, 1)))
            try await ProgrammeService.concludeNotice(call, context(.city, .city, on: try day(6, 15)))
            return id
        }

        // 2. The municipal master-studio call: one studio selected, approved and funded.
        let studioHolder = try await employees(of: enterprise.id, atLeast: .level2, heldBy: try day(1, 1), limit: 4).dropFirst(3).first
        var studios = 0
        if let studioHolder {
            let id = try await studioThroughNotice(typeCode: "master-studio-municipal", title: "\(year) 年南通市技能大师工作室建设项目", budgetFen: 5_000_000,
                                                   holder: studioHolder, form: ["studio-name": "精密加工技能大师工作室", "members": "9",
                                                                                "plan": "三年内培养技师 10 名、高级工 30 名，完成技术攻关 5 项。"],
                                                   employerAccount: "32060101000099991234", scores: ["skill": 36, "mentoring": 26, "innovation": 17, "conditions": 9])
            try await ProgrammeService.approve(id, approval)
            studios = 1
        }
        let used = Set(technicians + [studioHolder].compactMap { $0 })
        let seasoned = try await employees(of: enterprise.id, atLeast: .level2, heldBy: try day(3, 10).adding(years: -3), limit: 12).filter { !used.contains($0) }

        // 4. Title crossover (职业发展贯通): a technician of three years applies for 工程师; the district returns the
        // application for its missing evidence, it comes back, and the title committee's pass goes through the notice
        // to approval and the title on the person's record.
        var crossovers = 0
        if let applicant = seasoned.first {
            let call = try await ProgrammeService.createCall(ProgrammeCallInput(
                typeCode: "title-crossover-engineer", year: year, title: "\(year) 年高技能人才申报工程师职称（职业发展贯通）",
                description: "取得技师职业资格（职业技能等级）满 3 年的高技能人才，可申报工程师职称评审。", opensOn: try day(3, 1).description,
                closesOn: try day(3, 31).description, noticeWorkingDays: 5, districts: [CallDistrictInput(districtCode: district, quota: 5, budgetFen: 0)]), city)
            try await ProgrammeService.stepCall(call, event: "publish", reason: nil, city)
            let id = try await ProgrammeService.createApplication(ProgrammeApplicationInput(callId: call, personIdNumber: applicant, form: ["series": "工程系列（机械）"]),
                                                                  organization)
            for key in ["certificate", "achievements"] { try await ProgrammeService.attach(id, key: key, name: "\(key).pdf", bytes: Self.pdf(key), organization) }
            try await ProgrammeService.stepApplication(id, event: "submit", reason: nil, organization)
            try await ProgrammeService.stepApplication(id, event: "return", reason: "请补充近三年主持或参与技术项目的证明材料",
                                                       context(.districts([district]), .district, on: try day(4, 7)))
            let corrected = context(.organization(enterprise.id), .organization, on: try day(4, 9))
            try await ProgrammeService.attach(id, key: "achievements", name: "业绩证明（补充）.pdf", bytes: Self.pdf("achievements-2"), corrected)
            try await ProgrammeService.stepApplication(id, event: "resubmit", reason: nil, corrected)
            try await ProgrammeService.stepApplication(id, event: "district-pass", reason: nil, context(.districts([district]), .district, on: try day(4, 10)))
            try await ProgrammeService.stepApplication(id, event: "city-pass", reason: nil, context(.city, .city, on: try day(4, 14)))
            try await ProgrammeService.stepApplication(id, event: "refer", reason: nil, context(.city, .city, on: try day(4, 20)))
            try await ProgrammeService.stepApplication(id, event: "committee-pass", reason: nil, context(.city, .city, on: try day(5, 25)))
            _ = try await ProgrammeService.publishNotice(call, context(.city, .city, on: try day(6, 1)))
            try await ProgrammeService.concludeNotice(call, context(.city, .city, on: try day(6, 15)))
            try await ProgrammeService.approve(id, approval)
            crossovers = 1
        }

        // 5. A provincial master studio, decided by the province: the leader's 全国技术能手 of two years before recorded with
        // its document, the city's selection by the experts and the notice, the recommendation upward, and the
        // province's approval recorded with its document, which puts the title on the record and pays the studio.
        var provincial = 0
        if seasoned.count > 1 {
            let leader = seasoned[1]
            let upstreamDay = min(try day(9, 10), today)
            _ = try await LedgerService.setBudget(BudgetInput(districtCode: district, year: upstreamDay.year, amountFen: 10_000_000,
                                                              document: "通人社职〔\(upstreamDay.year)〕22号", memo: "省级技能大师工作室配套"), ledger)
            _ = try await ProgrammeService.recordHonour(HonourInput(personIdNumber: leader, code: "national-technical-expert", tier: "national",
                                                                    awardedOn: "\(year - 2)-12-01", document: "人社部发〔\(year - 2)〕80号，\(year - 2)-12-01"), city)
            let id = try await studioThroughNotice(typeCode: "master-studio-provincial", title: "\(year) 年省级技能大师工作室推荐", budgetFen: 10_000_000,
                                                   holder: leader, form: ["studio-name": "智能焊接技能大师工作室", "members": "12",
                                                                          "plan": "建设焊接机器人实训工位，三年培养高级技师 5 名。"],
                                                   employerAccount: "32060101000099995678", scores: ["skill": 38, "mentoring": 27, "innovation": 18, "conditions": 9])
            try await ProgrammeService.recommend(id, approval)
            try await ProgrammeService.recordUpstream(id, UpstreamOutcomeInput(outcome: "approve", note: "苏人社发〔\(year)〕88号，\(upstreamDay)"),
                                                      context(.city, .city, on: upstreamDay))
            provincial = 1
        }

        // 3. This year's 技术能手 call, open to the end of the year, with an application waiting for the district.
        let expertCall = try await ProgrammeService.createCall(ProgrammeCallInput(
            typeCode: "nantong-technical-expert", year: today.year, title: "\(today.year) 年南通市技术能手评选", opensOn: today.adding(days: -20).description,
            closesOn: max(today.adding(days: 10), try CivilDate(year: today.year, month: 12, day: 31)).description, noticeWorkingDays: 7,
            districts: [CallDistrictInput(districtCode: district, quota: 5, budgetFen: 0)]), context(.city, .city, on: today.adding(days: -25)))
        try await ProgrammeService.stepCall(expertCall, event: "publish", reason: nil, context(.city, .city, on: today.adding(days: -25)))
        var waiting = 0
        if let candidate = try await employees(of: enterprise.id, atLeast: .level3, heldBy: today.adding(days: -30), limit: 5).last {
            let recent = context(.organization(enterprise.id), .organization, on: today.adding(days: -3))
            let id = try await ProgrammeService.createApplication(ProgrammeApplicationInput(callId: expertCall, personIdNumber: candidate,
                                                                                            form: ["summary": "连续三年获企业技能比武一等奖，改进夹具 4 项。"]), recent)
            for key in ["certificate", "achievements"] { try await ProgrammeService.attach(id, key: key, name: "\(key).pdf", bytes: Self.pdf(key), recent) }
            // Over 55, or not 高级工 on the day: the rules say so, and the demo leaves it as a draft.
            if (try? await ProgrammeService.stepApplication(id, event: "submit", reason: nil, recent)) != nil { waiting = 1 }
        }
        return ["激励项目 / programmes: \(year) 年首席技师选拔 3 人申报、专家评审、公示、2 人批准，已记入资助 \(paid) 期 / chief technicians: 3 applied, 2 approved, "
                + "\(paid) instalments; 市级大师工作室 \(studios) 个 municipal studios; 职称贯通 \(crossovers) 人 title crossovers; "
                + "向省推荐并获批大师工作室 \(provincial) 个 recommended and approved upstream; "
                + "\(today.year) 年技术能手评选开放中，\(waiting) 份待区县初审 / technical experts open, \(waiting) waiting"]
    }

    /// The demo enterprise account's organization.
    func enterpriseOfDemoAccount() async throws -> (id: UUID, uscc: String, district: String)? {
        guard let account = try await Account.query(on: database).filter(\.$username == Role.enterprise.rawValue).first(), let id = account.organizationID,
              let organization = try await Organization.find(id, on: database), let district = organization.districtCode else { return nil }
        return (id, organization.uscc, district)
    }

    /// Employees of an organization holding `level` or above since `day`, under 55, by resident ID, in a fixed order.
    func employees(of organization: UUID, atLeast level: SkillLevel, heldBy day: CivilDate, limit: Int) async throws -> [String] {
        try await database.sql.raw("""
            SELECT p.id_number_sealed FROM persons p WHERE p.employer_id = \(bind: organization) AND p.id_type = \(bind: IDType.residentID.rawValue)
              AND p.birth_date > \(bind: demo.today.adding(years: -55).description)
              AND EXISTS (SELECT 1 FROM certificates c WHERE c.person_id = p.id AND c.level >= \(bind: level.rawValue)
                  AND c.status = \(bind: CertificateStatus.valid.rawValue) AND c.revoked_on IS NULL AND c.issue_date <= \(bind: day.description))
            ORDER BY p.id LIMIT \(bind: limit)
            """).all().map { try demo.application.vault.open(try $0.decode(column: "id_number_sealed", as: String.self)) }
    }

    /// The demo expert and more expert accounts (demo accounts, the demo password), by account id.
    func expertAccounts(count: Int) async throws -> [UUID] {
        var ids: [UUID] = []
        for index in 0..<count {
            let username = index == 0 ? Role.expert.rawValue : "expert-\(index + 1)"
            if let existing = try await Account.query(on: database).filter(\.$username == username).first() {
                ids.append(try existing.requireID())
                continue
            }
            let account = try await AccountService.create(
                .init(username: username, displayName: "评审专家\(index + 1)", role: .expert, districtCode: nil, organizationID: nil,
                      password: DemoAccounts.password, mustChangePassword: false, isDemo: true, byOperator: true),
                by: AuditEvent(actor: "demo", entity: .account, action: .create), on: database, bcryptCost: demo.application.settings.bcryptCost)
            ids.append(try account.requireID())
        }
        return ids
    }

    /// A small PDF standing in for a scanned document.
    static func pdf(_ title: String) -> [UInt8] {
        Array("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% \(title)\ntrailer << /Root 1 0 R >>\n%%EOF\n".utf8)
    }
}

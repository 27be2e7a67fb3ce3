import Fluent
import Foundation
@testable import GongjiangApp
import GongjiangCore
import SQLKit
import Testing
import VaporTesting

/// Issue 13 after the applications: conflict-free panels, declarations and scores, the trimmed-mean ranking within
/// the quota, the public notice across the National Day holiday with an objection, approval within the budget, the
/// title on the record, and its funding through the ledger: the monthly allowance paid exactly 24 times, stopped by a
/// revocation, `ledger verify` holding.
@Suite("Programme awards")
struct ProgrammeAwardTests {
    typealias World = ProgrammeApplicationTests.World

    /// Applies, submits and passes both reviews for each employee; answers the applications' ids.
    static func eligible(_ world: World, call: UUID, numbers: [String]) async throws -> [UUID] {
        var ids: [UUID] = []
        let april = world.context(.organization, on: "2026-04-10")
        for number in numbers {
            let id = try await ProgrammeService.createApplication(ProgrammeApplicationInput(
                callId: call, personIdNumber: number, form: ["summary": "业绩 \(number.suffix(4))"], applicantAccount: "6217000012345678901",
                employerAccount: "32060101000054321"), april)
            for key in ["certificate", "achievements"] {
                try await ProgrammeService.attach(id, key: key, name: "\(key).pdf", bytes: ProgrammeApplicationTests.pdf, april)
            }
            try await ProgrammeService.stepApplication(id, event: "submit", reason: nil, april)
            try await ProgrammeService.stepApplication(id, event: "district-pass", reason: nil, world.context(.district, on: "2026-05-06"))
            try await ProgrammeService.stepApplication(id, event: "city-pass", reason: nil, world.context(.city, on: "2026-05-08"))
            ids.append(id)
        }
        return ids
    }

    /// A 高级工 employee for each sequence, applying to a call without attachments or form, through both reviews in
    /// April and May 2026: the applications' ids and the persons' ID numbers.
    static func passed(_ world: World, call: UUID, sequences: ClosedRange<Int>) async throws -> [(id: UUID, number: String)] {
        var passed: [(UUID, String)] = []
        for sequence in sequences {
            let number = try await world.person(sequence, employer: world.enterprise, level: 3)
            let april = world.context(.organization, on: "2026-04-10")
            let id = try await ProgrammeService.createApplication(ProgrammeApplicationInput(callId: call, personIdNumber: number, form: [:],
                                                                                            applicantAccount: "621700001234567890\(sequence % 10)"), april)
            try await ProgrammeService.stepApplication(id, event: "submit", reason: nil, april)
            try await ProgrammeService.stepApplication(id, event: "district-pass", reason: nil, world.context(.district, on: "2026-05-06"))
            try await ProgrammeService.stepApplication(id, event: "city-pass", reason: nil, world.context(.city, on: "2026-05-08"))
            passed.append((id, number))
        }
        return passed
    }

    static func fund(_ world: World, years: ClosedRange<Int>) async throws {
        let ledger = LedgerContext.replaying(world.app, on: try CivilDate(parsing: "2026-01-05"), by: "test")
        _ = try await LedgerService.allocate(AllocationInput(amountFen: 100_000_000, document: "苏财社〔2026〕1号"), ledger)
        for year in years {
            _ = try await LedgerService.setBudget(BudgetInput(districtCode: "320602", year: year, amountFen: 20_000_000, document: "通人社〔\(year)〕1号"), ledger)
        }
    }

    @Test("A whole call after eligibility: panels never with a colleague or a declared relation, scoring only after a declaration and only what is assigned, the trimmed-mean ranking within the quota, the notice over National Day with an objection dismissed, approval, and the allowance paid exactly 24 months; a revoked title is paid nothing more", arguments: TestDatabase.available)
    func wholeCall(_ database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let world = try await World.make(app)
            try await Self.fund(world, years: 2026...2027)
            let numbers = [try await world.person(31, employer: world.enterprise, level: 2), try await world.person(32, employer: world.enterprise, level: 1),
                           try await world.person(33, employer: world.enterprise, level: 2)]
            // Quota 2 and exactly two awards' worth: 24 × 1,000 + 50,000 each.
            let call = try await ProgrammeService.createCall(ProgrammeCallInput(
                typeCode: "enterprise-chief-technician", year: 2026, title: "2026 年度南通市企业首席技师选拔", opensOn: "2026-04-01", closesOn: "2026-04-30",
                noticeWorkingDays: 5, districts: [CallDistrictInput(districtCode: "320602", quota: 2, budgetFen: 14_800_000)]), world.context(.city, on: "2026-03-20"))
            try await ProgrammeService.stepCall(call, event: "publish", reason: nil, world.context(.city, on: "2026-03-20"))
            let ids = try await Self.eligible(world, call: call, numbers: numbers)

            // Seven experts: the first works for the applicants' enterprise, the second declared a relation to the first applicant.
            var experts: [UUID] = []
            for index in 0..<7 { experts.append(try await app.makeAccount(.expert, username: "expert-\(index)").requireID()) }
            let city = world.context(.city, on: "2026-05-10")
            try await ProgrammeService.saveExpertProfile(experts[0], ExpertProfileInput(employerUscc: Fixture.creditCode(601), specialty: "机械"), city)
            try await ProgrammeService.saveExpertProfile(experts[1], ExpertProfileInput(specialty: "机械", relations: [numbers[0]]), city)
            for expert in experts.dropFirst(2) { try await ProgrammeService.saveExpertProfile(expert, ExpertProfileInput(specialty: "机械"), city) }
            await #expect(throws: RequestProblem.self) {
                try await ProgrammeService.saveExpertProfile(experts[2], ExpertProfileInput(relations: ["not-an-id"]), city)
            }
            #expect(try await ProgrammeService.startReview(call, city) == 3)
            #expect(try await ProgrammeService.assignments(expert: experts[0], on: app.db, vault: app.vault).isEmpty)
            #expect(try await ProgrammeService.assignments(expert: experts[1], on: app.db, vault: app.vault).map(\.applicationID).contains(ids[0]) == false)
            var panels: [UUID: [UUID]] = [:]
            for expert in experts {
                for assignment in try await ProgrammeService.assignments(expert: expert, on: app.db, vault: app.vault) {
                    panels[assignment.applicationID, default: []].append(expert)
                }
            }
            #expect(ids.allSatisfy { panels[$0]?.count == 5 })

            let now = ChinaTime.start(of: try CivilDate(parsing: "2026-05-20")).addingTimeInterval(36_000)
            let audit = AuditEvent(actor: "expert", entity: .programmeReview, action: .update)
            let scores: [[String: Int]] = [["skill": 48, "contribution": 27, "mentoring": 18], ["skill": 40, "contribution": 24, "mentoring": 15],
                                           ["skill": 30, "contribution": 20, "mentoring": 10]]
            // An expert not on the panel, and one who has not declared.
            let outsider = try #require(experts.first { !(panels[ids[0]] ?? []).contains($0) })
            await #expect(throws: ProgrammeRefusal.notAssigned) {
                try await ProgrammeService.score(expert: outsider, application: ids[0], ExpertScoresInput(scores: scores[0]), now: now, database: app.db, audit: audit)
            }
            let first = try #require(panels[ids[0]]?.first)
            await #expect(throws: ProgrammeRefusal.noDeclaration) {
                try await ProgrammeService.score(expert: first, application: ids[0], ExpertScoresInput(scores: scores[0]), now: now, database: app.db, audit: audit)
            }
            // The files: listed by what the call asked for, opened only after the declaration, and not at all for an
            // expert the application is not assigned to.
            let listed = try #require(try await ProgrammeService.assignments(expert: first, on: app.db, vault: app.vault).first { $0.applicationID == ids[0] })
            #expect(listed.attachments.map(\.label) == ["业绩证明材料", "职业技能等级证书（扫描件）"])
            #expect(listed.fields.map(\.label) == ["主要业绩（1500 字以内）"])
            await #expect(throws: ProgrammeRefusal.noDeclaration) {
                try await ProgrammeService.assignedAttachment(expert: first, application: ids[0], key: "certificate", on: app.db)
            }
            await #expect(throws: RequestProblem.notFound) {
                try await ProgrammeService.assignedAttachment(expert: outsider, application: ids[0], key: "certificate", on: app.db)
            }
            for (index, id) in ids.enumerated() {
                for (seat, expert) in (panels[id] ?? []).enumerated() {
                    // The last seat of the last application declares a conflict and scores nothing.
                    let conflict = index == 2 && seat == 4
                    try await ProgrammeService.declare(expert: expert, application: id, ExpertDeclarationInput(conflict: conflict, note: conflict ? "曾为申报人所在班组同事" : nil),
                                                       now: now, database: app.db, audit: audit)
                    if index == 0 && seat == 0 {
                        let file = try await ProgrammeService.assignedAttachment(expert: expert, application: id, key: "certificate", on: app.db)
                        #expect(file.name == "职业技能等级证书（扫描件）.pdf" && file.mediaType == "application/pdf" && Array(file.bytes) == ProgrammeApplicationTests.pdf)
                    }
                    if conflict {
                        await #expect(throws: ProgrammeRefusal.declaredConflict) {
                            try await ProgrammeService.assignedAttachment(expert: expert, application: id, key: "certificate", on: app.db)
                        }
                        await #expect(throws: ProgrammeRefusal.declaredConflict) {
                            try await ProgrammeService.score(expert: expert, application: id, ExpertScoresInput(scores: scores[index]), now: now, database: app.db, audit: audit)
                        }
                        continue
                    }
                    await #expect(throws: ProgrammeRefusal.scoreOutOfRange(criterion: "skill", maximum: 50)) {
                        try await ProgrammeService.score(expert: expert, application: id, ExpertScoresInput(scores: ["skill": 51, "contribution": 1, "mentoring": 1]),
                                                         now: now, database: app.db, audit: audit)
                    }
                    // One outlier a panel, dropped by the trimmed mean.
                    let given = seat == 0 ? ["skill": 5, "contribution": 5, "mentoring": 5] : scores[index]
                    _ = try await ProgrammeService.score(expert: expert, application: id, ExpertScoresInput(scores: given), now: now, database: app.db, audit: audit)
                }
            }
            let ranked = try await ProgrammeService.closeScoring(call, world.context(.city, on: "2026-06-01"))
            #expect(ranked.map(\.applicationID) == ids.map(\.uuidString))
            #expect(ranked.map(\.trimmedMean) == [9_300, 7_900, 6_000])
            #expect(ranked.map(\.withinQuota) == [true, true, false])

            // The notice: published Wednesday 30 September 2026 for 5 working days runs through Monday 12 October
            // (the National Day holiday skipped, Saturday 10 October worked).
            let notice = try await ProgrammeService.publishNotice(call, world.context(.city, on: "2026-09-30"))
            #expect(try await NoticeRecord.find(notice, on: app.db)?.lastDay == "2026-10-12")
            #expect(try await ProgrammeService.application(ids[2], city).state == .notSelected)
            let objection = try await ProgrammeService.fileObjection(call, ProgrammeObjectionInput(applicationId: ids[1], objector: "匿名职工", content: "业绩材料存疑"),
                                                                     world.context(.district, on: "2026-10-09"))
            await #expect(throws: NoticeRefusal.self) { try await ProgrammeService.concludeNotice(call, world.context(.city, on: "2026-10-13")) }
            try await ProgrammeService.resolveObjection(objection, ObjectionResolution(resolution: "dismissed", note: "经核实，业绩材料属实"),
                                                        world.context(.city, on: "2026-10-12"))
            await #expect(throws: NoticeRefusal.self) { try await ProgrammeService.concludeNotice(call, world.context(.city, on: "2026-10-12")) }
            try await ProgrammeService.concludeNotice(call, world.context(.city, on: "2026-10-13"))
            #expect(try await ProgrammeService.application(ids[1], city).state == .noticeConcluded)

            // Approval: the title on the record and the employer's reward committed; recommending a city type is refused.
            let approving = world.context(.city, on: "2026-10-20")
            await #expect(throws: RequestProblem.self) { try await ProgrammeService.recommend(ids[0], approving) }
            try await ProgrammeService.approve(ids[0], approving)
            try await ProgrammeService.approve(ids[1], approving)
            #expect(try await world.count("SELECT COUNT(*) AS n FROM programme_titles WHERE state = 'active'") == 2)
            #expect(try await world.count("SELECT COUNT(*) AS n FROM programme_payments") == 2)
            // The year's figures: two municipal chief technicians, for the city and for 崇川区; none for another district.
            let figures = try await AnnualFigureQueries.compute(year: 2026, districts: nil, on: app.db).programmeAwards
            #expect(figures == [ProgrammeAwardCount(typeCode: "enterprise-chief-technician", name: "南通市企业首席技师", tier: "municipal", awarded: 2,
                                                    recommendedPending: 0)])
            #expect(try await AnnualFigureQueries.compute(year: 2026, districts: ["320602"], on: app.db).programmeAwards.first?.awarded == 2)
            #expect(try await AnnualFigureQueries.compute(year: 2026, districts: ["320612"], on: app.db).programmeAwards.isEmpty)
            let titles = try await app.db.sql.raw("SELECT id, application_id FROM programme_titles").all()
                .reduce(into: [UUID: UUID]()) { $0[try $1.decode(column: "application_id", as: UUID.self)] = try $1.decode(column: "id", as: UUID.self) }
            let (held, revoked) = (try #require(titles[ids[0]]), try #require(titles[ids[1]]))

            // The monthly run to February: four months each; again, nothing twice.
            #expect(try await ProgrammeService.payAllDue(through: try CivilDate(parsing: "2027-02-28"), world.context(.city, on: "2027-02-28")) == 8)
            #expect(try await ProgrammeService.payAllDue(through: try CivilDate(parsing: "2027-02-28"), world.context(.city, on: "2027-02-28")) == 0)
            // A failed assessment revokes the second title: nothing more is paid on it, and asking is refused. Its
            // assessment is due on 2027-10-20: not in March, but in the two months before.
            await #expect(throws: WorkflowRefusal.reasonRequired(workflow: "programme-title", event: "fail-assessment")) {
                try await ProgrammeService.stepTitle(revoked, event: "fail-assessment", reason: nil, world.context(.city, on: "2027-03-15"))
            }
            await #expect(throws: RequestProblem.self) {
                try await ProgrammeService.stepTitle(revoked, event: "fail-assessment", reason: "年度考核不合格", world.context(.city, on: "2027-03-15"))
            }
            try await ProgrammeService.stepTitle(revoked, event: "fail-assessment", reason: "年度考核不合格", world.context(.city, on: "2027-10-10"))
            // What it had earned before (the employer's reward, four months begun before the revocation) stays due and
            // is paid: only a month that begins on or after the day would be cancelled, and none is committed yet.
            let kept = try await app.db.sql.raw("""
                SELECT p.state, COUNT(*) AS n FROM ledger_payments p JOIN programme_payments m ON m.ledger_payment_id = p.id
                WHERE m.title_id = \(bind: revoked) GROUP BY p.state
                """).all().map { "\(try $0.decode(column: "state", as: String.self)) \(try $0.decode(column: "n", as: Int.self))" }
            #expect(kept == ["committed 5"])
            await #expect(throws: ProgrammeRefusal.titleNotActive) {
                try await ProgrammeService.payDue(title: revoked, through: try CivilDate(parsing: "2028-12-31"), world.context(.city, on: "2028-12-31"))
            }
            // 2028 has no budget yet: the run pays 2027's ten months and leaves the title for the next run, named.
            let run = try await ProgrammeService.payAllDueReporting(through: try CivilDate(parsing: "2028-12-31"), world.context(.city, on: "2028-12-31"))
            #expect(run.paid == 10 && run.skipped == [held.uuidString])
            _ = try await LedgerService.setBudget(BudgetInput(districtCode: "320602", year: 2028, amountFen: 20_000_000, document: "通人社〔2028〕1号"),
                                                  LedgerContext.replaying(app, on: try CivilDate(parsing: "2028-01-05"), by: "test"))
            #expect(try await ProgrammeService.payAllDue(through: try CivilDate(parsing: "2028-12-31"), world.context(.city, on: "2028-12-31")) == 10)
            #expect(try await ProgrammeService.payAllDue(through: try CivilDate(parsing: "2030-12-31"), world.context(.city, on: "2030-12-31")) == 0)
            // Valid for 24 months: read after 2028-10-19, the kept title is expired; the revoked one stays revoked.
            let late = try await ProgrammeService.titles(page: 1, world.context(.city, on: "2028-12-31"))
            #expect(late.first { $0.id == held }?.state == "expired" && late.first { $0.id == revoked }?.state == "revoked")
            #expect(try await ProgrammeService.titles(page: 1, world.context(.city, on: "2028-10-19")).first { $0.id == held }?.state == "active")
            let monthly = try await app.db.sql.raw("""
                SELECT title_id, COUNT(*) AS n, CAST(SUM(amount_fen) AS BIGINT) AS total, MIN(due_on) AS first, MAX(due_on) AS last FROM programme_payments
                WHERE line = 0 GROUP BY title_id
                """).all().reduce(into: [UUID: (Int, Int64, String, String)]()) {
                $0[try $1.decode(column: "title_id", as: UUID.self)] = (try $1.decode(column: "n", as: Int.self), try $1.decode(column: "total", as: Int64.self),
                                                                        try $1.decode(column: "first", as: String.self), try $1.decode(column: "last", as: String.self))
            }
            #expect(monthly[held]?.0 == 24 && monthly[held]?.1 == 2_400_000)
            #expect(monthly[held]?.2 == "2026-11-01" && monthly[held]?.3 == "2028-10-01")
            #expect(monthly[revoked]?.0 == 4)
            guard case .success = try await LedgerVerification.run(on: app.db) else { Issue.record("ledger verify failed"); return }
            #expect(try await AuditTrail.verify(on: app.db).1 == nil)
        }
    }

    @Test("Per-head funding: a base paid 2,000 yuan a trainee, at most 50: 30 heads commit 60,000; 80 heads reserve 100,000 of the call's budget, which is then short")
    func perHead() async throws {
        try await withGongjiang(.sqlite) { app in
            let world = try await World.make(app)
            try await Self.fund(world, years: 2026...2026)
            let type = ProgrammeType(code: "per-head-base", nameZH: "按人数资助的培养基地", nameEN: "Per-head base", applicantKind: .organization, tier: .district,
                                     eligibility: [.employerKind(anyOf: ["enterprise"])],
                                     fields: [.init(key: "heads", label: "培养人数", kind: .number, required: true, maximum: 10_000)], attachments: [],
                                     stages: [.district, .city], rubric: [], funding: [FundingLine(.perHead(Money(yuan: 2_000), maximumHeads: 50), to: .applicant)],
                                     validityMonths: 36, assessmentEveryMonths: 12, effectiveFrom: try CivilDate(parsing: "2026-01-01"))
            try await ProgrammeService.saveType(type, active: true, world.context(.city, on: "2026-03-01"))
            let call = try await ProgrammeService.createCall(ProgrammeCallInput(
                typeCode: "per-head-base", year: 2026, title: "培养基地", opensOn: "2026-04-01", closesOn: "2026-04-30", noticeWorkingDays: 3,
                districts: [CallDistrictInput(districtCode: "320602", quota: 5, budgetFen: 15_000_000)]), world.context(.city, on: "2026-03-20"))
            try await ProgrammeService.stepCall(call, event: "publish", reason: nil, world.context(.city, on: "2026-03-20"))
            var ids: [UUID] = []
            for (organization, heads) in [(world.enterprise, "30"), (world.other, "80")] {
                // The second enterprise is in another district: move it into the call's for this test.
                try await app.db.sql.raw("UPDATE organizations SET district_code = '320602' WHERE id = \(bind: organization)").run()
                let april = world.context(.organization, on: "2026-04-10", organization: organization)
                let id = try await ProgrammeService.createApplication(ProgrammeApplicationInput(callId: call, form: ["heads": heads],
                                                                                                applicantAccount: "32060101000054321"), april)
                try await ProgrammeService.stepApplication(id, event: "submit", reason: nil, april)
                try await ProgrammeService.stepApplication(id, event: "district-pass", reason: nil, world.context(.district, on: "2026-05-06"))
                try await ProgrammeService.stepApplication(id, event: "city-pass", reason: nil, world.context(.city, on: "2026-05-08"))
                ids.append(id)
            }
            _ = try await ProgrammeService.publishNotice(call, world.context(.city, on: "2026-05-11"))
            try await ProgrammeService.concludeNotice(call, world.context(.city, on: "2026-05-14"))
            try await ProgrammeService.approve(ids[0], world.context(.city, on: "2026-05-15"))
            #expect(try await world.count("SELECT COUNT(*) AS n FROM programme_payments WHERE amount_fen = 6000000") == 1)
            // 150,000 less 60,000 leaves 90,000: short of the 100,000 that 50 heads (the most) reserve.
            await #expect(throws: ProgrammeRefusal.budgetShort(left: Money(yuan: 90_000), needed: Money(yuan: 100_000))) {
                try await ProgrammeService.approve(ids[1], world.context(.city, on: "2026-05-15"))
            }
        }
    }

    @Test("A type defined by the city (no expert stage, a one-off of 10,000 yuan): applications approved in submission order until the call's budget of 15,000 is short for the next; the refusal changes nothing")
    func budgetShort() async throws {
        try await withGongjiang(.sqlite) { app in
            let world = try await World.make(app)
            try await Self.fund(world, years: 2026...2026)
            let type = ProgrammeType(code: "skill-star-award", nameZH: "技能之星奖励", nameEN: "Skill star award", applicantKind: .person, tier: .district,
                                     eligibility: [.holdsLevel(atLeast: .level3)], fields: [], attachments: [], stages: [.district, .city], rubric: [],
                                     funding: [FundingLine(.oneOff(Money(yuan: 10_000)), to: .applicant)], validityMonths: nil, assessmentEveryMonths: nil,
                                     effectiveFrom: try CivilDate(parsing: "2026-01-01"))
            try await ProgrammeService.saveType(type, active: true, world.context(.city, on: "2026-03-01"))
            let call = try await ProgrammeService.createCall(ProgrammeCallInput(
                typeCode: "skill-star-award", year: 2026, title: "技能之星", opensOn: "2026-04-01", closesOn: "2026-04-30", noticeWorkingDays: 3,
                districts: [CallDistrictInput(districtCode: "320602", quota: 5, budgetFen: 1_500_000)]), world.context(.city, on: "2026-03-20"))
            try await ProgrammeService.stepCall(call, event: "publish", reason: nil, world.context(.city, on: "2026-03-20"))
            let ids = try await Self.passed(world, call: call, sequences: 41...42).map(\.id)
            await #expect(throws: RequestProblem.self) { try await ProgrammeService.startReview(call, world.context(.city, on: "2026-05-09")) }
            _ = try await ProgrammeService.publishNotice(call, world.context(.city, on: "2026-05-11"))
            try await ProgrammeService.concludeNotice(call, world.context(.city, on: "2026-05-14"))
            try await ProgrammeService.approve(ids[0], world.context(.city, on: "2026-05-15"))
            await #expect(throws: ProgrammeRefusal.budgetShort(left: Money(yuan: 5_000), needed: Money(yuan: 10_000))) {
                try await ProgrammeService.approve(ids[1], world.context(.city, on: "2026-05-15"))
            }
            #expect(try await ProgrammeService.application(ids[1], world.context(.city, on: "2026-05-15")).state == .noticeConcluded)
            #expect(try await world.count("SELECT COUNT(*) AS n FROM programme_titles") == 1)
            #expect(try await world.count("SELECT COUNT(*) AS n FROM ledger_payments WHERE source_kind = 'programme-award'") == 1)
            guard case .success = try await LedgerVerification.run(on: app.db) else { Issue.record("ledger verify failed"); return }
        }
    }
}

/// Issue 13's two other paths: a title crossover referred to the title committee, and a provincial selection
/// recommended upward with the province's outcome recorded on the application and the record.
@Suite("Programme committee and upstream paths")
struct ProgrammeUpstreamTests {
    typealias World = ProgrammeApplicationTests.World

    @Test("Title crossover: 技师 held three years opens 工程师; the city refers the application to the title committee, whose pass goes into the notice and ends in approval on the record; a failure needs a reason")
    func crossover() async throws {
        try await withGongjiang(.sqlite) { app in
            let world = try await World.make(app)
            let call = try await ProgrammeService.createCall(ProgrammeCallInput(
                typeCode: "title-crossover-engineer", year: 2026, title: "2026 年高技能人才申报工程师职称", opensOn: "2026-04-01", closesOn: "2026-04-30",
                noticeWorkingDays: 5, districts: [CallDistrictInput(districtCode: "320602", quota: 10, budgetFen: 0)]), world.context(.city, on: "2026-03-20"))
            try await ProgrammeService.stepCall(call, event: "publish", reason: nil, world.context(.city, on: "2026-03-20"))
            let april = world.context(.organization, on: "2026-04-10")
            // 技师 since 2023-04-10: three years on the day; since 2023-04-11, not yet.
            let held = try await world.person(51, employer: world.enterprise, level: 2, issued: "2023-04-10")
            let short = try await world.person(52, employer: world.enterprise, level: 2, issued: "2023-04-11")
            #expect(try await ProgrammeService.preview(ProgrammeApplicationInput(callId: call, personIdNumber: held), april).report.isEligible)
            #expect(!(try await ProgrammeService.preview(ProgrammeApplicationInput(callId: call, personIdNumber: short), april).report.isEligible))
            var ids: [UUID] = []
            for number in [held, try await world.person(53, employer: world.enterprise, level: 1, issued: "2020-01-01")] {
                let id = try await ProgrammeService.createApplication(ProgrammeApplicationInput(callId: call, personIdNumber: number, form: ["series": "工程系列"]), april)
                for key in ["certificate", "achievements"] { try await ProgrammeService.attach(id, key: key, name: "\(key).pdf", bytes: ProgrammeApplicationTests.pdf, april) }
                try await ProgrammeService.stepApplication(id, event: "submit", reason: nil, april)
                try await ProgrammeService.stepApplication(id, event: "district-pass", reason: nil, world.context(.district, on: "2026-05-06"))
                try await ProgrammeService.stepApplication(id, event: "city-pass", reason: nil, world.context(.city, on: "2026-05-08"))
                try await ProgrammeService.stepApplication(id, event: "refer", reason: nil, world.context(.city, on: "2026-05-09"))
                ids.append(id)
            }
            await #expect(throws: WorkflowRefusal.reasonRequired(workflow: "programme-application", event: "committee-fail")) {
                try await ProgrammeService.stepApplication(ids[1], event: "committee-fail", reason: nil, world.context(.city, on: "2026-06-01"))
            }
            try await ProgrammeService.stepApplication(ids[0], event: "committee-pass", reason: nil, world.context(.city, on: "2026-06-01"))
            try await ProgrammeService.stepApplication(ids[1], event: "committee-fail", reason: "论文与业绩材料不足", world.context(.city, on: "2026-06-01"))
            _ = try await ProgrammeService.publishNotice(call, world.context(.city, on: "2026-06-02"))
            try await ProgrammeService.concludeNotice(call, world.context(.city, on: "2026-06-10"))
            try await ProgrammeService.approve(ids[0], world.context(.city, on: "2026-06-11"))
            #expect(try await ProgrammeService.application(ids[1], world.context(.city, on: "2026-06-11")).state == .rejected)
            #expect(try await world.count("SELECT COUNT(*) AS n FROM programme_titles WHERE type_code = 'title-crossover-engineer'") == 1)
            // The education the committee reads (rules.md): a school track counts as its equivalent unless a degree is higher.
            #expect(ProgrammeService.countedEducation(["school-track": "pre-technician"]) == "本科（预备技师班，按规定视同）")
            #expect(ProgrammeService.countedEducation(["school-track": "advanced", "education": "bachelor"]) == "本科")
            #expect(ProgrammeService.countedEducation(["school-track": "intermediate", "education": "college"]) == "大专")
            #expect(ProgrammeService.countedEducation(["school-track": "advanced"]) == "大专（高级工班，按规定视同）")
            #expect(ProgrammeService.countedEducation(["series": "工程系列"]) == nil)
        }
    }

    @Test("A provincial master studio: selected by the city, recommended upward (approving it locally is refused), then the province's approval puts the provincial title on the record and pays the studio's funding; the outcome needs the decision's note")
    func upstream() async throws {
        try await withGongjiang(.sqlite) { app in
            let world = try await World.make(app)
            try await ProgrammeAwardTests.fund(world, years: 2026...2026)
            var type = try #require(try await ProgrammeService.type("master-studio-provincial", on: app.db)).type
            // The city's version of the type for this test: no expert stage; the leader rules as shipped.
            type.stages = [.district, .city]
            try await ProgrammeService.saveType(type, active: true, world.context(.city, on: "2026-03-01"))
            let call = try await ProgrammeService.createCall(ProgrammeCallInput(
                typeCode: "master-studio-provincial", year: 2026, title: "2026 年省级技能大师工作室推荐", opensOn: "2026-04-01", closesOn: "2026-04-30",
                noticeWorkingDays: 5, districts: [CallDistrictInput(districtCode: "320602", quota: 1, budgetFen: 10_000_000)]), world.context(.city, on: "2026-03-20"))
            try await ProgrammeService.stepCall(call, event: "publish", reason: nil, world.context(.city, on: "2026-03-20"))
            let number = try await world.person(61, employer: world.enterprise, level: 2)
            let april = world.context(.organization, on: "2026-04-10")
            let input = ProgrammeApplicationInput(callId: call, personIdNumber: number, form: ["studio-name": "焊接大师工作室", "members": "8", "plan": "三年规划"],
                                                  employerAccount: "32060101000054321")
            // A provincial studio's leader holds one of the named honours: none on record yet.
            #expect(!(try await ProgrammeService.preview(input, april).report.isEligible))
            // The 全国技术能手 conferred in 2024, recorded by the city with its document; a future day or no holder is refused.
            await #expect(throws: RequestProblem.self) {
                try await ProgrammeService.recordHonour(HonourInput(personIdNumber: number, code: "national-technical-expert", tier: "national",
                                                                    awardedOn: "2027-01-01", document: "人社部发〔2024〕1号"), world.context(.city, on: "2026-03-30"))
            }
            await #expect(throws: RequestProblem.self) {
                try await ProgrammeService.recordHonour(HonourInput(code: "national-technical-expert", tier: "national", awardedOn: "2024-12-01",
                                                                    document: "人社部发〔2024〕1号"), world.context(.city, on: "2026-03-30"))
            }
            _ = try await ProgrammeService.recordHonour(HonourInput(personIdNumber: number, code: "national-technical-expert", tier: "national",
                                                                    awardedOn: "2024-12-01", document: "人社部发〔2024〕1号，2024-12-01"),
                                                        world.context(.city, on: "2026-03-30"))
            #expect(try await ProgrammeService.preview(input, april).report.isEligible)
            let id = try await ProgrammeService.createApplication(input, april)
            for key in ["certificate", "achievements"] { try await ProgrammeService.attach(id, key: key, name: "\(key).pdf", bytes: ProgrammeApplicationTests.pdf, april) }
            try await ProgrammeService.stepApplication(id, event: "submit", reason: nil, april)
            try await ProgrammeService.stepApplication(id, event: "district-pass", reason: nil, world.context(.district, on: "2026-05-06"))
            try await ProgrammeService.stepApplication(id, event: "city-pass", reason: nil, world.context(.city, on: "2026-05-08"))
            _ = try await ProgrammeService.publishNotice(call, world.context(.city, on: "2026-05-11"))
            try await ProgrammeService.concludeNotice(call, world.context(.city, on: "2026-05-19"))
            await #expect(throws: RequestProblem.self) { try await ProgrammeService.approve(id, world.context(.city, on: "2026-05-20")) }
            try await ProgrammeService.recommend(id, world.context(.city, on: "2026-05-20"))
            #expect(try await AnnualFigureQueries.compute(year: 2026, districts: nil, on: app.db).programmeAwards.first?.recommendedPending == 1)
            await #expect(throws: RequestProblem.self) {
                try await ProgrammeService.recordUpstream(id, UpstreamOutcomeInput(outcome: "approve", note: " "), world.context(.city, on: "2026-09-01"))
            }
            try await ProgrammeService.recordUpstream(id, UpstreamOutcomeInput(outcome: "approve", note: "苏人社发〔2026〕88 号，2026-08-28"),
                                                      world.context(.city, on: "2026-09-01"))
            let application = try await ProgrammeService.application(id, world.context(.city, on: "2026-09-01"))
            #expect(application.state == .approved && application.upstreamOutcome == "苏人社发〔2026〕88 号，2026-08-28")
            #expect(try await world.count("SELECT COUNT(*) AS n FROM programme_titles WHERE tier = 'provincial' AND awarded_on = '2026-09-01'") == 1)
            // The recorded honour pays nothing, and the monthly run leaves it alone.
            #expect(try await ProgrammeService.payAllDue(through: try CivilDate(parsing: "2026-12-31"), world.context(.city, on: "2026-12-31")) == 0)
            #expect(try await world.count("SELECT COUNT(*) AS n FROM programme_payments WHERE amount_fen = 10000000") == 1)
            let figures = try await AnnualFigureQueries.compute(year: 2026, districts: nil, on: app.db).programmeAwards
            #expect(figures.first?.awarded == 1 && figures.first?.recommendedPending == 0 && figures.first?.tier == "provincial")
            guard case .success = try await LedgerVerification.run(on: app.db) else { Issue.record("ledger verify failed"); return }
        }
    }
}

import Fluent
import Foundation
@testable import GongjiangApp
import GongjiangCore
import SQLKit
import Testing
import VaporTesting

@Suite("Certification: the workflow through the service")
struct CertificationWorkflowTests {
    static func day(_ text: String) -> CivilDate { CertificationWorld.day(text) }

    @Test("Filing approved → plan → candidates → scores → notice → issue → revoke, every step audited",
          arguments: TestDatabase.available)
    func wholePath(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let world = try await CertificationWorld.make(app)
            #expect(world.filing.state == .active)
            #expect(world.filing.filingNumber == "320600-S-2025-0001")
            #expect(world.filing.validUntil == "2028-01-05")
            // Filed 2025-09-16, exams 2025-09-28 (a make-up Saturday, a working day).
            let plan = try await world.plan(levels: [.level5, .level4], filedOn: Self.day("2025-09-16"))
            let a = try await world.candidate(plan, sequence: 101, name: "张一", on: Self.day("2025-09-17"))
            let b = try await world.candidate(plan, sequence: 103, name: "李二", on: Self.day("2025-09-17"))
            let c = try await world.candidate(plan, sequence: 105, name: "王三", level: .level4, on: Self.day("2025-09-17"),
                                              override: "省级技能竞赛二等奖，破格申报")
            #expect(c.eligibility == "override")
            let org = world.asOrganization(on: Self.day("2025-09-30"))
            try await CertificationService.recordScores(ScoresInput(theory: "60", practical: "60"), candidate: a, plan: plan, org)
            try await CertificationService.recordScores(ScoresInput(theory: "59.9", practical: "90"), candidate: b, plan: plan, org)
            try await CertificationService.recordScores(ScoresInput(theory: "88", practical: "91.5"), candidate: c, plan: plan, org)
            try await CertificationService.step(plan, .submitResults, reason: nil, org)
            #expect(try await PlanCandidate.find(a.id, on: app.db)?.state == .passed)
            #expect(try await PlanCandidate.find(b.id, on: app.db)?.state == .failed)
            // Published Tuesday 2025-09-30: five working days run to Monday 2025-10-13 across the National Day block
            // (10-01 to 10-08 off) with Saturday 10-11 worked.
            try await CertificationService.step(plan, .publishNotice, reason: nil, org)
            let notice = try #require(try await NoticeRecord.find(plan.noticeID, on: app.db))
            #expect(notice.publishedOn == "2025-09-30")
            #expect(notice.lastDay == "2025-10-13")
            // Issuing on the last day is refused; so is concluding.
            let lastDay = world.asOrganization(on: Self.day("2025-10-13"))
            await #expect(throws: NoticeRefusal.periodNotOver(lastDay: Self.day("2025-10-13"))) {
                try await CertificationService.step(plan, .concludeNotice, reason: nil, lastDay)
            }
            await #expect(throws: WorkflowRefusal.self) { try await CertificationService.step(plan, .issue, reason: nil, lastDay) }
            let after = world.asOrganization(on: Self.day("2025-10-14"))
            try await CertificationService.step(plan, .concludeNotice, reason: nil, after)
            try await CertificationService.step(plan, .issue, reason: nil, after)
            #expect(plan.state == .issued)
            let issued = try await Certificate.query(on: app.db).filter(\.$source == "issued").sort(\.$number).all()
            #expect(issued.count == 2)
            for certificate in issued {
                let number = try NationalCertificateNumber(certificate.number)
                #expect(number.organizationType == .social && number.provinceCode == "32" && number.siteSerial == "100001")
                #expect(number.yearOfIssue == 25)
                #expect(certificate.issueDate == "2025-10-14")
                #expect(certificate.issuerName == world.organization.name)
            }
            #expect(Set(issued.map { String($0.number.suffix(7)) }) == ["5000001", "4000001"])
            #expect(try await PlanCandidate.find(b.id, on: app.db)?.certificateID == nil)
            // Revocation keeps the number taken, with its reason.
            try await CertificationService.revoke(issued[0], reason: "考生冒名顶替", world.asCity(on: Self.day("2025-11-01")))
            #expect(issued[0].isRevoked && issued[0].revokedOn == "2025-11-01")
            await #expect(throws: CertificationRefusal.alreadyRevoked) {
                try await CertificationService.revoke(issued[0], reason: "again", world.asCity(on: Self.day("2025-11-02")))
            }
            // Every step is on the chain, and the chain holds.
            let (checked, problem) = try await AuditTrail.verify(on: app.db)
            #expect(problem == nil)
            #expect(checked > 15)
            let actions = try await AuditEntry.query(on: app.db).all().map { "\($0.entity) \($0.action)" }
            for expected in ["filing create", "filing district-approve", "filing city-approve", "certification-plan create",
                             "candidate create", "candidate scores", "candidate pass", "candidate fail", "public-notice publish",
                             "certification-plan issue", "certificate issue", "certificate revoke"] {
                #expect(actions.contains(expected), "\(expected)")
            }
        }
    }

    /// Counts of every table a refusal might have touched, and the audit trail's length.
    static func footprint(_ app: Application) async throws -> [Int] {
        [try await CertificationPlan.query(on: app.db).count(), try await PlanCandidate.query(on: app.db).count(),
         try await Person.query(on: app.db).count(), try await Certificate.query(on: app.db).count(),
         try await ObjectionRecord.query(on: app.db).count(), try await AuditEntry.query(on: app.db).count()]
    }

    @Test("Bad input is refused with its reason and changes nothing", arguments: TestDatabase.available)
    func badInput(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let world = try await CertificationWorld.make(app)
            let filedOn = Self.day("2025-09-01")
            let plan = try await world.plan(levels: [.level5, .level4], filedOn: filedOn)
            let first = try await world.candidate(plan, sequence: 201, name: "赵一", on: filedOn)
            let before = try await Self.footprint(app)
            let org = world.asOrganization(on: filedOn)
            // Before the exams are over, no score goes in.
            await #expect(throws: CertificationRefusal.examsNotOver(lastExamDay: world.examDay(plan))) {
                try await CertificationService.recordScores(ScoresInput(theory: "80", practical: "80"), candidate: first, plan: plan, org)
            }
            let examDay = world.asOrganization(on: world.examDay(plan))

            // A plan outside the filed scope, or after the filing expired.
            await #expect(throws: CertificationRefusal.planOutsideScope(occupationCode: CertificationWorld.occupation, level: .level1)) {
                _ = try await CertificationService.filePlan(
                    PlanInput(occupationCode: CertificationWorld.occupation, levels: ["1"], siteId: world.site.id,
                              examFrom: "2025-10-20", examTo: nil, expectedCandidates: 10), filing: world.filing, org)
            }
            await #expect(throws: CertificationRefusal.planOutsideValidity(validUntil: Self.day("2028-01-05"))) {
                _ = try await world.plan(filedOn: Self.day("2027-12-30"), lead: 12)
            }
            // Ineligible without an override: level 4 needs a level-5 certificate held two years.
            await #expect(throws: CertificationRefusal.candidateIneligible) {
                _ = try await world.candidate(plan, sequence: 203, name: "钱二", level: .level4, on: filedOn)
            }
            // The same person twice.
            await #expect(throws: CertificationRefusal.candidateDuplicate) {
                _ = try await world.candidate(plan, sequence: 201, name: "赵一", on: filedOn)
            }
            // Scores out of range, or for a part level 5 does not sit.
            for scores in [ScoresInput(theory: "101", practical: "80"), ScoresInput(theory: "-1", practical: "80"),
                           ScoresInput(theory: "80", practical: "80", review: "70"), ScoresInput(theory: "80")] {
                await #expect(throws: RequestProblem.self) {
                    try await CertificationService.recordScores(scores, candidate: first, plan: plan, examDay)
                }
            }
            #expect(try await Self.footprint(app) == before)

            // Issue before the notice ends, and with an objection open.
            try await CertificationService.recordScores(ScoresInput(theory: "80", practical: "80"), candidate: first, plan: plan, examDay)
            try await CertificationService.step(plan, .submitResults, reason: nil, examDay)
            await #expect(throws: CertificationRefusal.planLocked) {
                try await CertificationService.recordScores(ScoresInput(theory: "90", practical: "90"), candidate: first, plan: plan, examDay)
            }
            let published = Self.day("2025-09-22")
            try await CertificationService.step(plan, .publishNotice, reason: nil, world.asOrganization(on: published))
            let objection = try await CertificationService.fileObjection(
                ObjectionInput(candidateId: first.id, objector: "实名来信", content: "工作年限不实"), plan: plan,
                world.asDistrict(on: Self.day("2025-09-23")))
            let late = world.asOrganization(on: Self.day("2025-10-20"))
            await #expect(throws: NoticeRefusal.openObjections(1)) {
                try await CertificationService.step(plan, .concludeNotice, reason: nil, late)
            }
            await #expect(throws: WorkflowRefusal.self) { try await CertificationService.step(plan, .issue, reason: nil, late) }
            #expect(try await Certificate.query(on: app.db).count() == 0)
            // Upheld: the candidate's result does not proceed; the plan issues nothing.
            try await CertificationService.resolveObjection(objection, ObjectionResolution(resolution: "upheld", note: "核实属实"), plan: plan,
                                                            world.asDistrict(on: Self.day("2025-09-25")))
            try await CertificationService.step(plan, .concludeNotice, reason: nil, late)
            try await CertificationService.step(plan, .issue, reason: nil, late)
            #expect(try await Certificate.query(on: app.db).count() == 0)
            #expect(try await PlanCandidate.find(first.id, on: app.db)?.state == .failed)
        }
    }

    @Test("A submitted score is corrected only by an audited amendment, which may turn the result", arguments: TestDatabase.available)
    func amendments(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let world = try await CertificationWorld.make(app)
            let day = Self.day("2025-03-03")
            let plan = try await world.plan(filedOn: day)
            let registered = try await world.candidate(plan, sequence: 301, name: "孙一", on: day)
            let org = world.asOrganization(on: world.examDay(plan))
            try await CertificationService.recordScores(ScoresInput(theory: "58", practical: "70"), candidate: registered, plan: plan, org)
            try await CertificationService.step(plan, .submitResults, reason: nil, org)
            let candidate = try #require(try await PlanCandidate.find(registered.id, on: app.db))
            #expect(candidate.state == .failed)
            await #expect(throws: RequestProblem.self) {
                try await CertificationService.amendScores(ScoresInput(theory: "62", practical: "70"), candidate: candidate, plan: plan, org)
            }
            await #expect(throws: CertificationRefusal.amendmentUnchanged) {
                try await CertificationService.amendScores(ScoresInput(theory: "58", practical: "70", reason: "复核"), candidate: candidate,
                                                           plan: plan, org)
            }
            try await CertificationService.amendScores(ScoresInput(theory: "62", practical: "70", reason: "复核发现漏计一题"),
                                                       candidate: candidate, plan: plan, org)
            #expect(candidate.state == .passed)
            let amendment = try #require(try await ScoreAmendment.query(on: app.db).first())
            #expect(amendment.beforeScores.contains("\"theory\":\"58\"") && amendment.afterScores.contains("\"theory\":\"62\""))
            #expect(amendment.reason == "复核发现漏计一题")
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "amend").count() == 1)
        }
    }

    @Test("Two issuers at once never share a number: serials run on without a gap", arguments: TestDatabase.available)
    func concurrentNumbering(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let world = try await CertificationWorld.make(app)
            let day = Self.day("2025-03-03")
            var plans: [(CertificationPlan, [PlanCandidate])] = []
            for round in 0..<2 {
                let plan = try await world.plan(filedOn: day)
                var candidates: [PlanCandidate] = []
                for index in 0..<15 {
                    candidates.append(try await world.candidate(plan, sequence: 401 + round * 100 + index * 2, name: "周\(round)\(index)", on: day))
                }
                let org = world.asOrganization(on: Self.day("2025-03-17"))
                for candidate in candidates {
                    try await CertificationService.recordScores(ScoresInput(theory: "80", practical: "80"), candidate: candidate, plan: plan, org)
                }
                try await CertificationService.step(plan, .submitResults, reason: nil, org)
                try await CertificationService.step(plan, .publishNotice, reason: nil, org)
                try await CertificationService.step(plan, .concludeNotice, reason: nil, world.asOrganization(on: Self.day("2025-03-24")))
                plans.append((plan, candidates))
            }
            let issueDay = world.asOrganization(on: Self.day("2025-03-24"))
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (plan, _) in plans {
                    group.addTask { try await CertificationService.step(plan, .issue, reason: nil, issueDay) }
                }
                try await group.waitForAll()
            }
            let numbers = try await Certificate.query(on: app.db).filter(\.$source == "issued").all().map(\.number)
            #expect(numbers.count == 30)
            #expect(Set(numbers).count == 30)
            #expect(Set(numbers.map { Int($0.suffix(6))! }) == Set(1...30))
        }
    }

    @Test("Serials continue after certificates that came in by import under the same prefix", arguments: [TestDatabase.sqlite])
    func serialsAfterImported(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let world = try await CertificationWorld.make(app)
            let day = Self.day("2025-03-03")
            let plan = try await world.plan(filedOn: day)
            let candidate = try await world.candidate(plan, sequence: 601, name: "吴一", on: day)
            // An imported level-5 certificate of 2025 under the same organization and site: serial 000041.
            let imported = Certificate()
            imported.number = "S000032100001255000041"
            imported.numberFormat = "national"
            imported.personID = candidate.personID
            imported.occupationCode = CertificationWorld.occupation
            imported.workType = "--"
            imported.levelRank = SkillLevel.level5.rawValue
            imported.issueDate = "2025-01-10"
            imported.issuerName = world.organization.name
            imported.status = "valid"
            imported.source = "imported"
            try await imported.create(on: app.db)
            _ = try await world.issue(plan, candidates: [candidate], on: day)
            let issued = try #require(try await Certificate.query(on: app.db).filter(\.$source == "issued").first())
            #expect(issued.number == "S000032100001255000042")
        }
    }

    @Test("特级技师: an employer (Y) evaluates it on its own prerequisites; the number takes the TJ format",
          arguments: [TestDatabase.sqlite])
    func principalTechnician(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let world = try await CertificationWorld.make(app, type: .employer, levels: [.level1, .principalTechnician], siteSerial: "200003")
            let day = Self.day("2025-03-03")
            let plan = try await world.plan(levels: [.principalTechnician], filedOn: day)
            await #expect(throws: CertificationRefusal.candidateIneligible) {
                _ = try await world.candidate(plan, sequence: 701, name: "郑一", level: .principalTechnician, on: day)
            }
            let candidate = try await world.candidate(plan, sequence: 701, name: "郑一", level: .principalTechnician, on: day,
                                                      override: "企业特级技师评聘试点，按企业评价规范申报")
            _ = try await world.issue(plan, candidates: [candidate], on: day)
            let issued = try #require(try await Certificate.query(on: app.db).filter(\.$source == "issued").first())
            #expect(issued.number == "TJ00003220000325000001")
            #expect(issued.numberFormat == "top-rung")
            // A social organization cannot file the top rungs at all.
            await #expect(throws: RequestProblem.self) {
                _ = try await CertificationWorld.make(app, type: .social, levels: [.principalTechnician])
            }
        }
    }

    @Test("Each role reaches only its own filings and plans; another district's or organization's ids read as absent",
          arguments: [TestDatabase.sqlite])
    func scopes(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let world = try await CertificationWorld.make(app)
            let plan = try await world.plan(filedOn: Self.day("2025-03-03"))
            let own = CertificationQueries(database: app.db, scope: .organization(world.organization.id!))
            let other = CertificationQueries(database: app.db, scope: .organization(UUID()))
            let district = CertificationQueries(database: app.db, scope: .districts(["320602"]))
            let otherDistrict = CertificationQueries(database: app.db, scope: .districts(["320612"]))
            for (queries, sees) in [(own, true), (other, false), (district, true), (otherDistrict, false),
                                    (CertificationQueries(database: app.db, scope: .nothing), false),
                                    (CertificationQueries(database: app.db, scope: .city), true)] {
                #expect((try await queries.filing(world.filing.id!) != nil) == sees)
                #expect((try await queries.plan(plan.id!) != nil) == sees)
            }
            // Another district's officer cannot review, nor another organization plan under this filing.
            await #expect(throws: RequestProblem.notFound) {
                try await CertificationService.supervise(plan, supervised: true, note: nil,
                                                         world.context(.districts(["320612"]), .district, on: Self.day("2025-03-04")))
            }
            await #expect(throws: RequestProblem.notFound) {
                _ = try await CertificationService.filePlan(
                    PlanInput(occupationCode: CertificationWorld.occupation, levels: ["5"], siteId: world.site.id,
                              examFrom: "2025-04-01", examTo: nil, expectedCandidates: 5), filing: world.filing,
                    world.context(.organization(UUID()), .organization, on: Self.day("2025-03-04")))
            }
        }
    }
}

@Suite("Certification: candidates and scores from CSV")
struct CandidateFileTests {
    static func day(_ text: String) -> CivilDate { CertificationWorld.day(text) }

    @Test("A GB18030 candidates file registers its good rows and reports each bad one with its row and reason; scores follow by file",
          arguments: [TestDatabase.sqlite])
    func candidatesAndScores(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let world = try await CertificationWorld.make(app)
            let filedOn = Self.day("2025-03-03")
            let plan = try await world.plan(levels: [.level5, .level4], filedOn: filedOn)
            let good1 = Fixture.residentID(sequence: 901), good2 = Fixture.residentID(sequence: 903)
            let path = try writeCSV([
                "证件号码,姓名,等级,从业起始日期,学历类别,已完成学徒培训,破格理由",
                "\(good1),钱一,5,2020-01-01,,否,",
                "\(good2),钱二,五级/初级工,,,是,",
                "\(Fixture.residentID(sequence: 905)),钱三,4,2020-01-01,,,",
                "110105194912310021,钱四,5,2020-01-01,,,",
                "\(good1),钱一,5,2020-01-01,,,",
                "\(Fixture.residentID(sequence: 907)),钱五,9,,,,",
            ], encoding: String.Encoding(rawValue: 0x8000_0632))
            let outcome = try await CandidateFiles.run(.candidates, path: path, plan: plan, world.asOrganization(on: filedOn))
            #expect(outcome.accepted == 2)
            #expect(outcome.issues.map(\.row) == [4, 5, 6, 7])
            #expect(outcome.issues.map(\.code) == ["candidate.ineligible", "resident-id.check-digit", "candidate.duplicate",
                                                   "skill-level.unknown"])
            #expect(try await PlanCandidate.query(on: app.db).filter(\.$planID == plan.id!).count() == 2)

            let scores = try writeCSV(["证件号码,理论知识,操作技能", "\(good1),80,75.5", "\(good2),101,80",
                                       "\(Fixture.residentID(sequence: 999)),70,70"])
            let early = try await CandidateFiles.run(.scores, path: scores, plan: plan, world.asOrganization(on: filedOn))
            #expect(early.accepted == 0 && early.issues.first?.code == "plan.exams-not-over")
            let later = try await CandidateFiles.run(.scores, path: scores, plan: plan, world.asOrganization(on: world.examDay(plan)))
            #expect(later.accepted == 1)
            #expect(later.issues.map(\.code) == ["score.out-of-range", "candidate.not-in-plan"])
            await #expect(throws: RequestProblem.self) {
                _ = try await CandidateFiles.run(.scores, path: try writeCSV(["证件号码,鞋码", "\(good1),42"]), plan: plan,
                                                 world.asOrganization(on: world.examDay(plan)))
            }
        }
    }
}

@Suite("Certification: conditions and policy as dated data")
struct CertificationPolicyTests {
    static func day(_ text: String) -> CivilDate { CertificationWorld.day(text) }

    @Test("申报条件 stored for an occupation replace the national template from their day on, and only for that occupation",
          arguments: [TestDatabase.sqlite])
    func occupationConditions(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let world = try await CertificationWorld.make(app)
            let city = world.asCity(on: Self.day("2025-03-01"))
            // 焊工 level 5 from 2025-04-01: two years in the occupation instead of the template's one.
            try await CertificationService.setConditions(
                ConditionsInput(level: "5", effectiveFrom: "2025-04-01", routes: ["years-in-occupation:2", "apprenticeship"]),
                occupationCode: CertificationWorld.occupation, city)
            await #expect(throws: RequestProblem.self) {
                try await CertificationService.setConditions(
                    ConditionsInput(level: "5", effectiveFrom: "2025-02-01", routes: ["apprenticeship"]), occupationCode: CertificationWorld.occupation, city)
            }
            await #expect(throws: RequestProblem.self) {
                try await CertificationService.setConditions(
                    ConditionsInput(level: "5", effectiveFrom: "2025-05-01", routes: ["years-in-occupation:99"]),
                    occupationCode: CertificationWorld.occupation, city)
            }
            await #expect(throws: WorkflowRefusal.self) {
                try await CertificationService.setConditions(
                    ConditionsInput(level: "5", effectiveFrom: "2025-05-01", routes: ["apprenticeship"]), occupationCode: CertificationWorld.occupation,
                    world.asDistrict(on: Self.day("2025-03-01")))
            }
            let before = try await CertificationService.conditions(occupationCode: CertificationWorld.occupation, level: .level5,
                                                                   on: Self.day("2025-03-31"), database: app.db)
            #expect(!before.own && before.conditions == .nationalTemplate)
            let after = try await CertificationService.conditions(occupationCode: CertificationWorld.occupation, level: .level5,
                                                                  on: Self.day("2025-04-01"), database: app.db)
            #expect(after.own && after.conditions.routes[.level5] == [.yearsInOccupation(2), .apprenticeshipCompleted])
            #expect(try await CertificationService.conditions(occupationCode: "6-18-01-01", level: .level5, on: Self.day("2025-04-01"),
                                                              database: app.db).own == false)
            // A candidate with 18 months in the occupation: eligible in March, not from April.
            let march = try await world.plan(filedOn: Self.day("2025-03-03"))
            let april = try await world.plan(filedOn: Self.day("2025-04-02"))
            let input = { (sequence: Int) in
                CandidateInput(idType: nil, idNumber: Fixture.residentID(sequence: sequence), name: "冯一", level: "5",
                               workingSince: "2023-10-01", schools: nil, apprenticeshipCompleted: nil, overrideReason: nil)
            }
            _ = try await CertificationService.registerCandidate(input(951), plan: march, world.asOrganization(on: Self.day("2025-03-03")))
            await #expect(throws: CertificationRefusal.candidateIneligible) {
                _ = try await CertificationService.registerCandidate(input(951), plan: april, world.asOrganization(on: Self.day("2025-04-02")))
            }
        }
    }

    @Test("Policy planLeadDays from a new version: 20 days ahead from its day on; the days before keep 10", arguments: [TestDatabase.sqlite])
    func policyVersions(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let world = try await CertificationWorld.make(app)
            let city = world.asCity(on: Self.day("2025-03-01"))
            _ = try await CertificationService.setPolicy(PolicyInput(effectiveFrom: "2025-04-01", planLeadDays: 20, noticeWorkingDays: 7,
                                                                     filingValidityYears: 3), city)
            for bad in [PolicyInput(effectiveFrom: "2025-04-02", planLeadDays: 91, noticeWorkingDays: 5, filingValidityYears: 3),
                        PolicyInput(effectiveFrom: "2025-04-02", planLeadDays: 10, noticeWorkingDays: 0, filingValidityYears: 3),
                        PolicyInput(effectiveFrom: "2025-02-28", planLeadDays: 10, noticeWorkingDays: 5, filingValidityYears: 3)] {
                await #expect(throws: RequestProblem.self) { _ = try await CertificationService.setPolicy(bad, city) }
            }
            _ = try await world.plan(filedOn: Self.day("2025-03-31"), lead: 12)
            await #expect(throws: CertificationRefusal.planTooLate(earliest: Self.day("2025-04-22"))) {
                _ = try await world.plan(filedOn: Self.day("2025-04-02"), lead: 12)
            }
            _ = try await world.plan(filedOn: Self.day("2025-04-02"), lead: 20)
            let versions = try await CertificationPolicySetting.query(on: app.db).all().compactMap(\.policy)
            #expect(CertificationPolicy.inForce(versions, on: Self.day("2025-04-01"))?.noticeWorkingDays == 7)
        }
    }
}

@Suite("Certification: returns, resubmission and export")
struct CertificationExchangeTests {
    static func day(_ text: String) -> CivilDate { CertificationWorld.day(text) }

    @Test("A filing the district returns is corrected and resubmitted by its organization, then approved; the reason is kept",
          arguments: [TestDatabase.sqlite])
    func returnAndResubmit(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let world = try await CertificationWorld.unfiled(app, name: "南通退回测试评价站")
            let day = Self.day("2025-01-06")
            let filing = try await CertificationService.submitFiling(CertificationWorld.filingInput(), world.asOrganization(on: day))
            await #expect(throws: RequestProblem.self) {
                try await CertificationService.step(filing, .districtReturn, reason: "  ", approval: nil, world.asDistrict(on: day))
            }
            try await CertificationService.step(filing, .districtReturn, reason: "考评员证号缺失", approval: nil, world.asDistrict(on: day))
            #expect(filing.state == .returned && filing.lastReason == "考评员证号缺失")
            // The organization may not approve itself, nor the district resubmit for it.
            await #expect(throws: WorkflowRefusal.self) {
                try await CertificationService.step(filing, .cityApprove, reason: nil, approval: nil, world.asOrganization(on: day))
            }
            var corrected = CertificationWorld.filingInput(levels: [.level5, .level4])
            corrected.examiners = [.init(name: "王考评", examinerNumber: "KP3200000009", occupationCode: CertificationWorld.occupation)]
            try await CertificationService.resubmitFiling(filing, corrected, world.asOrganization(on: day.adding(days: 2)))
            #expect(filing.state == .submitted)
            let scope = try await CertificationQueries(database: app.db, scope: .city).scope(of: filing.id!)
            #expect(scope.count == 2)
            #expect(try await FilingExaminer.query(on: app.db).filter(\.$filingID == filing.id!).first()?.examinerNumber == "KP3200000009")
            try await CertificationService.step(filing, .districtApprove, reason: nil, approval: nil, world.asDistrict(on: day.adding(days: 3)))
            #expect(filing.state == .districtApproved)
        }
    }

    @Test("Issued certificates export in the interchange columns with full ID numbers, and each export is audited",
          arguments: [TestDatabase.sqlite])
    func export(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let (_, certificate) = try await CredentialTests.issuedCertificate(app)
            let caller = try await app.cityAdmin()
            let response = try await app.testing().sendRequest(.GET, "/certificates/export.csv?source=issued", headers: caller.headers)
            #expect(response.status == .ok)
            let lines = response.text.split(separator: "\r\n").map(String.init)
            #expect(lines.first == CSVDocument.byteOrderMark + PersonCertificateColumn.allCases.map(\.chineseHeader).joined(separator: ","))
            #expect(lines.count == 2)
            #expect(lines[1].contains(Fixture.residentID(sequence: 801)) && lines[1].contains(certificate.number))
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "export").filter(\.$entity == "certificate").count() == 1)
            // A district officer may not download full ID numbers.
            let officer = try await app.sessionCaller(try await app.makeAccount(.districtOfficer))
            #expect(try await app.testing().sendRequest(.GET, "/certificates/export.csv", headers: officer.headers).status == .forbidden)
        }
    }
}

@Suite("Certification: the occupation's standard")
struct OccupationStandardTests {
    @Test("A filing names only the levels the occupation's national standard sets (健康管理师: 三级 to 一级)", arguments: [TestDatabase.sqlite])
    func levelsOfTheStandard(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let world = try await CertificationWorld.unfiled(app, name: "南通健康管理评价站")
            var input = CertificationWorld.filingInput()
            input.scope = [.init(occupationCode: "4-14-02-02", level: "5"), .init(occupationCode: "4-14-02-02", level: "3")]
            input.examiners = [.init(name: "王考评", examinerNumber: "KP3200000001", occupationCode: "4-14-02-02")]
            do {
                _ = try await CertificationService.submitFiling(input, world.asOrganization(on: world.approvedOn))
                Issue.record("level 5 of 健康管理师 was accepted")
            } catch let problem as RequestProblem {
                #expect(problem.fields?.map(\.code) == ["filing.level-not-in-standard"])
                #expect(problem.fields?.first?.field == "scope[0].level")
            }
            input.scope = [.init(occupationCode: "4-14-02-02", level: "3")]
            _ = try await CertificationService.submitFiling(input, world.asOrganization(on: world.approvedOn))
        }
    }
}

@Suite("Certification: the same step twice at once")
struct ConcurrentStepTests {
    @Test("Two requests issuing one plan at once issue its certificates once", arguments: TestDatabase.available)
    func issueTwice(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let world = try await CertificationWorld.make(app)
            let day = CertificationWorld.day("2025-03-03")
            let plan = try await world.plan(filedOn: day)
            var candidates: [PlanCandidate] = []
            for index in 0..<5 { candidates.append(try await world.candidate(plan, sequence: 961 + index * 2, name: "卫\(index)", on: day)) }
            let org = world.asOrganization(on: world.examDay(plan))
            for candidate in candidates {
                try await CertificationService.recordScores(ScoresInput(theory: "80", practical: "80"), candidate: candidate, plan: plan, org)
            }
            try await CertificationService.step(plan, .submitResults, reason: nil, org)
            try await CertificationService.step(plan, .publishNotice, reason: nil, org)
            let after = world.asOrganization(on: CertificationWorld.day("2025-03-25"))
            try await CertificationService.step(plan, .concludeNotice, reason: nil, after)
            // Two copies of the plan, as two requests would each have loaded it.
            let first = try #require(try await CertificationPlan.find(plan.id, on: app.db))
            let second = try #require(try await CertificationPlan.find(plan.id, on: app.db))
            let outcomes = await withTaskGroup(of: Bool.self) { group in
                for copy in [first, second] {
                    group.addTask { (try? await CertificationService.step(copy, .issue, reason: nil, after)) != nil }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 1)
            #expect(try await Certificate.query(on: app.db).filter(\.$source == "issued").count() == 5)
        }
    }
}

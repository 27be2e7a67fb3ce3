import Fluent
import Foundation
import GongjiangCore
import Vapor

/// The city-scale demo's current year of certification (issue 12), through the certification workflow on the days it
/// would have happened: about 300,000 certificates, the reference city's yearly volume, from the registry's draw
/// (`CurrentYearCertificates`). Each district's evaluation centre files and is approved the autumn before; each of its
/// occupations' candidates are taken in order of their day, up to `planSize` a plan. A plan is filed twelve days before
/// its exam, its candidates registered as a list, the scores entered as a list after the exam, the results submitted
/// and put on notice, and the certificates issued the day after the notice ends. The year stops at today: a plan whose
/// exam or notice is still to come stays where it is, as it would in the real city.
struct CertificationHistory {
    let demo: DemoContext
    var database: any Database { demo.application.db }

    /// The most candidates one plan takes: the size of a large sitting at one centre.
    static let planSize = 150
    /// Days from filing a plan to its exam: above the policy's 10 (PlanRules' lead days), as centres file ahead.
    static let leadDays = 12
    /// Days from the exam to the day the plan issues, about: two to enter and submit the scores, then the five working
    /// days of the notice and a day to conclude it.
    static let examToIssueDays = 14

    struct Outcome: Sendable {
        var filings = 0
        var plans = 0
        var candidates = 0
        var refused = 0
        var issued = 0
        /// Plans still in flight on today: exams to come, scores to enter or the notice running.
        var inFlight = 0
    }

    func context(_ scope: Scope, _ actor: WorkflowActor, on day: CivilDate) -> CertificationContext {
        .replaying(demo.application, scope, actor, on: day, by: "demo")
    }

    func build() async throws -> Outcome {
        var outcome = Outcome()
        let entries = demo.currentYear.take()
        guard !entries.isEmpty else { return outcome }
        let today = demo.today
        let catalogue = Dictionary(try await Occupation.query(on: database).all().compactMap { occupation in
            occupation.id.map { ($0, occupation.levels.split(separator: ",").compactMap { Int($0) }.compactMap(SkillLevel.init(nationalLevel:))) }
        }) { first, _ in first }
        let names = Dictionary(try await District.query(on: database).all().compactMap { district in district.id.map { ($0, district.nameZH) } }) { a, _ in a }
        var random = SeededRandom(seed: demo.seed &+ 31)
        var siteSerial = 400_001
        let total = entries.count
        var done = 0
        for (district, inDistrict) in Dictionary(grouping: entries, by: \.district).sorted(by: { $0.key < $1.key }) {
            let byOccupation = Dictionary(grouping: inDistrict, by: \.occupationCode)
            // One centre files for as many occupations as a filing's scope holds (CertificationService.maximumFilingItems).
            var groups: [[String]] = [[]]
            var items = 0
            for code in byOccupation.keys.sorted() {
                let levels = catalogue[code]?.count ?? 5
                if items + levels > CertificationService.maximumFilingItems { groups.append([]); items = 0 }
                groups[groups.count - 1].append(code)
                items += levels
            }
            for (position, occupations) in groups.enumerated() where !occupations.isEmpty {
                let filing = try await fileCentre(district: district, name: (names[district] ?? district) + "职业技能评价中心"
                                                    + (position == 0 ? "" : "第\(position + 1)分中心"),
                                                  occupations: occupations, catalogue: catalogue, siteSerial: String(siteSerial),
                                                  approvedBy: try CivilDate(year: today.year - 1, month: 11, day: 15))
                siteSerial += 1
                outcome.filings += 1
                guard let site = try await FilingSite.query(on: database).filter(\.$filingID == filing.requireID()).first()?.id else { continue }
                for code in occupations {
                    let sorted = byOccupation[code]!.sorted { ($0.issueDate, $0.idNumber) < ($1.issueDate, $1.idNumber) }
                    for start in stride(from: 0, to: sorted.count, by: Self.planSize) {
                        let members = Array(sorted[start..<min(sorted.count, start + Self.planSize)])
                        try await runPlan(members, filing: filing, site: site, random: &random, outcome: &outcome)
                        done += members.count
                        demo.progress?.show(rows: done, fraction: Double(done) / Double(total))
                    }
                }
            }
        }
        demo.progress?.finish()
        return outcome
    }

    /// A district's evaluation centre: the organization, its filing for `occupations` at every level their standards
    /// set, reviewed by the district and approved by the city with its site serial.
    private func fileCentre(district: String, name: String, occupations: [String], catalogue: [String: [SkillLevel]], siteSerial: String,
                            approvedBy day: CivilDate) async throws -> EvaluationFiling {
        let organization = Organization()
        organization.uscc = DemoCity.creditCode(region: district, serial: 800_000 + Int(siteSerial)!, kind: "52")
        organization.name = name
        organization.kindCode = OrganizationKind.evaluationOrganization.rawValue
        organization.districtCode = district
        try await organization.create(on: database)
        let scope = occupations.flatMap { code in
            (catalogue[code] ?? [.level5, .level4, .level3, .level2, .level1]).map { FilingInput.ScopeItem(occupationCode: code, level: $0.code) }
        }
        let filedOn = day.adding(days: -20)
        let filing = try await CertificationService.submitFiling(FilingInput(
            organizationId: organization.id, type: EvaluationOrganizationType.social.rawValue, scope: scope,
            sites: [.init(name: "\(name)考核基地", address: "南通市\(name)内")],
            examiners: [.init(name: "考评组", examinerNumber: "KP32" + siteSerial + "01", occupationCode: occupations[0])],
            contactName: "评价办", contactPhone: "139" + String(format: "%08d", 20_000_000 + Int(siteSerial)!)),
            context(.organization(organization.id!), .organization, on: filedOn))
        try await CertificationService.step(filing, .districtApprove, reason: nil, approval: nil,
                                            context(.districts([district]), .district, on: filedOn.adding(days: 5)))
        try await CertificationService.step(filing, .cityApprove, reason: nil, approval: FilingApproval(ministryCode: "0000", siteSerial: siteSerial),
                                            context(.city, .city, on: day))
        return filing
    }

    /// One plan for `members`, as far as today lets it go.
    private func runPlan(_ members: [CurrentYearCertificates.Entry], filing: EvaluationFiling, site: UUID, random: inout SeededRandom,
                         outcome: inout Outcome) async throws {
        guard let last = members.last else { return }
        let today = demo.today
        let newYear = try CivilDate(year: today.year, month: 1, day: 2)
        // The exam about two weeks before the last member's day, and never before the year starts (its certificates are
        // the year's).
        let exam = max(newYear, last.issueDate.adding(days: -Self.examToIssueDays))
        let filedOn = exam.adding(days: -Self.leadDays)
        guard filedOn <= today else { return }
        let organization = context(.organization(filing.organizationID), .organization, on: filedOn)
        let plan = try await CertificationService.filePlan(PlanInput(
            occupationCode: members[0].occupationCode, levels: Array(Set(members.map(\.level.code))).sorted(), siteId: site,
            examFrom: exam.description, examTo: exam.description, expectedCandidates: members.count), filing: filing, organization)
        outcome.plans += 1
        // Every candidate declares the day they started working; where the demo city's level mix runs ahead of the
        // conditions (a 技师 drawn without a 高级工), the centre registers them as an exception with its reason.
        let inputs = members.map { member in
            CandidateInput(idType: nil, idNumber: member.idNumber, name: member.name, level: member.level.code,
                           workingSince: member.workingSince.description, schools: [], apprenticeshipCompleted: false,
                           overrideReason: "单位推荐，业绩突出，按破格条件申报")
        }
        var registered: [PlanCandidate] = []
        for result in try await CertificationService.registerCandidates(inputs, plan: plan, organization) {
            // A person drawn twice in a year (two levels of one occupation) sits once; any other refusal is the demo's
            // own mistake, and stops the build rather than hiding in a count.
            do { registered.append(try result.get()) } catch CertificationRefusal.candidateDuplicate { outcome.refused += 1 }
        }
        outcome.candidates += registered.count
        guard !registered.isEmpty else {
            // Everyone listed was already a candidate of another of the day's plans: the centre withdraws the plan.
            try await CertificationService.step(plan, .cancel, reason: "考生均已在其他计划中报名", organization)
            return
        }
        let scoresDay = exam.adding(days: 2)
        guard scoresDay <= today else { outcome.inFlight += 1; return }
        let later = context(.organization(filing.organizationID), .organization, on: scoresDay)
        let scores = registered.map { candidate in
            (candidate, ScoresInput(theory: String(62 + Int(random.next() % 38)), practical: "\(64 + Int(random.next() % 35)).5",
                                    review: ExamRules.national.parts(for: candidate.level).contains(.review) ? String(65 + Int(random.next() % 33)) : nil,
                                    reason: nil))
        }
        for result in try await CertificationService.recordScores(scores, plan: plan, later) { try result.get() }
        try await CertificationService.step(plan, .submitResults, reason: nil, later)
        do {
            try await CertificationService.step(plan, .publishNotice, reason: nil, later)
        } catch is NoticeRefusal {
            outcome.inFlight += 1
            return   // the calendar does not know the year yet
        }
        guard let record = try await NoticeRecord.find(plan.noticeID, on: database),
              let lastDay = record.lastDay.flatMap({ try? CivilDate(parsing: $0) }), lastDay < today else { outcome.inFlight += 1; return }
        let issueDay = lastDay.adding(days: 1)
        try await CertificationService.step(plan, .concludeNotice, reason: nil, context(.organization(filing.organizationID), .organization, on: issueDay))
        try await CertificationService.step(plan, .issue, reason: nil, context(.organization(filing.organizationID), .organization, on: issueDay))
        outcome.issued += try await PlanCandidate.query(on: database).filter(\.$planID == plan.requireID())
            .filter(\.$stateCode == CandidateState.certified.rawValue).count()
    }
}

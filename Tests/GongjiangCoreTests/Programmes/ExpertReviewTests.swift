import Foundation
import Testing
@testable import GongjiangCore

/// Issue 13: panels without conflicts of interest, the rubric total, the trimmed mean and the ranking with its
/// stated tie-breaks, on worked examples.
@Suite("Expert review")
struct ExpertReviewTests {
    typealias Expert = ExpertReview.Expert
    typealias Applicant = ExpertReview.Applicant

    @Test("Conflicts: the applicant themself, the same employer, a declared relation; an unrelated expert is free")
    func conflicts() {
        let applicant = Applicant(applicationID: "A1", personID: "p1", organizationID: "org-1")
        #expect(ExpertReview.conflict(Expert(id: "e", personID: "p1", employerID: "org-9"), applicant) == .isApplicant)
        #expect(ExpertReview.conflict(Expert(id: "e", employerID: "org-1"), applicant) == .sameEmployer)
        #expect(ExpertReview.conflict(Expert(id: "e", employerID: "org-2", declaredRelations: ["p1"]), applicant) == .declaredRelation)
        #expect(ExpertReview.conflict(Expert(id: "e", employerID: "org-2", declaredRelations: ["org-1"]), applicant) == .declaredRelation)
        #expect(ExpertReview.conflict(Expert(id: "e", employerID: "org-2", declaredRelations: ["p7"]), applicant) == nil)
        #expect(ExpertReview.conflict(Expert(id: "e", employerID: nil), Applicant(applicationID: "A2", personID: nil, organizationID: nil)) == nil)
    }

    @Test("Assignment never puts an expert on a colleague's application, on 300 random pools; panels are full and balanced")
    func assignmentAvoidsColleagues() throws {
        var random = SplitMix64(seed: 13)
        for _ in 0..<300 {
            let employers = (0..<4).map { "org-\($0)" }
            let experts = (0..<12).map { index in
                Expert(id: "e\(index)", employerID: employers[Int(random.next() % 4)],
                       declaredRelations: random.next() % 5 == 0 ? ["p\(random.next() % 20)"] : [])
            }
            let applicants = (0..<20).map { index in
                Applicant(applicationID: "A\(index)", personID: "p\(index)", organizationID: employers[Int(random.next() % 4)])
            }
            guard let panels = try? ExpertReview.assign(applicants, experts: experts, perApplication: 3) else { continue }
            for applicant in applicants {
                let panel = try #require(panels[applicant.applicationID])
                #expect(panel.count == 3 && Set(panel).count == 3)
                for id in panel {
                    let expert = try #require(experts.first { $0.id == id })
                    #expect(ExpertReview.conflict(expert, applicant) == nil, "expert \(id) on \(applicant.applicationID)")
                }
            }
        }
        // Balanced: 6 experts of other employers, 4 applications × 3 = 12 seats, 2 each.
        let experts = (0..<6).map { Expert(id: "e\($0)", employerID: "org-x") }
        let applicants = (0..<4).map { Applicant(applicationID: "A\($0)", personID: "p\($0)", organizationID: "org-y") }
        let panels = try ExpertReview.assign(applicants, experts: experts, perApplication: 3)
        let load = Dictionary(panels.values.flatMap { $0 }.map { ($0, 1) }, uniquingKeysWith: +)
        #expect(load.values.allSatisfy { $0 == 2 })
        #expect(try ExpertReview.assign(applicants, experts: experts, perApplication: 3) == panels)
    }

    @Test("Too few free experts refuses the whole assignment and names the application")
    func notEnoughExperts() {
        let experts = [Expert(id: "e1", employerID: "org-1"), Expert(id: "e2", employerID: "org-2"), Expert(id: "e3", employerID: "org-3")]
        let applicants = [Applicant(applicationID: "A1", personID: "p1", organizationID: "org-2")]
        #expect(throws: ProgrammeRefusal.notEnoughExperts(application: "A1", needed: 3, free: 2)) {
            try ExpertReview.assign(applicants, experts: experts, perApplication: 3)
        }
    }

    let rubric: [ProgrammeType.Criterion] = [
        .init(key: "skill", label: "技能", maximum: 50, weight: 50),
        .init(key: "contribution", label: "贡献", maximum: 30, weight: 30),
        .init(key: "mentoring", label: "带徒", maximum: 20, weight: 20),
    ]

    @Test("Rubric total: each score over its maximum times its weight, in hundredths, rounded half up once")
    func total() throws {
        #expect(try ExpertReview.total(["skill": 50, "contribution": 30, "mentoring": 20], rubric: rubric) == 10_000)
        #expect(try ExpertReview.total(["skill": 42, "contribution": 25, "mentoring": 17], rubric: rubric) == 8_400)
        // Maxima other than the weight: 7/9 × 100 = 77.777… → 77.78.
        let odd: [ProgrammeType.Criterion] = [.init(key: "a", label: "a", maximum: 9, weight: 100)]
        #expect(try ExpertReview.total(["a": 7], rubric: odd) == 7_778)
        // 1/8 × 100 = 12.5 exactly → 1250; 1/16 of 100 = 6.25.
        #expect(try ExpertReview.total(["a": 1], rubric: [.init(key: "a", label: "a", maximum: 16, weight: 100)]) == 625)
        #expect(throws: ProgrammeRefusal.scoreMissing(criterion: "mentoring")) { try ExpertReview.total(["skill": 1, "contribution": 1], rubric: rubric) }
        #expect(throws: ProgrammeRefusal.scoreOutOfRange(criterion: "skill", maximum: 50)) {
            try ExpertReview.total(["skill": 51, "contribution": 1, "mentoring": 1], rubric: rubric)
        }
        #expect(throws: ProgrammeRefusal.scoreOutOfRange(criterion: "skill", maximum: 50)) {
            try ExpertReview.total(["skill": -1, "contribution": 1, "mentoring": 1], rubric: rubric)
        }
        #expect(throws: ProgrammeRefusal.scoreUnknownCriterion) {
            try ExpertReview.total(["skill": 1, "contribution": 1, "mentoring": 1, "bonus": 5], rubric: rubric)
        }
    }

    @Test("Trimmed mean: the highest and the lowest dropped (one each, even when shared), the rest averaged half up")
    func trimmedMean() throws {
        // 80, 85, 90, 95, 60 → drop 95 and 60 → (80 + 85 + 90) / 3 = 85.00.
        #expect(try ExpertReview.trimmedMean([8_000, 8_500, 9_000, 9_500, 6_000]) == 8_500)
        // Shared extremes: 90, 90, 70, 70, 80 → drop one 90 and one 70 → (90 + 70 + 80) / 3 = 80.00.
        #expect(try ExpertReview.trimmedMean([9_000, 9_000, 7_000, 7_000, 8_000]) == 8_000)
        // Three scores keep the middle one.
        #expect(try ExpertReview.trimmedMean([5_000, 9_900, 7_123]) == 7_123)
        // (8001 + 8002) / 2 = 8001.5 → 8002.
        #expect(try ExpertReview.trimmedMean([1, 8_001, 8_002, 9_999]) == 8_002)
        #expect(throws: ProgrammeRefusal.tooFewScores(have: 2, need: 3)) { try ExpertReview.trimmedMean([8_000, 9_000]) }
    }

    @Test("Ranking: trimmed mean, then the mean of all, then the earlier submission, then the number; the quota cuts the list")
    func ranking() throws {
        let scored = [
            // Trimmed 85.00, mean 84.00.
            ExpertReview.Scored(applicationID: "A", number: "P-0004", submittedAt: 40, totals: [8_000, 8_500, 9_000, 9_500, 7_000]),
            // Trimmed 85.00, mean 85.00: above A on the mean.
            ExpertReview.Scored(applicationID: "B", number: "P-0003", submittedAt: 30, totals: [8_500, 8_500, 8_500, 8_500, 8_500]),
            // Trimmed 85.00, mean 85.00, submitted earlier than B.
            ExpertReview.Scored(applicationID: "C", number: "P-0009", submittedAt: 10, totals: [8_500, 8_500, 8_500, 8_500, 8_500]),
            // Same as C in everything but the number: after it.
            ExpertReview.Scored(applicationID: "D", number: "P-0010", submittedAt: 10, totals: [8_500, 8_500, 8_500, 8_500, 8_500]),
            // Trimmed 90.00: first.
            ExpertReview.Scored(applicationID: "E", number: "P-0001", submittedAt: 50, totals: [9_000, 9_000, 9_000, 6_000, 9_900]),
        ]
        let ranked = try ExpertReview.rank(scored, quota: 3)
        #expect(ranked.map(\.applicationID) == ["E", "C", "D", "B", "A"])
        #expect(ranked.map(\.withinQuota) == [true, true, true, false, false])
        #expect(ranked.map(\.tieBreak) == [nil, nil, .number, .submittedEarlier, .mean])
        #expect(ranked.map(\.trimmedMean) == [9_000, 8_500, 8_500, 8_500, 8_500])
        #expect(ranked.map(\.rank) == [1, 2, 3, 4, 5])
    }
}

import Fluent
import Foundation
import GongjiangCore
import Vapor

/// Candidates and scores from a CSV file (`RowFiles`): each row through the same service method as the form.
enum CandidateFiles {
    enum Kind: String, Sendable {
        case candidates, scores

        /// The columns, by their Chinese header names.
        var columns: [RowFiles.Column] {
            switch self {
            case .candidates:
                [.init("证件号码", "idNumber", required: true), .init("姓名", "name", required: true), .init("等级", "level", required: true),
                 .init("从业起始日期", "workingSince", required: false), .init("学历类别", "school", required: false),
                 .init("已完成学徒培训", "apprenticeship", required: false), .init("破格理由", "overrideReason", required: false)]
            case .scores:
                [.init("证件号码", "idNumber", required: true), .init("理论知识", "theory", required: true),
                 .init("操作技能", "practical", required: true), .init("综合评审", "review", required: false)]
            }
        }
    }

    typealias Outcome = RowFiles.Outcome

    /// The most rows one file may carry: a plan names at most this many candidates.
    static let maximumRows = PlanRules.maximumExpectedCandidates

    static func template(_ kind: Kind) -> CSVDocument { RowFiles.template(kind.columns) }

    /// Reads `path` and registers its candidates (as one list: the good rows in one transaction), or records its scores,
    /// in `plan`.
    static func run(_ kind: Kind, path: String, plan: CertificationPlan, _ context: CertificationContext) async throws -> Outcome {
        switch kind {
        case .candidates:
            try await RowFiles.runList(path: path, columns: kind.columns, maximumRows: maximumRows) { rows in
                try await CertificationService.registerCandidates(rows.map { candidateInput($0.cell) }, plan: plan, context)
                    .map { $0.map { _ in () } }
            }
        case .scores:
            try await RowFiles.run(path: path, columns: kind.columns, maximumRows: maximumRows) { cell, _ in
                try await recordScores(idNumber: cell("idNumber"), ScoresInput(theory: cell("theory"), practical: cell("practical"),
                                                                              review: cell("review")), plan: plan, context)
            }
        }
    }

    static func candidateInput(_ cell: (String) -> String?) -> CandidateInput {
        let level = cell("level").map { text in SkillLevel(code: text)?.code ?? (try? SkillLevel(parsing: text))?.code ?? text }
        let school = cell("school").map { text in
            ApplicationConditions.School(rawValue: text)?.rawValue ?? schoolNames[text]?.rawValue ?? text
        }
        let apprenticeship = cell("apprenticeship").map { ["是", "yes", "true", "1", "y"].contains($0.lowercased()) }
        return CandidateInput(idType: nil, idNumber: cell("idNumber"), name: cell("name"), level: level, workingSince: cell("workingSince"),
                              schools: school.map { [$0] } ?? [], apprenticeshipCompleted: apprenticeship,
                              overrideReason: cell("overrideReason"))
    }

    /// The school kinds as a person writes them.
    static let schoolNames: [String: ApplicationConditions.School] = [
        "技工学校": .technicalSchool, "技工学校毕业": .technicalSchool, "大专": .college, "大专及以上": .college, "本科": .college,
        "高级技工学校": .seniorTechnicalSchool, "技师学院": .seniorTechnicalSchool, "预备技师": .preparatoryTechnician,
    ]

    /// Scores of the candidate of `plan` with this ID number.
    static func recordScores(idNumber: String?, _ input: ScoresInput, plan: CertificationPlan, _ context: CertificationContext) async throws {
        guard let raw = idNumber else { throw RequestProblem.validation([PersonRules.required("idNumber", "证件号码")]) }
        let number = (try? ResidentID(raw).value) ?? raw.halfWidthNormalized.uppercased()
        let index = context.vault.idNumberIndex(type: IDType.residentID.rawValue, number: number)
        guard let person = try await Person.query(on: context.database).filter(\.$idNumberIndex == index).first(),
              let candidate = try await PlanCandidate.query(on: context.database).filter(\.$planID == plan.requireID())
                .filter(\.$personID == person.requireID()).first() else {
            throw RequestProblem.validation([FieldProblem(field: "idNumber", code: "candidate.not-in-plan",
                                                          chinese: "本计划没有这个证件号码的考生", english: "No candidate of this plan has this ID number")])
        }
        try await CertificationService.recordScores(input, candidate: candidate, plan: plan, context)
    }

    /// Receives an upload, runs it and removes it.
    static func upload(_ kind: Kind, _ request: Request, plan: CertificationPlan) async throws -> Outcome {
        try await RowFiles.receive(request, prefix: kind.rawValue) { path in
            try await run(kind, path: path, plan: plan, request.certification)
        }
    }
}

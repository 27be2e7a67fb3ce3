import Fluent
import Foundation
import GongjiangCore
import Vapor

/// Candidates and scores from a CSV file (UTF-8 or GB18030, detected as the registry import detects it): each row goes
/// through the same service method as the form, in its own audited transaction, so a refused row costs only itself;
/// the refusals come back row by row, as the registry import reports them.
enum CandidateFiles {
    enum Kind: String, Sendable {
        case candidates, scores

        /// The columns, by their Chinese header names. Order in the file does not matter; a missing required column or
        /// an unknown one refuses the file.
        var columns: [(header: String, key: String, required: Bool)] {
            switch self {
            case .candidates:
                [("证件号码", "idNumber", true), ("姓名", "name", true), ("等级", "level", true), ("从业起始日期", "workingSince", false),
                 ("学历类别", "school", false), ("已完成学徒培训", "apprenticeship", false), ("破格理由", "overrideReason", false)]
            case .scores:
                [("证件号码", "idNumber", true), ("理论知识", "theory", true), ("操作技能", "practical", true), ("综合评审", "review", false)]
            }
        }
    }

    struct Issue: Sendable, Equatable {
        let row: Int
        let field: String
        let code: String
        let chinese: String
        let english: String
    }

    struct Outcome: Sendable {
        var accepted = 0
        var issues: [Issue] = []
    }

    /// The most rows one file may carry: a plan names at most this many candidates.
    static let maximumRows = PlanRules.maximumExpectedCandidates

    static func template(_ kind: Kind) -> CSVDocument { CSVDocument(header: kind.columns.map(\.header)) }

    /// Reads `path` and registers its candidates, or records its scores, in `plan`.
    static func run(_ kind: Kind, path: String, plan: CertificationPlan, _ context: CertificationContext) async throws -> Outcome {
        let file = try ImportFile(path: path)
        guard let header = file.next() else { throw ImportFile.OpenError.noDataRows }
        var index: [String: Int] = [:]
        for (position, name) in header.enumerated() {
            let clean = name.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "\u{FEFF}", with: "")
            guard let column = kind.columns.first(where: { $0.header == clean }) else {
                throw RequestProblem.validation([FieldProblem(field: "file", code: "candidate-file.unknown-column",
                                                              chinese: "未知的列“\(clean)”，应为：\(kind.columns.map(\.header).joined(separator: "、"))",
                                                              english: "Unknown column “\(clean)”")])
            }
            index[column.key] = position
        }
        for column in kind.columns where column.required && index[column.key] == nil {
            throw RequestProblem.validation([FieldProblem(field: "file", code: "candidate-file.missing-column",
                                                          chinese: "缺少必填列“\(column.header)”", english: "The column “\(column.header)” is missing")])
        }
        var outcome = Outcome()
        var rows = 0
        while let cells = file.next() {
            rows += 1
            guard rows <= maximumRows else {
                outcome.issues.append(Issue(row: file.rowNumber, field: "file", code: "candidate-file.too-many-rows",
                                            chinese: "超过 \(maximumRows) 行，其余未处理", english: "More than \(maximumRows) rows; the rest were not read"))
                break
            }
            func cell(_ key: String) -> String? {
                index[key].flatMap { $0 < cells.count ? cells[$0].trimmingCharacters(in: .whitespaces) : nil }.flatMap { $0.isEmpty ? nil : $0 }
            }
            do {
                switch kind {
                case .candidates:
                    try await CertificationService.registerCandidate(candidateInput(cell), plan: plan, context)
                case .scores:
                    try await recordScores(idNumber: cell("idNumber"), ScoresInput(theory: cell("theory"), practical: cell("practical"),
                                                                                  review: cell("review")), plan: plan, context)
                }
                outcome.accepted += 1
            } catch let problem as RequestProblem {
                for field in problem.fields ?? [] {
                    outcome.issues.append(Issue(row: file.rowNumber, field: field.field, code: field.code, chinese: field.message,
                                                english: field.messageEn))
                }
                if problem.fields == nil {
                    outcome.issues.append(Issue(row: file.rowNumber, field: "", code: problem.code, chinese: problem.chinese,
                                                english: problem.english))
                }
            } catch let refusal as any DomainError {
                outcome.issues.append(Issue(row: file.rowNumber, field: "", code: refusal.code, chinese: refusal.chinese, english: refusal.english))
            }
        }
        return outcome
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

    /// Receives an upload (at most 1 MB: 2,000 rows of a few dozen bytes) to the work folder, runs it and removes it.
    static func upload(_ kind: Kind, _ request: Request, plan: CertificationPlan) async throws -> Outcome {
        struct Upload: Content { var file: File? }
        guard let file = try? request.content.decode(Upload.self).file, file.data.readableBytes > 0 else {
            throw RequestProblem.validation([FieldProblem(field: "file", code: "candidate-file.missing", chinese: "请选择要上传的 CSV 文件",
                                                          english: "Choose a CSV file to upload")])
        }
        let folder = request.application.settings.workDirectory
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = (folder as NSString).appendingPathComponent("\(kind.rawValue)-\(UUID().uuidString).csv")
        FileManager.default.createFile(atPath: path, contents: Data(buffer: file.data), attributes: [.posixPermissions: 0o600])
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            return try await run(kind, path: path, plan: plan, request.certification)
        } catch let error as ImportFile.OpenError {
            throw RequestProblem.validation([FieldProblem(field: "file", code: "candidate-file.unreadable", chinese: error.chinese,
                                                          english: error.english)])
        }
    }
}

import Foundation
import GongjiangCore
import SQLKit
import Vapor

/// 开班备案: classes in the caller's scope by state; a provider's link to file one.
enum ClassesPage {
    struct Model {
        let page: Page<ClassDTO>
        let state: String
        let isFirstPage: Bool
        let mayFile: Bool
        let names: ReferenceNames

        static func load(_ request: Request) async throws -> Model {
            let state = request.query[String.self, at: "state"] ?? ""
            let cursor = try request.pageCursor()
            let rows = try await TrainingQueries(database: request.db, scope: request.scope)
                .classes(state: ClassState(rawValue: state), before: cursor?.id, limit: PageSize.default + 1)
            return Model(page: Page(rows: rows, id: \.id), state: state, isFirstPage: cursor == nil,
                         mayFile: request.principal?.may(.operateTraining) == true, names: try await ReferenceNames.load(on: request.db))
        }
    }
}

/// The filing form: the occupations the provider's scope admits, the rules' minimum hours shown beside the fields.
enum ClassForm {
    struct Fields: Content {
        var occupationCode: String?
        var level: String?
        var totalHours: String?
        var practicalHours: String?
        var startsOn: String?
        var endsOn: String?
        var capacity: String?
        var site: String?
        var teachers: String?
        var fee: String?

        /// Numbers typed in a form: a blank or unreadable one is left for the service to refuse by name.
        var input: ClassInput {
            get throws {
                let fee = try FormAmount.fen(fee, field: "fee")
                return ClassInput(occupationCode: occupationCode, level: level, totalHours: totalHours.flatMap { Int($0) },
                                  practicalHours: practicalHours.flatMap { Int($0) }, startsOn: startsOn, endsOn: endsOn,
                                  capacity: capacity.flatMap { Int($0) }, site: site, teachers: teachers, feeFen: fee ?? 0)
            }
        }

        var values: [String: String] {
            ["occupationCode": occupationCode ?? "", "level": level ?? "", "totalHours": totalHours ?? "", "practicalHours": practicalHours ?? "",
             "startsOn": startsOn ?? "", "endsOn": endsOn ?? "", "capacity": capacity ?? "", "site": site ?? "", "teachers": teachers ?? "",
             "fee": fee ?? ""]
        }
    }

    struct Model {
        let scope: [(code: String, level: SkillLevel)]
        let policy: TrainingPolicy
        let values: [String: String]
        let names: ReferenceNames
        let request: Request
        let error: String?
        let problems: [FieldProblem]

        static func load(_ request: Request, values: [String: String] = [:], error: String? = nil, problems: [FieldProblem] = []) async throws -> Model {
            var scope: [(String, SkillLevel)] = []
            if let organization = request.scope.organizationID,
               let provider = try await TrainingService.provider(nil, organization: organization, on: request.db) {
                scope = provider.scope.sorted().compactMap { key in
                    let parts = key.split(separator: "|")
                    guard parts.count == 2, let rank = Int(parts[1]), let level = SkillLevel(rawValue: rank) else { return nil }
                    return (String(parts[0]), level)
                }
            }
            return Model(scope: scope, policy: try await TrainingService.policy(on: request.db, day: CivilDate.today(now: request.now)),
                         values: values, names: try await ReferenceNames.load(on: request.db), request: request, error: error, problems: problems)
        }
    }
}

/// One class: its facts, its trainees with their attendance, the steps the caller may take, enrolment by form or CSV.
enum ClassPage {
    struct Model {
        let item: ClassDTO
        let providerName: String
        let enrolments: [EnrolmentDTO]
        let steps: [ClassEvent]
        let mayOperate: Bool
        let categories: [(code: String, name: String)]
        let policy: TrainingPolicy
        let names: ReferenceNames
        let request: Request
        var error: String?
        var fileOutcome: RowFiles.Outcome?

        static func load(_ request: Request, error: String? = nil) async throws -> Model {
            try await load(request, id: try request.uuidParameter(), error: error)
        }

        static func load(_ request: Request, id: UUID, error: String? = nil) async throws -> Model {
            let context = request.training
            _ = try await TrainingService.visibleClass(id, context)
            guard let row = try await request.db.sql.raw("""
                SELECT c.*, o.name AS provider_name FROM training_classes c JOIN training_providers p ON p.id = c.provider_id
                JOIN organizations o ON o.id = p.organization_id WHERE c.id = \(bind: id)
                """).first() else { throw RequestProblem.notFound }
            let item = try ClassDTO(row)
            let t = request.localizer
            let categories = try await request.db.sql.raw("SELECT code, name_zh, name_en FROM eligibility_categories WHERE is_active = \(bind: true) ORDER BY code")
                .all().map { (try $0.decode(column: "code", as: String.self),
                              t.pick(try $0.decode(column: "name_zh", as: String.self), try $0.decode(column: "name_en", as: String.self))) }
            let state = ClassState(rawValue: item.state) ?? .filed
            return Model(item: item, providerName: try row.decode(column: "provider_name", as: String.self),
                         enrolments: try await TrainingQueries(database: request.db, scope: request.scope).enrolments(of: id),
                         steps: context.actor.map { ClassRules.workflow.events(from: state, for: $0) } ?? [],
                         mayOperate: request.principal?.may(.operateTraining) == true, categories: categories,
                         policy: try await TrainingService.policy(on: request.db, day: CivilDate.today(now: request.now)),
                         names: try await ReferenceNames.load(on: request.db), request: request, error: error)
        }

        var state: ClassState { ClassState(rawValue: item.state) ?? .filed }
        var mayEnrol: Bool { mayOperate && (state == .approved || state == .filed) && enrolments.filter { $0.state != "withdrawn" }.count < item.capacity }
        var mayRecordAttendance: Bool { mayOperate && state == .approved }
    }
}

/// Enrolments and attendance by CSV, row by row through the form's service methods.
enum TrainingFiles {
    enum Kind: String, Sendable, CaseIterable {
        case enrolments, attendance

        var columns: [RowFiles.Column] {
            switch self {
            case .enrolments:
                [.init("姓名", "name", required: true), .init("证件号码", "idNumber", required: true), .init("人员类别", "category", required: true),
                 .init("手机号码", "phone", required: false)]
            case .attendance:
                [.init("证件号码", "idNumber", required: true), .init("出勤课时", "hours", required: true)]
            }
        }
    }

    static func run(_ kind: Kind, path: String, classID: UUID, _ context: TrainingContext) async throws -> RowFiles.Outcome {
        let found = try await TrainingService.visibleClass(classID, context)
        return try await RowFiles.run(path: path, columns: kind.columns, maximumRows: found.capacity + 50) { cell, _ in
            switch kind {
            case .enrolments:
                // A category may be written as its code or its Chinese name.
                var category = cell("category")
                if let name = category, let row = try await context.database.sql.raw("SELECT code FROM eligibility_categories WHERE name_zh = \(bind: name)").first() {
                    category = try row.decode(column: "code", as: String.self)
                }
                _ = try await TrainingService.enrol(classID, EnrolmentInput(name: cell("name"), idType: nil, idNumber: cell("idNumber"),
                                                                            category: category, phone: cell("phone")), context)
            case .attendance:
                let enrolment = try await enrolmentID(classID: classID, idNumber: cell("idNumber"), context)
                guard let text = cell("hours"), let hours = Int(text) else {
                    throw RequestProblem.validation([FieldProblem(field: "hours", code: "attendance.hours", chinese: "出勤课时应为整数",
                                                                  english: "Attended hours are a whole number")])
                }
                try await TrainingService.recordAttendance(enrolment, hours: hours, context)
            }
        }
    }

    /// A provider's claim list (申领名单): one claim a row, filed together as a list, each refused row with its reason.
    static let claimColumns: [RowFiles.Column] = [.init("证书编号", "certificateNumber", required: true), .init("收款方", "payee", required: false),
                                                  .init("收款账号", "payeeAccount", required: true)]

    static func fileClaims(path: String, _ context: TrainingContext) async throws -> RowFiles.Outcome {
        var listed: [(row: Int, input: ClaimInput)] = []
        var outcome = try await RowFiles.run(path: path, columns: claimColumns, maximumRows: TrainingService.maximumClaimsPerStep) { cell, row in
            let number = cell("certificateNumber")?.uppercased() ?? ""
            guard let certificate = try await context.database.sql.raw("SELECT id FROM certificates WHERE number = \(bind: number)").first()?
                .decode(column: "id", as: UUID.self) else {
                throw RequestProblem.validation([FieldProblem(field: "certificateNumber", code: "claim.certificate-unknown",
                                                              chinese: "登记库中没有该证书", english: "No such certificate in the registry")])
            }
            // 收款方 as a person writes it: 个人 / 学员 / 培训机构 / 机构, or the code.
            let payee = switch cell("payee") ?? "person" {
            case "个人", "学员", "学员本人", "person": "person"
            case "培训机构", "机构", "provider": "provider"
            case let other: other
            }
            listed.append((row, ClaimInput(certificateId: certificate, payee: payee, payeeAccount: cell("payeeAccount"))))
        }
        let results = try await TrainingService.fileClaims(listed.map(\.input), context)
        for (entry, result) in zip(listed, results) {
            guard case .failure(let error) = result else { continue }
            outcome.accepted -= 1
            switch error {
            case let problem as RequestProblem:
                for field in problem.fields ?? [FieldProblem(field: "", code: problem.code, chinese: problem.chinese, english: problem.english)] {
                    outcome.issues.append(RowFiles.Issue(row: entry.row, field: field.field, code: field.code, chinese: field.message, english: field.messageEn))
                }
            case let refusal as any DomainError:
                outcome.issues.append(RowFiles.Issue(row: entry.row, field: "", code: refusal.code, chinese: refusal.chinese, english: refusal.english))
            default:
                throw error
            }
        }
        outcome.issues.sort { $0.row < $1.row }
        return outcome
    }

    /// The enrolment in `classID` of the person with this ID number.
    static func enrolmentID(classID: UUID, idNumber raw: String?, _ context: TrainingContext) async throws -> UUID {
        guard let raw else { throw RequestProblem.validation([PersonRules.required("idNumber", "证件号码")]) }
        let number = (try? ResidentID(raw).value) ?? raw.halfWidthNormalized.uppercased()
        let index = context.vault.idNumberIndex(type: IDType.residentID.rawValue, number: number)
        guard let row = try await context.database.sql.raw("""
            SELECT e.id FROM training_enrolments e JOIN persons p ON p.id = e.person_id
            WHERE e.class_id = \(bind: classID) AND p.id_number_index = \(bind: index)
            """).first() else {
            throw RequestProblem.validation([FieldProblem(field: "idNumber", code: "enrolment.not-in-class",
                                                          chinese: "本班没有这个证件号码的学员", english: "No trainee of this class has this ID number")])
        }
        return try row.decode(column: "id", as: UUID.self)
    }
}

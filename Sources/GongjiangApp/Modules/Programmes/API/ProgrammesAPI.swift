import Foundation
import GongjiangCore
import Vapor

struct ProgrammeTypeDTO: Content {
    let definition: ProgrammeType
    let active: Bool
}

struct ProgrammeTypeInput: Content {
    var definition: ProgrammeType?
    var active: Bool?
}

struct CallDistrictDTO: Content {
    let districtCode: String
    let quota: Int
    let budgetFen: Int64
}

struct ProgrammeCallDTO: Content {
    let id: UUID
    let number: String
    let typeCode: String
    let typeName: String
    let applicantKind: String
    let year: Int
    let title: String
    let description: String
    let opensOn: String
    let closesOn: String
    let noticeWorkingDays: Int
    let state: String
    let districts: [CallDistrictDTO]
    let eligibility: [String]
    let fields: [ProgrammeType.FormField]
    let attachments: [ProgrammeType.AttachmentRequirement]

    init(_ call: ProgrammeService.Call) {
        id = call.id
        number = call.number
        typeCode = call.type.code
        typeName = call.type.nameZH
        applicantKind = call.type.applicantKind.rawValue
        year = call.year
        title = call.title
        description = call.description
        opensOn = call.opensOn.description
        closesOn = call.closesOn.description
        noticeWorkingDays = call.noticeWorkingDays
        state = call.state.rawValue
        districts = call.districts.map { CallDistrictDTO(districtCode: $0.code, quota: $0.quota, budgetFen: $0.budget.fen) }
        eligibility = call.type.eligibility.map(\.chinese)
        fields = call.type.fields
        attachments = call.type.attachments
    }
}

struct EligibilityFindingDTO: Content {
    let rule: String
    let ruleEn: String
    let met: Bool
    let found: String
    let foundEn: String
}

struct EligibilityDTO: Content {
    let eligible: Bool
    let findings: [EligibilityFindingDTO]
}

struct AttachmentDTO: Content {
    let key: String
    let name: String
    let mediaType: String
    let size: Int
}

struct ProgrammeApplicationDTO: Content {
    let id: UUID
    let number: String
    let callId: UUID
    let callNumber: String
    let districtCode: String
    let state: String
    let form: [String: String]
    let eligibility: [EligibilityFindingDTO]
    let submittedAt: Date?
    let lastReason: String?
    let attachments: [AttachmentDTO]
    let applicantAccountMasked: String?
    let employerAccountMasked: String?
    /// The expert review's result, hundredths of a point, once scoring is closed.
    let trimmedMean: Int?
    let rank: Int?
    let withinQuota: Bool?
    let upstreamOutcome: String?

    init(_ application: ProgrammeService.Application) {
        id = application.id
        number = application.number
        callId = application.call.id
        callNumber = application.call.number
        districtCode = application.districtCode
        state = application.state.rawValue
        form = application.form
        eligibility = application.eligibility.map {
            EligibilityFindingDTO(rule: $0["rule"] ?? "", ruleEn: $0["ruleEn"] ?? "", met: $0["met"] == "yes", found: $0["found"] ?? "", foundEn: $0["foundEn"] ?? "")
        }
        submittedAt = application.submittedAt
        lastReason = application.lastReason
        attachments = application.attachments.map { AttachmentDTO(key: $0.key, name: $0.name, mediaType: $0.mediaType, size: $0.size) }
        applicantAccountMasked = application.applicantAccountMasked
        employerAccountMasked = application.employerAccountMasked
        trimmedMean = application.trimmedMean
        rank = application.rank
        withinQuota = application.withinQuota
        upstreamOutcome = application.upstreamOutcome
    }
}

struct ProgrammeApplicationSummaryDTO: Content {
    let id: UUID
    let number: String
    let state: String
    let districtCode: String
    let submittedAt: Date?
}

struct AttachmentInput: Content {
    var name: String?
    var contentBase64: String?
}

/// `/api/v1/programme-types`, `/programme-calls`, `/programme-applications`, `/public/programme-calls`: the same service
/// methods as the pages.
struct ProgrammesAPI: Sendable {
    func types(_ request: Request) async throws -> [ProgrammeTypeDTO] {
        try await ProgrammeService.types(on: request.db).map { ProgrammeTypeDTO(definition: $0.type, active: $0.active) }
    }

    func type(_ request: Request) async throws -> ProgrammeTypeDTO {
        guard let code = request.parameters.get("code"), let found = try await ProgrammeService.type(code, on: request.db) else { throw RequestProblem.notFound }
        return ProgrammeTypeDTO(definition: found.type, active: found.active)
    }

    func saveType(_ request: Request) async throws -> ProgrammeTypeDTO {
        // A definition the document admits but the type cannot hold (a date that is no day, a level that is no level)
        // is a field problem, answered 422 like every other rule of the definition.
        let input: ProgrammeTypeInput
        do {
            input = try request.content.decode(ProgrammeTypeInput.self)
        } catch let error as DecodingError {
            throw RequestProblem.validation([FieldProblem(field: "definition", code: "programme.definition",
                                                          chinese: "类型定义有误：\(Self.describe(error))", english: "The definition does not read: \(Self.describe(error))")])
        }
        guard let code = request.parameters.get("code"), let definition = input.definition else {
            throw RequestProblem.validation([FieldProblem(field: "definition", code: "programme.definition", chinese: "请提供类型定义", english: "A definition is required")])
        }
        guard definition.code == code else {
            throw RequestProblem.validation([FieldProblem(field: "definition.code", code: "programme.code-mismatch", chinese: "定义中的代码与地址不一致",
                                                          english: "The definition's code differs from the path's")])
        }
        try await ProgrammeService.saveType(definition, active: input.active ?? true, request.programmes)
        return try await type(request)
    }

    /// Where a definition failed to read, as a path of keys.
    static func describe(_ error: DecodingError) -> String {
        let path: [any CodingKey] = switch error {
        case .dataCorrupted(let context), .keyNotFound(_, let context), .typeMismatch(_, let context), .valueNotFound(_, let context): context.codingPath
        @unknown default: []
        }
        return path.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined()
    }

    func calls(_ request: Request) async throws -> [ProgrammeCallDTO] {
        let year = try request.query[Int.self, at: "year"]
        return try await ProgrammeService.calls(on: request.db, publishedOnly: request.principal?.role != .cityAdmin, year: year).map(ProgrammeCallDTO.init)
    }

    func publicCalls(_ request: Request) async throws -> [ProgrammeCallDTO] {
        try await ProgrammeService.calls(on: request.db, publishedOnly: true).map(ProgrammeCallDTO.init)
    }

    func call(_ request: Request) async throws -> ProgrammeCallDTO {
        guard let call = try await ProgrammeService.call(try request.uuidParameter(), on: request.db),
              call.state == .published || request.principal?.role == .cityAdmin else { throw RequestProblem.notFound }
        return ProgrammeCallDTO(call)
    }

    func createCall(_ request: Request) async throws -> Response {
        let id = try await ProgrammeService.createCall(try request.content.decode(ProgrammeCallInput.self), request.programmes)
        guard let call = try await ProgrammeService.call(id, on: request.db) else { throw RequestProblem.notFound }
        return try await ProgrammeCallDTO(call).encodeResponse(status: .created, for: request)
    }

    func stepCall(_ request: Request) async throws -> ProgrammeCallDTO {
        let input = try request.content.decode(StepInput.self)
        let id = try request.uuidParameter()
        try await ProgrammeService.stepCall(id, event: input.event ?? "", reason: input.reason, request.programmes)
        guard let call = try await ProgrammeService.call(id, on: request.db) else { throw RequestProblem.notFound }
        return ProgrammeCallDTO(call)
    }

    func eligibility(_ request: Request) async throws -> EligibilityDTO {
        let (_, report) = try await ProgrammeService.preview(try request.content.decode(ProgrammeApplicationInput.self), request.programmes)
        return EligibilityDTO(eligible: report.isEligible, findings: report.findings.map {
            EligibilityFindingDTO(rule: $0.rule.chinese, ruleEn: $0.rule.english, met: $0.met, found: $0.found, foundEn: $0.foundEnglish)
        })
    }

    func applications(_ request: Request) async throws -> [ProgrammeApplicationSummaryDTO] {
        let call = try request.query[UUID.self, at: "callId"]
        let state = try request.query[String.self, at: "state"].map { text -> ProgrammeApplicationState in
            guard let state = ProgrammeApplicationState(rawValue: text) else { throw RequestProblem.badParameter("state") }
            return state
        }
        let page = try request.query[Int.self, at: "page"] ?? 1
        guard (1...10_000).contains(page) else { throw RequestProblem.badParameter("page") }
        let filter = ProgrammeService.ApplicationFilter(call: call, state: state, district: try request.query[String.self, at: "districtCode"],
                                                        text: try request.query[String.self, at: "q"])
        return try await ProgrammeService.applications(filter, page: page, request.programmes).rows.map {
            ProgrammeApplicationSummaryDTO(id: $0.id, number: $0.number, state: $0.state, districtCode: $0.district, submittedAt: $0.submittedAt)
        }
    }

    func createApplication(_ request: Request) async throws -> Response {
        let id = try await ProgrammeService.createApplication(try request.content.decode(ProgrammeApplicationInput.self), request.programmes)
        return try await ProgrammeApplicationDTO(try await ProgrammeService.application(id, request.programmes)).encodeResponse(status: .created, for: request)
    }

    func application(_ request: Request) async throws -> ProgrammeApplicationDTO {
        ProgrammeApplicationDTO(try await ProgrammeService.application(try request.uuidParameter(), request.programmes))
    }

    func updateForm(_ request: Request) async throws -> ProgrammeApplicationDTO {
        let id = try request.uuidParameter()
        let input = try request.content.decode(ProgrammeApplicationInput.self)
        try await ProgrammeService.updateForm(id, input, request.programmes)
        return ProgrammeApplicationDTO(try await ProgrammeService.application(id, request.programmes))
    }

    func attach(_ request: Request) async throws -> ProgrammeApplicationDTO {
        let id = try request.uuidParameter()
        guard let key = request.parameters.get("key") else { throw RequestProblem.notFound }
        let input = try request.content.decode(AttachmentInput.self)
        guard let name = input.name, let base64 = input.contentBase64, let data = Data(base64Encoded: base64) else {
            throw RequestProblem.validation([FieldProblem(field: "contentBase64", code: "programme.attachment-encoding",
                                                          chinese: "请提供文件名和 Base64 编码的文件内容", english: "A name and the file's content in Base64 are required")])
        }
        try await ProgrammeService.attach(id, key: key, name: name, bytes: Array(data), request.programmes)
        return ProgrammeApplicationDTO(try await ProgrammeService.application(id, request.programmes))
    }

    func attachment(_ request: Request) async throws -> Response {
        guard let key = request.parameters.get("key") else { throw RequestProblem.notFound }
        return Self.download(try await ProgrammeService.attachment(try request.uuidParameter(), key: key, request.programmes))
    }

    /// A checked file as a download under its checked type, never rendered as something else.
    static func download(_ file: (name: String, mediaType: String, bytes: Data)) -> Response {
        let response = Response(status: .ok, body: .init(data: file.bytes))
        response.headers.contentType = HTTPMediaType(type: String(file.mediaType.split(separator: "/")[0]), subType: String(file.mediaType.split(separator: "/")[1]))
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename*=UTF-8''" + (file.name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "file"))
        return response
    }

    func stepApplication(_ request: Request) async throws -> ProgrammeApplicationDTO {
        let input = try request.content.decode(StepInput.self)
        let id = try request.uuidParameter()
        try await ProgrammeService.stepApplication(id, event: input.event, reason: input.reason, request.programmes)
        return ProgrammeApplicationDTO(try await ProgrammeService.application(id, request.programmes))
    }
}

extension Request {
    /// The applicant's side (an organization for itself or its employee, or a worker for themselves), a district, the
    /// city. Each step records its own audit entity.
    var programmes: ProgrammeContext {
        let actor: WorkflowActor? = switch principal?.role {
        case .cityAdmin: .city
        case .districtOfficer: .district
        case .enterprise, .school, .trainingProvider, .worker: .organization
        default: nil
        }
        return TrainingContext(database: db, scope: scope, actor: actor, audit: AuditEvent(self, entity: .programmeApplication, action: .update),
                               now: now, vault: vault)
    }
}

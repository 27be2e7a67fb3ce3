import Foundation
import GongjiangCore
import Vapor

struct CountDTO: Content {
    let count: Int
    /// The monthly run: titles left for the next run because their district's budget is short (absent elsewhere).
    var skipped: [String]? = nil
}

struct RankedDTO: Content {
    let applicationId: String
    let rank: Int
    let trimmedMean: Int
    let mean: Int
    let withinQuota: Bool
    let tieBreak: String?
}

struct AssignmentDTO: Content {
    let applicationId: UUID
    let number: String
    let callTitle: String
    /// Absent under blind review.
    let applicantName: String?
    /// Under blind review without the fields that name the applicant.
    let form: [String: String]
    /// Downloaded from `/api/v1/programme-reviews/{applicationId}/attachments/{key}` once the declaration is signed.
    let attachments: [AssignedAttachmentDTO]
    let rubric: [ProgrammeType.Criterion]
    let declared: Bool
    let declaredConflict: Bool?
    let scores: [String: Int]?
    let total: Int?
    let open: Bool
}

struct AssignedAttachmentDTO: Content {
    let key: String
    /// What the call asked for: the file is named by it, not by the name it was uploaded under.
    let label: String
    let mediaType: String
    let size: Int
}

struct ProgrammeTitleDTO: Content {
    let id: UUID
    /// Nil for an honour recorded from elsewhere.
    let applicationId: UUID?
    let typeCode: String
    let tier: String
    let districtCode: String
    let holderName: String
    let awardedOn: String
    let validUntil: String?
    let nextAssessmentOn: String?
    let state: String
    let paidFen: Int64
    let instalments: Int
}

struct ThroughInput: Content {
    /// Pay what is due through this day (default today).
    var through: String?
}

struct IDDTO: Content {
    let id: UUID
}

/// Review, notice, approval, titles and funding.
extension ProgrammesAPI {
    func personTitles(_ request: Request) async throws -> [ProgrammeRecord.Entry] {
        let id = try request.uuidParameter()
        guard try await RegistryQueries(database: request.db, scope: request.scope, vault: request.vault).person(id) != nil else {
            throw try await request.notInScope(Person.self, id, entity: .person)
        }
        return try await ProgrammeRecord.entries(of: .person(id), today: CivilDate.today(now: request.now), on: request.db)
    }

    func organizationTitles(_ request: Request) async throws -> [ProgrammeRecord.Entry] {
        let id = try request.uuidParameter()
        guard try await RegistryQueries(database: request.db, scope: request.scope, vault: request.vault).organization(id) != nil else {
            throw try await request.notInScope(Organization.self, id, entity: .organization)
        }
        return try await ProgrammeRecord.entries(of: .organization(id), today: CivilDate.today(now: request.now), on: request.db)
    }

    func saveExpertProfile(_ request: Request) async throws -> IDDTO {
        let id = try request.uuidParameter()
        try await ProgrammeService.saveExpertProfile(id, try request.content.decode(ExpertProfileInput.self), request.programmes)
        return IDDTO(id: id)
    }

    func startReview(_ request: Request) async throws -> CountDTO {
        CountDTO(count: try await ProgrammeService.startReview(try request.uuidParameter(), request.programmes))
    }

    func assignments(_ request: Request) async throws -> [AssignmentDTO] {
        guard let expert = request.principal?.accountID else { throw Abort(.unauthorized) }
        return try await ProgrammeService.assignments(expert: expert, on: request.db, vault: request.vault).map {
            AssignmentDTO(applicationId: $0.applicationID, number: $0.number, callTitle: $0.callTitle, applicantName: $0.applicantName, form: $0.form,
                          attachments: $0.attachments.map { AssignedAttachmentDTO(key: $0.key, label: $0.label, mediaType: $0.mediaType, size: $0.size) },
                          rubric: $0.rubric, declared: $0.declaredAt != nil, declaredConflict: $0.declaredConflict, scores: $0.scores, total: $0.total,
                          open: $0.open)
        }
    }

    /// An assigned application's file, after the declaration.
    func assignedAttachment(_ request: Request) async throws -> Response {
        guard let expert = request.principal?.accountID else { throw Abort(.unauthorized) }
        guard let key = request.parameters.get("key") else { throw RequestProblem.notFound }
        let file = try await ProgrammeService.assignedAttachment(expert: expert, application: try request.uuidParameter(), key: key, on: request.db)
        return ProgrammesAPI.download(file)
    }

    func declare(_ request: Request) async throws -> IDDTO {
        guard let expert = request.principal?.accountID else { throw Abort(.unauthorized) }
        let id = try request.uuidParameter()
        try await ProgrammeService.declare(expert: expert, application: id, try request.content.decode(ExpertDeclarationInput.self),
                                           now: request.now, database: request.db, audit: AuditEvent(request, entity: .programmeReview, action: .update))
        return IDDTO(id: id)
    }

    func score(_ request: Request) async throws -> CountDTO {
        guard let expert = request.principal?.accountID else { throw Abort(.unauthorized) }
        return CountDTO(count: try await ProgrammeService.score(expert: expert, application: try request.uuidParameter(),
                                                                try request.content.decode(ExpertScoresInput.self), now: request.now, database: request.db,
                                                                audit: AuditEvent(request, entity: .programmeReview, action: .update)))
    }

    func closeScoring(_ request: Request) async throws -> [RankedDTO] {
        try await ProgrammeService.closeScoring(try request.uuidParameter(), request.programmes).map {
            RankedDTO(applicationId: $0.applicationID, rank: $0.rank, trimmedMean: $0.trimmedMean, mean: $0.mean, withinQuota: $0.withinQuota,
                      tieBreak: $0.tieBreak?.rawValue)
        }
    }

    func publishNotice(_ request: Request) async throws -> IDDTO {
        IDDTO(id: try await ProgrammeService.publishNotice(try request.uuidParameter(), request.programmes))
    }

    func fileObjection(_ request: Request) async throws -> Response {
        let id = try await ProgrammeService.fileObjection(try request.uuidParameter(), try request.content.decode(ProgrammeObjectionInput.self), request.programmes)
        return try await IDDTO(id: id).encodeResponse(status: .created, for: request)
    }

    func resolveObjection(_ request: Request) async throws -> IDDTO {
        let id = try request.uuidParameter()
        try await ProgrammeService.resolveObjection(id, try request.content.decode(ObjectionResolution.self), request.programmes)
        return IDDTO(id: id)
    }

    func concludeNotice(_ request: Request) async throws -> IDDTO {
        let id = try request.uuidParameter()
        try await ProgrammeService.concludeNotice(id, request.programmes)
        return IDDTO(id: id)
    }

    /// Approval, recommendation and the upstream outcome move money or hold a place: each takes an Idempotency-Key.
    func decide(_ request: Request) async throws -> Response {
        let id = try request.uuidParameter()
        let kind = request.url.path.split(separator: "/").last.map(String.init) ?? ""
        let input = kind == "upstream-outcome" ? try request.content.decode(UpstreamOutcomeInput.self) : UpstreamOutcomeInput()
        let base = request.programmes
        return try await Idempotent.respond(request, status: .ok) { ledger in
            var context = base
            context.within = ledger.within
            switch kind {
            case "approval": try await ProgrammeService.approve(id, context)
            case "recommendation": try await ProgrammeService.recommend(id, context)
            default: try await ProgrammeService.recordUpstream(id, input, context)
            }
            return ProgrammeApplicationDTO(try await ProgrammeService.application(id, context))
        }
    }

    func titles(_ request: Request) async throws -> [ProgrammeTitleDTO] {
        let page = try request.query[Int.self, at: "page"] ?? 1
        guard (1...10_000).contains(page) else { throw RequestProblem.badParameter("page") }
        return try await ProgrammeService.titles(page: page, request.programmes)
    }

    func recordHonour(_ request: Request) async throws -> Response {
        let id = try await ProgrammeService.recordHonour(try request.content.decode(HonourInput.self), request.programmes)
        return try await IDDTO(id: id).encodeResponse(status: .created, for: request)
    }

    func stepTitle(_ request: Request) async throws -> IDDTO {
        let input = try request.content.decode(StepInput.self)
        let id = try request.uuidParameter()
        try await ProgrammeService.stepTitle(id, event: input.event, reason: input.reason, request.programmes)
        return IDDTO(id: id)
    }

    func payTitle(_ request: Request) async throws -> Response {
        let id = try request.uuidParameter()
        let through = try Self.through(request)
        let base = request.programmes
        return try await Idempotent.respond(request, status: .ok) { ledger in
            var context = base
            context.within = ledger.within
            return CountDTO(count: try await ProgrammeService.payDue(title: id, through: through, context))
        }
    }

    func payAll(_ request: Request) async throws -> Response {
        let through = try Self.through(request)
        let base = request.programmes
        return try await Idempotent.respond(request, status: .ok) { ledger in
            var context = base
            context.within = ledger.within
            let (paid, skipped) = try await ProgrammeService.payAllDueReporting(through: through, context)
            return CountDTO(count: paid, skipped: skipped)
        }
    }

    static func through(_ request: Request) throws -> CivilDate {
        // The body is required, as the document says: `{}` pays through today.
        let input = try request.content.decode(ThroughInput.self)
        guard let text = input.through else { return CivilDate.today(now: request.now) }
        guard let day = try? CivilDate(parsing: text) else {
            throw RequestProblem.validation([FieldProblem(field: "through", code: "programme.date", chinese: "日期应为 YYYY-MM-DD", english: "A date YYYY-MM-DD")])
        }
        return day
    }
}

import Fluent
import Foundation
import GongjiangCore
import Vapor

/// `/api/v1/filings`, `/plans`, `/candidates`, `/objections`: the certification workflow over JSON. Each handler
/// reads in the caller's scope (a record outside it is a 404), and leaves every rule to `CertificationService`.
struct CertificationAPI {
    // MARK: Filings

    func filings(_ request: Request) async throws -> ListDTO<FilingDTO> {
        let context = request.certification
        let state = try request.query[String.self, at: "state"].map { text -> FilingState in
            guard let state = FilingState(rawValue: text) else { throw RequestProblem.badParameter("state") }
            return state
        }
        let type = try request.query[String.self, at: "type"].map { text -> EvaluationOrganizationType in
            guard let type = EvaluationOrganizationType(rawValue: text) else { throw RequestProblem.badParameter("type") }
            return type
        }
        let page = try await context.queries.filings(.init(text: request.query[String.self, at: "q"], state: state, type: type),
                                                     after: try request.pageCursor(),
                                                     limit: PageSize.clamp(request.query[Int.self, at: "limit"]))
        return ListDTO(items: page.items.map { FilingDTO($0, vault: request.vault, actor: context.actor) }, nextCursor: page.next?.encoded)
    }

    func filing(_ request: Request) async throws -> FilingDTO {
        let filing = try await Self.filing(request)
        return try await Self.detail(filing, request)
    }

    static func filing(_ request: Request) async throws -> EvaluationFiling {
        let id = try request.uuidParameter()
        guard let filing = try await request.certification.queries.filing(id) else {
            throw try await request.notInScope(EvaluationFiling.self, id, entity: .filing)
        }
        return filing
    }

    static func detail(_ filing: EvaluationFiling, _ request: Request) async throws -> FilingDTO {
        let queries = request.certification.queries
        let id = try filing.requireID()
        return FilingDTO(filing, vault: request.vault, actor: request.certification.actor, scope: try await queries.scope(of: id),
                         sites: try await queries.sites(of: id), examiners: try await queries.examiners(of: id))
    }

    func submitFiling(_ request: Request) async throws -> Response {
        let input = try request.content.decode(FilingInput.self)
        let filing = try await CertificationService.submitFiling(input, request.certification)
        let response = try await Self.detail(filing, request).encodeResponse(status: .created, for: request)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/filings/\(filing.id!.uuidString)")
        return response
    }

    func resubmitFiling(_ request: Request) async throws -> FilingDTO {
        let filing = try await Self.filing(request)
        let input = try request.content.decode(FilingInput.self)
        try await CertificationService.resubmitFiling(filing, input, request.certification)
        return try await Self.detail(filing, request)
    }

    func filingTransition(_ request: Request) async throws -> FilingDTO {
        let filing = try await Self.filing(request)
        let input = try request.content.decode(TransitionInput.self)
        guard let event = input.event.flatMap(FilingEvent.init(rawValue:)) else { throw RequestProblem.badParameter("event") }
        try await CertificationService.step(filing, event, reason: input.reason,
                                            approval: FilingApproval(ministryCode: input.ministryCode, siteSerial: input.siteSerial),
                                            request.certification)
        return try await Self.detail(filing, request)
    }

    /// The public directory of filed organizations and their current scope.
    func directory(_ request: Request) async throws -> ListDTO<DirectoryEntryDTO> {
        let page = try await CertificationQueries.directory(on: request.db, text: request.query[String.self, at: "q"],
                                                            after: try request.pageCursor(),
                                                            limit: PageSize.clamp(request.query[Int.self, at: "limit"]))
        let queries = CertificationQueries(database: request.db, scope: .city)
        var items: [DirectoryEntryDTO] = []
        for filing in page.items {
            items.append(DirectoryEntryDTO(filing, scope: try await queries.scope(of: filing.requireID())))
        }
        return ListDTO(items: items, nextCursor: page.next?.encoded)
    }

    // MARK: Plans

    func plans(_ request: Request) async throws -> ListDTO<PlanDTO> {
        let context = request.certification
        let state = try request.query[String.self, at: "state"].map { text -> PlanState in
            guard let state = PlanState(rawValue: text) else { throw RequestProblem.badParameter("state") }
            return state
        }
        let filter = CertificationQueries.PlanFilter(
            filingID: request.query[UUID.self, at: "filing_id"], state: state,
            occupationCode: request.query[String.self, at: "occupation_code"], supervised: request.query[Bool.self, at: "supervised"])
        let page = try await context.queries.plans(filter, after: try request.pageCursor(),
                                                   limit: PageSize.clamp(request.query[Int.self, at: "limit"]))
        return ListDTO(items: page.items.map { PlanDTO($0, actor: context.actor) }, nextCursor: page.next?.encoded)
    }

    static func plan(_ request: Request) async throws -> CertificationPlan {
        let id = try request.uuidParameter()
        guard let plan = try await request.certification.queries.plan(id) else {
            throw try await request.notInScope(CertificationPlan.self, id, entity: .plan)
        }
        return plan
    }

    func plan(_ request: Request) async throws -> PlanDTO {
        PlanDTO(try await Self.plan(request), actor: request.certification.actor)
    }

    func filePlan(_ request: Request) async throws -> Response {
        let context = request.certification
        guard let organizationID = context.scope.organizationID,
              let filing = try await context.queries.currentFiling(of: organizationID) else {
            throw CertificationRefusal.filingNotActive(.submitted)
        }
        let plan = try await CertificationService.filePlan(try request.content.decode(PlanInput.self), filing: filing, context)
        let response = try await PlanDTO(plan, actor: context.actor).encodeResponse(status: .created, for: request)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/plans/\(plan.id!.uuidString)")
        return response
    }

    func planTransition(_ request: Request) async throws -> PlanDTO {
        let plan = try await Self.plan(request)
        let input = try request.content.decode(TransitionInput.self)
        guard let event = input.event.flatMap(PlanEvent.init(rawValue:)) else { throw RequestProblem.badParameter("event") }
        try await CertificationService.step(plan, event, reason: input.reason, request.certification)
        return PlanDTO(plan, actor: request.certification.actor)
    }

    func supervise(_ request: Request) async throws -> PlanDTO {
        let plan = try await Self.plan(request)
        let input = try request.content.decode(SupervisionInput.self)
        guard let supervised = input.supervised else {
            throw RequestProblem.validation([PersonRules.required("supervised", "是否现场督导")])
        }
        try await CertificationService.supervise(plan, supervised: supervised, note: input.note, request.certification)
        return PlanDTO(plan, actor: request.certification.actor)
    }

    // MARK: Candidates

    func candidates(_ request: Request) async throws -> ListDTO<CandidateDTO> {
        let plan = try await Self.plan(request)
        let candidates = try await request.certification.queries.candidates(of: plan.requireID())
        let persons = try await Person.query(on: request.db).filter(\.$id ~~ candidates.map(\.personID)).all()
        let byID = Dictionary(persons.map { ($0.id!, $0) }) { first, _ in first }
        return ListDTO(items: candidates.map { CandidateDTO($0, person: byID[$0.personID], vault: request.vault) }, nextCursor: nil)
    }

    func registerCandidate(_ request: Request) async throws -> Response {
        let plan = try await Self.plan(request)
        let candidate = try await CertificationService.registerCandidate(try request.content.decode(CandidateInput.self), plan: plan,
                                                                         request.certification)
        let person = try await Person.find(candidate.personID, on: request.db)
        return try await CandidateDTO(candidate, person: person, vault: request.vault).encodeResponse(status: .created, for: request)
    }

    static func candidate(_ request: Request) async throws -> (PlanCandidate, CertificationPlan) {
        let id = try request.uuidParameter()
        guard let found = try await request.certification.queries.candidate(id) else {
            throw try await request.notInScope(PlanCandidate.self, id, entity: .candidate)
        }
        return found
    }

    func recordScores(_ request: Request) async throws -> CandidateDTO {
        let (candidate, plan) = try await Self.candidate(request)
        try await CertificationService.recordScores(try request.content.decode(ScoresInput.self), candidate: candidate, plan: plan,
                                                    request.certification)
        return CandidateDTO(candidate, person: try await Person.find(candidate.personID, on: request.db), vault: request.vault)
    }

    func amendScores(_ request: Request) async throws -> CandidateDTO {
        let (candidate, plan) = try await Self.candidate(request)
        try await CertificationService.amendScores(try request.content.decode(ScoresInput.self), candidate: candidate, plan: plan,
                                                   request.certification)
        return CandidateDTO(candidate, person: try await Person.find(candidate.personID, on: request.db), vault: request.vault)
    }

    func withdraw(_ request: Request) async throws -> CandidateDTO {
        let (candidate, plan) = try await Self.candidate(request)
        try await CertificationService.withdraw(candidate, plan: plan, reason: try request.content.decode(ReasonInput.self).reason,
                                                request.certification)
        return CandidateDTO(candidate, person: try await Person.find(candidate.personID, on: request.db), vault: request.vault)
    }

    // MARK: Notice

    func notice(_ request: Request) async throws -> NoticeDTO {
        let plan = try await Self.plan(request)
        guard let notice = try await request.certification.queries.notice(of: plan) else { throw RequestProblem.notFound }
        return NoticeDTO(notice, objections: try await request.certification.queries.objections(of: notice.requireID()))
    }

    func fileObjection(_ request: Request) async throws -> Response {
        let plan = try await Self.plan(request)
        try await CertificationService.fileObjection(try request.content.decode(ObjectionInput.self), plan: plan, request.certification)
        guard let notice = try await request.certification.queries.notice(of: plan) else { throw RequestProblem.notFound }
        return try await NoticeDTO(notice, objections: try await request.certification.queries.objections(of: notice.requireID()))
            .encodeResponse(status: .created, for: request)
    }

    func resolveObjection(_ request: Request) async throws -> NoticeDTO {
        let id = try request.uuidParameter()
        let queries = request.certification.queries
        guard let objection = try await ObjectionRecord.find(id, on: request.db),
              let notice = try await NoticeRecord.find(objection.noticeID, on: request.db),
              notice.subjectKind == "certification-plan", let plan = try await queries.plan(notice.subjectID) else {
            throw try await request.notInScope(ObjectionRecord.self, id, entity: .objection)
        }
        try await CertificationService.resolveObjection(objection, try request.content.decode(ObjectionResolution.self), plan: plan,
                                                        request.certification)
        return NoticeDTO(notice, objections: try await queries.objections(of: notice.requireID()))
    }

    // MARK: Policy

    func conditions(_ request: Request) async throws -> ConditionsDTO {
        let code = request.parameters.get("code") ?? ""
        guard try await Occupation.find(code, on: request.db) != nil else { throw RequestProblem.notFound }
        return try await CertificationService.conditionsView(occupationCode: code, on: request.certification.today, database: request.db)
    }

    func setConditions(_ request: Request) async throws -> Response {
        let code = request.parameters.get("code") ?? ""
        try await CertificationService.setConditions(try request.content.decode(ConditionsInput.self), occupationCode: code,
                                                     request.certification)
        return try await CertificationService.conditionsView(occupationCode: code, on: request.certification.today, database: request.db)
            .encodeResponse(status: .created, for: request)
    }

    func policies(_ request: Request) async throws -> ListDTO<CertificationPolicy> {
        let versions = try await CertificationPolicySetting.query(on: request.db).sort(\.$effectiveFrom).all().compactMap(\.policy)
        return ListDTO(items: versions, nextCursor: nil)
    }

    func setPolicy(_ request: Request) async throws -> Response {
        let policy = try await CertificationService.setPolicy(try request.content.decode(PolicyInput.self), request.certification)
        return try await policy.encodeResponse(status: .created, for: request)
    }

    // MARK: Certificates

    func revoke(_ request: Request) async throws -> CertificateDTO {
        let id = try request.uuidParameter()
        guard let certificate = try await Self.certificateInReach(id, request) else {
            throw try await request.notInScope(Certificate.self, id, entity: .certificate)
        }
        try await CertificationService.revoke(certificate, reason: try request.content.decode(ReasonInput.self).reason, request.certification)
        return CertificateDTO(certificate)
    }

    /// A certificate the caller reaches: by the registry's scope (its holder), or, for an organization, one it issued.
    static func certificateInReach(_ id: UUID, _ request: Request) async throws -> Certificate? {
        if let certificate = try await RegistryQueries(database: request.db, scope: request.scope, vault: request.vault).certificate(id) {
            return certificate
        }
        guard let organization = request.scope.organizationID, let certificate = try await Certificate.find(id, on: request.db),
              let filingID = certificate.filingID, let filing = try await EvaluationFiling.find(filingID, on: request.db),
              filing.organizationID == organization else { return nil }
        return certificate
    }
}


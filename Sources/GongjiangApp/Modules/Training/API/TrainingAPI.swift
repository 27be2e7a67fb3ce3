import Foundation
import GongjiangCore
import Vapor

/// `/api/v1/training-providers`, `/training-classes`, `/enrolments`, `/training-claims`, and the public course finder.
struct TrainingAPI: Sendable {
    func list<T: Content>(_ request: Request, _ load: (UUID?, Int) async throws -> [T], id: (T) -> UUID) async throws -> ListDTO<T> {
        let limit = PageSize.clamp(request.query[Int.self, at: "limit"])
        let rows = try await load(try request.pageCursor()?.id, limit + 1)
        return ListDTO(items: Array(rows.prefix(limit)), nextCursor: rows.count > limit ? Cursor(key: "", id: id(rows[limit - 1])).encoded : nil)
    }

    func providers(_ request: Request) async throws -> ListDTO<ProviderDTO> {
        let queries = TrainingQueries(database: request.db, scope: request.scope)
        return try await list(request, { try await queries.providers(before: $0, limit: $1) }, id: \.id)
    }

    func approveProvider(_ request: Request) async throws -> Response {
        let id = try await TrainingService.approveProvider(try request.content.decode(ProviderInput.self), request.training)
        return try await CreatedDTO(id: id).encodeResponse(status: .created, for: request)
    }

    func stepProvider(_ request: Request) async throws -> CreatedDTO {
        let input = try request.content.decode(StepInput.self)
        let id = try request.uuidParameter()
        try await TrainingService.stepProvider(id, event: input.event, reason: input.reason, request.training)
        return CreatedDTO(id: id)
    }

    func classes(_ request: Request) async throws -> ListDTO<ClassDTO> {
        let state = try request.query[String.self, at: "state"].map { text -> ClassState in
            guard let state = ClassState(rawValue: text) else { throw RequestProblem.badParameter("state") }
            return state
        }
        let queries = TrainingQueries(database: request.db, scope: request.scope)
        return try await list(request, { try await queries.classes(state: state, before: $0, limit: $1) }, id: \.id)
    }

    func fileClass(_ request: Request) async throws -> Response {
        let context = request.training
        let id = try await TrainingService.fileClass(try request.content.decode(ClassInput.self), context)
        return try await classDTO(id, context).encodeResponse(status: .created, for: request)
    }

    func trainingClass(_ request: Request) async throws -> ClassDTO {
        try await classDTO(try request.uuidParameter(), request.training)
    }

    private func classDTO(_ id: UUID, _ context: TrainingContext) async throws -> ClassDTO {
        _ = try await TrainingService.visibleClass(id, context)
        guard let row = try await context.database.sql.raw("SELECT * FROM training_classes WHERE id = \(bind: id)").first() else { throw RequestProblem.notFound }
        return try ClassDTO(row)
    }

    func stepClass(_ request: Request) async throws -> ClassDTO {
        let input = try request.content.decode(StepInput.self)
        let id = try request.uuidParameter()
        try await TrainingService.stepClass(id, event: input.event, reason: input.reason, request.training)
        return try await classDTO(id, request.training)
    }

    func enrolments(_ request: Request) async throws -> [EnrolmentDTO] {
        let found = try await TrainingService.visibleClass(try request.uuidParameter(), request.training)
        return try await TrainingQueries(database: request.db, scope: request.scope).enrolments(of: found.id)
    }

    func enrol(_ request: Request) async throws -> Response {
        let id = try await TrainingService.enrol(try request.uuidParameter(), try request.content.decode(EnrolmentInput.self), request.training)
        return try await CreatedDTO(id: id).encodeResponse(status: .created, for: request)
    }

    func attendance(_ request: Request) async throws -> CreatedDTO {
        let id = try request.uuidParameter()
        try await TrainingService.recordAttendance(id, hours: try request.content.decode(AttendanceInput.self).attendedHours, request.training)
        return CreatedDTO(id: id)
    }

    func claims(_ request: Request) async throws -> ListDTO<ClaimDTO> {
        let state = try request.query[String.self, at: "state"].map { text -> ClaimState in
            guard let state = ClaimState(rawValue: text) else { throw RequestProblem.badParameter("state") }
            return state
        }
        let flagged = request.query[Bool.self, at: "flagged"]
        let queries = TrainingQueries(database: request.db, scope: request.scope)
        return try await list(request, { try await queries.claims(state: state, flagged: flagged, before: $0, limit: $1) }, id: \.id)
    }

    func fileClaim(_ request: Request) async throws -> Response {
        let context = request.training
        let id = try await TrainingService.fileClaim(try request.content.decode(ClaimInput.self), context)
        return try await claimDTO(id, context).encodeResponse(status: .created, for: request)
    }

    func claim(_ request: Request) async throws -> ClaimDTO {
        try await claimDTO(try request.uuidParameter(), request.training)
    }

    private func claimDTO(_ id: UUID, _ context: TrainingContext) async throws -> ClaimDTO {
        _ = try await TrainingService.claim(id, context)
        guard let row = try await context.database.sql.raw("SELECT * FROM training_claims WHERE id = \(bind: id)").first() else { throw RequestProblem.notFound }
        return try ClaimDTO(row)
    }

    /// A claim's step. City approval commits money, so every step takes an `Idempotency-Key`: a retried request
    /// answers as the first did.
    func stepClaim(_ request: Request) async throws -> Response {
        let input = try request.content.decode(StepInput.self)
        let id = try request.uuidParameter()
        let base = request.training
        return try await Idempotent.respond(request, status: .ok) { ledger in
            var context = base
            context.within = ledger.within
            try await TrainingService.stepClaim(id, event: input.event, reason: input.reason, context)
            return try await self.claimDTO(id, context)
        }
    }

    /// One step for many claims (the review queue's selection), whole or not at all, with an `Idempotency-Key`.
    func stepClaims(_ request: Request) async throws -> Response {
        let input = try request.content.decode(ClaimsStepInput.self)
        let base = request.training
        return try await Idempotent.respond(request, status: .ok) { ledger in
            var context = base
            context.within = ledger.within
            let outcome = try await TrainingService.stepClaims(input.claimIds ?? [], event: input.event, reason: input.reason, context)
            return ClaimsStepDTO(ids: outcome.ids, noticeId: outcome.noticeID)
        }
    }

    func recordSkillUpgradeSubsidy(_ request: Request) async throws -> Response {
        let id = try await TrainingService.recordSkillUpgradeSubsidy(try request.content.decode(SkillUpgradeSubsidyInput.self), request.training)
        return try await CreatedDTO(id: id).encodeResponse(status: .created, for: request)
    }

    /// `GET /api/v1/public/training-classes`: the course finder, no sign-in.
    func finder(_ request: Request) async throws -> ListDTO<CourseDTO> {
        let level = try request.query[String.self, at: "level"].map { text -> SkillLevel in
            guard let level = SkillLevel(code: text), level.nationalLevel != nil else { throw RequestProblem.badParameter("level") }
            return level
        }
        let from = try request.query[String.self, at: "from"].map { text -> CivilDate in
            // The document's pattern admits 2026-02-31; a day that does not exist is a 422, as other rules no schema states.
            guard let day = try? CivilDate(parsing: text) else {
                throw RequestProblem.validation([FieldProblem(field: "from", code: "date.invalid", chinese: "日期不存在", english: "No such day")])
            }
            return day
        } ?? CivilDate.today(now: request.now)
        let occupation = request.query[String.self, at: "occupation_code"], district = request.query[String.self, at: "district_code"]
        return try await list(request, { try await TrainingQueries.finder(on: request.db, occupation: occupation, level: level, district: district,
                                                                           from: from, before: $0, limit: $1) }, id: \.id)
    }
}

import Foundation
import GongjiangCore
import SQLKit
import Vapor

/// 补贴申领: claims in the caller's scope by state, the review queue of signals, and the steps a reviewer takes for a
/// selection at once (whole or not at all, with the form's idempotency key).
enum ClaimsPage {
    struct Model {
        let page: Page<ClaimDTO>
        let state: String
        let flagged: String
        let isFirstPage: Bool
        /// The steps the caller may take on the listed claims' state, for the selection form.
        let steps: [ClaimEvent]
        let mayFile: Bool
        let names: ReferenceNames
        let request: Request
        var error: String?
        var done: String?
        var fileOutcome: RowFiles.Outcome?
        let formKey = Secrets.token()

        static func load(_ request: Request, error: String? = nil, done: String? = nil) async throws -> Model {
            let state = request.query[String.self, at: "state"] ?? ""
            let flagged = request.query[String.self, at: "flagged"] ?? ""
            let cursor = try request.pageCursor()
            let claimState = ClaimState(rawValue: state)
            let rows = try await TrainingQueries(database: request.db, scope: request.scope)
                .claims(state: claimState, flagged: flagged.isEmpty ? nil : flagged == "true", before: cursor?.id, limit: PageSize.default + 1)
            let actor = request.training.actor
            let steps = claimState.flatMap { state in actor.map { ClaimRules.workflow.events(from: state, for: $0) } }?
                .filter { $0 != .pay && $0 != .clawback } ?? []
            return Model(page: Page(rows: rows, id: \.id), state: state, flagged: flagged, isFirstPage: cursor == nil, steps: steps,
                         mayFile: actor != nil, names: try await ReferenceNames.load(on: request.db), request: request, error: error, done: done)
        }

        /// The states that wait for the caller's step, for the queue's links.
        var queues: [ClaimState] {
            guard let actor = request.training.actor else { return [] }
            return ClaimState.allCases.filter { state in
                !ClaimRules.workflow.events(from: state, for: actor).filter { $0 != .pay && $0 != .clawback }.isEmpty
            }
        }
    }

    struct StepFields: Content {
        var event: String?
        var reason: String?
        var claimIds: [String]?
    }

    struct FileFields: Content {
        var certificateNumber: String?
        var payee: String?
        var payeeAccount: String?
    }
}

/// One claim: who, which certificate and class, the amount and how it was computed, the signals with their reasons,
/// the notice and the payment; the steps the caller may take now.
enum ClaimPage {
    struct Model {
        let claim: ClaimDTO
        let personName: String
        let certificateNumber: String
        let classNumber: String?
        let classID: UUID?
        let notice: NoticeRecord?
        let steps: [ClaimEvent]
        let mayReadPayment: Bool
        let names: ReferenceNames
        let request: Request
        let error: String?
        let formKey = Secrets.token()

        static func load(_ request: Request, error: String? = nil) async throws -> Model {
            let context = request.training
            let id = try request.uuidParameter()
            let found = try await TrainingService.claim(id, context)
            guard let row = try await request.db.sql.raw("""
                SELECT k.*, p.name AS person_name, c.number AS certificate_number, e.class_id, t.number AS class_number
                FROM training_claims k JOIN persons p ON p.id = k.person_id JOIN certificates c ON c.id = k.certificate_id
                LEFT JOIN training_enrolments e ON e.id = k.enrolment_id LEFT JOIN training_classes t ON t.id = e.class_id
                WHERE k.id = \(bind: id)
                """).first() else { throw RequestProblem.notFound }
            return Model(claim: try ClaimDTO(row), personName: try row.decode(column: "person_name", as: String.self),
                         certificateNumber: try row.decode(column: "certificate_number", as: String.self),
                         classNumber: try row.decode(column: "class_number", as: String?.self), classID: try row.decode(column: "class_id", as: UUID?.self),
                         notice: try await found.noticeID.asyncMap { try await NoticeRecord.find($0, on: request.db) } ?? nil,
                         steps: context.actor.map { ClaimRules.workflow.events(from: found.state, for: $0) }?.filter { $0 != .pay && $0 != .clawback } ?? [],
                         mayReadPayment: request.principal?.may(.readLedger) == true,
                         names: try await ReferenceNames.load(on: request.db), request: request, error: error)
        }

        var state: ClaimState { ClaimState(rawValue: claim.state) ?? .submitted }
    }
}

import Fluent
import Foundation
import GongjiangCore
import Vapor

enum PlansList {
    struct Model {
        let page: Page<CertificationPlan>
        let state: String
        let supervised: String
        let isFirstPage: Bool
        let mayFile: Bool
        let names: ReferenceNames

        static func load(_ request: Request) async throws -> Model {
            let state = request.query[String.self, at: "state"] ?? ""
            let supervised = request.query[String.self, at: "supervised"] ?? ""
            let cursor = try request.pageCursor()
            let context = request.certification
            let page = try await context.queries.plans(
                .init(state: PlanState(rawValue: state), supervised: supervised.isEmpty ? nil : supervised == "true"),
                after: cursor, limit: PageSize.default)
            var mayFile = false
            if let organization = context.scope.organizationID, request.principal?.may(.operateCertification) == true {
                mayFile = try await context.queries.currentFiling(of: organization)?.state == .active
            }
            return Model(page: page, state: state, supervised: supervised, isFirstPage: cursor == nil, mayFile: mayFile,
                         names: try await ReferenceNames.load(on: request.db))
        }
    }
}

/// One plan: its facts, candidates with their scores, the notice and objections, and the forms for each step the
/// caller may take now.
enum PlanDetail {
    struct Row {
        let candidate: PlanCandidate
        let person: Person?
    }

    struct Model {
        let plan: CertificationPlan
        let filing: EvaluationFiling?
        let site: FilingSite?
        let rows: [Row]
        let notice: NoticeRecord?
        let objections: [ObjectionRecord]
        let steps: [PlanEvent]
        let actor: WorkflowActor?
        let certificates: [UUID: Certificate]
        let names: ReferenceNames
        let request: Request
        let error: String?
        /// What an uploaded candidates or scores file did, when one was just sent.
        var fileOutcome: CandidateFiles.Outcome?

        static func load(_ request: Request, error: String? = nil) async throws -> Model {
            try await load(request, plan: try await CertificationAPI.plan(request), error: error)
        }

        /// The page of a plan named by id (after a candidate's or an objection's form), read in the caller's scope.
        static func load(_ request: Request, planID: UUID, error: String?) async throws -> Model {
            guard let plan = try await request.certification.queries.plan(planID) else { throw RequestProblem.notFound }
            return try await load(request, plan: plan, error: error)
        }

        static func load(_ request: Request, plan: CertificationPlan, error: String?) async throws -> Model {
            let queries = request.certification.queries
            let candidates = try await queries.candidates(of: plan.requireID())
            let persons = try await Person.query(on: request.db).filter(\.$id ~~ candidates.map(\.personID)).all()
            let byID = Dictionary(persons.map { ($0.id!, $0) }) { first, _ in first }
            let certificates = try await Certificate.query(on: request.db).filter(\.$id ~~ candidates.compactMap(\.certificateID)).all()
            let notice = try await queries.notice(of: plan)
            let actor = request.certification.actor
            return Model(
                plan: plan, filing: try await EvaluationFiling.find(plan.filingID, on: request.db),
                site: try await FilingSite.find(plan.siteID, on: request.db),
                rows: candidates.map { Row(candidate: $0, person: byID[$0.personID]) }, notice: notice,
                objections: notice == nil ? [] : try await queries.objections(of: notice!.requireID()),
                steps: actor.map { PlanRules.workflow.events(from: plan.state, for: $0) } ?? [], actor: actor,
                certificates: Dictionary(certificates.map { ($0.id!, $0) }) { first, _ in first },
                names: try await ReferenceNames.load(on: request.db), request: request, error: error)
        }

        var mayOperate: Bool { actor == .organization && request.principal?.may(.operateCertification) == true }
        var maySupervise: Bool { (actor == .district || actor == .city) && request.principal?.may(.superviseCertification) == true }
    }
}

enum PlanForm {
    struct Model {
        let request: Request
        let filing: EvaluationFiling
        let scope: [FilingScopeRow]
        let sites: [FilingSite]
        let values: [String: String]
        let error: String?
        let problems: [FieldProblem]
        let names: ReferenceNames

        static func load(_ request: Request, values: [String: String] = [:], error: String? = nil,
                         problems: [FieldProblem] = []) async throws -> Model {
            let context = request.certification
            guard let organization = context.scope.organizationID, let filing = try await context.queries.currentFiling(of: organization),
                  filing.state == .active else { throw CertificationRefusal.filingNotActive(.submitted) }
            let id = try filing.requireID()
            return Model(request: request, filing: filing, scope: try await context.queries.scope(of: id),
                         sites: try await context.queries.sites(of: id), values: values, error: error, problems: problems,
                         names: try await ReferenceNames.load(on: request.db))
        }
    }

    struct Fields: Content {
        var occupationCode: String?
        var levels: [String]?
        var siteId: String?
        var examFrom: String?
        var examTo: String?
        var expectedCandidates: String?

        var input: PlanInput {
            PlanInput(occupationCode: occupationCode, levels: levels ?? [], siteId: siteId.flatMap(UUID.init(uuidString:)),
                      examFrom: examFrom, examTo: examTo?.nilIfEmpty, expectedCandidates: expectedCandidates.flatMap { Int($0) })
        }

        var values: [String: String] {
            ["occupationCode": occupationCode ?? "", "siteId": siteId ?? "", "examFrom": examFrom ?? "", "examTo": examTo ?? "",
             "expectedCandidates": expectedCandidates ?? ""]
        }
    }
}

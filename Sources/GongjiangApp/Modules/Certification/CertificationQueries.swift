import Fluent
import Foundation
import GongjiangCore

/// Every read of certification records, each within a scope: the city sees all; a district officer the filings and
/// plans of their districts; an organization its own. A record outside the scope reads as absent. This is also the
/// module's Swift API to other modules (statistics, the public portal).
struct CertificationQueries {
    let database: any Database
    let scope: Scope

    /// Limits a query on a table with a district and an organization column to the scope.
    static func limit<M: Model>(_ query: QueryBuilder<M>, to scope: Scope,
                                district: KeyPath<M, OptionalFieldProperty<M, String>>,
                                organization: KeyPath<M, FieldProperty<M, UUID>>) {
        switch scope {
        case .city: break
        case .districts(let codes): query.filter(district ~~ RegistryQueries.matchable(codes))
        case .organization(let id): query.filter(organization == id)
        case .assignments, .person, .nothing: query.filter(organization == UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)))
        }
    }

    /// Whether a record of this district and organization lies inside the scope: the check every write makes.
    static func admits(_ scope: Scope, district: String?, organization: UUID) -> Bool {
        switch scope {
        case .city: true
        case .districts(let codes): district.map(codes.contains) ?? false
        case .organization(let id): id == organization
        case .assignments, .person, .nothing: false
        }
    }

    // MARK: Filings

    struct FilingFilter {
        var text: String?
        var state: FilingState?
        var type: EvaluationOrganizationType?
    }

    func filings(_ filter: FilingFilter, after cursor: Cursor?, limit: Int) async throws -> Page<EvaluationFiling> {
        let query = EvaluationFiling.query(on: database)
        Self.limit(query, to: scope, district: \.$districtCode, organization: \.$organizationID)
        if let state = filter.state { query.filter(\.$stateCode == state.rawValue) }
        if let type = filter.type { query.filter(\.$typeCode == type.rawValue) }
        if let text = filter.text?.halfWidthNormalized, !text.isEmpty {
            query.group(.or) { or in
                or.filter(\.$organizationName, .custom("LIKE"), RegistryQueries.likePrefix(text))
                or.filter(\.$filingNumber == text)
            }
        }
        return try await query.keysetPage(sortedBy: \.$organizationName, after: cursor, limit: limit)
    }

    func filing(_ id: UUID) async throws -> EvaluationFiling? {
        let query = EvaluationFiling.query(on: database).filter(\.$id == id)
        Self.limit(query, to: scope, district: \.$districtCode, organization: \.$organizationID)
        return try await query.first()
    }

    /// The filing an organization works under now: its newest that is neither rejected nor ended.
    func currentFiling(of organizationID: UUID) async throws -> EvaluationFiling? {
        let query = EvaluationFiling.query(on: database).filter(\.$organizationID == organizationID)
            .filter(\.$stateCode !~ [FilingState.rejected.rawValue, FilingState.exited.rawValue])
        Self.limit(query, to: scope, district: \.$districtCode, organization: \.$organizationID)
        return try await query.sort(\.$id, .descending).first()
    }

    func scope(of filingID: UUID) async throws -> [FilingScopeRow] {
        try await FilingScopeRow.query(on: database).filter(\.$filingID == filingID)
            .sort(\.$occupationCode).sort(\.$levelRank).all()
    }

    func sites(of filingID: UUID) async throws -> [FilingSite] {
        try await FilingSite.query(on: database).filter(\.$filingID == filingID).sort(\.$name).all()
    }

    func examiners(of filingID: UUID) async throws -> [FilingExaminer] {
        try await FilingExaminer.query(on: database).filter(\.$filingID == filingID).sort(\.$name).all()
    }

    /// The public directory: every active filing (no scope: the directory is public), with its scope.
    static func directory(on database: any Database, text: String?, after cursor: Cursor?, limit: Int) async throws
        -> Page<EvaluationFiling>
    {
        let query = EvaluationFiling.query(on: database).filter(\.$stateCode == FilingState.active.rawValue)
        if let text = text?.halfWidthNormalized, !text.isEmpty {
            query.filter(\.$organizationName, .custom("LIKE"), RegistryQueries.likePrefix(text))
        }
        return try await query.keysetPage(sortedBy: \.$organizationName, after: cursor, limit: limit)
    }

    // MARK: Plans

    struct PlanFilter {
        var filingID: UUID?
        var state: PlanState?
        var occupationCode: String?
        var supervised: Bool?
    }

    func plans(_ filter: PlanFilter, after cursor: Cursor?, limit: Int) async throws -> Page<CertificationPlan> {
        let query = CertificationPlan.query(on: database)
        Self.limit(query, to: scope, district: \.$districtCode, organization: \.$organizationID)
        if let filing = filter.filingID { query.filter(\.$filingID == filing) }
        if let state = filter.state { query.filter(\.$stateCode == state.rawValue) }
        if let occupation = filter.occupationCode { query.filter(\.$occupationCode == occupation) }
        if let supervised = filter.supervised { query.filter(\.$supervised == supervised) }
        return try await query.keysetPage(sortedBy: \.$examFrom, after: cursor, limit: limit)
    }

    func plan(_ id: UUID) async throws -> CertificationPlan? {
        let query = CertificationPlan.query(on: database).filter(\.$id == id)
        Self.limit(query, to: scope, district: \.$districtCode, organization: \.$organizationID)
        return try await query.first()
    }

    func candidates(of planID: UUID) async throws -> [PlanCandidate] {
        guard try await plan(planID) != nil else { return [] }
        return try await PlanCandidate.query(on: database).filter(\.$planID == planID).sort(\.$id).all()
    }

    /// A candidate, when its plan is in scope.
    func candidate(_ id: UUID) async throws -> (PlanCandidate, CertificationPlan)? {
        guard let candidate = try await PlanCandidate.find(id, on: database),
              let plan = try await plan(candidate.planID) else { return nil }
        return (candidate, plan)
    }

    func amendments(of candidateID: UUID) async throws -> [ScoreAmendment] {
        try await ScoreAmendment.query(on: database).filter(\.$candidateID == candidateID).sort(\.$id).all()
    }

    func notice(of plan: CertificationPlan) async throws -> NoticeRecord? {
        guard let id = plan.noticeID else { return nil }
        return try await NoticeRecord.find(id, on: database)
    }

    func objections(of noticeID: UUID) async throws -> [ObjectionRecord] {
        try await ObjectionRecord.query(on: database).filter(\.$noticeID == noticeID).sort(\.$id).all()
    }

    // MARK: Policy

    /// The certification policy in force on `day`.
    static func policy(on database: any Database, day: CivilDate) async throws -> CertificationPolicy {
        let versions = try await CertificationPolicySetting.query(on: database).all().compactMap(\.policy)
        return CertificationPolicy.inForce(versions, on: day) ?? .nantongDefault
    }
}

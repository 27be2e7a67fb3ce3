import Foundation
import GongjiangCore
import SQLKit
import Vapor

/// 定点培训机构: the providers in the caller's scope with their scope and validity; for the city the approval form and
/// the suspend and reinstate steps.
enum ProvidersPage {
    struct Model {
        let page: Page<ProviderDTO>
        let isFirstPage: Bool
        let mayApprove: Bool
        /// Training organizations of the registry that are not providers yet, for the approval form.
        let candidates: [(id: UUID, name: String)]
        let names: ReferenceNames
        let request: Request
        let error: String?

        static func load(_ request: Request, error: String? = nil) async throws -> Model {
            let cursor = try request.pageCursor()
            let rows = try await TrainingQueries(database: request.db, scope: request.scope).providers(before: cursor?.id, limit: PageSize.default + 1)
            let mayApprove = request.principal?.may(.approveTraining) == true
            var candidates: [(UUID, String)] = []
            if mayApprove {
                candidates = try await request.db.sql.raw("""
                    SELECT o.id, o.name FROM organizations o WHERE o.kind = \(bind: OrganizationKind.trainingProvider.rawValue)
                      AND NOT EXISTS (SELECT 1 FROM training_providers p WHERE p.organization_id = o.id) ORDER BY o.name LIMIT 500
                    """).all().map { (try $0.decode(column: "id", as: UUID.self), try $0.decode(column: "name", as: String.self)) }
            }
            return Model(page: Page(rows: rows, id: \.id),
                         isFirstPage: cursor == nil, mayApprove: mayApprove, candidates: candidates,
                         names: try await ReferenceNames.load(on: request.db), request: request, error: error)
        }
    }

    /// The approval form's fields as typed: the scope is one line per occupation code with its levels ("6-18-02-04 5 4 3").
    struct Fields: Content {
        var organizationId: String?
        var validFrom: String?
        var validUntil: String?
        var scope: String?

        var input: ProviderInput {
            var entries: [ProviderInput.ScopeEntry] = []
            for line in (scope ?? "").split(whereSeparator: \.isNewline).prefix(200) {
                let parts = line.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "，" || $0 == "\t" }).map(String.init)
                guard let code = parts.first else { continue }
                let levels = parts.dropFirst()
                // A code alone is refused by the service as a missing level, not dropped.
                if levels.isEmpty { entries.append(.init(occupationCode: code, level: nil)) }
                for level in levels { entries.append(.init(occupationCode: code, level: level)) }
            }
            return ProviderInput(organizationId: organizationId.flatMap(UUID.init(uuidString:)), validFrom: validFrom, validUntil: validUntil,
                                 scope: entries)
        }
    }
}

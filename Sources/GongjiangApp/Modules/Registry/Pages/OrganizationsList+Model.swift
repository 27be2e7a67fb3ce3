import Fluent
import Foundation
import GongjiangCore
import Vapor

enum OrganizationsList {
    struct Model {
        let page: Page<Organization>
        let text: String
        let kind: String
        let districtCode: String
        let isFirstPage: Bool
        let names: ReferenceNames

        static func load(_ request: Request, scope: Scope) async throws -> Model {
            let text = request.query[String.self, at: "q"] ?? ""
            let kind = request.query[String.self, at: "kind"] ?? ""
            let district = request.query[String.self, at: "district"] ?? ""
            let cursor = try request.pageCursor()
            let page = try await RegistryQueries(database: request.db, scope: scope, vault: request.vault).organizations(
                .init(text: text, kind: OrganizationKind(rawValue: kind), districtCode: district.isEmpty ? nil : district),
                after: cursor, limit: PageSize.default)
            return Model(page: page, text: text, kind: kind, districtCode: district, isFirstPage: cursor == nil,
                         names: try await ReferenceNames.load(on: request.db))
        }
    }
}

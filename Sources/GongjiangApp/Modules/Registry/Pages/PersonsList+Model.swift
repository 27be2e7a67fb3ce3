import Fluent
import Foundation
import GongjiangCore
import Vapor

enum PersonsList {
    struct Model {
        let page: Page<Person>
        let text: String
        let districtCode: String
        let employerID: String
        let isFirstPage: Bool
        let names: ReferenceNames
        let vault: PersonalDataVault

        static func load(_ request: Request, scope: Scope) async throws -> Model {
            let text = request.query[String.self, at: "q"] ?? ""
            let district = request.query[String.self, at: "district"] ?? ""
            let employer = request.query[String.self, at: "employer"] ?? ""
            let cursor = try request.pageCursor()
            let queries = RegistryQueries(database: request.db, scope: scope, vault: request.vault)
            let page = try await queries.persons(
                .init(text: text, districtCode: district.isEmpty ? nil : district, employerID: UUID(uuidString: employer)),
                after: cursor, limit: PageSize.default)
            return Model(page: page, text: text, districtCode: district, employerID: employer, isFirstPage: cursor == nil,
                         names: try await ReferenceNames.load(on: request.db), vault: request.vault)
        }
    }
}

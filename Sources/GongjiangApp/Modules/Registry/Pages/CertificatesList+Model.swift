import Fluent
import Foundation
import GongjiangCore
import Vapor

enum CertificatesList {
    struct Model {
        let page: Page<Certificate>
        let number: String
        let occupationCode: String
        let level: String
        let isFirstPage: Bool
        let names: ReferenceNames

        /// Whether the caller may download the issued certificates with full ID numbers (the provincial upload).
        var mayExport = false

        static func load(_ request: Request, scope: Scope) async throws -> Model {
            let number = request.query[String.self, at: "number"] ?? ""
            let occupation = request.query[String.self, at: "occupation"] ?? ""
            let level = request.query[String.self, at: "level"] ?? ""
            let cursor = try request.pageCursor()
            let page = try await RegistryQueries(database: request.db, scope: scope, vault: request.vault).certificates(
                .init(number: number, occupationCode: occupation.isEmpty ? nil : occupation,
                      level: Int(level).flatMap(SkillLevel.init(nationalLevel:)), onlyHighSkilled: level == "high"),
                after: cursor, limit: PageSize.default)
            var model = Model(page: page, number: number, occupationCode: occupation, level: level,
                              isFirstPage: cursor == nil, names: try await ReferenceNames.load(on: request.db))
            model.mayExport = request.principal?.may(.viewUnmaskedPersonalData) == true
            return model
        }
    }
}

import Foundation
import Vapor

extension Section {
    static let reference = Section("reference", title: "reference.nav")
}

/// Reference data: districts, the skill ladder, occupations, policy standards and the working-day calendar.
struct ReferenceModule: GongjiangModule {
    var name: String { "reference" }

    var navigation: [NavigationEntry] {
        [NavigationEntry(section: .reference, path: PagePath.reference.url(), requirement: .permission(.readReference))]
    }

    func pageRoutes(_ routes: any RoutesBuilder) throws {
        try routes.register(collection: ReferencePageRoutes())
    }

    func apiRoutes(_ api: any RoutesBuilder) throws {
        let reference = ReferenceAPI()
        api.get("districts", use: reference.districts).requires(.permission(.readReference))
        api.get("occupations", use: reference.occupations).requires(.permission(.readReference))
    }

    var openAPI: OpenAPIFragment { OpenAPIDocument.reference }
}

extension PagePath {
    static let reference = PagePath("reference")
    static let calendar = PagePath("reference", "calendar")
}

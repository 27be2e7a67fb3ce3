import Foundation
import GongjiangCore
import Vapor

extension Section {
    static let persons = Section("persons", title: "registry.nav.persons")
    static let organizations = Section("organizations", title: "registry.nav.organizations")
    static let certificates = Section("certificates", title: "registry.nav.certificates")
    static let imports = Section("imports", title: "registry.nav.imports")
}

/// The registry: persons (workers), organizations, certificates held, and the persons-certificates import.
struct RegistryModule: GongjiangModule {
    var name: String { "registry" }

    var navigation: [NavigationEntry] {
        [
            NavigationEntry(section: .persons, path: PagePath.persons.url(), requirement: .permission(.readRegistry)),
            NavigationEntry(section: .organizations, path: PagePath.organizations.url(),
                            requirement: .permission(.readRegistry)),
            NavigationEntry(section: .certificates, path: PagePath.certificates.url(),
                            requirement: .permission(.readRegistry)),
            NavigationEntry(section: .imports, path: PagePath.imports.url(), requirement: .permission(.importRegistry)),
        ]
    }

    func pageRoutes(_ routes: any RoutesBuilder) throws {
        try routes.register(collection: RegistryPageRoutes())
        try routes.register(collection: ImportPageRoutes())
    }

    func apiRoutes(_ api: any RoutesBuilder) throws {
        let persons = PersonsAPI()
        api.get("persons", use: persons.list).requires(.permission(.readRegistry))
        api.post("persons", use: persons.create).requires(.permission(.writeRegistry))
        api.get("persons", ":id", use: persons.detail).requires(.permission(.readRegistry))
        api.patch("persons", ":id", use: persons.update).requires(.permission(.writeRegistry))
        api.post("persons", ":id", "departure", use: persons.recordDeparture).requires(.permission(.writeRegistry))
        let organizations = OrganizationsAPI()
        api.get("organizations", use: organizations.list).requires(.permission(.readRegistry))
        api.post("organizations", use: organizations.create).requires(.permission(.writeRegistry))
        api.get("organizations", ":id", use: organizations.detail).requires(.permission(.readRegistry))
        api.patch("organizations", ":id", use: organizations.update).requires(.permission(.writeRegistry))
        let certificates = CertificatesAPI()
        api.get("certificates", use: certificates.list).requires(.permission(.readRegistry))
        api.get("certificates", ":id", use: certificates.detail).requires(.permission(.readRegistry))
    }

    var openAPI: OpenAPIFragment { OpenAPIDocument.registry }

    func buildDemo(_ demo: DemoContext) async throws -> [String] {
        let started = Date()
        let outcome = try await DemoCity(scale: demo.scale, seed: demo.seed, fraction: demo.fraction, today: demo.today, progress: demo.progress,
                                     currentYear: demo.scale == .city ? demo.currentYear : nil)
            .build(on: demo.application.db, vault: demo.application.vault)
        let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
        let counts = "\(outcome.persons) 人 persons, \(outcome.certificates) 证书 certificates, \(outcome.organizations) 单位 organizations"
        return [outcome.reused ? "沿用已有的演示城市 / reusing the existing demo city: \(counts)"
                               : "演示城市已生成（\(seconds) 秒）/ demo city built in \(seconds) s: \(counts)"]
    }
}

extension PagePath {
    static let persons = PagePath("persons")
    static let person = PagePath("persons", ":id")
    static let personDeparture = PagePath("persons", ":id", "departure")
    static let organizations = PagePath("organizations")
    static let organization = PagePath("organizations", ":id")
    static let certificates = PagePath("certificates")
    static let certificate = PagePath("certificates", ":id")
    static let imports = PagePath("imports")
    static let importTemplate = PagePath("imports", "template.csv")
    static let importRun = PagePath("imports", ":id")
    static let importReport = PagePath("imports", ":id", "report.csv")
}

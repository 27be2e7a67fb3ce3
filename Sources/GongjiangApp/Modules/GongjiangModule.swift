import Foundation
import GongjiangCore
import Vapor

/// One part of the programme (the registry, certification, training, …), added to the application the same way as
/// every other: it registers its page and API routes (each stating `.requires`), its entries in the navigation bar,
/// its part of the OpenAPI document, and what it adds to the demo city. Its message-catalogue keys start with its
/// `name` (`registry.persons.title`). `Modules.all` lists the modules in navigation order; `routes.swift` keeps
/// only the static routes. Migrations stay one ordered list (`StorageMigrations`), since history and foreign keys
/// cross modules. "How to add a module" in docs/architecture.md has the folder template.
protocol GongjiangModule: Sendable {
    /// The module's name: the prefix of its message keys and of its folder's name.
    var name: String { get }
    /// Its entries in the navigation bar, in order. Each shows to the accounts its requirement admits.
    var navigation: [NavigationEntry] { get }
    /// Its pages. Every route states its requirement; `AccessMiddleware` closes one that does not.
    func pageRoutes(_ routes: any RoutesBuilder) throws
    /// Its JSON API under `/api/v1`, each route stating its requirement.
    func apiRoutes(_ api: any RoutesBuilder) throws
    /// The OpenAPI operations of its API routes, and the schemas they name.
    var openAPI: OpenAPIFragment { get }
    /// Adds its part to the demo city (after every module listed before it), and says what it added.
    func buildDemo(_ demo: DemoContext) async throws -> [String]
}

extension GongjiangModule {
    var navigation: [NavigationEntry] { [] }
    func apiRoutes(_ api: any RoutesBuilder) throws {}
    var openAPI: OpenAPIFragment { OpenAPIFragment() }
    func buildDemo(_ demo: DemoContext) async throws -> [String] { [] }
}

/// The part of the application a page belongs to, so the navigation bar can mark it, with the message key of its
/// name (the page title when a page has none of its own). Modules declare theirs as static members.
struct Section: Hashable, Sendable {
    let id: String
    let titleKey: String
    init(_ id: String, title titleKey: String) {
        self.id = id
        self.titleKey = titleKey
    }
}

/// One entry in the navigation bar.
struct NavigationEntry: Sendable {
    let section: Section
    let path: String
    /// Who sees the entry; the routes themselves enforce the same requirement.
    let requirement: Requirement

    var messageKey: String { section.titleKey }
}

/// A module's part of the OpenAPI document.
struct OpenAPIFragment: @unchecked Sendable {
    var operations: [OpenAPIDocument.Operation] = []
    var schemas: [String: Any] = [:]
}

/// What a module's demo part works with.
struct DemoContext: Sendable {
    let application: Application
    let scale: DemoCity.Scale
    let seed: UInt64
    let today: CivilDate
    /// The share of the scale built (`demo --fraction`, the statistics benchmark's 1% city).
    var fraction: Double = 1
    /// A progress bar on a terminal, for the long parts of a city-scale build.
    var progress: ProgressLine? = nil
    /// The city scale's current-year certificates, drawn with the registry and issued by the certification module.
    let currentYear = CurrentYearCertificates()
}

/// The modules of the application, in the order of the navigation bar.
enum Modules {
    static let all: [any GongjiangModule] = [HomeModule(), RegistryModule(), CertificationModule(), LedgerModule(), TrainingModule(), ApprenticeshipModule(), ProgrammesModule(), StatisticsModule(), ReferenceModule(), AccessModule(), AuditModule()]
}

extension Application {
    /// Every module's navigation entries, in order.
    var navigation: [NavigationEntry] { Modules.all.flatMap(\.navigation) }
}

/// Sections of pages that belong to no module's navigation entry.
extension Section {
    /// The sign-in pages: no entry is marked.
    static let login = Section("login", title: "access.nav.login")
    /// One's own account page.
    static let account = Section("account", title: "access.nav.account")
}

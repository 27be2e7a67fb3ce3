import Foundation
@testable import GongjiangApp
import GongjiangCore
import Testing
import VaporTesting

/// The module pattern holds: every module's navigation entries lead to its routes, and every message key belongs to
/// a module or to the shared frame.
@Suite("Modules")
struct ModuleTests {
    /// Keys of the frame every module shares: the application's name, common words, field labels, error pages.
    static let sharedPrefixes: Set<String> = ["app", "common", "field", "error"]

    static func catalogue(_ language: Language) -> Set<String> { Set(Catalogue.all[language]?.messages.keys ?? [:].keys) }

    @Test("Module names are unique, and every message key starts with a module's name or a shared prefix")
    func messageKeysArePrefixed() {
        let names = Modules.all.map(\.name)
        #expect(Set(names).count == names.count)
        let prefixes = Set(names).union(Self.sharedPrefixes)
        let chinese = Self.catalogue(.chinese)
        #expect(chinese.count > 200)
        for key in chinese {
            #expect(prefixes.contains(String(key.prefix { $0 != "." })), "\(key) belongs to no module")
        }
        #expect(chinese == Self.catalogue(.english), "both languages have the same keys")
    }

    @Test("Every navigation entry leads to a GET route of its module with the same requirement, and names a known message",
          arguments: TestDatabase.available.prefix(1))
    func navigationLeadsToRoutes(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let routes = app.routes.all
            for entry in app.navigation {
                let path = entry.path == "/" ? [] : entry.path.split(separator: "/").map { PathComponent.constant(String($0)) }
                let route = try #require(routes.first { $0.method == .GET && $0.path == path }, "no route for \(entry.path)")
                #expect(route.requirement == entry.requirement, "\(entry.path)")
                #expect(Catalogue.all[.chinese]?.messages[entry.messageKey] != nil, "\(entry.messageKey)")
            }
            #expect(Set(app.navigation.map(\.section)).count == app.navigation.count)
        }
    }
}

import Foundation
@testable import GongjiangApp
import Testing
import VaporTesting

@Suite("Page addresses")
struct PagePathTests {
    @Test("An address fills its parameters in order and encodes its query whole")
    func urls() {
        let id = UUID()
        #expect(PagePath.home.url() == "/")
        #expect(PagePath.person.url(id.uuidString) == "/persons/\(id.uuidString)")
        #expect(PagePath.importReport.url("a/b") == "/imports/a%2Fb/report.csv")
        #expect(PagePath.persons.url(query: ["q": "张 伟", "district": "", "employer": "x"]) == "/persons?employer=x&q=%E5%BC%A0%20%E4%BC%9F")
        #expect(PagePath.login.url(query: ["next": "/persons?q=a&lang=en"]) == "/login?next=/persons%3Fq%3Da%26lang%3Den")
    }

    @Test("Sent to sign in, a page keeps its whole address, query included, and comes back to it", arguments: TestDatabase.available.prefix(1))
    func signInComesBackWithTheWholeQuery(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let away = try await app.testing().sendRequest(.GET, "/persons?q=%E5%BC%A0&lang=en")
            let location = try #require(away.headers.first(name: .location))
            let next = try #require(URLComponents(string: location)?.queryItems?.first { $0.name == "next" }?.value)
            #expect(next == "/persons?q=%E5%BC%A0&lang=en")
        }
    }
}

@Suite("Language switch")
struct LanguageSwitchTests {
    @Test("The language links keep the page's query whole, an & inside a value included")
    func switchKeepsTheQuery() async throws {
        try await withGongjiang(.sqlite) { app in
            let admin = try await app.cityAdmin()
            let page = try await app.testing().sendRequest(.GET, "/persons?q=a%26b", headers: admin.headers)
            #expect(page.text.contains("href=\"/persons?q=a%26b&amp;lang=en\""))
        }
    }
}

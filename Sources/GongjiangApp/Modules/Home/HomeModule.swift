import Foundation
import Vapor

extension Section {
    static let home = Section("home", title: "home.nav")
}

/// The home page: the registry's headline figures, or for the administrative roles the way to their pages.
struct HomeModule: GongjiangModule {
    var name: String { "home" }

    var navigation: [NavigationEntry] {
        [NavigationEntry(section: .home, path: PagePath.home.url(), requirement: .signedIn)]
    }

    func pageRoutes(_ routes: any RoutesBuilder) throws {
        routes.get { request in
            let t = request.localizer
            return page(request, .home, try await HomePage.Model.load(request, scope: request.scope)
                .view(t, principal: request.principal, navigation: request.application.navigation), title: t("home.title"))
        }.requires(.signedIn)
    }
}

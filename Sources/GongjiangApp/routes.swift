import Fluent
import Foundation
import Vapor

/// Every route of the application. Pages first, then the JSON API under `/api/v1`.
func routes(_ app: Application) throws {
    // Until accounts exist (access issue), every caller acts with the city's whole scope.
    // All registry reads already take the scope from here, so access control plugs in at this one point.
    let scope: @Sendable (Request) -> RegistryScope = { _ in .city }

    app.get("static", "app.css") { _ -> Response in
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "css", parameters: ["charset": "utf-8"])
        headers.cacheControl = .init(maxAge: 3600)
        return Response(status: .ok, headers: headers, body: .init(string: Stylesheet.css))
    }
    app.get("healthz") { _ in "ok" }

    try app.register(collection: RegistryPageRoutes(scope: scope))
    try app.register(collection: ReferencePageRoutes())
    try app.register(collection: ImportPageRoutes())

    let api = app.grouped("api", "v1")
    api.get("openapi.json") { _ -> Response in
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: .ok, headers: headers, body: .init(data: OpenAPIDocument.json))
    }
    let persons = PersonsAPI(scope: scope)
    api.get("persons", use: persons.list)
    api.post("persons", use: persons.create)
    api.get("persons", ":id", use: persons.detail)
    api.patch("persons", ":id", use: persons.update)
    let organizations = OrganizationsAPI(scope: scope)
    api.get("organizations", use: organizations.list)
    api.post("organizations", use: organizations.create)
    api.get("organizations", ":id", use: organizations.detail)
    api.patch("organizations", ":id", use: organizations.update)
    let certificates = CertificatesAPI(scope: scope)
    api.get("certificates", use: certificates.list)
    api.get("certificates", ":id", use: certificates.detail)
    let reference = ReferenceAPI()
    api.get("districts", use: reference.districts)
    api.get("occupations", use: reference.occupations)
    // Anything else under the API is a problem+json 404, not the HTML error page.
    api.get("**") { _ -> Response in throw RequestProblem.notFound }
}

/// Pages of the registry.
struct RegistryPageRoutes: RouteCollection {
    let scope: @Sendable (Request) -> RegistryScope

    func boot(routes: any RoutesBuilder) throws {
        routes.get { request in
            let t = request.localizer
            return Layout(request: request, title: t("home.title"), section: .home)
                .render(try await HomePage.Model.load(request, scope: scope(request)).view(t))
        }
        routes.get("persons") { request in
            let t = request.localizer
            return Layout(request: request, title: t("persons.title"), section: .persons)
                .render(try await PersonsList.Model.load(request, scope: scope(request)).view(t))
        }
        routes.get("persons", ":id") { request in
            let model = try await PersonDetail.Model.load(request, scope: scope(request))
            return Layout(request: request, title: model.person.name, section: .persons).render(model.view(request.localizer))
        }
        routes.get("organizations") { request in
            let t = request.localizer
            return Layout(request: request, title: t("organizations.title"), section: .organizations)
                .render(try await OrganizationsList.Model.load(request, scope: scope(request)).view(t))
        }
        routes.get("organizations", ":id") { request in
            let model = try await OrganizationDetail.Model.load(request, scope: scope(request))
            return Layout(request: request, title: model.organization.name, section: .organizations)
                .render(model.view(request.localizer))
        }
        routes.get("certificates") { request in
            let t = request.localizer
            return Layout(request: request, title: t("certificates.title"), section: .certificates)
                .render(try await CertificatesList.Model.load(request, scope: scope(request)).view(t))
        }
        routes.get("certificates", ":id") { request in
            let model = try await CertificateDetail.Model.load(request, scope: scope(request))
            return Layout(request: request, title: model.certificate.number, section: .certificates)
                .render(model.view(request.localizer))
        }
    }
}

struct ReferencePageRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("reference") { request in
            let t = request.localizer
            return Layout(request: request, title: t("reference.title"), section: .reference)
                .render(try await ReferenceTablesPage.Model.load(request).view(t))
        }
    }
}

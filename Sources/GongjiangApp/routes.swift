import Fluent
import Foundation
import Vapor

/// Every route of the application. Pages first, then the JSON API under `/api/v1`.
func routes(_ app: Application) throws {
    // Every route goes through AccessMiddleware and states its requirement; registry reads take the caller's scope.
    let scope: @Sendable (Request) -> RegistryScope = { $0.registryScope }
    let app = app.grouped(AccessMiddleware())

    app.get("static", "app.css") { _ -> Response in
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "css", parameters: ["charset": "utf-8"])
        headers.cacheControl = .init(maxAge: 3600)
        return Response(status: .ok, headers: headers, body: .init(string: Stylesheet.css))
    }.requires(.everyone)
    app.get("healthz") { _ in "ok" }.requires(.everyone)

    try app.register(collection: AccessRoutes())
    try app.register(collection: AdminRoutes())
    try app.register(collection: AuditRoutes())
    try app.register(collection: RegistryPageRoutes(scope: scope))
    try app.register(collection: ReferencePageRoutes())
    try app.register(collection: ImportPageRoutes())

    let api = app.grouped("api", "v1")
    api.get("openapi.json") { _ -> Response in
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: .ok, headers: headers, body: .init(data: OpenAPIDocument.json))
    }.requires(.everyone)
    let persons = PersonsAPI(scope: scope)
    api.get("persons", use: persons.list).requires(.permission(.readRegistry))
    api.post("persons", use: persons.create).requires(.permission(.writeRegistry))
    api.get("persons", ":id", use: persons.detail).requires(.permission(.readRegistry))
    api.patch("persons", ":id", use: persons.update).requires(.permission(.writeRegistry))
    let organizations = OrganizationsAPI(scope: scope)
    api.get("organizations", use: organizations.list).requires(.permission(.readRegistry))
    api.post("organizations", use: organizations.create).requires(.permission(.writeRegistry))
    api.get("organizations", ":id", use: organizations.detail).requires(.permission(.readRegistry))
    api.patch("organizations", ":id", use: organizations.update).requires(.permission(.writeRegistry))
    let certificates = CertificatesAPI(scope: scope)
    api.get("certificates", use: certificates.list).requires(.permission(.readRegistry))
    api.get("certificates", ":id", use: certificates.detail).requires(.permission(.readRegistry))
    let reference = ReferenceAPI()
    api.get("districts", use: reference.districts).requires(.permission(.readReference))
    api.get("occupations", use: reference.occupations).requires(.permission(.readReference))
    // Anything else under the API is a problem+json 404, not the HTML error page.
    api.get("**") { _ -> Response in throw RequestProblem.notFound }.requires(.everyone)
}

/// Pages of the registry.
struct RegistryPageRoutes: RouteCollection {
    let scope: @Sendable (Request) -> RegistryScope

    func boot(routes: any RoutesBuilder) throws {
        routes.get { request in
            let t = request.localizer
            return Layout(request: request, title: t("home.title"), section: .home)
                .render(try await HomePage.Model.load(request, scope: scope(request)).view(t, principal: request.principal))
        }.requires(.signedIn)
        routes.get("persons") { request in
            let t = request.localizer
            return Layout(request: request, title: t("persons.title"), section: .persons)
                .render(try await PersonsList.Model.load(request, scope: scope(request)).view(t))
        }.requires(.permission(.readRegistry))
        routes.get("persons", ":id") { request in
            let model = try await PersonDetail.Model.load(request, scope: scope(request))
            return Layout(request: request, title: model.person.name, section: .persons).render(model.view(request.localizer))
        }.requires(.permission(.readRegistry))
        routes.get("organizations") { request in
            let t = request.localizer
            return Layout(request: request, title: t("organizations.title"), section: .organizations)
                .render(try await OrganizationsList.Model.load(request, scope: scope(request)).view(t))
        }.requires(.permission(.readRegistry))
        routes.get("organizations", ":id") { request in
            let model = try await OrganizationDetail.Model.load(request, scope: scope(request))
            return Layout(request: request, title: model.organization.name, section: .organizations)
                .render(model.view(request.localizer))
        }.requires(.permission(.readRegistry))
        routes.get("certificates") { request in
            let t = request.localizer
            return Layout(request: request, title: t("certificates.title"), section: .certificates)
                .render(try await CertificatesList.Model.load(request, scope: scope(request)).view(t))
        }.requires(.permission(.readRegistry))
        routes.get("certificates", ":id") { request in
            let model = try await CertificateDetail.Model.load(request, scope: scope(request))
            return Layout(request: request, title: model.certificate.number, section: .certificates)
                .render(model.view(request.localizer))
        }.requires(.permission(.readRegistry))
    }
}

struct ReferencePageRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("reference") { request in
            let t = request.localizer
            return Layout(request: request, title: t("reference.title"), section: .reference)
                .render(try await ReferenceTablesPage.Model.load(request).view(t))
        }.requires(.permission(.readReference))
    }
}

import Fluent
import Foundation
import GongjiangCore
import Vapor

/// Every route of the application. Pages first, then the JSON API under `/api/v1`.
func routes(_ app: Application) throws {
    // Every route goes through AccessMiddleware and states its requirement; registry reads take the caller's scope.
    let scope: @Sendable (Request) -> Scope = { $0.scope }
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
    let scope: @Sendable (Request) -> Scope

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

        routes.get("reference", "calendar") { request in
            let t = request.localizer
            return Layout(request: request, title: t("calendar.title"), section: .reference)
                .render(try await CalendarPage.Model.load(request).view(t))
        }.requires(.permission(.readReference))

        // A year is about 40 lines; the limit keeps an upload far from memory trouble.
        routes.on(.POST, "reference", "calendar", body: .collect(maxSize: ByteCount(value: WorkingDays.maximumUploadBytes))) { request in
            struct Upload: Content { var file: File? }
            let t = request.localizer
            let upload = try? request.content.decode(Upload.self)
            var buffer = upload?.file?.data ?? ByteBuffer()
            let text = buffer.readString(length: buffer.readableBytes).flatMap { String(validating: Array($0.utf8), as: UTF8.self) }
            do {
                guard let text, !text.isEmpty else { throw WorkingDays.Refusal(problems: [.init(line: 1, error: .badHeader)]) }
                let days = try WorkingDays.parse(text)
                try await WorkingDays.importYears(days, by: AuditEvent(request, entity: "calendar", action: "import"), on: request.db)
                let years = Set(days.map(\.date.year)).sorted()
                var model = try await CalendarPage.Model.load(request, year: years.last!)
                model.notice = Notice(kind: .success, text: t("calendar.imported", years.map(String.init).joined(separator: "、"), days.count))
                return Layout(request: request, title: t("calendar.title"), section: .reference).render(model.view(t))
            } catch let refusal as WorkingDays.Refusal {
                var model = try await CalendarPage.Model.load(request)
                model.notice = Notice(kind: .error, text: t("calendar.refused"))
                model.problems = refusal.problems
                let response = Layout(request: request, title: t("calendar.title"), section: .reference).render(model.view(t))
                response.status = .unprocessableEntity
                return response
            }
        }.requires(.permission(.manageReference))
    }
}

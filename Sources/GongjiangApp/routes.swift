import Fluent
import Foundation
import Vapor

/// The application's routes: the few that belong to no module, then each module's pages and API (`Modules.all`).
/// Every route goes through `AccessMiddleware` and states its requirement.
func routes(_ app: Application) throws {
    let app = app.grouped(AccessMiddleware())

    app.get("static", "app.css") { _ -> Response in
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "css", parameters: ["charset": "utf-8"])
        headers.cacheControl = .init(maxAge: 3600)
        return Response(status: .ok, headers: headers, body: .init(string: Stylesheet.css))
    }.requires(.everyone)
    app.get("healthz") { _ in "ok" }.requires(.everyone)

    let api = app.grouped("api", "v1")
    api.get("openapi.json") { _ -> Response in
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: .ok, headers: headers, body: .init(data: OpenAPIDocument.json))
    }.requires(.everyone)

    for module in Modules.all {
        try module.pageRoutes(app)
        try module.apiRoutes(api)
    }

    // Anything else under the API is a problem+json 404, not the HTML error page.
    api.get("**") { _ -> Response in throw RequestProblem.notFound }.requires(.everyone)
}

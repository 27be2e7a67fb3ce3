import Fluent
import Foundation
import GongjiangCore
import Vapor

/// Pages of the registry: persons, organizations and certificates held, each read within the caller's scope.
struct RegistryPageRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(PagePath.persons.components) { request in
            page(request, .persons, try await PersonsList.Model.load(request, scope: request.scope).view(request.localizer))
        }.requires(.permission(.readRegistry))
        routes.get(PagePath.person.components) { request in
            let model = try await PersonDetail.Model.load(request, scope: request.scope)
            return page(request, .persons, model.view(request.localizer), title: model.person.name)
        }.requires(.permission(.readRegistry))
        routes.get(PagePath.organizations.components) { request in
            page(request, .organizations, try await OrganizationsList.Model.load(request, scope: request.scope).view(request.localizer))
        }.requires(.permission(.readRegistry))
        routes.get(PagePath.organization.components) { request in
            let model = try await OrganizationDetail.Model.load(request, scope: request.scope)
            return page(request, .organizations, model.view(request.localizer), title: model.organization.name)
        }.requires(.permission(.readRegistry))
        routes.get(PagePath.certificates.components) { request in
            page(request, .certificates, try await CertificatesList.Model.load(request, scope: request.scope).view(request.localizer))
        }.requires(.permission(.readRegistry))
        routes.get(PagePath.certificate.components) { request in
            let model = try await CertificateDetail.Model.load(request)
            return page(request, .certificates, model.view(request.localizer), title: model.certificate.number)
        }.requires(.permission(.readRegistry))
    }
}

import Fluent
import Foundation
import GongjiangCore
import Vapor

/// Pages of the registry: persons, organizations and certificates held, each read within the caller's scope.
struct RegistryPageRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(PagePath.persons.components) { request in
            let t = request.localizer
            return Layout(request: request, title: t("registry.persons.title"), section: .persons)
                .render(try await PersonsList.Model.load(request, scope: request.scope).view(t))
        }.requires(.permission(.readRegistry))
        routes.get(PagePath.person.components) { request in
            let model = try await PersonDetail.Model.load(request, scope: request.scope)
            return Layout(request: request, title: model.person.name, section: .persons).render(model.view(request.localizer))
        }.requires(.permission(.readRegistry))
        routes.get(PagePath.organizations.components) { request in
            let t = request.localizer
            return Layout(request: request, title: t("registry.organizations.title"), section: .organizations)
                .render(try await OrganizationsList.Model.load(request, scope: request.scope).view(t))
        }.requires(.permission(.readRegistry))
        routes.get(PagePath.organization.components) { request in
            let model = try await OrganizationDetail.Model.load(request, scope: request.scope)
            return Layout(request: request, title: model.organization.name, section: .organizations)
                .render(model.view(request.localizer))
        }.requires(.permission(.readRegistry))
        routes.get(PagePath.certificates.components) { request in
            let t = request.localizer
            return Layout(request: request, title: t("registry.certificates.title"), section: .certificates)
                .render(try await CertificatesList.Model.load(request, scope: request.scope).view(t))
        }.requires(.permission(.readRegistry))
        routes.get(PagePath.certificate.components) { request in
            let model = try await CertificateDetail.Model.load(request, scope: request.scope)
            return Layout(request: request, title: model.certificate.number, section: .certificates)
                .render(model.view(request.localizer))
        }.requires(.permission(.readRegistry))
    }
}

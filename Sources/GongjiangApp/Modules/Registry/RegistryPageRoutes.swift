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
            return page(request, .persons, model.view(request.localizer, request: request), title: model.person.name)
        }.requires(.permission(.readRegistry))
        routes.post(PagePath.personDeparture.components) { request -> Response in
            let input = try request.content.decode(DepartureInput.self)
            let id = try request.uuidParameter()
            guard let person = try await RegistryQueries(database: request.db, scope: request.scope, vault: request.vault).person(id) else {
                throw try await request.notInScope(Person.self, id, entity: .person)
            }
            return try await PageActions.act(request, to: PagePath.person.url(id.uuidString),
                                             reload: { try await PersonDetail.Model.load(request, scope: request.scope, error: $0) },
                                             render: { (model: PersonDetail.Model) in
                                                 page(request, .persons, model.view(request.localizer, request: request), title: model.person.name) }) {
                try await PersonDeparture.record(person, input, request)
            }
        }.requires(.permission(.writeRegistry))
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

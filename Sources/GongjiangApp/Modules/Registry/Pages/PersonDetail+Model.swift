import Fluent
import Foundation
import GongjiangCore
import Vapor

enum PersonDetail {
    struct Model {
        let person: Person
        let employer: Organization?
        let certificates: [Certificate]
        let names: ReferenceNames
        let vault: PersonalDataVault
        /// Whether the viewer may ask for the full numbers, and whether they did (the viewing is then audited).
        let mayReveal: Bool
        let revealed: Bool
        /// Titles and honours on the person's record (programmes).
        let titles: [ProgrammeRecord.Entry]
        /// Whether the viewer may record that the person left the city; a refusal of that form, shown again.
        let mayRecordDeparture: Bool
        var error: String? = nil

        static func load(_ request: Request, scope: Scope, error: String? = nil) async throws -> Model {
            let queries = RegistryQueries(database: request.db, scope: scope, vault: request.vault)
            let id = try request.uuidParameter()
            guard let person = try await queries.person(id) else { throw try await request.notInScope(Person.self, id, entity: .person) }
            let employer: Organization? = if let id = person.employerID {
                try await Organization.find(id, on: request.db)
            } else { nil }
            let mayReveal = request.principal?.may(.viewUnmaskedPersonalData) ?? false
            let revealed = mayReveal && request.query[String.self, at: "reveal"] == "1"
            if revealed {
                try await AuditTrail.record(AuditEvent(request, entity: .person, entityID: person.id?.uuidString,
                                                       action: .viewUnmasked), on: request.db)
            }
            return Model(person: person, employer: employer,
                         certificates: try await queries.certificates(of: person.id!),
                         names: try await ReferenceNames.load(on: request.db), vault: request.vault,
                         mayReveal: mayReveal, revealed: revealed,
                         titles: try await ProgrammeRecord.entries(of: .person(person.id!), today: CivilDate.today(now: request.now), on: request.db),
                         mayRecordDeparture: person.leftCityOn == nil && request.principal?.may(.writeRegistry) == true, error: error)
        }
    }
}

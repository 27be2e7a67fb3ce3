import Fluent
import Foundation
import GongjiangCore

/// Every read of the registry, each within a scope. A record outside the scope reads as absent.
struct RegistryQueries {
    let database: any Database
    let scope: Scope
    let vault: PersonalDataVault

    // MARK: Persons

    struct PersonFilter {
        /// A name prefix, the last four digits of an ID number, a whole ID number or a certificate number.
        var text: String?
        var districtCode: String?
        var employerID: UUID?
    }

    func persons(_ filter: PersonFilter, after cursor: Cursor?, limit: Int) async throws -> Page<Person> {
        let query = Person.query(on: database)
        applyScope(to: query)
        if let district = filter.districtCode { query.filter(\.$districtCode == district) }
        if let employer = filter.employerID { query.filter(\.$employerID == employer) }
        if let text = filter.text?.halfWidthNormalized, !text.isEmpty {
            switch SearchText(text) {
            case .lastFour(let digits): query.filter(\.$idLast4Index == vault.lastFourIndex(digits))
            case .idNumber(let number):
                query.filter(\.$idNumberIndex == vault.idNumberIndex(type: IDType.residentID.rawValue, number: number))
            case .certificateNumber(let number):
                let holders = try await Certificate.query(on: database).filter(\.$number == number).all(\.$personID)
                query.filter(\.$id ~~ holders)
            case .name(let prefix): query.filter(\.$name, .custom("LIKE"), Self.likePrefix(prefix))
            }
        }
        return try await query.keysetPage(sortedBy: \.$name, after: cursor, limit: limit)
    }

    func person(_ id: UUID) async throws -> Person? {
        let query = Person.query(on: database).filter(\.$id == id)
        applyScope(to: query)
        return try await query.first()
    }

    func person(idType: String, idNumber: String) async throws -> Person? {
        let query = Person.query(on: database).filter(\.$idNumberIndex == vault.idNumberIndex(type: idType, number: idNumber))
        applyScope(to: query)
        return try await query.first()
    }

    /// Whether anyone holds this ID number, in or out of scope: a natural key is unique city-wide,
    /// so creating a duplicate must be refused even when the other record is not the caller's to see.
    func isRegistered(idType: String, idNumber: String) async throws -> Bool {
        try await Person.query(on: database).filter(\.$idNumberIndex == vault.idNumberIndex(type: idType, number: idNumber)).count() > 0
    }

    /// Whether any organization holds this credit code, in or out of scope (see `isRegistered`).
    func isRegistered(uscc: String) async throws -> Bool {
        try await Organization.query(on: database).filter(\.$uscc == uscc).count() > 0
    }

    private func applyScope(to query: QueryBuilder<Person>) {
        if let districts = scope.districtCodes { query.filter(\.$districtCode ~~ Self.matchable(districts)) }
        if let organization = scope.organizationID { query.filter(\.$employerID == organization) }
    }

    /// `IN ()` is not valid SQL everywhere; an empty scope becomes a code no row has.
    static func matchable(_ codes: Set<String>) -> [String] { codes.isEmpty ? ["-"] : Array(codes) }

    // MARK: Organizations

    struct OrganizationFilter {
        /// A name prefix or a whole credit code.
        var text: String?
        var kind: OrganizationKind?
        var districtCode: String?
    }

    func organizations(_ filter: OrganizationFilter, after cursor: Cursor?, limit: Int) async throws -> Page<Organization> {
        let query = Organization.query(on: database)
        applyScope(to: query)
        if let kind = filter.kind { query.filter(\.$kindCode == kind.rawValue) }
        if let district = filter.districtCode { query.filter(\.$districtCode == district) }
        if let text = filter.text?.halfWidthNormalized, !text.isEmpty {
            if let code = try? CreditCode(text) {
                query.filter(\.$uscc == code.value)
            } else {
                query.filter(\.$name, .custom("LIKE"), Self.likePrefix(text))
            }
        }
        return try await query.keysetPage(sortedBy: \.$name, after: cursor, limit: limit)
    }

    func organization(_ id: UUID) async throws -> Organization? {
        let query = Organization.query(on: database).filter(\.$id == id)
        applyScope(to: query)
        return try await query.first()
    }

    func organization(uscc: String) async throws -> Organization? {
        let query = Organization.query(on: database).filter(\.$uscc == uscc)
        applyScope(to: query)
        return try await query.first()
    }

    private func applyScope(to query: QueryBuilder<Organization>) {
        if let districts = scope.districtCodes { query.filter(\.$districtCode ~~ Self.matchable(districts)) }
        if let organization = scope.organizationID { query.filter(\.$id == organization) }
    }

    func employeeCount(of organizationID: UUID) async throws -> Int {
        let query = Person.query(on: database).filter(\.$employerID == organizationID)
        applyScope(to: query)
        return try await query.count()
    }

    // MARK: Certificates

    struct CertificateFilter {
        var number: String?
        var personID: UUID?
        var occupationCode: String?
        var level: SkillLevel?
        /// Only high-skilled certificates (三级/高级工 and above).
        var onlyHighSkilled = false
        var status: CertificateStatus?
        /// Imported, or issued here through certification.
        var source: CertificateSource?
    }

    func certificates(_ filter: CertificateFilter, after cursor: Cursor?, limit: Int) async throws -> Page<Certificate> {
        let query = Certificate.query(on: database)
        try await applyScope(to: query)
        if let number = filter.number?.halfWidthNormalized.uppercased(), !number.isEmpty { query.filter(\.$number == number) }
        if let person = filter.personID { query.filter(\.$personID == person) }
        if let occupation = filter.occupationCode { query.filter(\.$occupationCode == occupation) }
        if let level = filter.level { query.filter(\.$levelRank == level.rawValue) }
        if filter.onlyHighSkilled { query.filter(\.$levelRank >= SkillLevel.level3.rawValue) }
        if let status = filter.status { query.filter(\.$status == status.rawValue) }
        if let source = filter.source { query.filter(\.$source == source.rawValue) }
        return try await query.keysetPage(sortedBy: \.$number, after: cursor, limit: limit)
    }

    func certificate(_ id: UUID) async throws -> Certificate? {
        let query = Certificate.query(on: database).filter(\.$id == id)
        try await applyScope(to: query)
        return try await query.first()
    }

    func certificates(of personID: UUID) async throws -> [Certificate] {
        guard try await person(personID) != nil else { return [] }
        return try await Certificate.query(on: database).filter(\.$personID == personID)
            .sort(\.$issueDate, .descending).all()
    }

    /// A certificate is visible when its holder is.
    private func applyScope(to query: QueryBuilder<Certificate>) async throws {
        guard scope != .city else { return }
        query.join(Person.self, on: \Certificate.$personID == \Person.$id)
        if let districts = scope.districtCodes { query.filter(Person.self, \.$districtCode ~~ Self.matchable(districts)) }
        if let organization = scope.organizationID { query.filter(Person.self, \.$employerID == organization) }
    }

    // MARK: Figures

    struct Totals: Sendable {
        var persons: Int
        var organizations: Int
        var certificates: Int
        var highSkilledCertificates: Int
    }

    func totals() async throws -> Totals {
        let persons = Person.query(on: database); applyScope(to: persons)
        let organizations = Organization.query(on: database); applyScope(to: organizations)
        let certificates = Certificate.query(on: database); try await applyScope(to: certificates)
        let highSkilled = Certificate.query(on: database); try await applyScope(to: highSkilled)
        highSkilled.filter(\.$levelRank >= SkillLevel.level3.rawValue)
        return Totals(persons: try await persons.count(), organizations: try await organizations.count(),
                      certificates: try await certificates.count(), highSkilledCertificates: try await highSkilled.count())
    }

    /// `LIKE` pattern for a prefix, with the pattern characters of the input escaped away.
    static func likePrefix(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "") + "%"
    }
}

/// What a search box's text most likely means.
enum SearchText: Equatable {
    case lastFour(String)
    case idNumber(String)
    case certificateNumber(String)
    case name(String)

    init(_ text: String) {
        let upper = text.uppercased()
        if upper.count == 4, upper.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "X") }) {
            self = .lastFour(upper)
        } else if let id = try? ResidentID(upper) {
            self = .idNumber(id.value)
        } else if let number = try? CertificateNumber(upper) {
            self = .certificateNumber(number.value)
        } else {
            self = .name(text)
        }
    }
}

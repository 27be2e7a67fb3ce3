import Fluent
import Foundation
import GongjiangCore

/// Names of districts and occupations for display, read once per page.
struct ReferenceNames: Sendable {
    let districts: [String: (zh: String, en: String)]
    let occupations: [String: (zh: String, en: String)]
    let districtOrder: [String]

    static func load(on database: any Database) async throws -> ReferenceNames {
        let districts = try await District.query(on: database).sort(\.$id).all()
        let occupations = try await Occupation.query(on: database).all()
        return ReferenceNames(
            districts: Dictionary(uniqueKeysWithValues: districts.map { ($0.id ?? "", ($0.nameZH, $0.nameEN)) }),
            occupations: Dictionary(uniqueKeysWithValues: occupations.map { ($0.id ?? "", ($0.nameZH, $0.nameEN)) }),
            districtOrder: districts.compactMap(\.id))
    }

    func district(_ code: String?, _ t: Localizer) -> String {
        guard let code else { return "" }
        guard let names = districts[code] else { return code }
        return t.pick(names.zh, names.en)
    }

    func occupation(_ code: String, _ t: Localizer) -> String {
        guard let names = occupations[code] else { return code }
        return "\(t.pick(names.zh, names.en)) (\(code))"
    }

    func districtOptions(_ t: Localizer) -> [(value: String, label: String)] {
        districtOrder.map { ($0, district($0, t)) }
    }
}

extension Localizer {
    func level(_ level: SkillLevel) -> String { pick(level.chineseName, level.englishName) }
    func sex(_ code: String?) -> String { code.map { self("registry.sex.\($0)") } ?? "" }
    func organizationKind(_ kind: OrganizationKind) -> String { self("registry.organization.kind.\(kind.rawValue)") }
    func certificateStatus(_ code: String) -> String { self("registry.certificate.status.\(code)") }
}

import Foundation

/// What part of the registry the acting user may see. Every registry query takes one, so that
/// access control (districts, organizations) is applied in this one place and nowhere else.
struct RegistryScope: Sendable, Equatable {
    /// Nil: every district.
    var districtCodes: Set<String>?
    /// Nil: every organization; otherwise only persons employed there and the organization itself.
    var organizationID: UUID?

    /// The whole city, as the bureau sees it.
    static let city = RegistryScope(districtCodes: nil, organizationID: nil)
}

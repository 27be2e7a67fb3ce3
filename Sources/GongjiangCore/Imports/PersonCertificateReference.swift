/// What the row validator needs to know about reference data; the app fills it from the database.
///
/// Kept as plain dictionaries so the rules stay pure and testable, and because districts and the
/// occupation catalogue are policy data that a city administrator edits (domain/README.md).
public struct PersonCertificateReference: Sendable {
    /// GB/T 2260 code → Chinese name of the city's divisions.
    public let districts: [String: String]
    /// Occupation code → Chinese name in the catalogue.
    public let occupations: [String: String]
    /// The day against which "not in the future" is judged.
    public let today: CivilDate

    private let districtCodesByName: [String: String]

    public init(districts: [String: String], occupations: [String: String], today: CivilDate) {
        self.districts = districts
        self.occupations = occupations
        self.today = today
        // When two codes share a name (a renamed division kept for old records), the smallest code
        // wins, so the result does not depend on dictionary order.
        var byName: [String: String] = [:]
        for (code, name) in districts.sorted(by: { $0.key < $1.key }) {
            let key = name.halfWidthNormalized
            if byName[key] == nil { byName[key] = code }
        }
        self.districtCodesByName = byName
    }

    /// The district column accepts the code or the Chinese name (interchange.md).
    public func districtCode(for text: String) -> String? {
        if districts[text] != nil { return text }
        return districtCodesByName[text]
    }
}

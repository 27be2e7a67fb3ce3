/// What the row validator needs to know about reference data; the app fills it from the database.
///
/// Kept as plain dictionaries so the rules stay pure and testable, and because districts and the
/// occupation catalogue are policy data that a city administrator edits (domain/README.md).
public struct PersonCertificateReference: Sendable {
    /// GB/T 2260 code → Chinese name of the city's divisions.
    public var districts: [String: String] { directory.names }
    public let directory: DistrictDirectory
    /// Occupation code → Chinese name in the catalogue.
    public let occupations: [String: String]
    /// The day against which "not in the future" is judged.
    public let today: CivilDate

    public init(districts: [String: String], occupations: [String: String], today: CivilDate) {
        self.directory = DistrictDirectory(districts)
        self.occupations = occupations
        self.today = today
    }

    /// The district column accepts the code or the Chinese name (interchange.md).
    public func districtCode(for text: String) -> String? { directory.code(for: text) }
}

/// The kind of identity document in the `id_type` column (interchange.md). Only the resident ID
/// number has a check (GB 11643-1999); the others are taken as written.
public enum IDType: String, Sendable, CaseIterable {
    case residentID = "居民身份证"
    case residencePermit = "港澳台居民居住证"
    case passport = "护照"

    /// The English form accepted in imports and used in the API.
    public var englishCode: String {
        switch self {
        case .residentID: "resident-id"
        case .residencePermit: "residence-permit"
        case .passport: "passport"
        }
    }

    /// The Chinese name, the English code (any case, "_" for "-"), or the everyday "身份证".
    public init?(parsing text: String) {
        let normalized = text.halfWidthNormalized
        if let type = IDType(rawValue: normalized) {
            self = type
            return
        }
        if normalized == "身份证" {
            self = .residentID
            return
        }
        let english = String(normalized.lowercased().map { $0 == "_" || $0 == " " ? "-" : $0 })
        guard let type = IDType.allCases.first(where: { $0.englishCode == english }) else { return nil }
        self = type
    }
}

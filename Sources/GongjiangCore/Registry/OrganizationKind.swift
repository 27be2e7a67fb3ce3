/// What kind of legal entity an organization is; one organization has one kind in the registry.
public enum OrganizationKind: String, Sendable, Codable, CaseIterable {
    case enterprise
    case technicalSchool = "technical-school"
    case trainingProvider = "training-provider"
    case evaluationOrganization = "evaluation-organization"
    case industryAssociation = "industry-association"
    case other
}

extension OrganizationKind {
    /// As GLOSSARY.md names the kinds.
    public var chineseName: String {
        switch self {
        case .enterprise: "企业"
        case .technicalSchool: "技工院校"
        case .trainingProvider: "培训机构"
        case .evaluationOrganization: "评价机构"
        case .industryAssociation: "行业协会"
        case .other: "其他单位"
        }
    }

    /// The Chinese name of a stored kind code, or the code itself when it names no kind.
    public static func chineseName(of code: String) -> String { OrganizationKind(rawValue: code)?.chineseName ?? code }
}

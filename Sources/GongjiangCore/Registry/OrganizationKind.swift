/// What kind of legal entity an organization is; one organization has one kind in the registry.
public enum OrganizationKind: String, Sendable, Codable, CaseIterable {
    case enterprise
    case technicalSchool = "technical-school"
    case trainingProvider = "training-provider"
    case evaluationOrganization = "evaluation-organization"
    case industryAssociation = "industry-association"
    case other
}

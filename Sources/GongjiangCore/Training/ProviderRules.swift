/// A training provider (定点培训机构): approved by the city with a scope (occupations × levels) and a validity period;
/// suspended with a reason, and reinstated.
public enum ProviderState: String, Sendable, Codable, CaseIterable {
    case approved, suspended
}

public enum ProviderEvent: String, Sendable, Codable, CaseIterable {
    case suspend, reinstate
}

public enum ProviderRules {
    public static let workflow = Workflow<ProviderState, ProviderEvent>(name: "training-provider", [
        Transition(.approved, .suspend, .suspended, by: [.city], needsReason: true),
        Transition(.suspended, .reinstate, .approved, by: [.city]),
    ])

    /// Whether the provider may run a class of this occupation and level on `day`.
    public static func admits(state: ProviderState, validFrom: CivilDate, validUntil: CivilDate, scope: Set<String>,
                              occupationCode: String, level: SkillLevel, on day: CivilDate) throws(TrainingRefusal) {
        guard state == .approved, validFrom <= day, day <= validUntil else { throw .providerNotActive }
        guard scope.contains(scopeKey(occupationCode, level)) else { throw .outsideProviderScope(occupationCode: occupationCode, level: level) }
    }

    public static func scopeKey(_ occupationCode: String, _ level: SkillLevel) -> String { "\(occupationCode)|\(level.rawValue)" }
}

import Foundation

/// A candidate (考生) of a plan: one person at one level. A person is a candidate at most once in a plan.
public enum CandidateState: String, Sendable, Codable, CaseIterable {
    case registered
    case passed
    case failed
    case certified
    case withdrawn
}

public enum CandidateEvent: String, Sendable, Codable, CaseIterable {
    case pass
    case fail
    case certify
    case withdraw
}

public enum CandidateRules {
    /// The candidate workflow. Submitting a plan's results passes or fails each registered candidate; an amendment
    /// may turn one result into the other until certificates are issued.
    public static let workflow = Workflow<CandidateState, CandidateEvent>(name: "candidate", [
        Transition(.registered, .pass, .passed, by: [.system]),
        Transition(.registered, .fail, .failed, by: [.system]),
        Transition(.registered, .withdraw, .withdrawn, by: [.organization], needsReason: true),
        Transition(.passed, .fail, .failed, by: [.system]),
        Transition(.failed, .pass, .passed, by: [.system]),
        Transition(.passed, .certify, .certified, by: [.system]),
    ])

    /// Whether a candidate may be registered: eligible by the application conditions, or an override with a reason.
    public static func admit(_ decision: ApplicationConditions.Decision, override reason: String?) throws(CertificationRefusal) {
        switch decision {
        case .eligible:
            return
        case .ineligible, .noConditions:
            let given = (reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            guard !given.isEmpty else { throw .candidateIneligible }
        }
    }
}

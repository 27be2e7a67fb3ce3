/// A subsidy claim (补贴申领): after a certificate, the training subsidy for its occupation and level, computed from the
/// standards in force on the certificate's date and never typed in.
public enum ClaimState: String, Sendable, Codable, CaseIterable {
    case submitted, returned
    case districtApproved = "district-approved"
    case inNotice = "in-notice"
    case noticeConcluded = "notice-concluded"
    case approved, rejected, paid
    case clawedBack = "clawed-back"
}

public enum ClaimEvent: String, Sendable, Codable, CaseIterable {
    case districtApprove = "district-approve"
    case `return`, resubmit, reject
    case publish, conclude
    case cityApprove = "city-approve"
    case pay
    case clawback
}

public enum ClaimRules {
    /// rules.md: claim → district review → public notice → city approval (commits the budget) → payment; refusals carry
    /// reasons; money paid wrongly is clawed back.
    public static let workflow = Workflow<ClaimState, ClaimEvent>(name: "training-claim", [
        Transition(.submitted, .districtApprove, .districtApproved, by: [.district]),
        Transition(.submitted, .return, .returned, by: [.district], needsReason: true),
        Transition(.submitted, .reject, .rejected, by: [.district], needsReason: true),
        Transition(.returned, .resubmit, .submitted, by: [.organization]),
        Transition(.districtApproved, .publish, .inNotice, by: [.district]),
        Transition(.inNotice, .conclude, .noticeConcluded, by: [.district, .system]),
        Transition(.inNotice, .reject, .rejected, by: [.district], needsReason: true),
        Transition(.noticeConcluded, .cityApprove, .approved, by: [.city]),
        Transition(.noticeConcluded, .reject, .rejected, by: [.city], needsReason: true),
        Transition(.approved, .pay, .paid, by: [.system]),
        Transition(.paid, .clawback, .clawedBack, by: [.city], needsReason: true),
    ])

    /// A subsidy already claimed by the person, as far as the rules need it.
    public struct PriorClaim: Sendable, Equatable {
        public let occupationCode: String
        public let level: SkillLevel
        public let filedOn: CivilDate

        public init(occupationCode: String, level: SkillLevel, filedOn: CivilDate) {
            self.occupationCode = occupationCode
            self.level = level
            self.filedOn = filedOn
        }
    }

    /// What the rules look at for one claim.
    public struct Facts: Sendable, Equatable {
        public let occupationCode: String
        public let level: SkillLevel
        public let certificateIssuedOn: CivilDate
        public let filedOn: CivilDate
        /// The certificate is in the registry, not revoked, and its number is well formed.
        public let certificateVerifies: Bool
        /// The unemployment-insurance skill-upgrade subsidy (技能提升补贴) was paid for this certificate.
        public let unemploymentSkillSubsidyPaid: Bool
        /// The person's other claims that are not rejected.
        public let prior: [PriorClaim]

        public init(occupationCode: String, level: SkillLevel, certificateIssuedOn: CivilDate, filedOn: CivilDate, certificateVerifies: Bool,
                    unemploymentSkillSubsidyPaid: Bool, prior: [PriorClaim]) {
            self.occupationCode = occupationCode
            self.level = level
            self.certificateIssuedOn = certificateIssuedOn
            self.filedOn = filedOn
            self.certificateVerifies = certificateVerifies
            self.unemploymentSkillSubsidyPaid = unemploymentSkillSubsidyPaid
            self.prior = prior
        }
    }

    /// Every rule of rules.md on one claim; the first that fails refuses it.
    public static func check(_ facts: Facts, policy: TrainingPolicy) throws(TrainingRefusal) {
        guard facts.certificateVerifies else { throw .certificateNotValid }
        guard facts.filedOn >= facts.certificateIssuedOn else { throw .beforeCertificate }
        let lastDay = facts.certificateIssuedOn.adding(months: policy.claimWindowMonths)
        guard facts.filedOn <= lastDay else { throw .outsideClaimWindow(lastDay: lastDay) }
        guard !facts.unemploymentSkillSubsidyPaid else { throw .unemploymentSkillSubsidyPaid }
        let sameOccupation = facts.prior.filter { $0.occupationCode == facts.occupationCode }
        guard !sameOccupation.contains(where: { $0.level == facts.level }) else { throw .sameOccupationAndLevel }
        if let higher = sameOccupation.filter({ $0.level > facts.level }).max(by: { $0.level < $1.level }) {
            throw .lowerAfterHigher(previous: higher.level)
        }
        let thisYear = facts.prior.filter { $0.filedOn.year == facts.filedOn.year }.count
        guard thisYear < policy.claimsPerPersonPerYear else { throw .yearlyLimit(policy.claimsPerPersonPerYear) }
    }
}

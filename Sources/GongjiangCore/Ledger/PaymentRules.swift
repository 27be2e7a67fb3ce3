/// One payment: one payee, one source (a claim, an award, an apprenticeship settlement), one amount. Approval commits
/// it; a batch sends it; the bank's result pays or fails it; a failed payment is sent again in a later batch (a
/// re-issue) or cancelled; a paid one can be clawed back.
public enum PaymentState: String, Sendable, Codable, CaseIterable {
    case committed, batched, paid, failed, cancelled
    case clawedBack = "clawed-back"

    public var chineseName: String {
        switch self {
        case .committed: "待支付"
        case .batched: "已发送银行"
        case .paid: "已支付"
        case .failed: "支付失败"
        case .cancelled: "已撤销"
        case .clawedBack: "已追回"
        }
    }
}

public enum PaymentEvent: String, Sendable, Codable, CaseIterable {
    case dispatch, pay, fail, cancel, clawback
}

public enum PaymentRules {
    /// The city's finance office sends and cancels; the bank's result file (the system) pays or fails.
    public static let workflow = Workflow<PaymentState, PaymentEvent>(name: "payment", [
        Transition(.committed, .dispatch, .batched, by: [.city]),
        Transition(.failed, .dispatch, .batched, by: [.city]),
        Transition(.batched, .pay, .paid, by: [.system]),
        Transition(.batched, .fail, .failed, by: [.system]),
        Transition(.committed, .cancel, .cancelled, by: [.city], needsReason: true),
        Transition(.failed, .cancel, .cancelled, by: [.city], needsReason: true),
        Transition(.paid, .clawback, .clawedBack, by: [.city], needsReason: true),
    ])

    /// Who is paid: the person (to the bank account of their social-security card), the training provider, or the
    /// enterprise (the apprenticeship subsidy).
    public enum Payee: String, Sendable, Codable, CaseIterable {
        case person, provider, enterprise
    }
}

/// What a ledger transaction is for.
public enum LedgerTransactionKind: String, Sendable, Codable, CaseIterable {
    /// 资金拨入: money into the special account from its funding source.
    case allocation
    /// 预算下达: the city pool gives a district its budget for a year (or, negative, takes back what is unused).
    case budget
    /// 承诺: a claim or award approved; the district's budget is committed to one payee.
    case commitment
    /// 撤销承诺: an approved payment cancelled before it was sent; the money returns to the budget.
    case release
    /// 发送银行: a payment batch's lines sent to the bank.
    case dispatch
    /// 银行回盘: the bank's result, each line paid or failed (a failed line's money returns to commitments, to re-issue).
    case settlement
    /// 追回: a wrong payment to be recovered.
    case clawback
    /// 追回到账: recovered money back in the district's budget.
    case recovery
    /// 冲正: a correction, the exact opposite of an earlier transaction.
    case reversal

    public var chineseName: String {
        switch self {
        case .allocation: "资金拨入"
        case .budget: "预算下达"
        case .commitment: "审批承诺"
        case .release: "撤销承诺"
        case .dispatch: "发送银行"
        case .settlement: "银行回盘"
        case .clawback: "追回"
        case .recovery: "追回到账"
        case .reversal: "冲正"
        }
    }
}

/// What a transaction comes from: a claim, a payment batch, a programme award, an allocation document…
/// Every transaction names one, so every posting can be traced to the record that caused it.
public struct LedgerSource: Hashable, Sendable, Codable, CustomStringConvertible {
    /// "allocation", "budget", "training-claim", "payment-batch", "apprenticeship", "programme-award", "transaction".
    public let kind: String
    public let id: String

    public init(kind: String, id: String) {
        self.kind = kind
        self.id = id
    }

    public var description: String { "\(kind):\(id)" }
}

/// One line of a transaction: an amount into (positive) or out of (negative) one account, optionally for one payment.
public struct LedgerPosting: Hashable, Sendable, Codable {
    public let account: LedgerAccountKey
    public let amount: Money
    /// The payment (one payee, one source) this line moves money for; nil for allocations and budgets.
    public let paymentID: String?

    public init(_ account: LedgerAccountKey, _ amount: Money, payment paymentID: String? = nil) {
        self.account = account
        self.amount = amount
        self.paymentID = paymentID
    }
}

/// A transaction before it is written: its kind, its source, its postings. Immutable once written; a mistake is put
/// right by a reversal, never by an edit.
public struct LedgerEntry: Sendable, Equatable {
    public let kind: LedgerTransactionKind
    public let source: LedgerSource
    public let postings: [LedgerPosting]
    public let memo: String

    /// Checks the double-entry rules: at least two postings, none of zero, summing to zero.
    public init(kind: LedgerTransactionKind, source: LedgerSource, postings: [LedgerPosting], memo: String = "") throws(LedgerRefusal) {
        guard postings.count >= 2 else { throw .unbalanced(Money.zero) }
        guard !postings.contains(where: { $0.amount == .zero }) else { throw .zeroAmount }
        let sum = postings.reduce(Money.zero) { $0 + $1.amount }
        guard sum == .zero else { throw .unbalanced(sum) }
        self.kind = kind
        self.source = source
        self.postings = postings
        self.memo = memo
    }

    /// Moves `amount` (positive) from one account to another.
    public static func transfer(_ kind: LedgerTransactionKind, _ amount: Money, from: LedgerAccountKey, to: LedgerAccountKey,
                                source: LedgerSource, payment: String? = nil, memo: String = "") throws(LedgerRefusal) -> LedgerEntry {
        guard amount > .zero else { throw amount == .zero ? .zeroAmount : .negativeAmount(amount) }
        return try LedgerEntry(kind: kind, source: source, postings: [
            LedgerPosting(from, Money(fen: -amount.fen), payment: payment), LedgerPosting(to, amount, payment: payment),
        ], memo: memo)
    }

    /// The exact opposite of this entry, naming the transaction it reverses as its source.
    public func reversal(of transactionID: String, memo: String) throws(LedgerRefusal) -> LedgerEntry {
        guard kind != .reversal else { throw .reversalOfReversal }
        return try LedgerEntry(kind: .reversal, source: LedgerSource(kind: "transaction", id: transactionID),
                               postings: postings.map { LedgerPosting($0.account, Money(fen: -$0.amount.fen), payment: $0.paymentID) },
                               memo: memo)
    }

    /// The sum of the positive postings: how much the transaction moves.
    public var amount: Money { postings.filter { $0.amount > .zero }.reduce(.zero) { $0 + $1.amount } }
}

/// Whether postings may be applied to balances: no account that holds money goes below zero. The database applies
/// each posting with a conditional update that says the same; this says by how much, for the refusal.
public enum LedgerRules {
    /// The first account that would go below zero, with what it holds and what the entry asks of it.
    public static func check(_ entry: LedgerEntry, balances: [LedgerAccountKey: Money]) throws(LedgerRefusal) {
        var after = balances
        for posting in entry.postings {
            after[posting.account, default: .zero] = after[posting.account, default: .zero] + posting.amount
        }
        for posting in entry.postings where posting.amount < .zero && !posting.account.kind.mayGoNegative {
            let balance = after[posting.account, default: .zero]
            if balance < .zero {
                let available = balances[posting.account, default: .zero]
                throw .insufficient(posting.account, available: available, requested: available - balance)
            }
        }
    }
}

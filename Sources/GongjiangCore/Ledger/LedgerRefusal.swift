/// Why the ledger refuses a transaction, with a stable code and a message in Chinese and English.
public enum LedgerRefusal: DomainError, Equatable {
    case unbalanced(Money)
    case zeroAmount
    case negativeAmount(Money)
    /// An account that holds money would go below zero: a district's budget, the city pool, commitments…
    case insufficient(LedgerAccountKey, available: Money, requested: Money)
    case reversalOfReversal
    case alreadyReversed
    case paymentState(String)
    case clawbackTooLarge(paid: Money, asked: Money)
    case recoveryTooLarge(due: Money, asked: Money)
    case duplicateSource(LedgerSource)
    case unknownDistrict(String)
    case yearOutOfRange(Int)

    public var kind: DomainErrorKind {
        switch self {
        case .insufficient, .alreadyReversed, .paymentState, .duplicateSource: .conflict
        default: .invalid
        }
    }

    public var code: String {
        switch self {
        case .unbalanced: "ledger.unbalanced"
        case .zeroAmount: "ledger.zero-amount"
        case .negativeAmount: "ledger.negative-amount"
        case .insufficient(let account, _, _): account.kind == .districtBudget ? "ledger.budget-exceeded" : "ledger.insufficient-funds"
        case .reversalOfReversal: "ledger.reversal-of-reversal"
        case .alreadyReversed: "ledger.already-reversed"
        case .paymentState: "ledger.payment-state"
        case .clawbackTooLarge: "ledger.clawback-too-large"
        case .recoveryTooLarge: "ledger.recovery-too-large"
        case .duplicateSource: "ledger.duplicate-source"
        case .unknownDistrict: "ledger.unknown-district"
        case .yearOutOfRange: "ledger.year-out-of-range"
        }
    }

    public var chinese: String {
        switch self {
        case .unbalanced(let sum): "借贷不平衡：分录合计 \(sum.yuanText) 元，应为零"
        case .zeroAmount: "金额不能为零"
        case .negativeAmount(let amount): "金额必须为正数（收到 \(amount.yuanText) 元）"
        case .insufficient(let account, let available, let requested):
            account.kind == .districtBudget
                ? "超出预算：\(account.district ?? "") \(account.year.map(String.init) ?? "") 年度可用预算 \(available.yuanText) 元，本次需要 \(requested.yuanText) 元，还差 \((requested - available).yuanText) 元"
                : "\(account.kind.chineseName)余额不足：可用 \(available.yuanText) 元，本次需要 \(requested.yuanText) 元，还差 \((requested - available).yuanText) 元"
        case .reversalOfReversal: "冲正记录不能再冲正；如需恢复，请重新记账"
        case .alreadyReversed: "该笔交易已冲正"
        case .paymentState(let state): "该笔支付当前状态（\(state)）不允许此操作"
        case .clawbackTooLarge(let paid, let asked): "追回金额 \(asked.yuanText) 元超过已支付的 \(paid.yuanText) 元"
        case .recoveryTooLarge(let due, let asked): "到账金额 \(asked.yuanText) 元超过应追回的 \(due.yuanText) 元"
        case .duplicateSource(let source): "该来源（\(source)）已有一笔支付，不能重复支付"
        case .unknownDistrict(let code): "未知的区县代码：\(code)"
        case .yearOutOfRange(let year): "年度 \(year) 超出范围"
        }
    }

    public var english: String {
        switch self {
        case .unbalanced(let sum): "Unbalanced: the postings sum to \(sum.yuanText) yuan, not zero"
        case .zeroAmount: "The amount may not be zero"
        case .negativeAmount(let amount): "The amount must be positive (got \(amount.yuanText) yuan)"
        case .insufficient(let account, let available, let requested):
            account.kind == .districtBudget
                ? "Over budget: district \(account.district ?? "") has \(available.yuanText) yuan left for \(account.year.map(String.init) ?? ""), this needs \(requested.yuanText) yuan, \((requested - available).yuanText) yuan short"
                : "\(account.kind.englishName) holds \(available.yuanText) yuan, this needs \(requested.yuanText) yuan, \((requested - available).yuanText) yuan short"
        case .reversalOfReversal: "A reversal cannot itself be reversed; post the entry again instead"
        case .alreadyReversed: "This transaction has already been reversed"
        case .paymentState(let state): "The payment's state (\(state)) does not allow this"
        case .clawbackTooLarge(let paid, let asked): "A clawback of \(asked.yuanText) yuan exceeds the \(paid.yuanText) yuan paid"
        case .recoveryTooLarge(let due, let asked): "A recovery of \(asked.yuanText) yuan exceeds the \(due.yuanText) yuan due"
        case .duplicateSource(let source): "\(source) already has a payment; it is not paid twice"
        case .unknownDistrict(let code): "Unknown district code: \(code)"
        case .yearOutOfRange(let year): "Year \(year) is out of range"
        }
    }
}

/// The accounts of the special account (专账资金) as a double-entry ledger. Money in an account is a positive balance;
/// every transaction moves money between accounts and its postings sum to zero, so the whole ledger always sums to
/// zero and the funding source's (negative) balance is everything the fund has received.
///
/// The money's path: funding source → city pool (an allocation) → a district's budget for a year (a budget) →
/// commitments (a claim or award approved) → in transit (a payment batch sent to the bank) → paid (the bank's result),
/// or back to commitments when the bank fails a line; a wrong payment is clawed back (paid → clawback due) and, once
/// recovered, returns to the district's budget.
public enum LedgerAccountKind: String, Sendable, Codable, CaseIterable {
    /// 资金来源: the unemployment-insurance fund surplus and employment subsidy funds that feed the account.
    case fundingSource = "funding-source"
    /// 市级专账: allocated to the special account, not yet given to a district.
    case cityPool = "city-pool"
    /// 区县年度预算: a district's budget for a year, not yet committed.
    case districtBudget = "district-budget"
    /// 已承诺: approved and owed, not yet sent to the bank.
    case commitment
    /// 在途: sent to the bank in a payment batch, its result not yet back.
    case inTransit = "in-transit"
    /// 已支付: paid out, as the bank confirmed.
    case paid
    /// 应追回: paid wrongly, to be recovered.
    case clawbackDue = "clawback-due"

    /// Only the funding source's balance is negative (what has come in); every other account holds money and can
    /// never go below zero: a district's budget above all.
    public var mayGoNegative: Bool { self == .fundingSource }

    /// Accounts kept per district and year; the funding source and the city pool are the city's alone.
    public var isPerDistrictYear: Bool {
        switch self {
        case .fundingSource, .cityPool: false
        default: true
        }
    }

    public var chineseName: String {
        switch self {
        case .fundingSource: "资金来源"
        case .cityPool: "市级专账（未分配）"
        case .districtBudget: "区县年度预算（可用）"
        case .commitment: "已承诺未支付"
        case .inTransit: "银行在途"
        case .paid: "已支付"
        case .clawbackDue: "应追回"
        }
    }

    public var englishName: String {
        switch self {
        case .fundingSource: "Funding source"
        case .cityPool: "City pool (unallocated)"
        case .districtBudget: "District budget (available)"
        case .commitment: "Committed, unpaid"
        case .inTransit: "In transit at the bank"
        case .paid: "Paid"
        case .clawbackDue: "Clawback due"
        }
    }
}

/// One account: its kind, and for the per-district accounts the district and the budget year.
public struct LedgerAccountKey: Hashable, Sendable, Codable, CustomStringConvertible {
    public let kind: LedgerAccountKind
    public let district: String?
    public let year: Int?

    public static let fundingSource = LedgerAccountKey(kind: .fundingSource, district: nil, year: nil)
    public static let cityPool = LedgerAccountKey(kind: .cityPool, district: nil, year: nil)

    public static func of(_ kind: LedgerAccountKind, district: String, year: Int) -> LedgerAccountKey {
        precondition(kind.isPerDistrictYear, "\(kind) is the city's alone")
        return LedgerAccountKey(kind: kind, district: district, year: year)
    }

    private init(kind: LedgerAccountKind, district: String?, year: Int?) {
        self.kind = kind
        self.district = district
        self.year = year
    }

    /// The stored code: "city-pool", "district-budget:320602:2026".
    public var code: String {
        guard let district, let year else { return kind.rawValue }
        return "\(kind.rawValue):\(district):\(year)"
    }

    public init?(code: String) {
        let parts = code.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard let kind = LedgerAccountKind(rawValue: parts[0]) else { return nil }
        if kind.isPerDistrictYear {
            guard parts.count == 3, parts[1].count == 6, parts[1].allSatisfy(\.isASCIIDigit), let year = Int(parts[2]),
                  (2000...2100).contains(year) else { return nil }
            self.init(kind: kind, district: parts[1], year: year)
        } else {
            guard parts.count == 1 else { return nil }
            self.init(kind: kind, district: nil, year: nil)
        }
    }

    public var description: String { code }
}

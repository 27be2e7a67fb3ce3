/// How an award is paid (issue 13), an amount that is data per programme type: once, monthly for a number of months,
/// or per head of an organization's trainees.
public enum FundingRule: Sendable, Equatable, Codable {
    case oneOff(Money)
    /// `amount` each month for `months` months from the month after approval (the chief technician's allowance:
    /// 1,000 yuan × 24).
    case monthly(Money, months: Int)
    /// `amount` for each head the approval counts, at most `maximumHeads`.
    case perHead(Money, maximumHeads: Int)

    public func check() throws(ProgrammeRefusal) {
        switch self {
        case .oneOff(let amount): guard amount > .zero, amount <= Money(yuan: 10_000_000) else { throw .fundingOutOfRange }
        case .monthly(let amount, let months):
            guard amount > .zero, amount <= Money(yuan: 1_000_000), (1...120).contains(months) else { throw .fundingOutOfRange }
        case .perHead(let amount, let heads):
            guard amount > .zero, amount <= Money(yuan: 1_000_000), (1...100_000).contains(heads) else { throw .fundingOutOfRange }
        }
    }

    /// The most one award can cost: what a call's budget reserves per award.
    public func ceiling(heads: Int = 1) -> Money {
        switch self {
        case .oneOff(let amount): amount
        case .monthly(let amount, let months): Money(fen: amount.fen * Int64(months))
        case .perHead(let amount, let maximum): Money(fen: amount.fen * Int64(min(max(heads, 0), maximum)))
        }
    }

    /// What is due on an award approved on `approvedOn`, paid up to and including `through`: the one-off amount; or a
    /// month's allowance for each month from the month after approval, at most `months`, and none for a month that
    /// begins on or after `stoppedOn` (revocation, or the holder leaving the city). A month already begun is paid.
    public func instalments(approvedOn: CivilDate, through: CivilDate, stoppedOn: CivilDate? = nil, heads: Int = 1) -> [Instalment] {
        switch self {
        case .oneOff, .perHead:
            guard approvedOn <= through, stoppedOn.map({ approvedOn < $0 }) ?? true else { return [] }
            return [Instalment(number: 1, due: approvedOn, amount: ceiling(heads: heads))]
        case .monthly(let amount, let months):
            var due: [Instalment] = []
            let firstMonth = CivilDate(uncheckedYear: approvedOn.year, month: approvedOn.month, day: 1).adding(months: 1)
            for index in 0..<months {
                let month = firstMonth.adding(months: index)
                guard month <= through else { break }
                if let stoppedOn, month >= stoppedOn { break }
                due.append(Instalment(number: index + 1, due: month, amount: amount))
            }
            return due
        }
    }

    public struct Instalment: Sendable, Equatable {
        /// 1 for the first month.
        public let number: Int
        public let due: CivilDate
        public let amount: Money
    }

    public var chinese: String {
        switch self {
        case .oneOff(let amount): "一次性 \(amount.yuanText) 元"
        case .monthly(let amount, let months): "每月 \(amount.yuanText) 元 × \(months) 个月"
        case .perHead(let amount, let heads): "每人 \(amount.yuanText) 元（至多 \(heads) 人）"
        }
    }
}

/// As the API and the stored definitions write it: `{"kind": "monthly", "amountFen": 100000, "months": 24}`.
extension FundingRule {
    private enum Key: String, CodingKey { case kind, amountFen, months, maximumHeads }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        let amount = Money(fen: try container.decode(Int64.self, forKey: .amountFen))
        switch try container.decode(String.self, forKey: .kind) {
        case "one-off": self = .oneOff(amount)
        case "monthly": self = .monthly(amount, months: try container.decode(Int.self, forKey: .months))
        case "per-head": self = .perHead(amount, maximumHeads: try container.decode(Int.self, forKey: .maximumHeads))
        case let other: throw DecodingError.dataCorruptedError(forKey: .kind, in: container, debugDescription: "unknown funding \(other)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        switch self {
        case .oneOff(let amount):
            try container.encode("one-off", forKey: .kind)
            try container.encode(amount.fen, forKey: .amountFen)
        case .monthly(let amount, let months):
            try container.encode("monthly", forKey: .kind)
            try container.encode(amount.fen, forKey: .amountFen)
            try container.encode(months, forKey: .months)
        case .perHead(let amount, let heads):
            try container.encode("per-head", forKey: .kind)
            try container.encode(amount.fen, forKey: .amountFen)
            try container.encode(heads, forKey: .maximumHeads)
        }
    }
}

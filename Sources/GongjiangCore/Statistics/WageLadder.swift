/// 技能等级与薪酬挂钩: what enterprises report of their workers' average monthly wage by occupation and skill level,
/// summed into a wage ladder by level and the premium of each level over 初级工.
public struct WageCell: Sendable, Equatable {
    /// Workers behind the cell.
    public var workers: Int64
    /// Enterprises behind the cell.
    public var enterprises: Int
    /// Σ workers × average monthly wage, in fen.
    public var totalFen: Int64

    public init(workers: Int64, enterprises: Int, totalFen: Int64) {
        self.workers = workers
        self.enterprises = enterprises
        self.totalFen = totalFen
    }
}

public enum WageLadderRules {
    /// A wage is published only when at least three enterprises stand behind it, so no one enterprise's pay can be read
    /// off (the dominance rule of statistical offices), and at least the open-data threshold of workers.
    public static let minimumEnterprises = 3

    /// The cell's average monthly wage, to the fen, half up; nil when it is too small to publish.
    public static func average(_ cell: WageCell, threshold: Int64) -> Money? {
        guard cell.enterprises >= minimumEnterprises, cell.workers >= threshold, cell.workers > 0 else { return nil }
        return Money(fen: (cell.totalFen * 2 + cell.workers) / (cell.workers * 2))
    }

    /// A level's premium over the base level (初级工), in whole percent, half up: 6,000 over 4,000 is 50.
    public static func premiumPercent(_ wage: Money, over base: Money) -> Int64? {
        guard base.fen > 0 else { return nil }
        let difference = (wage.fen - base.fen) * 100
        return difference >= 0 ? (difference * 2 + base.fen) / (base.fen * 2) : -((-difference * 2 + base.fen) / (base.fen * 2))
    }
}

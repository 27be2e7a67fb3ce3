/// How the bureau states its yearly figures (issue 12; the reply quoted there): high-skilled persons per 10,000
/// workers, rounded half up, and counts and amounts written in 万 (ten thousands) with two decimals.
public enum AnnualFigureRules {
    /// `total` × 10,000 ÷ `workers`, rounded half up; nil without a labour-force figure.
    public static func perTenThousand(total: Int64, workers: Int64) -> Int64? {
        guard workers > 0, total >= 0 else { return nil }
        return (total * 10_000 * 2 + workers) / (workers * 2)
    }

    /// `value` ÷ (10,000 × `unit`) with two decimals, half up: 145,400 person-times → "14.54"; 5,252,530,000 fen with a
    /// unit of 100 fen → "5252.53" (万元).
    public static func wan(_ value: Int64, unit: Int64 = 1) -> String {
        let negative = value < 0
        let magnitude = negative ? -value : value
        let hundredths = (magnitude * 100 + 5_000 * unit) / (10_000 * unit)
        let text = "\(hundredths / 100)." + (hundredths % 100 < 10 ? "0" : "") + "\(hundredths % 100)"
        return negative ? "-" + text : text
    }
}

/// One scope's figures for a year, as the report's paragraph states them.
public struct AnnualFigures: Sendable, Equatable {
    public var subsidisedTrainingPersonTimes: Int64
    public var subsidyPaidFen: Int64
    public var newHighSkilled: Int64
    public var newTechniciansAndSeniorTechnicians: Int64
    public var highSkilledTotal: Int64
    public var highSkilledPerTenThousandWorkers: Int64?

    public init(subsidisedTrainingPersonTimes: Int64, subsidyPaidFen: Int64, newHighSkilled: Int64, newTechniciansAndSeniorTechnicians: Int64,
                highSkilledTotal: Int64, highSkilledPerTenThousandWorkers: Int64?) {
        self.subsidisedTrainingPersonTimes = subsidisedTrainingPersonTimes
        self.subsidyPaidFen = subsidyPaidFen
        self.newHighSkilled = newHighSkilled
        self.newTechniciansAndSeniorTechnicians = newTechniciansAndSeniorTechnicians
        self.highSkilledTotal = highSkilledTotal
        self.highSkilledPerTenThousandWorkers = highSkilledPerTenThousandWorkers
    }

    /// The paragraph of the bureau's reply, with this scope's figures: "全市开展补贴性职业技能培训14.54万人次，……每万名劳动者中
    /// 高技能人才达1097人". `place` is 全市 or a district's name; without a labour-force figure the last clause is left out.
    public func paragraph(place: String) -> String {
        var text = "\(place)开展补贴性职业技能培训\(AnnualFigureRules.wan(subsidisedTrainingPersonTimes))万人次，"
            + "发放职业技能提升行动专账补贴资金\(AnnualFigureRules.wan(subsidyPaidFen, unit: 100))万元，"
            + "全年新增高技能人才\(AnnualFigureRules.wan(newHighSkilled))万人，新增技师和高级技师\(newTechniciansAndSeniorTechnicians)人。"
            + "目前，\(place)高技能人才总量达到\(AnnualFigureRules.wan(highSkilledTotal))万人"
        if let perTenThousand = highSkilledPerTenThousandWorkers { text += "，每万名劳动者中高技能人才达\(perTenThousand)人" }
        return text + "。"
    }
}

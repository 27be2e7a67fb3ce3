import Testing
@testable import GongjiangCore

/// How the annual figures are stated (issue 12), checked against the bureau's reply for 2022.
@Suite("Annual figure rules")
struct AnnualFigureRuleTests {
    @Test("Per 10,000 workers, half up: 528,900 of 4,820,000 is 1,097; one in 20,000 is 1 and one in 20,001 is 0; no labour force, no figure")
    func perTenThousand() {
        #expect(AnnualFigureRules.perTenThousand(total: 528_900, workers: 4_820_000) == 1097)
        #expect(AnnualFigureRules.perTenThousand(total: 1, workers: 20_000) == 1)
        #expect(AnnualFigureRules.perTenThousand(total: 1, workers: 20_001) == 0)
        #expect(AnnualFigureRules.perTenThousand(total: 5, workers: 0) == nil)
    }

    @Test("万 with two decimals, half up: 145,400 → 14.54, 145,450 → 14.55, 145,449 → 14.54; 5,252,530,000 fen → 5252.53 万元; 15,600 → 1.56")
    func wan() {
        #expect(AnnualFigureRules.wan(145_400) == "14.54")
        #expect(AnnualFigureRules.wan(145_450) == "14.55")
        #expect(AnnualFigureRules.wan(145_449) == "14.54")
        #expect(AnnualFigureRules.wan(5_252_530_000, unit: 100) == "5252.53")
        #expect(AnnualFigureRules.wan(15_600) == "1.56")
        #expect(AnnualFigureRules.wan(528_900) == "52.89")
        #expect(AnnualFigureRules.wan(500) == "0.05")
        #expect(AnnualFigureRules.wan(0) == "0.00")
        #expect(AnnualFigureRules.wan(-4_000_00, unit: 100) == "-0.40")
    }

    @Test("The paragraph, with the 2022 figures, reads as the bureau's reply wrote it")
    func paragraph() {
        let figures = AnnualFigures(subsidisedTrainingPersonTimes: 145_400, subsidyPaidFen: 5_252_530_000, newHighSkilled: 15_600,
                                    newTechniciansAndSeniorTechnicians: 2243, highSkilledTotal: 528_900, highSkilledPerTenThousandWorkers: 1097)
        #expect(figures.paragraph(place: "全市") == "全市开展补贴性职业技能培训14.54万人次，发放职业技能提升行动专账补贴资金5252.53万元，全年新增高技能人才1.56万人，"
            + "新增技师和高级技师2243人。目前，全市高技能人才总量达到52.89万人，每万名劳动者中高技能人才达1097人。")
        var withoutLabour = figures
        withoutLabour.highSkilledPerTenThousandWorkers = nil
        #expect(withoutLabour.paragraph(place: "崇川区").hasSuffix("目前，崇川区高技能人才总量达到52.89万人。"))
    }
}

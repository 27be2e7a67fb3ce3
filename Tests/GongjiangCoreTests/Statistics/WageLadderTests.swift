import Testing
@testable import GongjiangCore

/// Skill–pay linkage (issue 12): the wage ladder's averages and premiums, and the cells too small to publish.
@Suite("Wage ladder")
struct WageLadderTests {
    @Test("An average is weighted by workers, to the fen, half up: 10 at 4,000 and 30 at 5,000 is 4,750")
    func weightedAverage() {
        let cell = WageCell(workers: 40, enterprises: 3, totalFen: 10 * 400_000 + 30 * 500_000)
        #expect(WageLadderRules.average(cell, threshold: 10) == Money(yuan: 4750))
        #expect(WageLadderRules.average(WageCell(workers: 3, enterprises: 3, totalFen: 100), threshold: 1) == Money(fen: 33))
        #expect(WageLadderRules.average(WageCell(workers: 3, enterprises: 3, totalFen: 101), threshold: 1) == Money(fen: 34))
    }

    @Test("Published only with three enterprises and the threshold of workers: two enterprises or nine workers at a threshold of 10 are not")
    func smallCells() {
        #expect(WageLadderRules.average(WageCell(workers: 40, enterprises: 2, totalFen: 1), threshold: 10) == nil)
        #expect(WageLadderRules.average(WageCell(workers: 9, enterprises: 3, totalFen: 1), threshold: 10) == nil)
        #expect(WageLadderRules.average(WageCell(workers: 10, enterprises: 3, totalFen: 10), threshold: 10) != nil)
    }

    @Test("The premium over 初级工 in whole percent, half up: 6,000 over 4,000 is 50; 4,020 is 0.5 → 1; below the base is negative")
    func premium() {
        #expect(WageLadderRules.premiumPercent(Money(yuan: 6000), over: Money(yuan: 4000)) == 50)
        #expect(WageLadderRules.premiumPercent(Money(yuan: 4020), over: Money(yuan: 4000)) == 1)
        #expect(WageLadderRules.premiumPercent(Money(yuan: 4019), over: Money(yuan: 4000)) == 0)
        #expect(WageLadderRules.premiumPercent(Money(yuan: 3800), over: Money(yuan: 4000)) == -5)
        #expect(WageLadderRules.premiumPercent(Money(yuan: 3800), over: .zero) == nil)
    }
}

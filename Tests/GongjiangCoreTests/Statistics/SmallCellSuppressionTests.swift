import Testing
@testable import GongjiangCore

/// Open data's small-cell suppression (issue 12): no published cell below the threshold, and none recoverable by
/// subtracting published cells from a published total.
@Suite("Small-cell suppression")
struct SmallCellSuppressionTests {
    /// Every line (a row or column with its total) has no hidden cell or at least two.
    static func safe(_ table: SuppressedTable, threshold: Int64) -> Bool {
        let grid = table.cells.enumerated().map { $1 + [table.rowTotals[$0]] } + [table.columnTotals + [table.grandTotal]]
        let rows = grid.count, columns = grid[0].count
        for value in grid.flatMap({ $0 }) { if let value, value > 0, value < threshold { return false } }
        for r in 0..<rows where grid[r].filter({ $0 == nil }).count == 1 { return false }
        for c in 0..<columns where (0..<rows).filter({ grid[$0][c] == nil }).count == 1 { return false }
        return true
    }

    @Test("A worked example at a threshold of 10: the 3 is hidden, and with it the smallest other cell of its row and of its column")
    func workedExample() {
        let table = SmallCellSuppression.apply([[3, 40, 25], [50, 12, 60], [30, 70, 80]], threshold: 10)
        #expect(table.cells[0][0] == nil)
        #expect(table.cells[0][2] == nil, "the row's smallest other cell (25)")
        #expect(table.cells[2][0] == nil || table.cells[1][0] == nil, "and one in its column")
        #expect(Self.safe(table, threshold: 10))
        #expect(table.grandTotal == 370)
    }

    @Test("At the threshold a cell is published; one below it is not; zero is published")
    func boundary() {
        let table = SmallCellSuppression.apply([[10, 9, 0], [20, 30, 40]], threshold: 10)
        #expect(table.cells[0][0] != nil || table.cells[0][1] == nil)
        #expect(table.cells[0][1] == nil)
        #expect(table.cells[0][2] == 0)
        #expect(Self.safe(table, threshold: 10))
    }

    @Test("Five hundred random tables: no published cell below the threshold, none recoverable by differencing", arguments: [5, 10, 20])
    func randomTables(threshold: Int) {
        var random = SplitMix64(seed: UInt64(threshold))
        for _ in 0..<500 {
            let rows = Int.random(in: 1...7, using: &random), columns = Int.random(in: 1...5, using: &random)
            let cells = (0..<rows).map { _ in (0..<columns).map { _ in
                Int64([0, Int.random(in: 1...15, using: &random), Int.random(in: 1...200, using: &random)][Int.random(in: 0...2, using: &random)])
            } }
            #expect(Self.safe(SmallCellSuppression.apply(cells, threshold: Int64(threshold)), threshold: Int64(threshold)), "\(cells)")
        }
    }
}


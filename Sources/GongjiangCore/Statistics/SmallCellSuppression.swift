/// Small-cell suppression for published tables (issue 12, open data): no cell counting fewer than `threshold` persons
/// or certificates is published, and none can be recovered by subtracting published cells from a published total.
///
/// The table is rows × columns of counts with a total per row, a total per column and a grand total, all published
/// unless suppressed. Primary suppression hides every cell from 1 to `threshold` − 1 (a zero says nothing about anyone
/// and stays). Complementary suppression then repeats until nothing changes: in any row or column whose total is
/// published, a lone hidden cell would be the total less the others, so the smallest other non-zero published cell of
/// that line is hidden with it; a total that is itself small is hidden too, and then counts as a hidden cell of the
/// line of totals.
public struct SuppressedTable: Sendable, Equatable {
    /// nil: suppressed.
    public var cells: [[Int64?]]
    public var rowTotals: [Int64?]
    public var columnTotals: [Int64?]
    public var grandTotal: Int64?
}

public enum SmallCellSuppression {
    public static func apply(_ cells: [[Int64]], threshold: Int64) -> SuppressedTable {
        let rows = cells.count
        let columns = cells.first?.count ?? 0
        let rowTotals = cells.map { $0.reduce(0, +) }
        let columnTotals = (0..<columns).map { column in cells.reduce(0) { $0 + $1[column] } }
        let grand = rowTotals.reduce(0, +)
        // The whole table with its margins as one grid: row `rows` holds the column totals, column `columns` the row
        // totals, and the corner the grand total.
        var grid: [[Int64]] = cells.enumerated().map { index, row in row + [rowTotals[index]] } + [columnTotals + [grand]]
        var hidden = grid.map { $0.map { $0 > 0 && $0 < threshold } }
        func lines() -> [[(Int, Int)]] {
            (0...rows).map { r in (0...columns).map { (r, $0) } } + (0...columns).map { c in (0...rows).map { ($0, c) } }
        }
        var changed = true
        while changed {
            changed = false
            for line in lines() {
                // Each line is its cells and its total (the last): the total equals the sum of the others.
                let hiddenCount = line.filter { hidden[$0.0][$0.1] }.count
                guard hiddenCount == 1 else { continue }
                let candidates = line.filter { !hidden[$0.0][$0.1] && grid[$0.0][$0.1] > 0 }
                guard let smallest = candidates.min(by: { grid[$0.0][$0.1] < grid[$1.0][$1.1] }) else { continue }
                hidden[smallest.0][smallest.1] = true
                changed = true
            }
        }
        grid = grid.map { $0 }
        let shown = grid.enumerated().map { r, row in row.enumerated().map { c, value in hidden[r][c] ? nil : value } }
        return SuppressedTable(cells: Array(shown[0..<rows].map { Array($0[0..<columns]) }), rowTotals: shown[0..<rows].map { $0[columns] },
                               columnTotals: Array(shown[rows][0..<columns]), grandTotal: shown[rows][columns])
    }
}

import Fluent
import Foundation
import GongjiangCore
import SQLKit

/// The demo city's special account: the year's allocation and each district's budget, entered through the service
/// as the city's finance office would. The training module's demo then commits, batches and pays claims from it.
struct LedgerDemo {
    let demo: DemoContext
    var database: any Database { demo.application.db }

    init(_ demo: DemoContext) { self.demo = demo }

    /// 60 million yuan for the year: the reference city paid 52,525,300 yuan of subsidies in 2022.
    static let allocationYuan: Int64 = 60_000_000

    /// Each district's share of the budget, in thousandths, roughly by its workforce.
    static let shares: [String: Int64] = [
        "320602": 220, "320612": 140, "320614": 130, "320623": 110, "320681": 120, "320682": 150, "320685": 130,
    ]

    func context(on day: CivilDate) -> LedgerContext {
        var audit = AuditEvent(actor: "demo", entity: .ledgerTransaction, action: .create)
        let now = ChinaTime.start(of: day).addingTimeInterval(9 * 3600)
        audit.occurredAt = now
        return LedgerContext(database: database, scope: .city, actor: .city, audit: audit, now: now, vault: demo.application.vault)
    }

    func build() async throws -> [String] {
        let existing = try await database.sql.raw("SELECT COUNT(*) AS n FROM ledger_transactions").first()?.decode(column: "n", as: Int.self) ?? 0
        if existing > 0 { return ["沿用已有的专账数据 / reusing the existing ledger: \(existing) 笔交易 transactions"] }
        let year = demo.today.year
        let tenthOfJanuary = try CivilDate(year: year, month: 1, day: 10)
        let context = context(on: min(tenthOfJanuary, demo.today))
        _ = try await LedgerService.allocate(AllocationInput(amountFen: Self.allocationYuan * 100, document: "通财社〔\(year)〕3号",
                                                             memo: "\(year) 年职业技能提升行动专账资金"), context)
        for (district, share) in Self.shares.sorted(by: { $0.key < $1.key }) {
            _ = try await LedgerService.setBudget(BudgetInput(districtCode: district, year: year, amountFen: Self.allocationYuan * 100 * share / 1000,
                                                              document: "通人社职〔\(year)〕5号", memo: "\(year) 年度区县预算"), context)
        }
        return ["专账：拨入 \(Money(yuan: Self.allocationYuan).yuanText) 元，下达 \(Self.shares.count) 个区县 \(year) 年度预算 / ledger: allocation and "
                + "\(Self.shares.count) district budgets for \(year)"]
    }
}

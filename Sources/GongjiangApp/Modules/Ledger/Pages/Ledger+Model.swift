import Foundation
import GongjiangCore
import Vapor

/// The special account's overview (专账资金): a year's budget and its use per district, the trial balance, the
/// batches and the latest transactions; for the city's finance office the forms that move money.
enum LedgerOverview {
    struct Model {
        let year: Int
        let balances: [LedgerQueries.Balance]
        let owed: [String: (count: Int, amount: Money)]
        let batches: [LedgerQueries.Batch]
        let transactions: [LedgerQueries.Transaction]
        let mayManage: Bool
        let names: ReferenceNames
        let districts: [String]
        let request: Request
        let error: String?
        /// A new key for each money form drawn on the page.
        let formKey = Secrets.token()

        static func load(_ request: Request, error: String? = nil) async throws -> Model {
            let year = request.query[Int.self, at: "year"].flatMap { (2000...2100).contains($0) ? $0 : nil } ?? CivilDate.today(now: request.now).year
            let queries = LedgerQueries(database: request.db, scope: request.scope)
            let names = try await ReferenceNames.load(on: request.db)
            let cityAccounts = request.scope == .city ? try await queries.balances(year: nil, district: nil).filter { !$0.account.kind.isPerDistrictYear } : []
            let districts = names.districtOrder.filter { code in names.districts[code] != nil && code != "320600" && request.scope.admitsDistrict(code) }
            return Model(year: year, balances: cityAccounts + (try await queries.balances(year: year, district: nil)),
                         owed: try await queries.owed(year: year), batches: try await queries.batches(before: nil, limit: 20),
                         transactions: try await queries.transactions(kind: nil, district: nil, before: nil, limit: 20),
                         mayManage: request.principal.map { AccessPolicy.allows($0.role, .manageLedger) } ?? false, names: names,
                         districts: districts, request: request, error: error)
        }

        func balance(_ kind: LedgerAccountKind, _ district: String) -> Money {
            balances.first { $0.account == .of(kind, district: district, year: year) }?.balance ?? .zero
        }

        func cityBalance(_ key: LedgerAccountKey) -> Money { balances.first { $0.account == key }?.balance ?? .zero }

        var totalDebits: Money { balances.reduce(.zero) { $0 + $1.debits } }
        var totalCredits: Money { balances.reduce(.zero) { $0 + $1.credits } }
    }
}

/// One payment batch: its lines, the bank file, and the bank's result.
enum BatchPage {
    struct Model {
        let batch: LedgerQueries.Batch
        let lines: [LedgerQueries.Line]
        let mayManage: Bool
        let names: ReferenceNames
        let request: Request
        var error: String?
        var issues: [BankFile.Issue] = []
        var summary: BatchResultSummary?
        let formKey = Secrets.token()

        static func load(_ request: Request, error: String? = nil) async throws -> Model {
            let queries = LedgerQueries(database: request.db, scope: request.scope)
            guard let batch = try await queries.batch(try request.uuidParameter()) else { throw RequestProblem.notFound }
            return Model(batch: batch, lines: try await queries.lines(of: batch.id),
                         mayManage: request.principal.map { AccessPolicy.allows($0.role, .manageLedger) } ?? false,
                         names: try await ReferenceNames.load(on: request.db), request: request, error: error)
        }
    }
}

/// Payments, by state and district, with paging.
enum PaymentsPage {
    struct Model {
        let page: Page<LedgerQueries.Payment>
        let state: String?
        let district: String?
        let isFirstPage: Bool
        let names: ReferenceNames
        let districts: [String]

        static func load(_ request: Request) async throws -> Model {
            let state = request.query[String.self, at: "state"].flatMap(PaymentState.init(rawValue:))
            let district = request.query[String.self, at: "district"].flatMap { $0.isEmpty ? nil : $0 }
            let cursor = try request.pageCursor()
            let rows = try await LedgerQueries(database: request.db, scope: request.scope)
                .payments(state: state, district: district, year: nil, before: cursor?.id, limit: PageSize.default + 1)
            let names = try await ReferenceNames.load(on: request.db)
            return Model(page: Page(rows: rows, id: \.id),
                         state: state?.rawValue, district: district, isFirstPage: cursor == nil, names: names,
                         districts: names.districtOrder.filter { $0 != "320600" && request.scope.admitsDistrict($0) })
        }
    }
}

/// One payment: who, how much, for what; its money's path; for the finance office cancel, clawback and recovery.
enum PaymentPage {
    struct Model {
        let payment: LedgerQueries.Payment
        let movements: [LedgerQueries.PaymentMovement]
        let mayManage: Bool
        let names: ReferenceNames
        let request: Request
        let error: String?
        let formKey = Secrets.token()

        static func load(_ request: Request, error: String? = nil) async throws -> Model {
            let queries = LedgerQueries(database: request.db, scope: request.scope)
            let payment = try await queries.requirePayment(try request.uuidParameter())
            return Model(payment: payment, movements: try await queries.movements(of: payment.id),
                         mayManage: request.principal.map { AccessPolicy.allows($0.role, .manageLedger) } ?? false,
                         names: try await ReferenceNames.load(on: request.db), request: request, error: error)
        }

        var mayCancel: Bool { mayManage && PaymentRules.workflow.events(from: payment.state, for: .city).contains(.cancel) }
        var mayClawBack: Bool { mayManage && (payment.state == .paid || payment.state == .clawedBack) && payment.amount > payment.clawedBack }
        var due: Money { payment.clawedBack - payment.recovered }
    }
}

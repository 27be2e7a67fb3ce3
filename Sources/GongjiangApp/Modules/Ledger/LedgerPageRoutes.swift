import Foundation
import GongjiangCore
import Vapor

/// The ledger's pages. Every form that moves money carries an idempotency key made when it was drawn
/// (`Idempotent.form`), so a second press of its button changes nothing.
struct LedgerPageRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(PagePath.ledger.components) { request in
            page(request, .ledger, try await LedgerOverview.Model.load(request).view(request.localizer))
        }.requires(.permission(.readLedger))
        routes.get(PagePath.ledgerPayments.components) { request in
            page(request, .ledger, try await PaymentsPage.Model.load(request).view(request.localizer))
        }.requires(.permission(.readLedger))
        routes.get(PagePath.ledgerPayment.components) { request in
            page(request, .ledger, try await PaymentPage.Model.load(request).view(request.localizer))
        }.requires(.permission(.readLedger))
        routes.get(PagePath.ledgerBatch.components) { request in
            page(request, .ledger, try await BatchPage.Model.load(request).view(request.localizer))
        }.requires(.permission(.readLedger))
        routes.get(PagePath.ledgerBankFile.components) { request in
            try await LedgerAPI().bankFile(request)
        }.requires(.permission(.manageLedger))

        routes.post(PagePath.ledgerAllocations.components) { request -> Response in
            struct Fields: Content { var amount: String?; var document: String?; var memo: String? }
            let fields = try request.content.decode(Fields.self)
            return try await overviewForm(request, fields: ["amount": fields.amount ?? "", "document": fields.document ?? "", "memo": fields.memo ?? ""]) { context in
                let amount = try Self.yuan(fields.amount)
                _ = try await LedgerService.allocate(AllocationInput(amountFen: amount.fen, document: fields.document, memo: fields.memo), context)
            }
        }.requires(.permission(.manageLedger))
        routes.post(PagePath.ledgerBudgets.components) { request -> Response in
            struct Fields: Content { var districtCode: String?; var year: String?; var amount: String?; var document: String?; var memo: String? }
            let fields = try request.content.decode(Fields.self)
            let values = ["districtCode": fields.districtCode ?? "", "year": fields.year ?? "", "amount": fields.amount ?? "",
                          "document": fields.document ?? "", "memo": fields.memo ?? ""]
            return try await overviewForm(request, fields: values) { context in
                let amount = try Self.yuan(fields.amount, allowNegative: true)
                _ = try await LedgerService.setBudget(BudgetInput(districtCode: fields.districtCode, year: fields.year.flatMap { Int($0) },
                                                                  amountFen: amount.fen, document: fields.document, memo: fields.memo), context)
            }
        }.requires(.permission(.manageLedger))
        routes.post(PagePath.ledgerBatches.components) { request -> Response in
            struct Fields: Content { var districtCode: String?; var year: String? }
            let fields = try request.content.decode(Fields.self)
            do {
                let (url, _) = try await Idempotent.form(request, fields: ["districtCode": fields.districtCode ?? "", "year": fields.year ?? ""]) { context in
                    let id = try await LedgerService.createBatch(BatchInput(districtCode: fields.districtCode, year: fields.year.flatMap { Int($0) }), context)
                    return PagePath.ledgerBatch.url(id.uuidString)
                }
                return request.redirect(to: url, redirectType: .normal)
            } catch {
                let (status, text) = try PageActions.refusalText(error, request)
                return PageActions.status(page(request, .ledger, try await LedgerOverview.Model.load(request, error: text).view(request.localizer)), status)
            }
        }.requires(.permission(.manageLedger))
        routes.post(PagePath.ledgerBankResult.components) { request -> Response in
            let batchID = try request.uuidParameter()
            do {
                let rows = try await Self.uploadedRows(request)
                let (summaryText, replayed) = try await Idempotent.form(request, fields: ["file": Secrets.hash(rows.map { $0.joined(separator: ",") }.joined(separator: "\n"))]) { context in
                    let summary = try await LedgerService.applyResult(batchID, rows: rows, context)
                    return String(decoding: try JSONEncoder.sorted.encode(summary), as: UTF8.self)
                }
                var model = try await BatchPage.Model.load(request)
                model.summary = try? JSONDecoder().decode(BatchResultSummary.self, from: Data(summaryText.utf8))
                if replayed { model.error = request.localizer("ledger.result.replayed") }
                return page(request, .ledger, model.view(request.localizer))
            } catch let refusal as BankResultRefusal {
                var model = try await BatchPage.Model.load(request, error: request.localizer("ledger.result.refused"))
                model.issues = refusal.issues
                return PageActions.status(page(request, .ledger, model.view(request.localizer)), .unprocessableEntity)
            } catch {
                let (status, text) = try PageActions.refusalText(error, request)
                return PageActions.status(page(request, .ledger, try await BatchPage.Model.load(request, error: text).view(request.localizer)), status)
            }
        }.requires(.permission(.manageLedger))
        for step in ["cancellation", "clawback", "recovery"] {
            routes.post(PagePath.ledgerPaymentStep(step).components) { request -> Response in
                struct Fields: Content { var reason: String?; var amount: String? }
                let fields = try request.content.decode(Fields.self)
                let id = try request.uuidParameter()
                let back = PagePath.ledgerPayment.url(id.uuidString)
                do {
                    _ = try await Idempotent.form(request, fields: ["reason": fields.reason ?? "", "amount": fields.amount ?? ""]) { context in
                        switch step {
                        case "cancellation": try await LedgerService.cancel(id, reason: fields.reason, context)
                        case "clawback":
                            let amount = try fields.amount.flatMap { $0.isEmpty ? nil : $0 }.map { try Self.yuan($0) }
                            try await LedgerService.clawback(id, ClawbackInput(amountFen: amount?.fen, reason: fields.reason), context)
                        default:
                            let amount = try fields.amount.flatMap { $0.isEmpty ? nil : $0 }.map { try Self.yuan($0) }
                            try await LedgerService.recover(id, amountFen: amount?.fen, context)
                        }
                        return back
                    }
                    return request.redirect(to: back, redirectType: .normal)
                } catch {
                    let (status, text) = try PageActions.refusalText(error, request)
                    return PageActions.status(page(request, .ledger, try await PaymentPage.Model.load(request, error: text).view(request.localizer)), status)
                }
            }.requires(.permission(.manageLedger))
        }
    }

    /// A form of the overview page: once per key, then back to the overview; refused, the overview with the reason.
    private func overviewForm(_ request: Request, fields: [String: String],
                              _ work: @escaping @Sendable (LedgerContext) async throws -> Void) async throws -> Response {
        do {
            let (url, _) = try await Idempotent.form(request, fields: fields) { context in
                try await work(context)
                return PagePath.ledger.url()
            }
            return request.redirect(to: url, redirectType: .normal)
        } catch {
            let (status, text) = try PageActions.refusalText(error, request)
            return PageActions.status(page(request, .ledger, try await LedgerOverview.Model.load(request, error: text).view(request.localizer)), status)
        }
    }

    /// An amount typed in yuan ("1,500.00", "¥1500"), as fen.
    static func yuan(_ text: String?, allowNegative: Bool = false) throws -> Money {
        guard let text, let money = try? Money(parsing: text), money.fen != 0, allowNegative || money.fen > 0 else {
            throw RequestProblem.validation([FieldProblem(field: "amount", code: "ledger.amount", chinese: "请填写金额（元，最多两位小数）",
                                                          english: "Enter an amount in yuan, with at most two decimals")])
        }
        return money
    }

    /// The rows of an uploaded result file, UTF-8 or GB18030, read as the registry import reads files.
    static func uploadedRows(_ request: Request) async throws -> [[String]] {
        let missing = FieldProblem(field: "file", code: "bank-result.missing", chinese: "请选择银行回盘文件", english: "Choose the bank's result file")
        return try await RowFiles.withUpload(request, prefix: "bank-result", missing: missing) { path in
            let reader = try ImportFile(path: path)
            var rows: [[String]] = []
            while let row = reader.next() {
                rows.append(row)
                if rows.count > LedgerService.maximumBatchLines + 1 { break }
            }
            return rows
        }
    }
}

extension PagePath {
    static let ledgerPayments = PagePath("ledger", "payments")
    static let ledgerPayment = PagePath("ledger", "payments", ":id")
    static let ledgerAllocations = PagePath("ledger", "allocations")
    static let ledgerBudgets = PagePath("ledger", "budgets")
    static let ledgerBatches = PagePath("ledger", "batches")
    static let ledgerBankFile = PagePath("ledger", "batches", ":id", "bank-file.csv")
    static let ledgerBankResult = PagePath("ledger", "batches", ":id", "bank-result")

    static func ledgerPaymentStep(_ step: String) -> PagePath { PagePath("ledger", "payments", ":id", PathComponent(stringLiteral: step)) }
}

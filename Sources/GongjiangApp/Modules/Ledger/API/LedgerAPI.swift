import CSV
import Foundation
import GongjiangCore
import Vapor

/// `/api/v1/ledger/…`, `/api/v1/payments/…`, `/api/v1/payment-batches/…`. Every request that moves money goes through
/// `Idempotent.respond` and needs an `Idempotency-Key`.
struct LedgerAPI: Sendable {
    // MARK: Reads

    func trialBalance(_ request: Request) async throws -> TrialBalanceDTO {
        let year = request.query[Int.self, at: "year"]
        let district = request.query[String.self, at: "district_code"]
        let balances = try await LedgerQueries(database: request.db, scope: request.scope).balances(year: year, district: district)
        let debits = balances.reduce(Int64(0)) { $0 + $1.debits.fen }, credits = balances.reduce(Int64(0)) { $0 + $1.credits.fen }
        return TrialBalanceDTO(year: year, districtCode: district, accounts: balances.map(BalanceDTO.init), totalDebitsFen: debits,
                               totalCreditsFen: credits, balanced: debits == credits)
    }

    func transactions(_ request: Request) async throws -> ListDTO<TransactionDTO> {
        let kind = try request.query[String.self, at: "kind"].map { text -> LedgerTransactionKind in
            guard let kind = LedgerTransactionKind(rawValue: text) else { throw RequestProblem.badParameter("kind") }
            return kind
        }
        let limit = PageSize.clamp(request.query[Int.self, at: "limit"])
        let rows = try await LedgerQueries(database: request.db, scope: request.scope)
            .transactions(kind: kind, district: request.query[String.self, at: "district_code"], before: try request.pageCursor()?.id, limit: limit + 1)
        return ListDTO(items: rows.prefix(limit).map(TransactionDTO.init),
                       nextCursor: rows.count > limit ? Cursor(key: "", id: rows[limit - 1].id).encoded : nil)
    }

    func transaction(_ request: Request) async throws -> TransactionDTO {
        guard let transaction = try await LedgerQueries(database: request.db, scope: request.scope).transaction(try request.uuidParameter()) else {
            throw RequestProblem.notFound
        }
        return TransactionDTO(transaction)
    }

    func payments(_ request: Request) async throws -> ListDTO<PaymentDTO> {
        let state = try request.query[String.self, at: "state"].map { text -> PaymentState in
            guard let state = PaymentState(rawValue: text) else { throw RequestProblem.badParameter("state") }
            return state
        }
        let limit = PageSize.clamp(request.query[Int.self, at: "limit"])
        let rows = try await LedgerQueries(database: request.db, scope: request.scope)
            .payments(state: state, district: request.query[String.self, at: "district_code"], year: request.query[Int.self, at: "year"],
                      before: try request.pageCursor()?.id, limit: limit + 1)
        return ListDTO(items: rows.prefix(limit).map(PaymentDTO.init),
                       nextCursor: rows.count > limit ? Cursor(key: "", id: rows[limit - 1].id).encoded : nil)
    }

    func payment(_ request: Request) async throws -> PaymentDTO {
        PaymentDTO(try await LedgerQueries(database: request.db, scope: request.scope).requirePayment(try request.uuidParameter()))
    }

    func batches(_ request: Request) async throws -> ListDTO<BatchDTO> {
        let limit = PageSize.clamp(request.query[Int.self, at: "limit"])
        let rows = try await LedgerQueries(database: request.db, scope: request.scope).batches(before: try request.pageCursor()?.id, limit: limit + 1)
        return ListDTO(items: rows.prefix(limit).map { BatchDTO($0) },
                       nextCursor: rows.count > limit ? Cursor(key: "", id: rows[limit - 1].id).encoded : nil)
    }

    func batch(_ request: Request) async throws -> BatchDTO {
        let queries = LedgerQueries(database: request.db, scope: request.scope)
        guard let batch = try await queries.batch(try request.uuidParameter()) else { throw RequestProblem.notFound }
        return BatchDTO(batch, lines: try await queries.lines(of: batch.id))
    }

    /// The file for the bank, whole names and accounts: for the city's finance office only, and audited.
    func bankFile(_ request: Request) async throws -> Response {
        let (number, lines) = try await LedgerService.bankFile(try request.uuidParameter(), request.ledger)
        var document = CSVDocument(header: BankFile.header)
        for line in lines { document.append(line.cells) }
        return document.response(fileName: "\(number).csv")
    }

    // MARK: Writes (idempotent)

    func allocate(_ request: Request) async throws -> Response {
        let input = try request.content.decode(AllocationInput.self)
        return try await Idempotent.respond(request) { context in
            try await self.created(LedgerService.allocate(input, context), context)
        }
    }

    func budget(_ request: Request) async throws -> Response {
        let input = try request.content.decode(BudgetInput.self)
        return try await Idempotent.respond(request) { context in
            try await self.created(LedgerService.setBudget(input, context), context)
        }
    }

    func reverse(_ request: Request) async throws -> Response {
        let id = try request.uuidParameter()
        let input = try request.content.decode(ReasonInput.self)
        return try await Idempotent.respond(request) { context in
            try await self.created(LedgerService.reverse(id, reason: input.reason, context), context)
        }
    }

    private func created(_ id: UUID, _ context: LedgerContext) async throws -> TransactionDTO {
        guard let transaction = try await LedgerQueries(database: context.database, scope: .city).transaction(id) else {
            throw RequestProblem.notFound
        }
        return TransactionDTO(transaction)
    }

    func cancel(_ request: Request) async throws -> Response {
        let id = try request.uuidParameter()
        let input = try request.content.decode(ReasonInput.self)
        return try await Idempotent.respond(request, status: .ok) { context in
            try await LedgerService.cancel(id, reason: input.reason, context)
            return try await self.payment(id, context)
        }
    }

    func clawback(_ request: Request) async throws -> Response {
        let id = try request.uuidParameter()
        let input = try request.content.decode(ClawbackInput.self)
        return try await Idempotent.respond(request, status: .ok) { context in
            try await LedgerService.clawback(id, input, context)
            return try await self.payment(id, context)
        }
    }

    func recover(_ request: Request) async throws -> Response {
        let id = try request.uuidParameter()
        let input = try request.content.decode(RecoveryInput.self)
        return try await Idempotent.respond(request, status: .ok) { context in
            try await LedgerService.recover(id, amountFen: input.amountFen, context)
            return try await self.payment(id, context)
        }
    }

    private func payment(_ id: UUID, _ context: LedgerContext) async throws -> PaymentDTO {
        PaymentDTO(try await LedgerQueries(database: context.database, scope: context.scope).requirePayment(id))
    }

    func createBatch(_ request: Request) async throws -> Response {
        let input = try request.content.decode(BatchInput.self)
        return try await Idempotent.respond(request) { context in
            let id = try await LedgerService.createBatch(input, context)
            let queries = LedgerQueries(database: context.database, scope: context.scope)
            guard let batch = try await queries.batch(id) else { throw RequestProblem.notFound }
            return BatchDTO(batch, lines: try await queries.lines(of: id))
        }
    }

    func bankResult(_ request: Request) async throws -> Response {
        let id = try request.uuidParameter()
        let input = try request.content.decode(BankResultInput.self)
        guard let content = input.content, !content.isEmpty else {
            throw RequestProblem.validation([FieldProblem(field: "content", code: "bank-result.empty", chinese: "回盘文件为空",
                                                          english: "The result file is empty")])
        }
        let rows = try Self.rows(content)
        return try await Idempotent.respond(request, status: .ok) { context in
            do {
                return try await LedgerService.applyResult(id, rows: rows, context)
            } catch let refusal as BankResultRefusal {
                throw refusal.problem
            }
        }
    }

    /// The rows of a small CSV text (a bank's result file), the byte-order mark dropped.
    static func rows(_ text: String) throws -> [[String]] {
        let clean = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        do {
            let reader = try CSVReader(string: clean)
            var rows: [[String]] = []
            while let row = reader.next() {
                rows.append(row)
                if rows.count > LedgerService.maximumBatchLines + 1 { break }
            }
            return rows
        } catch {
            throw RequestProblem.validation([FieldProblem(field: "content", code: "bank-result.unreadable", chinese: "回盘文件不是有效的 CSV",
                                                          english: "The result file is not valid CSV")])
        }
    }

    /// What `gongjiang ledger verify` says, for the finance office's page and scripts.
    func check(_ request: Request) async throws -> LedgerCheckDTO {
        switch try await LedgerVerification.run(on: request.db) {
        case .success(let totals):
            return LedgerCheckDTO(holds: true, violation: nil, transactions: totals.transactions, postings: totals.postings,
                                  payments: totals.payments, totalsFen: Dictionary(uniqueKeysWithValues: totals.byKind.map { ($0.key.rawValue, $0.value.fen) }))
        case .failure(let violation):
            return LedgerCheckDTO(holds: false, violation: violation.description, transactions: 0, postings: 0, payments: 0, totalsFen: [:])
        }
    }
}

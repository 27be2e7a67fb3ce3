import Fluent
import Foundation
@testable import GongjiangApp
import GongjiangCore
import SQLKit
import Testing
import VaporTesting

/// The ledger's API: idempotency keys on every request that moves money, and each caller's scope.
@Suite("Ledger API")
struct LedgerAPITests {
    static func post(_ app: Application, _ path: String, _ caller: Caller, key: String?, body: String) async throws -> TestingHTTPResponse {
        try await app.testing().sendRequest(.POST, path, headers: caller.headers) { request in
            if let key { request.headers.replaceOrAdd(name: Idempotent.header, value: key) }
            request.headers.contentType = .json
            request.body = ByteBuffer(string: body)
        }
    }

    static func transactionCount(_ app: Application) async throws -> Int {
        try await app.db.sql.raw("SELECT COUNT(*) AS n FROM ledger_transactions").first()?.decode(column: "n", as: Int.self) ?? 0
    }

    @Test("The same key and body give the same answer without a second effect; another body is 422; no key is 400",
          arguments: TestDatabase.available)
    func idempotency(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let city = try await app.cityAdminToken()
            let body = #"{"amountFen": 500000000, "document": "通财社〔2026〕1号"}"#
            let first = try await Self.post(app, "/api/v1/ledger/allocations", city, key: "alloc-1", body: body)
            #expect(first.status == .created)
            let again = try await Self.post(app, "/api/v1/ledger/allocations", city, key: "alloc-1", body: body)
            #expect(again.status == .created)
            #expect(again.body.string == first.body.string, "the same answer")
            #expect(again.headers.first(name: Idempotent.replayedHeader) == "true")
            #expect(try await Self.transactionCount(app) == 1, "one effect")

            let other = try await Self.post(app, "/api/v1/ledger/allocations", city, key: "alloc-1", body: #"{"amountFen": 1, "document": "x"}"#)
            #expect(other.status == .unprocessableEntity)
            #expect(other.headers.contentType?.subType == "problem+json")
            #expect(other.body.string.contains("idempotency.key-reused"))
            let none = try await Self.post(app, "/api/v1/ledger/allocations", city, key: nil, body: body)
            #expect(none.status == .badRequest)
            #expect(none.body.string.contains("Idempotency-Key"))
            #expect(try await Self.transactionCount(app) == 1)

            // Another caller's key of the same text is theirs alone.
            let second = try await app.cityAdminToken()
            #expect(try await Self.post(app, "/api/v1/ledger/allocations", second, key: "alloc-1", body: body).status == .created)
            #expect(try await Self.transactionCount(app) == 2)
        }
    }

    @Test("Eight requests at once with one key move the money once", arguments: TestDatabase.available)
    func concurrentReplays(database: TestDatabase) async throws {
        try await withGongjiang(database) { app in
            let city = try await app.cityAdminToken()
            let world = LedgerWorld(app: app)
            try await world.fund(budgetYuan: 1_000)
            let body = #"{"districtCode": "320612", "year": 2026, "amountFen": 10000, "document": "通人社〔2026〕9号"}"#
            let statuses = await withTaskGroup(of: UInt.self) { group in
                for _ in 0..<8 {
                    group.addTask { (try? await Self.post(app, "/api/v1/ledger/budgets", city, key: "budget-320612", body: body).status.code) ?? 0 }
                }
                var all: [UInt] = []
                for await status in group { all.append(status) }
                return all
            }
            #expect(statuses.allSatisfy { $0 == 201 }, "\(statuses)")
            #expect(try await world.budget("320612") == Money(yuan: 100))
            try await world.verify()
        }
    }

    @Test("A district officer reads their own district's payments and batches only; another district's answers 404; no money moves")
    func districtScope() async throws {
        try await withGongjiang(.sqlite) { app in
            let world = LedgerWorld(app: app)
            try await world.fund(budgetYuan: 1_000)
            try await world.fund(budgetYuan: 1_000, district: "320612")
            let own = try await world.commit("own", yuan: 100)
            let other = try await world.commit("other", yuan: 100, district: "320612")
            let officer = try await app.tokenCaller(try await app.makeAccount(.districtOfficer, district: "320602"))
            let list = try await app.testing().sendRequest(.GET, "/api/v1/payments", headers: officer.headers)
            #expect(list.status == .ok)
            #expect(list.body.string.contains(own.uuidString) && !list.body.string.contains(other.uuidString))
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/payments/\(other.uuidString)", headers: officer.headers).status == .notFound)
            let trial = try await app.testing().sendRequest(.GET, "/api/v1/ledger/trial-balance?year=2026", headers: officer.headers)
            #expect(trial.body.string.contains("320602") && !trial.body.string.contains("320612"))
            // The payee's account is masked in the API.
            #expect(!list.body.string.contains("6222020200112233445") && list.body.string.contains("3445"))
            let refused = try await Self.post(app, "/api/v1/payments/\(own.uuidString)/cancellation", officer, key: "k", body: #"{"reason": "x"}"#)
            #expect(refused.status == .forbidden)
            #expect(try await world.state(own) == .committed)
        }
    }

    @Test("The bank result through the API: applied once; the same file again with a new key is refused whole")
    func bankResultAPI() async throws {
        try await withGongjiang(.sqlite) { app in
            let city = try await app.cityAdminToken()
            let world = LedgerWorld(app: app)
            try await world.fund(budgetYuan: 1_000)
            let payment = try await world.commit("c-1", yuan: 250)
            let made = try await Self.post(app, "/api/v1/payment-batches", city, key: "batch-1", body: #"{"districtCode": "320602", "year": 2026}"#)
            #expect(made.status == .created)
            let batch = try JSONDecoder().decode(BatchDTO.self, from: made.body)
            let file = try await app.testing().sendRequest(.GET, "/api/v1/payment-batches/\(batch.id.uuidString)/bank-file", headers: city.headers)
            #expect(file.headers.contentType?.subType == "csv")
            #expect(file.body.string.contains("6222020200112233445"), "the whole account in the bank's file")
            let reference = try #require(batch.lines?.first?.reference)
            let result = #"{"content": "reference,amount,result,reason\n\#(reference),250.00,成功,\n"}"#
            let applied = try await Self.post(app, "/api/v1/payment-batches/\(batch.id.uuidString)/bank-result", city, key: "result-1", body: result)
            #expect(applied.status == .ok, "\(applied.body.string)")
            #expect(try await world.state(payment) == .paid)
            let twice = try await Self.post(app, "/api/v1/payment-batches/\(batch.id.uuidString)/bank-result", city, key: "result-2", body: result)
            #expect(twice.status == .unprocessableEntity)
            #expect(twice.body.string.contains("bank-result.already-settled"))
            try await world.verify()
        }
    }
}

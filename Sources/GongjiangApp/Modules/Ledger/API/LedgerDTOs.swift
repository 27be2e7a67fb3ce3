import Foundation
import GongjiangCore
import Vapor

struct PostingDTO: Content {
    let account: String
    let kind: String
    let districtCode: String?
    let year: Int?
    let amountFen: Int64
    let paymentId: String?

    init(_ posting: LedgerPosting) {
        account = posting.account.code
        kind = posting.account.kind.rawValue
        districtCode = posting.account.district
        year = posting.account.year
        amountFen = posting.amount.fen
        paymentId = posting.paymentID
    }
}

struct TransactionDTO: Content {
    let id: UUID
    let kind: String
    let kindName: String
    let sourceKind: String
    let sourceId: String
    let amountFen: Int64
    let memo: String
    let reverses: UUID?
    let createdBy: String
    let createdAt: String
    let postings: [PostingDTO]?

    init(_ transaction: LedgerQueries.Transaction) {
        id = transaction.id
        kind = transaction.kind.rawValue
        kindName = transaction.kind.chineseName
        sourceKind = transaction.source.kind
        sourceId = transaction.source.id
        amountFen = transaction.amount.fen
        memo = transaction.memo
        reverses = transaction.reverses
        createdBy = transaction.createdBy
        createdAt = ISO8601DateFormatter().string(from: transaction.createdAt)
        postings = transaction.postings.isEmpty ? nil : transaction.postings.map(PostingDTO.init)
    }
}

struct BalanceDTO: Content {
    let account: String
    let kind: String
    let kindName: String
    let districtCode: String?
    let year: Int?
    let balanceFen: Int64
    let debitsFen: Int64
    let creditsFen: Int64

    init(_ balance: LedgerQueries.Balance) {
        account = balance.account.code
        kind = balance.account.kind.rawValue
        kindName = balance.account.kind.chineseName
        districtCode = balance.account.district
        year = balance.account.year
        balanceFen = balance.balance.fen
        debitsFen = balance.debits.fen
        creditsFen = balance.credits.fen
    }
}

/// 试算平衡表: every account in scope with its debits (money in) and credits (money out). Over the whole ledger the
/// two totals are equal; over a district's accounts they differ by what came from, or went to, the city's accounts.
struct TrialBalanceDTO: Content {
    let year: Int?
    let districtCode: String?
    let accounts: [BalanceDTO]
    let totalDebitsFen: Int64
    let totalCreditsFen: Int64
    let balanced: Bool
}

struct PaymentDTO: Content {
    let id: UUID
    let sourceKind: String
    let sourceId: String
    let districtCode: String
    let year: Int
    let payee: String
    let payeeNameMasked: String
    let accountMasked: String
    let amountFen: Int64
    let clawedBackFen: Int64
    let recoveredFen: Int64
    let state: String
    let stateName: String
    let stateReason: String?
    let purpose: String

    init(_ payment: LedgerQueries.Payment) {
        id = payment.id
        sourceKind = payment.source.kind
        sourceId = payment.source.id
        districtCode = payment.districtCode
        year = payment.year
        payee = payment.payee
        payeeNameMasked = payment.payee == PaymentRules.Payee.person.rawValue ? Masking.name(payment.payeeName) : payment.payeeName
        accountMasked = payment.accountMasked
        amountFen = payment.amount.fen
        clawedBackFen = payment.clawedBack.fen
        recoveredFen = payment.recovered.fen
        state = payment.state.rawValue
        stateName = payment.state.chineseName
        stateReason = payment.stateReason
        purpose = payment.purpose
    }
}

struct BatchLineDTO: Content {
    let reference: String
    let paymentId: UUID
    let payeeNameMasked: String
    let accountMasked: String
    let amountFen: Int64
    let state: String
    let reason: String?

    init(_ line: LedgerQueries.Line) {
        reference = line.reference
        paymentId = line.paymentID
        payeeNameMasked = Masking.name(line.payeeName)
        accountMasked = line.accountMasked
        amountFen = line.amount.fen
        state = line.state
        reason = line.reason
    }
}

struct BatchDTO: Content {
    let id: UUID
    let number: String
    let districtCode: String
    let year: Int
    let state: String
    let lineCount: Int
    let totalFen: Int64
    let createdAt: String
    let lines: [BatchLineDTO]?

    init(_ batch: LedgerQueries.Batch, lines: [LedgerQueries.Line]? = nil) {
        id = batch.id
        number = batch.number
        districtCode = batch.districtCode
        year = batch.year
        state = batch.state
        lineCount = batch.lineCount
        totalFen = batch.total.fen
        createdAt = ISO8601DateFormatter().string(from: batch.createdAt)
        self.lines = lines.map { $0.map(BatchLineDTO.init) }
    }
}

struct TransactionCreated: Content {
    let transactionId: UUID
}

struct BankResultInput: Content {
    /// The bank's result file as text (CSV: reference, amount, result, reason).
    var content: String?
}

struct RecoveryInput: Content {
    var amountFen: Int64?
}

struct LedgerCheckDTO: Content {
    let holds: Bool
    let violation: String?
    let transactions: Int
    let postings: Int
    let payments: Int
    let totalsFen: [String: Int64]
}

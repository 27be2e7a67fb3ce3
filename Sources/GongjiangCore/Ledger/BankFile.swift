import Foundation

/// The bank file of a payment batch and the bank's result file, as CSV (docs/formats.md, "Bank files").
///
/// The platform writes one line per payment: a reference it never reuses, the payee's whole name and account (the
/// file goes to the bank, so nothing is masked in it), the amount in yuan with two decimals, and the purpose. The
/// bank answers with one line per reference: paid or failed, with the amount and, for a failure, its reason.
public enum BankFile {
    public static let header = ["reference", "payee_name", "account", "amount", "purpose"]
    public static let resultHeader = ["reference", "amount", "result", "reason"]
    /// Chinese headers the bank's templates use, read as the English ones.
    static let resultAliases = ["参考号": "reference", "金额": "amount", "结果": "result", "原因": "reason", "失败原因": "reason"]

    /// A line of the file sent to the bank.
    public struct Line: Sendable, Equatable {
        public let reference: String
        public let payeeName: String
        public let account: String
        public let amount: Money
        public let purpose: String

        public init(reference: String, payeeName: String, account: String, amount: Money, purpose: String) {
            self.reference = reference
            self.payeeName = payeeName
            self.account = account
            self.amount = amount
            self.purpose = purpose
        }

        /// The amount as the bank reads it: "1234.56", no separators.
        public var cells: [String] { [reference, payeeName, account, amount.plainYuanText, purpose] }
    }

    /// A line of the bank's answer.
    public struct Result: Sendable, Equatable {
        public let reference: String
        public let amount: Money
        public let paid: Bool
        public let reason: String
    }

    /// One problem with the result file, by its row (1 = the header) and column.
    public struct Issue: Sendable, Equatable, Error {
        public let row: Int
        public let column: String
        public let code: String
        public let chinese: String
        public let english: String
    }

    /// A result file refused whole, with every bad line.
    public struct Refusal: Error, Sendable, Equatable {
        public let issues: [Issue]
    }

    /// What the platform sent and has not yet heard back about, or has: by reference.
    public struct Sent: Sendable, Equatable {
        public let amount: Money
        public let settled: Bool

        public init(amount: Money, settled: Bool) {
            self.amount = amount
            self.settled = settled
        }
    }

    /// Reads and checks the whole result file against what was sent: the columns, each line's reference (known, not
    /// already settled, given once), amount (equal to what was sent) and result. Any issue refuses the whole file, so a
    /// result is applied whole or not at all.
    public static func readResult(_ rows: [[String]], sent: [String: Sent]) -> Swift.Result<[Result], Refusal> {
        guard let header = rows.first else {
            return .failure(Refusal(issues: [Issue(row: 1, column: "", code: "bank-result.empty", chinese: "回盘文件为空", english: "The result file is empty")]))
        }
        var index: [String: Int] = [:]
        for (position, raw) in header.enumerated() {
            let name = raw.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "\u{FEFF}", with: "").lowercased()
            let key = resultAliases[name] ?? name
            guard resultHeader.contains(key), index[key] == nil else {
                return .failure(Refusal(issues: [Issue(row: 1, column: raw, code: "bank-result.columns",
                                       chinese: "列不正确：应为 \(resultHeader.joined(separator: ","))（收到“\(raw)”）",
                                       english: "Wrong columns: expected \(resultHeader.joined(separator: ",")) (got “\(raw)”)")]))
            }
            index[key] = position
        }
        for required in ["reference", "amount", "result"] where index[required] == nil {
            return .failure(Refusal(issues: [Issue(row: 1, column: required, code: "bank-result.columns",
                                   chinese: "缺少列 \(required)", english: "The column \(required) is missing")]))
        }
        var results: [Result] = []
        var issues: [Issue] = []
        var seen: Set<String> = []
        for (offset, cells) in rows.dropFirst().enumerated() {
            let row = offset + 2
            if cells.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            func cell(_ key: String) -> String {
                index[key].flatMap { $0 < cells.count ? cells[$0].trimmingCharacters(in: .whitespaces) : nil } ?? ""
            }
            let reference = cell("reference")
            guard let expected = sent[reference] else {
                issues.append(Issue(row: row, column: "reference", code: "bank-result.unknown-reference",
                                    chinese: "参考号“\(reference.prefix(40))”不属于本批次", english: "The reference “\(reference.prefix(40))” is not in this batch"))
                continue
            }
            guard seen.insert(reference).inserted else {
                issues.append(Issue(row: row, column: "reference", code: "bank-result.duplicate-reference",
                                    chinese: "参考号 \(reference) 在文件中出现多次", english: "The reference \(reference) appears more than once"))
                continue
            }
            if expected.settled {
                issues.append(Issue(row: row, column: "reference", code: "bank-result.already-settled",
                                    chinese: "参考号 \(reference) 已回盘，不能再次处理", english: "The reference \(reference) is already settled"))
                continue
            }
            guard let amount = try? Money(parsing: cell("amount")) else {
                issues.append(Issue(row: row, column: "amount", code: "bank-result.amount-unreadable",
                                    chinese: "金额“\(cell("amount").prefix(20))”无法识别", english: "The amount “\(cell("amount").prefix(20))” cannot be read"))
                continue
            }
            if amount != expected.amount {
                issues.append(Issue(row: row, column: "amount", code: "bank-result.amount-mismatch",
                                    chinese: "金额 \(amount.yuanText) 元与发送的 \(expected.amount.yuanText) 元不符",
                                    english: "The amount \(amount.yuanText) differs from the \(expected.amount.yuanText) sent"))
                continue
            }
            let paid: Bool
            switch cell("result").lowercased() {
            case "paid", "success", "成功", "已支付": paid = true
            case "failed", "failure", "失败", "支付失败": paid = false
            default:
                issues.append(Issue(row: row, column: "result", code: "bank-result.result",
                                    chinese: "结果应为“成功”或“失败”（paid/failed）", english: "The result must be paid or failed"))
                continue
            }
            results.append(Result(reference: reference, amount: amount, paid: paid, reason: String(cell("reason").prefix(200))))
        }
        if results.isEmpty && issues.isEmpty {
            issues.append(Issue(row: 2, column: "", code: "bank-result.empty", chinese: "回盘文件没有数据行", english: "The result file has no lines"))
        }
        return issues.isEmpty ? .success(results) : .failure(Refusal(issues: issues))
    }
}

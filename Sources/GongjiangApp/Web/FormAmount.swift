import Foundation
import GongjiangCore

/// Amounts typed in yuan on a form ("1,500.00", "¥1500"), in fen for the service.
enum FormAmount {
    /// A blank field is nil (the service says whether it is required); anything else is a non-negative amount with at
    /// most two decimals, or a problem naming the field.
    static func fen(_ text: String?, field: String) throws -> Int64? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        guard let money = try? Money(parsing: text), money.fen >= 0 else {
            throw RequestProblem.validation([FieldProblem(field: field, code: "form.amount", chinese: "金额应为元，最多两位小数，不能为负数",
                                                          english: "An amount is in yuan, with at most two decimals, not negative")])
        }
        return money.fen
    }
}

import Foundation

/// An amount of renminbi in fen (分, 1/100 yuan), as an exact integer.
///
/// Subsidies are computed, summed and reconciled against bank statements to the fen, so binary
/// floating point (which cannot represent 0.1) is never used. Int64 fen covers ±92 trillion yuan.
/// Arithmetic that overflows is a programming error and stops the process rather than wrapping.
public struct Money: Hashable, Comparable, Sendable, Codable, CustomStringConvertible, AdditiveArithmetic {
    public let fen: Int64

    public init(fen: Int64) {
        self.fen = fen
    }

    public init(yuan: Int64) {
        let (fen, overflow) = yuan.multipliedReportingOverflow(by: 100)
        precondition(!overflow, "Money(yuan: \(yuan)) overflows Int64 fen")
        self.fen = fen
    }

    public static let zero = Money(fen: 0)

    /// Reads an amount in yuan as written in spreadsheets and forms: "1234", "1,234.5", "1234.56",
    /// "¥1,234.56", "￥1234", "1234.56元", "-12.30". At most two decimals: a third would be a
    /// fraction of a fen, which no payment can carry, so it is refused rather than rounded away.
    public init(parsing text: String) throws(MoneyError) {
        var body = Substring(text.halfWidthNormalized)
        guard !body.isEmpty else { throw .unreadable(text) }

        var negative = false
        func takeSign() {
            if body.first == "-" || body.first == "−" {
                negative = true
                body = body.dropFirst()
            } else if body.first == "+" {
                body = body.dropFirst()
            }
        }
        takeSign()
        if body.first == "¥" || body.first == "￥" {
            body = body.dropFirst()
            // "¥-12.30" as well as "-¥12.30", but not both signs.
            if !negative { takeSign() }
        }
        if body.hasSuffix("元") { body = body.dropLast() }
        body = Substring(String(body).trimmingSpaces)

        let pieces = body.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(pieces.count) else { throw .unreadable(text) }
        let integerPart = pieces[0]
        let fractionPart = pieces.count == 2 ? pieces[1] : ""
        guard Self.isWellGrouped(integerPart),
              pieces.count == 1 || fractionPart.isAllASCIIDigits
        else { throw .unreadable(text) }
        guard fractionPart.count <= 2 else { throw .tooPrecise(text) }

        let integerDigits = integerPart.filter { $0 != "," }
        // Accumulate negatively so that the most negative amount is reachable, then negate if needed.
        var total: Int64 = 0
        for digit in integerDigits + fractionPart + String(repeating: "0", count: 2 - fractionPart.count) {
            let (shifted, overflow1) = total.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = shifted.subtractingReportingOverflow(Int64(digit.asciiDigitValue!))
            guard !overflow1, !overflow2 else { throw .outOfRange(text) }
            total = next
        }
        if !negative {
            let (positive, overflow) = Int64(0).subtractingReportingOverflow(total)
            guard !overflow else { throw .outOfRange(text) }
            total = positive
        }
        fen = total
    }

    /// Digits, optionally grouped by commas in threes ("1,234,567"); a lone group may be 1–3 digits.
    private static func isWellGrouped(_ integer: Substring) -> Bool {
        guard integer.contains(",") else { return integer.isAllASCIIDigits }
        let groups = integer.split(separator: ",", omittingEmptySubsequences: false)
        guard let first = groups.first, (1...3).contains(first.count) else { return false }
        return groups.allSatisfy(\.isAllASCIIDigits) && groups.dropFirst().allSatisfy { $0.count == 3 }
    }

    /// "1234.56": no separators, always two decimals, a leading "-" when negative; as bank files carry amounts.
    public var plainYuanText: String {
        yuanText.replacingOccurrences(of: ",", with: "")
    }

    /// "1,234.56": thousands separators, always two decimals, a leading "-" when negative.
    public var yuanText: String {
        Self.format(magnitude: fen.magnitude, negative: fen < 0)
    }

    /// The amount in 万元 (10,000 yuan) with two decimals, rounded half away from zero, as the
    /// bureau's yearly report tables show money: 52,525,300 yuan → "5,252.53".
    public var wanYuanText: String {
        // One hundredth of 万元 is 100 yuan = 10,000 fen.
        let hundredthsOfWan = Self.divideRoundingHalfAwayFromZero(fen, by: 10_000)
        return Self.format(magnitude: hundredthsOfWan.magnitude, negative: hundredthsOfWan < 0)
    }

    /// "¥1,234.56", "-¥12.30".
    public var description: String {
        (fen < 0 ? "-¥" : "¥") + Self.format(magnitude: fen.magnitude, negative: false)
    }

    public static func + (lhs: Money, rhs: Money) -> Money {
        let (sum, overflow) = lhs.fen.addingReportingOverflow(rhs.fen)
        precondition(!overflow, "Money addition overflows Int64 fen")
        return Money(fen: sum)
    }

    public static func - (lhs: Money, rhs: Money) -> Money {
        let (difference, overflow) = lhs.fen.subtractingReportingOverflow(rhs.fen)
        precondition(!overflow, "Money subtraction overflows Int64 fen")
        return Money(fen: difference)
    }

    /// E.g. headcount × rate per person.
    public func multiplied(by n: Int64) -> Money {
        let (product, overflow) = fen.multipliedReportingOverflow(by: n)
        precondition(!overflow, "Money multiplication overflows Int64 fen")
        return Money(fen: product)
    }

    /// `p` percent of the amount, rounded half away from zero to the fen (the rounding of
    /// Chinese accounting practice, 四舍五入), e.g. the 50% advance of an apprenticeship subsidy.
    public func percent(_ p: Int64) -> Money {
        let (product, overflow) = fen.multipliedReportingOverflow(by: p)
        precondition(!overflow, "Money percentage overflows Int64 fen")
        return Money(fen: Self.divideRoundingHalfAwayFromZero(product, by: 100))
    }

    public static func < (lhs: Money, rhs: Money) -> Bool {
        lhs.fen < rhs.fen
    }

    // MARK: Codable as Int64 fen

    public init(from decoder: any Decoder) throws {
        fen = try decoder.singleValueContainer().decode(Int64.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(fen)
    }

    // MARK: Helpers

    /// `divisor` must be positive. Works on the remainder, so it cannot overflow.
    static func divideRoundingHalfAwayFromZero(_ value: Int64, by divisor: Int64) -> Int64 {
        let quotient = value / divisor
        let remainder = value % divisor   // same sign as value
        guard remainder.magnitude * 2 >= divisor.magnitude else { return quotient }
        return value < 0 ? quotient - 1 : quotient + 1
    }

    /// Groups the integer part by thousands and always shows two decimals.
    private static func format(magnitude: UInt64, negative: Bool) -> String {
        let integer = String(magnitude / 100)
        let cents = magnitude % 100
        var grouped = ""
        for (offset, digit) in integer.enumerated() {
            if offset > 0, (integer.count - offset) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        return (negative ? "-" : "") + grouped + "." + (cents < 10 ? "0" : "") + String(cents)
    }
}

private extension String {
    var trimmingSpaces: String {
        var text = Substring(self)
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}

public enum MoneyError: DomainError, Equatable {
    case unreadable(String)
    case tooPrecise(String)
    case outOfRange(String)

    public var code: String {
        switch self {
        case .unreadable: "money.unreadable"
        case .tooPrecise: "money.too-precise"
        case .outOfRange: "money.out-of-range"
        }
    }

    public var chinese: String {
        switch self {
        case .unreadable(let text): "无法识别的金额“\(text)”，应如 1234.56 或 1,234.56"
        case .tooPrecise(let text): "金额“\(text)”超过两位小数（最小单位为分）"
        case .outOfRange(let text): "金额“\(text)”超出可处理的范围"
        }
    }

    public var english: String {
        switch self {
        case .unreadable(let text): "“\(text)” is not an amount of money; write it like 1234.56 or 1,234.56"
        case .tooPrecise(let text): "“\(text)” has more than two decimals; the smallest unit is the fen"
        case .outOfRange(let text): "“\(text)” is too large an amount"
        }
    }
}

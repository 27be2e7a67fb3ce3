// Digit tests that mean ASCII 0–9 only. The standard library's `isNumber`/`isWholeNumber` accept
// every script's digits and numerals, which no identifier in the GB standards allows.

extension Character {
    /// "0"…"9" only; `Character.isNumber` would also accept “三”, “٣” and “½”.
    public var isASCIIDigit: Bool {
        guard let ascii = asciiValue else { return false }
        return ascii >= 0x30 && ascii <= 0x39
    }

    /// The value of an ASCII digit, or nil.
    var asciiDigitValue: Int? {
        isASCIIDigit ? Int(asciiValue! - 0x30) : nil
    }
}

extension StringProtocol {
    /// True when every character is an ASCII digit (and there is at least one).
    var isAllASCIIDigits: Bool {
        !isEmpty && allSatisfy(\.isASCIIDigit)
    }
}

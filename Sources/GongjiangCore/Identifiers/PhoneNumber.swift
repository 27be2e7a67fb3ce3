/// A mainland China mobile number: 11 digits, starting with 1, second digit 3–9
/// (the 13x–19x segments allocated by the MIIT numbering plan).
public struct PhoneNumber: Hashable, Sendable, CustomStringConvertible {
    /// The 11 digits, without country code or separators.
    public let value: String

    /// Accepts the forms people type: full-width digits, spaces and hyphens as separators
    /// ("138 0013 8000", "138-0013-8000") and a country-code prefix (+86, 0086, or a bare 86 in
    /// front of 11 digits).
    public init(_ raw: String) throws(PhoneNumberError) {
        // The fast path (ASCIIBytes.swift): 11 ASCII digits, 1 then 3–9.
        if raw.withASCIIBytes({ $0.count == 11 && $0.areDigits(0..<11) && $0[0] == UInt8(ascii: "1") && $0[1] >= UInt8(ascii: "3") }) == true {
            value = raw
            return
        }
        let trimmed = raw.halfWidthNormalized
        guard !trimmed.isEmpty else { throw .empty }
        var digits = Substring(trimmed.filter { $0 != " " && $0 != "-" })
        if digits.hasPrefix("+86") {
            digits = digits.dropFirst(3)
        } else if digits.hasPrefix("0086") {
            digits = digits.dropFirst(4)
        } else if digits.hasPrefix("86"), digits.count == 13 {
            // Only when 11 digits remain: "86…" alone is never a valid mobile prefix, but a
            // shorter string starting with 86 is better reported as the invalid text it is.
            digits = digits.dropFirst(2)
        }
        let characters = Array(digits)
        guard characters.count == 11,
              digits.isAllASCIIDigits,
              characters[0] == "1",
              let second = characters[1].asciiDigitValue, second >= 3
        else { throw .invalid(trimmed) }
        value = String(digits)
    }

    /// "138****5678": the form shown on pages where the full number is not needed.
    public var masked: String { String(value.prefix(3)) + "****" + String(value.suffix(4)) }

    public var description: String { value }
}

public enum PhoneNumberError: DomainError, Equatable {
    case empty
    case invalid(String)

    public var code: String {
        switch self {
        case .empty: "phone-number.empty"
        case .invalid: "phone-number.invalid"
        }
    }

    public var chinese: String {
        switch self {
        case .empty: "手机号为空"
        case .invalid(let text): "手机号“\(text)”无效，应为以 1 开头的 11 位数字"
        }
    }

    public var english: String {
        switch self {
        case .empty: "The mobile number is empty"
        case .invalid(let text): "“\(text)” is not a mainland mobile number (11 digits starting with 13–19)"
        }
    }
}

/// A unified social credit code (统一社会信用代码), GB 32100-2015, keying an organization.
///
/// 18 characters: registration authority (1), organization category (1), administrative division
/// code (6, GB/T 2260), organization identifier (9, GB 11714) and a check character (1). The
/// alphabet is the 31 characters 0–9 and A–Z without I, O, S, V and Z, which are easily confused
/// with digits; 31 is prime, so every single-character error is detected.
public struct CreditCode: Hashable, Sendable, CustomStringConvertible {
    /// Normalised: half-width, upper-case, 18 characters.
    public let value: String

    public init(_ raw: String) throws(CreditCodeError) {
        if Self.isValidASCII(raw) {
            value = raw
            return
        }
        let text = raw.halfWidthNormalized.uppercased()
        guard !text.isEmpty else { throw .empty }
        if let bad = text.first(where: { Self.alphabetIndex[$0] == nil }) {
            throw .invalidCharacter(bad)
        }
        guard text.count == 18 else { throw .wrongLength(text.count) }
        // Every character is in the alphabet here, so a check character always exists.
        let expected = Self.checkCharacter(for: String(text.prefix(17)))!
        let found = text.last!
        guard found == expected else { throw .checkCharacterMismatch(expected: expected, found: found) }
        value = text
    }

    /// The registration authority code, e.g. 9 for market supervision (工商), 5 for civil affairs.
    public var registrationAuthority: Character { Array(value)[0] }

    /// The organization category within its authority, e.g. 1 for an enterprise under authority 9.
    public var organizationCategory: Character { Array(value)[1] }

    /// Characters 3–8: the GB/T 2260 division of the registering authority.
    public var regionCode: String { String(Array(value)[2..<8]) }

    public var description: String { value }

    /// GB 32100-2015 §5: weights 3^(i-1) mod 31 = 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28,
    /// check = alphabet[(31 − sum mod 31) mod 31]. Returns nil unless `first17` is 17 characters of
    /// the alphabet (upper case).
    public static func checkCharacter(for first17: String) -> Character? {
        guard first17.count == 17 else { return nil }
        var sum = 0
        for (character, weight) in zip(first17, weights) {
            guard let index = alphabetIndex[character] else { return nil }
            sum += index * weight
        }
        return alphabet[(31 - sum % 31) % 31]
    }

    /// The fast path (ASCIIBytes.swift): 18 upper-case ASCII characters of the alphabet with the right check character.
    private static func isValidASCII(_ raw: String) -> Bool {
        raw.withASCIIBytes { bytes -> Bool? in
            guard bytes.count == 18 else { return nil }
            var sum = 0
            for index in 0..<17 {
                let value = alphabetValueByByte[Int(bytes[index])]
                guard value >= 0 else { return nil }
                sum += Int(value) * weights[index]
            }
            return alphabetBytes[(31 - sum % 31) % 31] == bytes[17] ? true : nil
        } ?? false
    }

    private static let alphabetBytes: [UInt8] = Array("0123456789ABCDEFGHJKLMNPQRTUWXY".utf8)
    /// Value of each ASCII byte in the alphabet, −1 when it is not in it.
    private static let alphabetValueByByte: [Int8] = {
        var table = [Int8](repeating: -1, count: 128)
        for (value, byte) in alphabetBytes.enumerated() { table[Int(byte)] = Int8(value) }
        return table
    }()

    /// The code alphabet in value order (GB 32100-2015 Table 1).
    public static let alphabet: [Character] = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    private static let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    private static let alphabetIndex: [Character: Int] =
        Dictionary(uniqueKeysWithValues: alphabet.enumerated().map { ($1, $0) })
}

public enum CreditCodeError: DomainError, Equatable {
    case empty
    case wrongLength(Int)
    case invalidCharacter(Character)
    case checkCharacterMismatch(expected: Character, found: Character)

    public var code: String {
        switch self {
        case .empty: "credit-code.empty"
        case .wrongLength: "credit-code.length"
        case .invalidCharacter: "credit-code.character"
        case .checkCharacterMismatch: "credit-code.check-character"
        }
    }

    public var chinese: String {
        switch self {
        case .empty:
            "统一社会信用代码为空"
        case .wrongLength(let count):
            "统一社会信用代码应为 18 位，实为 \(count) 位"
        case .invalidCharacter(let character):
            "统一社会信用代码含有非法字符“\(character)”（不使用 I、O、S、V、Z）"
        case .checkCharacterMismatch(let expected, let found):
            "统一社会信用代码校验码错误：末位应为 \(expected)，实为 \(found)，请核对代码"
        }
    }

    public var english: String {
        switch self {
        case .empty:
            "The unified social credit code is empty"
        case .wrongLength(let count):
            "A unified social credit code has 18 characters, not \(count)"
        case .invalidCharacter(let character):
            "The unified social credit code contains “\(character)”; it uses 0–9 and A–Z without I, O, S, V, Z"
        case .checkCharacterMismatch(let expected, let found):
            "The unified social credit code's check character should be \(expected), not \(found); check the code for typos"
        }
    }
}

/// A code of the national occupational classification (中华人民共和国职业分类大典, 2022 edition),
/// e.g. "6-18-02-04" (焊工): major group (1 digit), middle group (2), minor group (2) and
/// occupation (2), joined by hyphens.
///
/// Only the shape is checked here; whether the code exists is a question for the catalogue,
/// which a deployment imports whole and which changes between editions.
public struct OccupationCode: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let value: String

    public init(_ raw: String) throws(OccupationCodeError) {
        // The fast path (ASCIIBytes.swift): "D-DD-DD-DD" in ASCII.
        if raw.withASCIIBytes({ bytes -> Bool? in
            bytes.count == 10 && bytes[1] == UInt8(ascii: "-") && bytes[4] == UInt8(ascii: "-") && bytes[7] == UInt8(ascii: "-")
                && bytes.areDigits(0..<1) && bytes.areDigits(2..<4) && bytes.areDigits(5..<7) && bytes.areDigits(8..<10)
        }) == true {
            value = raw
            return
        }
        let text = raw.halfWidthNormalized
        let groups = text.split(separator: "-", omittingEmptySubsequences: false)
        guard groups.map(\.count) == [1, 2, 2, 2],
              groups.allSatisfy(\.isAllASCIIDigits)
        else { throw .malformed(raw) }
        value = text
    }

    /// 1…8: the 大类 (e.g. 6 = 生产制造及有关人员).
    public var majorGroup: Int { Array(value)[0].asciiDigitValue! }

    public var description: String { value }

    /// Fixed-width groups make string order the catalogue order.
    public static func < (lhs: OccupationCode, rhs: OccupationCode) -> Bool {
        lhs.value < rhs.value
    }
}

public enum OccupationCodeError: DomainError, Equatable {
    case malformed(String)

    public var code: String { "occupation-code.malformed" }

    public var chinese: String {
        switch self {
        case .malformed(let text): "职业编码“\(text)”格式错误，应如 6-18-02-04"
        }
    }

    public var english: String {
        switch self {
        case .malformed(let text): "“\(text)” is not an occupation code; expected the form 6-18-02-04"
        }
    }
}

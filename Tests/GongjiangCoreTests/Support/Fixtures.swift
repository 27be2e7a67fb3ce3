@testable import GongjiangCore

/// A date known to be real; traps (in tests only) if a fixture is mistyped.
func date(_ year: Int, _ month: Int, _ day: Int) -> CivilDate {
    try! CivilDate(year: year, month: month, day: day)
}

/// The fixed "today" of tests, so results do not change with the calendar.
let testToday = date(2025, 6, 30)

/// The 17 digits plus their GB 11643 check character.
func residentID(withCheckFor first17: String) -> String {
    first17 + String(ResidentID.checkCharacter(for: first17)!)
}

/// The 17 characters plus their GB 32100 check character.
func creditCode(withCheckFor first17: String) -> String {
    first17 + String(CreditCode.checkCharacter(for: first17)!)
}

/// A random resident ID number with a real birth date between 1900-01-01 and `testToday`.
func randomResidentID(using generator: inout SplitMix64) -> String {
    let address = String(Int.random(in: 110_000...829_999, using: &generator))
    let birth = date(1900, 1, 1).adding(days: Int.random(in: 0...date(1900, 1, 1).days(until: testToday), using: &generator))
    let birthDigits = birth.description.filter { $0 != "-" }
    let sequence = String(Int.random(in: 0...999, using: &generator))
    let paddedSequence = String(repeating: "0", count: 3 - sequence.count) + sequence
    return residentID(withCheckFor: address + birthDigits + paddedSequence)
}

/// A random unified social credit code over the whole GB 32100 alphabet.
func randomCreditCode(using generator: inout SplitMix64) -> String {
    let first17 = String((0..<17).map { _ in CreditCode.alphabet.randomElement(using: &generator)! })
    return creditCode(withCheckFor: first17)
}

/// Replaces the character at `offset`.
func replacing(_ text: String, at offset: Int, with character: Character) -> String {
    var characters = Array(text)
    characters[offset] = character
    return String(characters)
}

/// Swaps the characters at `offset` and `offset + 1`.
func swapping(_ text: String, at offset: Int) -> String {
    var characters = Array(text)
    characters.swapAt(offset, offset + 1)
    return String(characters)
}

/// Full-width form of the ASCII characters in `text`.
func fullWidth(_ text: String) -> String {
    String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
        (0x21...0x7E).contains(scalar.value) ? Unicode.Scalar(scalar.value + 0xFEE0)! : scalar
    }))
}

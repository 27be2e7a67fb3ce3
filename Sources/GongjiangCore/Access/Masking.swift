/// The masked forms in which personal data is shown to accounts without
/// `Permission.viewUnmaskedPersonalData`, and written into audit records.
///
/// The Personal Information Protection Law art. 28 counts ID numbers and financial accounts as
/// sensitive personal information, GB/T 22239-2019 8.1.4.11 b) forbids unauthorised access to it and
/// PIPL art. 6 asks for the least intrusive processing. Masks keep just enough for a person to
/// recognise whose record it is.
///
/// Lengths are counted in characters, so the masks are safe on anything a caller passes (a
/// malformed or not yet validated value included): no rule reveals a value of 4 characters or fewer.
public enum Masking {
    /// An 18-character number keeps the address code (6) and the last 4 (end of the sequence code and
    /// the check character), with 8 stars over the birth date, the same form as `ResidentID.masked`.
    /// Other lengths (15-digit legacy numbers, passports, typos) keep the first 2 and last 2.
    public static func residentID(_ value: String) -> String {
        let characters = Array(value)
        guard characters.count == 18 else { return keepingEnds(characters) }
        return String(characters[0..<6]) + String(repeating: "*", count: 8) + String(characters[14...])
    }

    /// An 11-digit mobile number keeps the segment (3) and the last 4, as operators and banks print it
    /// ("138****5678", the same form as `PhoneNumber.masked`); other values keep the first 2 and last 2.
    /// A holder's name as public verification shows it: the surname and the last character, the rest as "*"
    /// (张*明, 欧阳**华); a two-character name keeps its surname only (李*). Enough to recognise, not to learn.
    public static func name(_ value: String) -> String {
        let characters = Array(value)
        switch characters.count {
        case 0: return ""
        case 1: return "*"
        case 2: return String(characters[0]) + "*"
        default: return String(characters[0]) + String(repeating: "*", count: characters.count - 2) + String(characters[characters.count - 1])
        }
    }

    public static func phone(_ value: String) -> String {
        let characters = Array(value)
        guard characters.count == 11, value.isAllASCIIDigits else { return keepingEnds(characters) }
        return String(characters[0..<3]) + "****" + String(characters[7...])
    }

    /// The birth date as shown beside a masked ID number: its year only. The mask hides exactly the eight birth-date
    /// digits of an 18-digit number, so the whole date shown next to it would give the number back; with the year
    /// alone, the month and day stay hidden, and the check character leaves about 33 dates of the year that fit
    /// (`MaskingTests` counts them). Anything that is not a `YYYY-MM-DD` date shows as nothing.
    public static func birthYear(_ isoDate: String) -> String {
        let characters = Array(isoDate)
        guard characters.count == 10, characters[4] == "-", characters[7] == "-",
              characters[0..<4].allSatisfy({ $0.isASCII && $0.isNumber }) else { return "" }
        return String(characters[0..<4])
    }

    /// How many characters of a value an error message quotes: enough to find the cell, and an import report or
    /// page never grows with a hostile cell (one 50 MB cell once became 100 MB in the database, quoted twice).
    public static let quotedLength = 40

    /// A value as an error message may quote it: anything that looks like an ID number or a phone number, in any
    /// spacing (`320602 19900101 1099`, `138-1234-5678`), masked, and the whole cut to `quotedLength` characters.
    public static func quote(_ value: String) -> String {
        let redacted = redactingIdentifiers(value)
        guard redacted.count > quotedLength else { return redacted }
        return String(redacted.prefix(quotedLength)) + "…"
    }

    /// Runs of 11 or more digits (an 11-digit mobile number is the shortest identifier meant; bank card numbers are
    /// longer), counted across the spaces, hyphens, dots and slashes people type between groups, and including a
    /// check character X, are replaced by their mask. A run glued to a letter is part of a code that is no personal
    /// data (a certificate number `S0000321…`, a credit code `9132…M`) and stays, as do shorter runs (dates, amounts).
    public static func redactingIdentifiers(_ text: String) -> String {
        let characters = Array(text)
        var result = ""
        var index = 0
        while index < characters.count {
            guard let first = characters[index].identifierDigit else {
                result.append(characters[index]); index += 1; continue
            }
            // Extend the run over digits and separators; it ends at its last digit.
            var digits = [first]
            var end = index + 1
            var scan = index + 1
            while scan < characters.count {
                if let digit = characters[scan].identifierDigit {
                    digits.append(digit); end = scan + 1
                } else if !characters[scan].isIdentifierSeparator {
                    break
                }
                scan += 1
            }
            let gluedBefore = index > 0 && characters[index - 1].isLetter
            let gluedAfter = end < characters.count && characters[end].isLetter
            if digits.count >= 11, !gluedBefore, !gluedAfter {
                let collapsed = String(digits)
                switch digits.count {
                case 11: result += phone(collapsed)
                case 18: result += residentID(collapsed)
                default: result += keepingEnds(digits)
                }
            } else {
                result += String(characters[index..<end])
            }
            index = end
        }
        return result
    }

    /// Keeps the last 4 characters (what bank statements show) behind at least 4 stars, so the mask
    /// does not tell how long a short number is. A value of 4 characters or fewer becomes "****"
    /// alone: keeping "the last 4" of it would show all of it.
    public static func bankAccount(_ value: String) -> String {
        let characters = Array(value)
        guard characters.count > 4 else { return "****" }
        return String(repeating: "*", count: max(4, characters.count - 4)) + String(characters.suffix(4))
    }

    /// First 2 and last 2 with stars between (as many as the characters hidden); 4 or fewer
    /// characters become all stars, since keeping both ends would show the whole value.
    private static func keepingEnds(_ characters: [Character]) -> String {
        guard characters.count > 4 else { return String(repeating: "*", count: characters.count) }
        return String(characters.prefix(2)) + String(repeating: "*", count: characters.count - 4)
            + String(characters.suffix(2))
    }
}

private extension Character {
    /// A digit (half- or full-width) or the check character X, as an ASCII character.
    var identifierDigit: Character? {
        if let ascii = asciiValue, (48...57).contains(ascii) { return self }
        if self == "X" || self == "x" || self == "Ｘ" || self == "ｘ" { return "X" }
        if let scalar = unicodeScalars.first, unicodeScalars.count == 1, (0xFF10...0xFF19).contains(scalar.value) {
            return Character(UnicodeScalar(scalar.value - 0xFF10 + 48)!)
        }
        return nil
    }

    var isIdentifierSeparator: Bool { " \u{3000}-‐–—.·/_".contains(self) }
}

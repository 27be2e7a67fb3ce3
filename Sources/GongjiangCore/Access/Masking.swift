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
    public static func phone(_ value: String) -> String {
        let characters = Array(value)
        guard characters.count == 11, value.isAllASCIIDigits else { return keepingEnds(characters) }
        return String(characters[0..<3]) + "****" + String(characters[7...])
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

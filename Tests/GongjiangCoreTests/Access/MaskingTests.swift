import Testing
@testable import GongjiangCore

@Suite("Masking personal data")
struct MaskingTests {
    @Test("Resident ID numbers", arguments: [
        ("110105194912310029", "110105********0029"),   // 18: address code, 8 stars, last 4
        ("11010519491231002X", "110105********002X"),
        ("110105491231002", "11***********02"),         // 15-digit legacy number: first 2, last 2
        ("1101051949123100291", "11***************91"), // 19
        ("E12345678", "E1*****78"),                     // a passport number
        ("12345", "12*45"),
        ("1234", "****"),                               // 4 or fewer: all stars
        ("123", "***"),
        ("", ""),
    ])
    func residentID(value: String, masked: String) {
        #expect(Masking.residentID(value) == masked)
    }

    @Test("The 18-character mask is the one ResidentID shows", arguments: [UInt64(1), 2, 3, 4, 5, 6, 7, 8])
    func residentIDMatchesValueType(seed: UInt64) throws {
        var generator = SplitMix64(seed: seed)
        let id = try ResidentID(randomResidentID(using: &generator), today: testToday)

        #expect(Masking.residentID(id.value) == id.masked)
        #expect(!Masking.residentID(id.value).contains(id.birthDate.description.filter { $0 != "-" }))
    }

    @Test("Phone numbers", arguments: [
        ("13812345678", "138****5678"),        // 11 digits: segment and last 4
        ("1381234567", "13******67"),          // 10 digits: first 2, last 2
        ("138123456789", "13********89"),
        ("1381234567a", "13*******7a"),        // 11 characters but not all digits
        ("+8613812345678", "+8**********78"),
        ("051385123456", "05********56"),      // a Nantong landline with area code
        ("12345", "12*45"),
        ("1234", "****"),
        ("", ""),
    ])
    func phone(value: String, masked: String) {
        #expect(Masking.phone(value) == masked)
    }

    @Test("An 11-digit mobile mask is the one PhoneNumber shows")
    func phoneMatchesValueType() throws {
        let phone = try PhoneNumber("13912345678")

        #expect(Masking.phone(phone.value) == phone.masked)
    }

    @Test("Bank accounts keep the last 4 behind at least 4 stars", arguments: [
        ("6222021234567890123", "***************0123"),  // 19 digits
        ("622202123456", "********3456"),                 // 12
        ("12345678", "****5678"),
        ("12345", "****2345"),                            // at least 4 stars: the length is not told
        ("1234", "****"),                                 // 4 or fewer: nothing is kept
        ("12", "****"),
        ("", "****"),
    ])
    func bankAccount(value: String, masked: String) {
        #expect(Masking.bankAccount(value) == masked)
    }

    @Test("No mask shows any character of a value of 4 characters or fewer", arguments: ["", "7", "78", "789", "7890"])
    func shortValuesAreHidden(value: String) {
        for masked in [Masking.residentID(value), Masking.phone(value), Masking.bankAccount(value)] {
            #expect(masked.allSatisfy { $0 == "*" })
        }
    }

    @Test("Masks count characters, not bytes")
    func charactersNotBytes() {
        #expect(Masking.residentID("张三丰的证件号码") == "张三****号码")
        #expect(Masking.bankAccount("账户一二三四五") == "****二三四五")
    }

    @Test("Beside a masked ID number only the year of birth is shown", arguments: [
        ("1990-01-01", "1990"),
        ("2008-02-29", "2008"),
        ("1990-1-1", ""),          // not YYYY-MM-DD: nothing rather than a guess
        ("19900101", ""),
        ("", ""),
        ("199a-01-01", ""),
    ])
    func birthYear(date: String, shown: String) {
        #expect(Masking.birthYear(date) == shown)
    }

    @Test("Quoted values: identifiers in any spacing are masked, codes glued to letters stay, long values are cut", arguments: [
        ("320602199001011099", "320602********1099"),
        ("320602 19900101 1099", "320602********1099"),
        ("3206０２１９９００１０１１０９Ｘ", "320602********109X"),    // full-width digits and check character
        ("12012345678", "120****5678"),
        ("138 1234 5678", "138****5678"),
        ("tel:13812345678", "tel:138****5678"),
        ("6222 0212 3456 7890 123", "62***************23"),      // a bank card
        ("S000032100001234000123", "S000032100001234000123"),     // a certificate number is no personal data
        ("91320600MA1ZZZZZZ0", "91320600MA1ZZZZZZ0"),             // nor a credit code
        ("2023-02-30", "2023-02-30"),                             // dates stay
        ("1234567890", "1234567890"),                             // 10 digits stay
        ("", ""),
    ])
    func quote(value: String, quoted: String) {
        #expect(Masking.quote(value) == quoted)
    }

    @Test("A quoted value is at most 40 characters and an ellipsis")
    func quoteCutsLongValues() {
        let quoted = Masking.quote(String(repeating: "长", count: 1_000_000))
        #expect(quoted == String(repeating: "长", count: Masking.quotedLength) + "…")
        #expect(Masking.quote(String(repeating: "a", count: 40)) == String(repeating: "a", count: 40))
    }
}

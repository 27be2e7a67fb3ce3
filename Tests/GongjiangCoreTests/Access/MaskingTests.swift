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
}

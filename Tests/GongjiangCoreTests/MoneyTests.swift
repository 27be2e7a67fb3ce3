import Foundation
import Testing
@testable import GongjiangCore

@Suite("Money in fen")
struct MoneyTests {
    // MARK: Parsing

    @Test("Amounts as written in spreadsheets are read exactly", arguments: [
        ("1234", Int64(123_400)),
        ("1,234.5", 123_450),
        ("1234.56", 123_456),
        ("¥1,234.56", 123_456),
        ("￥1,234.56", 123_456),
        ("1234.56元", 123_456),
        ("1234 元", 123_400),
        ("-12.30", -1_230),
        ("-¥12.30", -1_230),
        ("¥-12.30", -1_230),
        ("+5", 500),
        ("0", 0),
        ("-0", 0),
        ("0.01", 1),
        ("0.1", 10),
        ("1,234,567.89", 123_456_789),
        ("１２３４．５６", 123_456),
        ("  1234.56  ", 123_456),
        ("92233720368547758.07", Int64.max),
        ("-92233720368547758.08", Int64.min),
    ])
    func amountsAreRead(text: String, fen: Int64) throws {
        #expect(try Money(parsing: text).fen == fen)
    }

    @Test("Three or more decimals are refused as too precise", arguments: ["1.234", "0.005", "-12.300", "1,234.567"])
    func tooManyDecimalsAreRefused(text: String) {
        #expect(throws: MoneyError.tooPrecise(text)) { try Money(parsing: text) }
    }

    @Test("Unreadable text is refused", arguments: [
        "", "abc", "1,23", "12,345,67", ",123", "1234,", "1.2.3", ".5", "1.", "--5", "1 234", "¥", "1e3",
        "-¥-5", "1.-5", "12元元", "元", "1,2345",
    ])
    func unreadableTextIsRefused(text: String) {
        #expect(throws: MoneyError.unreadable(text)) { try Money(parsing: text) }
    }

    @Test("Amounts beyond Int64 fen are refused as out of range", arguments: [
        "92233720368547758.08", "-92233720368547758.09", "100000000000000000000",
    ])
    func hugeAmountsAreRefused(text: String) {
        #expect(throws: MoneyError.outOfRange(text)) { try Money(parsing: text) }
    }

    // MARK: Formatting

    @Test("yuanText groups thousands and always shows two decimals", arguments: [
        (Int64(0), "0.00"),
        (1, "0.01"),
        (-1, "-0.01"),
        (10, "0.10"),
        (99_999, "999.99"),
        (100_000, "1,000.00"),
        (123_456, "1,234.56"),
        (-1_230, "-12.30"),
        (100_000_000, "1,000,000.00"),
        (Int64.max, "92,233,720,368,547,758.07"),
        (Int64.min, "-92,233,720,368,547,758.08"),
    ])
    func yuanText(fen: Int64, text: String) {
        #expect(Money(fen: fen).yuanText == text)
    }

    @Test("wanYuanText shows 万元 with two decimals, rounding half away from zero", arguments: [
        (Int64(5_252_530_000), "5,252.53"),  // 52,525,300 yuan
        (0, "0.00"),
        (5_000, "0.01"),                      // 50 yuan = 0.005 万元 rounds up
        (4_999, "0.00"),
        (-5_000, "-0.01"),                    // half away from zero, also when negative
        (-4_999, "0.00"),                     // never "-0.00"
        (15_000, "0.02"),                     // 0.015 万元
        (1_000_000, "1.00"),                  // 10,000 yuan
        (11_250_000, "11.25"),                // 112,500 yuan
        (1_234_564_999, "1,234.56"),
        (1_234_565_000, "1,234.57"),
    ])
    func wanYuanText(fen: Int64, text: String) {
        #expect(Money(fen: fen).wanYuanText == text)
    }

    @Test("description is the yuan amount with ¥")
    func descriptionShowsYuanSign() {
        #expect(Money(fen: 123_456).description == "¥1,234.56")
        #expect(Money(fen: -1_230).description == "-¥12.30")
    }

    // MARK: Arithmetic

    @Test("yuan and fen initialisers agree")
    func yuanIsHundredFen() {
        #expect(Money(yuan: 5_000) == Money(fen: 500_000))
        #expect(Money(yuan: -1).fen == -100)
        #expect(Money.zero.fen == 0)
    }

    @Test("Addition and subtraction are exact")
    func additionAndSubtraction() throws {
        var total = Money(fen: 10)
        total += Money(fen: 20)
        total -= Money(fen: 5)

        #expect(total == Money(fen: 25))
        #expect(Money(fen: 1) + Money(fen: 2) == Money(fen: 3))
        #expect(Money(fen: 1) - Money(fen: 2) == Money(fen: -1))
        // 0.1 + 0.2 is exactly 0.3 here, unlike in binary floating point.
        #expect(try Money(parsing: "0.1") + Money(parsing: "0.2") == Money(parsing: "0.3"))
    }

    @Test("The apprenticeship example of rules.md: 45 × 5000 × 50% advanced, 33 × 5000 × 2 − advance paid")
    func apprenticeshipAdvanceAndBalance() {
        let rate = Money(yuan: 5_000)

        let advance = rate.multiplied(by: 45).percent(50)
        let balance = rate.multiplied(by: 33).multiplied(by: 2) - advance

        #expect(advance == Money(yuan: 112_500))
        #expect(balance == Money(yuan: 217_500))
        #expect(balance.yuanText == "217,500.00")
    }

    @Test("percent rounds half away from zero to the fen", arguments: [
        (Int64(1), Int64(50), Int64(1)),       // 0.5 fen → 1
        (-1, 50, -1),                          // −0.5 fen → −1
        (3, 50, 2),                            // 1.5 → 2
        (-3, 50, -2),
        (1, 49, 0),                            // 0.49 → 0
        (999, 30, 300),                        // 299.7 → 300
        (12_345, 100, 12_345),
        (12_345, 0, 0),
        (12_345, 130, 16_049),                 // +30% shortage uplift: 16048.5 → 16049
        (10, 5, 1),                            // 0.5 → 1
        (10, -5, -1),
    ])
    func percentRounding(fen: Int64, percent: Int64, result: Int64) {
        #expect(Money(fen: fen).percent(percent).fen == result)
    }

    @Test("Money orders by amount")
    func ordering() {
        #expect(Money(fen: -1) < Money.zero)
        #expect(Money.zero < Money(fen: 1))
        #expect([Money(fen: 3), Money(fen: -2), Money(fen: 0)].sorted() == [Money(fen: -2), Money(fen: 0), Money(fen: 3)])
    }

    @Test("Money encodes as its fen integer")
    func codableAsFen() throws {
        let data = try JSONEncoder().encode([Money(fen: 123_456)])

        #expect(String(decoding: data, as: UTF8.self) == "[123456]")
        #expect(try JSONDecoder().decode([Money].self, from: Data("[-5]".utf8)) == [Money(fen: -5)])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Money].self, from: Data(#"["1.00"]"#.utf8)) }
    }

    @Test("Errors have stable codes and quote the text")
    func errorMessages() {
        for error in [MoneyError.unreadable("x1"), .tooPrecise("x1"), .outOfRange("x1")] {
            #expect(error.code.hasPrefix("money."))
            #expect(error.chinese.contains("x1") && error.english.contains("x1"))
        }
    }
}

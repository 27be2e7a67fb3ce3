import Testing
@testable import GongjiangCore

@Suite("Certificate numbers (人社鉴发〔2019〕2号 and legacy 职业资格证书)")
struct CertificateNumberTests {
    // MARK: National 22-character format

    @Test("The example S000032100001235000123 splits into its seven fields")
    func exampleSplitsIntoFields() throws {
        let number = try NationalCertificateNumber("S000032100001235000123")

        #expect(number.value == "S000032100001235000123")
        #expect(number.organizationType == .social)
        #expect(number.organizationCode == "0000")
        #expect(number.provinceCode == "32")
        #expect(number.siteSerial == "100001")
        #expect(number.yearOfIssue == 23)
        #expect(number.level == .level5)
        #expect(number.serial == "000123")
        #expect(number.description == "S000032100001235000123")
    }

    @Test("An employer number starts with Y")
    func employerNumber() throws {
        let number = try NationalCertificateNumber("Y123432000045241000001")

        #expect(number.organizationType == .employer)
        #expect(number.organizationCode == "1234")
        #expect(number.siteSerial == "000045")
        #expect(number.yearOfIssue == 24)
        #expect(number.level == .level1)
        #expect(number.serial == "000001")
    }

    @Test("Lower case, full-width and surrounding spaces are normalised", arguments: [
        "s000032100001235000123", fullWidth("S000032100001235000123"), fullWidth("s000032100001235000123"),
        " S000032100001235000123\u{3000}",
    ])
    func variantsNormalise(raw: String) throws {
        #expect(try NationalCertificateNumber(raw).value == "S000032100001235000123")
    }

    @Test("The level digit 1…5 maps to the national level", arguments: 1...5)
    func levelDigitMaps(digit: Int) throws {
        let number = try NationalCertificateNumber("S00003210000123\(digit)000123")

        #expect(number.level.nationalLevel == digit)
    }

    @Test("A level digit outside 1…5 is refused", arguments: ["0", "6", "9", "A"] as [Character])
    func levelDigitOutsideRangeIsRefused(digit: Character) {
        let raw = replacing("S000032100001235000123", at: 15, with: digit)

        #expect(throws: CertificateNumberError.invalidLevelDigit(digit)) { try NationalCertificateNumber(raw) }
    }

    @Test("The first character must be Y or S", arguments: ["X", "1", "T"] as [Character])
    func organizationTypeIsYOrS(first: Character) {
        let raw = replacing("S000032100001235000123", at: 0, with: first)

        #expect(throws: CertificateNumberError.invalidOrganizationType(first)) { try NationalCertificateNumber(raw) }
    }

    @Test("A non-digit anywhere in positions 2–15 or 17–22 is refused with its 1-based position",
          arguments: Array(2...15) + Array(17...22))
    func nonDigitPositionsAreRefused(position: Int) {
        let raw = replacing("S000032100001235000123", at: position - 1, with: "A")

        #expect(throws: CertificateNumberError.invalidCharacter("A", position: position)) {
            try NationalCertificateNumber(raw)
        }
    }

    @Test("The 特级技师 format (2 letters + 20 digits) is not a national number", arguments: [
        ("TJ00003210000123500012", CertificateNumberError.invalidOrganizationType("T")),
        ("SJ00003210000123500012", .invalidCharacter("J", position: 2)),
    ])
    func principalTechnicianFormatIsRefused(raw: String, error: CertificateNumberError) {
        #expect(throws: error) { try NationalCertificateNumber(raw) }
    }

    @Test("A national number must have 22 characters", arguments: [
        ("S00003210000123500012", 21), ("S0000321000012350001234", 23),
    ])
    func nationalLengthIsTwentyTwo(raw: String, count: Int) {
        #expect(throws: CertificateNumberError.wrongLength(count)) { try NationalCertificateNumber(raw) }
    }

    @Test("Composing from parts gives the same number as parsing")
    func composedEqualsParsed() throws {
        let composed = try NationalCertificateNumber(
            organizationType: .social, organizationCode: "0000", provinceCode: "32", siteSerial: "100001",
            yearOfIssue: 23, level: .level5, serial: "000123")

        #expect(composed == (try NationalCertificateNumber("S000032100001235000123")))
    }

    @Test("A one-digit year is padded to two digits")
    func singleDigitYearIsPadded() throws {
        let composed = try NationalCertificateNumber(
            organizationType: .employer, organizationCode: "0001", provinceCode: "32", siteSerial: "000001",
            yearOfIssue: 5, level: .level3, serial: "000009")

        #expect(composed.value == "Y000132000001053000009")
        #expect(composed.yearOfIssue == 5)
    }

    @Test("Composing from malformed parts is refused", arguments: [
        ("000", "32", "100001", 23, SkillLevel.level5, "000123", CertificateNumberError.wrongLength(21)),
        ("0000", "320", "100001", 23, .level5, "000123", .wrongLength(23)),
        ("0000", "32", "100001", 123, .level5, "000123", .wrongLength(23)),
        ("0000", "32", "100001", 23, .level5, "00123", .wrongLength(21)),
        ("0000", "32", "100001", -1, .level5, "000123", .invalidCharacter("-", position: 14)),
        ("0000", "32", "100001", 23, .principalTechnician, "000123", .invalidLevelDigit("0")),
        ("0000", "32", "100001", 23, .apprentice, "000123", .invalidLevelDigit("0")),
        ("00A0", "32", "100001", 23, .level5, "000123", .invalidCharacter("A", position: 4)),
    ])
    func composingMalformedPartsIsRefused(
        code: String, province: String, site: String, year: Int, level: SkillLevel, serial: String,
        error: CertificateNumberError
    ) {
        #expect(throws: error) {
            try NationalCertificateNumber(
                organizationType: .social, organizationCode: code, provinceCode: province, siteSerial: site,
                yearOfIssue: year, level: level, serial: serial)
        }
    }

    @Test("The level digit must equal the stated level and the year the issue year")
    func nationalCrossChecks() throws {
        let number = try NationalCertificateNumber("S000032100001235000123")

        #expect(throws: Never.self) { try number.check(level: .level5, issueDate: date(2023, 5, 1)) }
        #expect(throws: Never.self) { try number.check(level: .level5, issueDate: date(1923, 12, 31)) }
        #expect(throws: CertificateNumberError.levelMismatch(inNumber: .level5, stated: .level4)) {
            try number.check(level: .level4, issueDate: date(2023, 5, 1))
        }
        #expect(throws: CertificateNumberError.yearMismatch(inNumber: 23, issueYear: 2024)) {
            try number.check(level: .level5, issueDate: date(2024, 1, 1))
        }
    }

    @Test("Year 2000 is written 00")
    func yearZeroZero() throws {
        let number = try NationalCertificateNumber("S000032100001005000123")

        #expect(number.yearOfIssue == 0)
        #expect(throws: Never.self) { try number.check(level: .level5, issueDate: date(2000, 6, 1)) }
    }

    // MARK: Legacy 16-digit format

    @Test("A legacy number splits into year, province, city, body type, body serial, level and serial")
    func legacySplitsIntoFields() throws {
        let number = try LegacyCertificateNumber("2332061001300001")

        #expect(number.value == "2332061001300001")
        #expect(number.yearOfIssue == 23)
        #expect(number.provinceCode == "32")
        #expect(number.cityCode == "06")
        #expect(number.bodyType == 1)
        #expect(number.bodySerial == "001")
        #expect(number.level == .level3)
        #expect(number.serial == "00001")
    }

    @Test("Body types 0…4 are accepted and 5…9 refused", arguments: 0...9)
    func legacyBodyType(type: Int) {
        let raw = "233206\(type)001300001"
        if type <= 4 {
            #expect((try? LegacyCertificateNumber(raw))?.bodyType == type)
        } else {
            #expect(throws: CertificateNumberError.invalidBodyType(Character(String(type)))) {
                try LegacyCertificateNumber(raw)
            }
        }
    }

    @Test("Legacy level digits 1…5 are accepted, 0 and 6…9 refused", arguments: 0...9)
    func legacyLevelDigit(digit: Int) {
        let raw = "2332061001\(digit)00001"
        if (1...5).contains(digit) {
            #expect((try? LegacyCertificateNumber(raw))?.level.nationalLevel == digit)
        } else {
            #expect(throws: CertificateNumberError.invalidLevelDigit(Character(String(digit)))) {
                try LegacyCertificateNumber(raw)
            }
        }
    }

    @Test("A legacy number is all digits", arguments: 1...16)
    func legacyNonDigitIsRefused(position: Int) {
        let raw = replacing("2332061001300001", at: position - 1, with: "B")

        #expect(throws: CertificateNumberError.invalidCharacter("B", position: position)) {
            try LegacyCertificateNumber(raw)
        }
    }

    @Test("Legacy cross-checks work as for the national format")
    func legacyCrossChecks() throws {
        let number = try LegacyCertificateNumber("9932061001300001")

        #expect(throws: Never.self) { try number.check(level: .level3, issueDate: date(1999, 8, 1)) }
        #expect(throws: CertificateNumberError.levelMismatch(inNumber: .level3, stated: .level2)) {
            try number.check(level: .level2, issueDate: date(1999, 8, 1))
        }
        #expect(throws: CertificateNumberError.yearMismatch(inNumber: 99, issueYear: 2000)) {
            try number.check(level: .level3, issueDate: date(2000, 1, 1))
        }
    }

    // MARK: Either format

    @Test("Length tells the formats apart")
    func lengthSelectsFormat() throws {
        let national = try CertificateNumber("s000032100001235000123")
        let legacy = try CertificateNumber("２３３２０６１００１３００００１")

        guard case .national(let n) = national else { Issue.record("not national"); return }
        guard case .legacy(let l) = legacy else { Issue.record("not legacy"); return }
        #expect(n.serial == "000123")
        #expect(l.serial == "00001")
        #expect(national.value == "S000032100001235000123")
        #expect(legacy.value == "2332061001300001")
        #expect(national.level == .level5)
        #expect(legacy.level == .level3)
        #expect(national.description == national.value)
    }

    @Test("Other lengths are refused", arguments: [
        ("1", 1), ("233206100130000", 15), ("23320610013000011", 17), ("S00003210000123500012", 21),
        ("S0000321000012350001234", 23),
    ])
    func otherLengthsAreRefused(raw: String, count: Int) {
        #expect(throws: CertificateNumberError.wrongLength(count)) { try CertificateNumber(raw) }
    }

    @Test("An empty number is refused as empty", arguments: ["", "  ", "\u{3000}"])
    func blankIsEmpty(raw: String) {
        #expect(throws: CertificateNumberError.empty) { try CertificateNumber(raw) }
        #expect(throws: CertificateNumberError.empty) { try NationalCertificateNumber(raw) }
        #expect(throws: CertificateNumberError.empty) { try LegacyCertificateNumber(raw) }
    }

    @Test("check(level:issueDate:) dispatches to the format")
    func checkDispatches() throws {
        let national = try CertificateNumber("S000032100001235000123")
        let legacy = try CertificateNumber("2332061001300001")

        #expect(throws: CertificateNumberError.levelMismatch(inNumber: .level5, stated: .level3)) {
            try national.check(level: .level3, issueDate: date(2023, 1, 1))
        }
        #expect(throws: CertificateNumberError.yearMismatch(inNumber: 23, issueYear: 2022)) {
            try legacy.check(level: .level3, issueDate: date(2022, 1, 1))
        }
    }

    @Test("Mismatch errors have the codes the import report uses")
    func mismatchCodes() {
        let level = CertificateNumberError.levelMismatch(inNumber: .level5, stated: .level4)
        let year = CertificateNumberError.yearMismatch(inNumber: 3, issueYear: 2024)

        #expect(level.code == "certificate-number.level-mismatch")
        #expect(year.code == "certificate-number.year-mismatch")
        #expect(level.chinese.contains("五级/初级工") && level.chinese.contains("四级/中级工"))
        #expect(year.chinese.contains("03") && year.english.contains("2024"))
    }
}

import Testing
@testable import GongjiangCore

@Suite("Resident ID number (GB 11643-1999)")
struct ResidentIDTests {
    // MARK: Known numbers

    @Test("The standard's example 11010519491231002X is accepted as a woman born 1949-12-31")
    func knownValidNumberIsAcceptedWithItsParts() throws {
        let id = try ResidentID("11010519491231002X", today: testToday)

        #expect(id.value == "11010519491231002X")
        #expect(id.addressCode == "110105")
        #expect(id.birthDate == date(1949, 12, 31))
        #expect(id.sex == .female)
        #expect(id.lastFour == "002X")
        #expect(id.masked == "110105********002X")
        #expect(id.description == "11010519491231002X")
    }

    @Test("An odd 17th digit means male, an even one female", arguments: [
        ("32068219851201001", Sex.male),
        ("32068219851201003", Sex.male),
        ("32068219851201009", Sex.male),
        ("32068219851201000", Sex.female),
        ("32068219851201002", Sex.female),
        ("32068219851201008", Sex.female),
    ])
    func seventeenthDigitGivesSex(first17: String, sex: Sex) throws {
        let id = try ResidentID(residentID(withCheckFor: first17), today: testToday)

        #expect(id.sex == sex)
    }

    @Test("The masked form keeps the address code and the last four characters only")
    func maskedFormHidesBirthDateAndSequence() throws {
        let id = try ResidentID("320682198512010017", today: testToday)

        #expect(id.masked == "320682********0017")
        #expect(id.masked.count == 18)
    }

    // MARK: Normalisation

    @Test("Lower-case x, full-width characters and surrounding spaces are normalised", arguments: [
        "11010519491231002x",
        "１１０１０５１９４９１２３１００２Ｘ",
        "１１０１０５１９４９１２３１００２ｘ",
        "  11010519491231002X\t",
        "\u{3000}11010519491231002x\u{3000}",
        "\n11010519491231002X\r\n",
    ])
    func variantsNormaliseToTheCanonicalNumber(raw: String) throws {
        let id = try ResidentID(raw, today: testToday)

        #expect(id.value == "11010519491231002X")
    }

    @Test("A legacy 15-digit number becomes 18 digits with 19 before the year and a computed check", arguments: [
        ("110105491231002", "11010519491231002X"),
        ("320682851201001", "320682198512010017"),
        ("１１０１０５４９１２３１００２", "11010519491231002X"),
    ])
    func fifteenDigitNumberIsConverted(legacy: String, converted: String) throws {
        let id = try ResidentID(legacy, today: testToday)

        #expect(id.value == converted)
        #expect(id.birthDate.year >= 1900 && id.birthDate.year <= 1999)
    }

    @Test("A legacy 15-digit number with an impossible birth date is refused")
    func fifteenDigitNumberWithImpossibleDateIsRefused() {
        #expect(throws: ResidentIDError.impossibleBirthDate("19490231")) {
            try ResidentID("110105490231002", today: testToday)
        }
    }

    @Test("A legacy 15-digit number cannot carry an X")
    func fifteenDigitNumberWithXIsRefused() {
        #expect(throws: ResidentIDError.invalidCharacter("X")) {
            try ResidentID("11010549123100X", today: testToday)
        }
    }

    // MARK: Shape

    @Test("An empty or blank number is refused as empty", arguments: ["", "   ", "\u{3000}", "\t\n"])
    func blankNumberIsEmpty(raw: String) {
        #expect(throws: ResidentIDError.empty) { try ResidentID(raw, today: testToday) }
    }

    @Test("Lengths other than 15 and 18 are refused with the length found", arguments: [
        ("1", 1), ("11010549123100", 14), ("1101054912310021", 16),
        ("11010519491231002", 17), ("11010519491231002X1", 19), ("1101051949123100201", 19),
    ])
    func otherLengthsAreRefused(raw: String, count: Int) {
        #expect(throws: ResidentIDError.wrongLength(count)) { try ResidentID(raw, today: testToday) }
    }

    @Test("Characters other than digits and a final X are refused", arguments: [
        ("11010519491231002A", Character("A")),
        ("1101051949123100X2", Character("X")),
        ("X10105194912310021", Character("X")),
        ("110105-19491231002", Character("-")),
        ("110105 19491231002X", Character(" ")),
        ("11010519491231002三", Character("三")),
        ("1101051949123100２٣", Character("٣")),
    ])
    func invalidCharactersAreRefused(raw: String, character: Character) {
        #expect(throws: ResidentIDError.invalidCharacter(character)) { try ResidentID(raw, today: testToday) }
    }

    // MARK: Birth date

    @Test("Feb 29 is a real birth date only in leap years (1900 is not one, 2000 is)", arguments: [
        ("32060220000229123", true),
        ("32060220240229002", true),
        ("32060219960229002", true),
        ("32060219000229123", false),
        ("32060220230229002", false),
        ("32060219990229002", false),
    ])
    func february29DependsOnLeapYear(first17: String, isValid: Bool) {
        let raw = residentID(withCheckFor: first17)
        if isValid {
            #expect(throws: Never.self) { try ResidentID(raw, today: testToday) }
        } else {
            #expect(throws: ResidentIDError.impossibleBirthDate(String(Array(first17)[6..<14]))) {
                try ResidentID(raw, today: testToday)
            }
        }
    }

    @Test("Impossible birth dates are refused", arguments: [
        "19491331", "19491200", "19490001", "19490230", "19490431", "19490132", "00000101", "17991231",
    ])
    func impossibleBirthDatesAreRefused(birth: String) {
        let raw = residentID(withCheckFor: "110105" + birth + "002")

        #expect(throws: ResidentIDError.impossibleBirthDate(birth)) { try ResidentID(raw, today: testToday) }
    }

    @Test("The earliest accepted birth year is 1800")
    func birthIn1800IsAccepted() throws {
        let id = try ResidentID(residentID(withCheckFor: "32060218000101001"), today: testToday)

        #expect(id.birthDate == date(1800, 1, 1))
    }

    @Test("A birth date of today is accepted; tomorrow is refused as in the future")
    func birthDateBoundaryIsToday() throws {
        let today = date(2025, 1, 1)

        let bornToday = try ResidentID("11010520250101002X", today: today)
        #expect(bornToday.birthDate == today)
        #expect(throws: ResidentIDError.birthDateInFuture(date(2025, 1, 2))) {
            try ResidentID("110105202501020025", today: today)
        }
    }

    @Test("The default today is the real date, so a number born in the far future is refused")
    func defaultTodayRefusesFutureBirth() {
        #expect(throws: ResidentIDError.birthDateInFuture(date(2999, 1, 1))) {
            try ResidentID(residentID(withCheckFor: "11010529990101002"))
        }
    }

    // MARK: Check character

    @Test("A wrong check character is refused, naming the expected and the found one", arguments: [
        ("110105194912310021", Character("X"), Character("1")),
        ("110105194912310020", Character("X"), Character("0")),
        ("32068219851201001X", Character("7"), Character("X")),
        ("320682198512010018", Character("7"), Character("8")),
    ])
    func wrongCheckCharacterIsRefused(raw: String, expected: Character, found: Character) {
        #expect(throws: ResidentIDError.checkCharacterMismatch(expected: expected, found: found)) {
            try ResidentID(raw, today: testToday)
        }
    }

    @Test("The check-character mismatch has the stable code resident-id.check-digit")
    func checkMismatchCode() {
        let error = ResidentIDError.checkCharacterMismatch(expected: "X", found: "1")

        #expect(error.code == "resident-id.check-digit")
        #expect(error.chinese.contains("X") && error.english.contains("X"))
    }

    @Test("checkCharacter(for:) computes the GB 11643 check for 17 digits", arguments: [
        ("11010519491231002", Character("X")),
        ("32068219851201001", Character("7")),
        ("00000000000000000", Character("1")),  // sum 0 → "1"
        ("32060220000229123", Character("2")),
    ])
    func checkCharacterForSeventeenDigits(first17: String, check: Character) {
        #expect(ResidentID.checkCharacter(for: first17) == check)
    }

    @Test("checkCharacter(for:) is nil for anything but 17 ASCII digits", arguments: [
        "", "1101051949123100", "110105194912310021", "1101051949123100X", "１１０１０５１９４９１２３１００２", "1101051949123100 ",
    ])
    func checkCharacterNeedsSeventeenDigits(text: String) {
        #expect(ResidentID.checkCharacter(for: text) == nil)
    }

    @Test("Every check value 0…10 is reachable and maps through 10X98765432")
    func everyCheckCharacterOccurs() {
        var seen = Set<Character>()
        for sequence in 0..<200 {
            let digits = String(sequence)
            let first17 = "3206021990010" + String(repeating: "0", count: 4 - digits.count) + digits
            seen.insert(ResidentID.checkCharacter(for: first17)!)
        }
        #expect(seen == Set("10X98765432"))
    }

    // MARK: Randomised

    @Test("Randomly generated numbers with a computed check character are accepted", arguments: 1...40 as ClosedRange<UInt64>)
    func randomValidNumbersAreAccepted(seed: UInt64) throws {
        var generator = SplitMix64(seed: seed)
        for _ in 0..<50 {
            let raw = randomResidentID(using: &generator)

            let id = try ResidentID(raw, today: testToday)

            #expect(id.value == raw)
            #expect(id.birthDate <= testToday)
        }
    }

    @Test("Changing any one character of a valid number to another digit or X is always caught", arguments: 1...40 as ClosedRange<UInt64>)
    func singleSubstitutionsAreRejected(seed: UInt64) {
        var generator = SplitMix64(seed: seed)
        let valid = randomResidentID(using: &generator)
        var tried = 0
        for offset in 0..<18 {
            for replacement in "0123456789X" where replacement != Array(valid)[offset] {
                let mutated = replacing(valid, at: offset, with: replacement)
                #expect(throws: ResidentIDError.self, "\(valid) → \(mutated)") {
                    try ResidentID(mutated, today: testToday)
                }
                tried += 1
            }
        }
        #expect(tried == 17 * 10 + 10)
    }

    @Test("Swapping any two neighbouring different characters of a valid number is always caught", arguments: 1...40 as ClosedRange<UInt64>)
    func adjacentTranspositionsAreRejected(seed: UInt64) {
        var generator = SplitMix64(seed: seed)
        let valid = randomResidentID(using: &generator)
        let characters = Array(valid)
        for offset in 0..<17 where characters[offset] != characters[offset + 1] {
            let mutated = swapping(valid, at: offset)
            #expect(throws: ResidentIDError.self, "\(valid) → \(mutated)") {
                try ResidentID(mutated, today: testToday)
            }
        }
    }

    @Test("A single substitution in the first 17 digits that keeps a real birth date is reported as a check mismatch")
    func substitutionInSequenceIsCheckMismatch() {
        let mutated = replacing("11010519491231002X", at: 15, with: "1")

        #expect(throws: ResidentIDError.checkCharacterMismatch(expected: "6", found: "X")) {
            try ResidentID(mutated, today: testToday)
        }
    }
}

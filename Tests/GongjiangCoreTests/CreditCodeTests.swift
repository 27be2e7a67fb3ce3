import Testing
@testable import GongjiangCore

@Suite("Unified social credit code (GB 32100-2015)")
struct CreditCodeTests {
    @Test("The known code 91110000600037341L is accepted with its parts")
    func knownValidCodeIsAccepted() throws {
        let code = try CreditCode("91110000600037341L")

        #expect(code.value == "91110000600037341L")
        #expect(code.registrationAuthority == "9")
        #expect(code.organizationCategory == "1")
        #expect(code.regionCode == "110000")
        #expect(code.description == "91110000600037341L")
    }

    @Test("Lower case, full-width characters and surrounding spaces are normalised", arguments: [
        "91110000600037341l",
        "９１１１００００６０００３７３４１Ｌ",
        "９１１１００００６０００３７３４１ｌ",
        " 91110000600037341L\u{3000}",
    ])
    func variantsNormalise(raw: String) throws {
        #expect(try CreditCode(raw).value == "91110000600037341L")
    }

    @Test("Codes of several authorities and categories are accepted", arguments: [
        "91320600138252211U", "123206004660012345", "52320602MA1W123459", "91320602MA1XXXXX0L",
    ])
    func otherValidCodesAreAccepted(raw: String) throws {
        #expect(try CreditCode(raw).value == raw)
    }

    @Test("An empty or blank code is refused as empty", arguments: ["", "  ", "\u{3000}"])
    func blankIsEmpty(raw: String) {
        #expect(throws: CreditCodeError.empty) { try CreditCode(raw) }
    }

    @Test("Lengths other than 18 are refused", arguments: [
        ("9", 1), ("91110000600037341", 17), ("91110000600037341L0", 19), ("911100006000373", 15),
    ])
    func otherLengthsAreRefused(raw: String, count: Int) {
        #expect(throws: CreditCodeError.wrongLength(count)) { try CreditCode(raw) }
    }

    @Test("The letters I, O, S, V and Z and other characters are refused", arguments: [
        ("9111000060003734IL", Character("I")),
        ("91110000600037341O", Character("O")),
        ("S1110000600037341L", Character("S")),
        ("91110000600037V41L", Character("V")),
        ("91110000600037341Z", Character("Z")),
        ("91110000-600037341L", Character("-")),
        ("9111000060003734 1L", Character(" ")),
        ("91110000600037341中", Character("中")),
    ])
    func lettersOutsideTheAlphabetAreRefused(raw: String, character: Character) {
        #expect(throws: CreditCodeError.invalidCharacter(character)) { try CreditCode(raw) }
    }

    @Test("A wrong check character is refused, naming the expected one")
    func wrongCheckCharacterIsRefused() {
        #expect(throws: CreditCodeError.checkCharacterMismatch(expected: "L", found: "M")) {
            try CreditCode("91110000600037341M")
        }
    }

    @Test("checkCharacter(for:) computes the GB 32100 check", arguments: [
        ("91110000600037341", Character("L")),
        ("91320600138252211", Character("U")),
        ("00000000000000000", Character("0")),  // sum 0 → (31 − 0) mod 31 = 0
    ])
    func checkCharacterIsComputed(first17: String, check: Character) {
        #expect(CreditCode.checkCharacter(for: first17) == check)
    }

    @Test("checkCharacter(for:) is nil unless given 17 characters of the alphabet (upper case)", arguments: [
        "", "9111000060003734", "911100006000373411", "9111000060003734I", "9111000060003734l",
    ])
    func checkCharacterNeedsSeventeenAlphabetCharacters(text: String) {
        #expect(CreditCode.checkCharacter(for: text) == nil)
    }

    @Test("The alphabet has 31 characters without I, O, S, V, Z")
    func alphabetExcludesConfusableLetters() {
        #expect(CreditCode.alphabet.count == 31)
        #expect(Set(CreditCode.alphabet).isDisjoint(with: "IOSVZ"))
        #expect(String(CreditCode.alphabet) == "0123456789ABCDEFGHJKLMNPQRTUWXY")
    }

    @Test("Every check character of the alphabet is reachable")
    func everyCheckCharacterOccurs() {
        var seen = Set<Character>()
        for last in CreditCode.alphabet {
            seen.insert(CreditCode.checkCharacter(for: "9132060000000000" + String(last))!)
        }
        #expect(seen == Set(CreditCode.alphabet))
    }

    @Test("Randomly generated codes with a computed check character are accepted", arguments: 1...40 as ClosedRange<UInt64>)
    func randomValidCodesAreAccepted(seed: UInt64) throws {
        var generator = SplitMix64(seed: seed)
        for _ in 0..<50 {
            let raw = randomCreditCode(using: &generator)

            #expect(try CreditCode(raw).value == raw)
            #expect(try CreditCode(raw.lowercased()).value == raw)
        }
    }

    @Test("Changing any one character of a valid code to another alphabet character is always caught", arguments: 1...40 as ClosedRange<UInt64>)
    func singleSubstitutionsAreRejected(seed: UInt64) {
        var generator = SplitMix64(seed: seed)
        let valid = randomCreditCode(using: &generator)
        var tried = 0
        for offset in 0..<18 {
            for replacement in CreditCode.alphabet where replacement != Array(valid)[offset] {
                let mutated = replacing(valid, at: offset, with: replacement)
                #expect(throws: CreditCodeError.self, "\(valid) → \(mutated)") { try CreditCode(mutated) }
                tried += 1
            }
        }
        #expect(tried == 18 * 30)
    }

    @Test("A substitution in the body is reported as a check-character mismatch")
    func substitutionIsCheckMismatch() {
        #expect(throws: CreditCodeError.self) { try CreditCode("91320600138252212U") }
        do {
            _ = try CreditCode("91320600138252212U")
        } catch {
            #expect(error.code == "credit-code.check-character")
        }
    }
}

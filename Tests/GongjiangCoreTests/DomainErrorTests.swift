import Testing
@testable import GongjiangCore

@Suite("Domain error catalogue")
struct DomainErrorTests {
    static let allErrors: [any DomainError] = [
        CivilDateError.unreadable("x"), CivilDateError.impossible(year: 2023, month: 2, day: 30),
        ResidentIDError.empty, ResidentIDError.wrongLength(3), ResidentIDError.invalidCharacter("A"),
        ResidentIDError.impossibleBirthDate("19490231"), ResidentIDError.birthDateInFuture(date(2030, 1, 1)),
        ResidentIDError.checkCharacterMismatch(expected: "X", found: "1"),
        CreditCodeError.empty, CreditCodeError.wrongLength(3), CreditCodeError.invalidCharacter("I"),
        CreditCodeError.checkCharacterMismatch(expected: "L", found: "M"),
        PhoneNumberError.empty, PhoneNumberError.invalid("1"),
        SkillLevelError.unknown("x"), OccupationCodeError.malformed("x"),
        CertificateNumberError.empty, CertificateNumberError.wrongLength(3),
        CertificateNumberError.invalidCharacter("A", position: 3), CertificateNumberError.invalidOrganizationType("X"),
        CertificateNumberError.invalidLevelDigit("0"), CertificateNumberError.invalidBodyType("7"),
        CertificateNumberError.levelMismatch(inNumber: .level5, stated: .level4),
        CertificateNumberError.yearMismatch(inNumber: 23, issueYear: 2024),
        MoneyError.unreadable("x"), MoneyError.tooPrecise("x"), MoneyError.outOfRange("x"),
        HeaderError.empty, HeaderError.missingRequiredColumns([.name]), HeaderError.duplicateColumn(.name),
    ]

    @Test("Every code is kebab-case with a dotted namespace")
    func codesAreKebabCase() {
        for error in Self.allErrors {
            let code = error.code
            let segments = code.split(separator: ".", omittingEmptySubsequences: false)
            let isKebab = segments.count == 2 && segments.allSatisfy { segment in
                !segment.isEmpty && segment.first != "-" && segment.last != "-" && !segment.contains("--")
                    && segment.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
            }
            #expect(isKebab, "\(code)")
        }
    }

    @Test("Codes are unique per case")
    func codesAreUnique() {
        let codes = Self.allErrors.map(\.code)

        #expect(Set(codes).count == codes.count)
    }

    @Test("Every error has a Chinese and an English message")
    func messagesAreBilingual() {
        for error in Self.allErrors {
            #expect(error.chinese.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }, "\(error.code)")
            let latinLetters = error.english.unicodeScalars.filter { ("a"..."z").contains($0) }
            #expect(latinLetters.count >= 10, "\(error.code): \(error.english)")
        }
    }

    @Test("The input-validation errors of the core are all of the invalid kind (422), none a conflict (409)")
    func coreErrorsAreInvalidInput() {
        for error in Self.allErrors {
            #expect(error.kind == .invalid, "\(error.code)")
        }
    }
}

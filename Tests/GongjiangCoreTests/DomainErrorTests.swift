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

    /// Issue 13's refusals, every case.
    static let programmeRefusals: [any DomainError] = {
        let day = date(2024, 4, 1)
        let cases: [ProgrammeRefusal] = [
            .badCode, .badName, .duplicateKey, .fieldOutOfRange(key: "k"), .ruleOutOfRange(kind: "age-at-most", range: 16...70), .ruleEmpty(kind: "district"),
            .rubricWeights, .rubricMaxima, .expertsPerApplication, .stageOrder, .fundingOutOfRange, .headsFieldMissing, .validityOutOfRange, .assessmentOutsideValidity,
            .callNotOpen(opensOn: day), .callClosed(closedOn: day), .notEligible(unmet: ["x"]), .alreadyApplied, .wrongApplicantKind(expected: .person),
            .notYourEmployee, .fieldMissing(key: "k", label: "l"), .fieldTooLong(key: "k", label: "l", maximum: 3), .attachmentMissing(key: "k", label: "l"),
            .attachmentEmpty, .attachmentTooLarge(bytes: 2, maximum: 1), .attachmentNotAllowed, .attachmentMismatch(claimed: .pdf, found: .png),
            .notEnoughExperts(application: "A", needed: 3, free: 1), .notAssigned, .noDeclaration, .declaredConflict, .scoreMissing(criterion: "c"),
            .scoreOutOfRange(criterion: "c", maximum: 5), .scoreUnknownCriterion, .tooFewScores(have: 1, need: 3), .quotaFull(quota: 1),
            .budgetShort(left: .zero, needed: Money(yuan: 1)), .titleNotActive,
        ]
        return cases
    }()

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

    @Test("Programme refusals (issue 13): kebab-case codes under programme., one per case, in both languages; the state's refusals are conflicts")
    func programmeRefusalCatalogue() {
        let codes = Self.programmeRefusals.map(\.code)
        #expect(Set(codes).count == codes.count)
        for error in Self.programmeRefusals {
            #expect(error.code.hasPrefix("programme."), "\(error.code)")
            #expect(error.code.dropFirst("programme.".count).allSatisfy { ("a"..."z").contains($0) || $0 == "-" }, "\(error.code)")
            #expect(error.chinese.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }, "\(error.code)")
            #expect(error.english.unicodeScalars.filter { ("a"..."z").contains($0) }.count >= 10, "\(error.code): \(error.english)")
        }
        #expect(ProgrammeRefusal.callClosed(closedOn: date(2024, 4, 30)).kind == .conflict)
        #expect(ProgrammeRefusal.quotaFull(quota: 1).kind == .conflict)
        #expect(ProgrammeRefusal.attachmentNotAllowed.kind == .invalid)
    }
}

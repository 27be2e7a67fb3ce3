import Testing
@testable import GongjiangCore

/// The identifier parsers read plain ASCII byte by byte (ASCIIBytes.swift) and everything else the general way.
/// A full-width copy of a text always takes the general way and means the same thing (interchange.md), so parsing
/// both must agree: the same value and parts when accepted, the same error code when refused. Random valid values
/// and random one-character mutations of them cover both outcomes.
@Suite("Fast and general parsing paths agree")
struct FastPathAgreementTests {
    /// Characters a mutation puts in: digits, the check letters, other letters, separators, a space.
    static let mutationAlphabet: [Character] = Array("0123456789Xx AZSYsy-/")

    /// Accepted values compared by `describe`, refusals by error code.
    static func outcome<Value, Failure: DomainError>(_ parse: () throws(Failure) -> Value,
                                                     describe: (Value) -> String) -> String {
        do throws(Failure) {
            return "ok " + describe(try parse())
        } catch {
            return "error " + error.code
        }
    }

    /// Parses each text as given and in full width, and expects the same outcome.
    static func expectPathsAgree<Value, Failure: DomainError>(
        on texts: [String], describe: (Value) -> String, _ parse: (String) throws(Failure) -> Value,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        for text in texts {
            let ascii = outcome({ () throws(Failure) in try parse(text) }, describe: describe)
            let general = outcome({ () throws(Failure) in try parse(fullWidth(text)) }, describe: describe)
            #expect(ascii == general, "\(text)", sourceLocation: sourceLocation)
        }
    }

    static func mutations(of text: String, using generator: inout SplitMix64) -> [String] {
        var texts = [text, text.lowercased()]
        for _ in 0..<20 {
            let offset = Int.random(in: 0..<text.count, using: &generator)
            texts.append(replacing(text, at: offset, with: mutationAlphabet.randomElement(using: &generator)!))
        }
        texts.append(String(text.dropLast()))
        texts.append(text + "0")
        return texts
    }

    static func digits(_ count: Int, using generator: inout SplitMix64) -> String {
        String((0..<count).map { _ in "0123456789".randomElement(using: &generator)! })
    }

    @Test("Resident ID numbers: value, birth date and sex")
    func residentIDs() {
        var generator = SplitMix64(seed: 11643)
        for _ in 0..<300 {
            Self.expectPathsAgree(on: Self.mutations(of: randomResidentID(using: &generator), using: &generator),
                                  describe: { (id: ResidentID) in "\(id.value) \(id.birthDate) \(id.sex)" }) {
                (text) throws(ResidentIDError) in try ResidentID(text, today: testToday)
            }
        }
    }

    @Test("Unified social credit codes")
    func creditCodes() {
        var generator = SplitMix64(seed: 32100)
        for _ in 0..<300 {
            Self.expectPathsAgree(on: Self.mutations(of: randomCreditCode(using: &generator), using: &generator),
                                  describe: \CreditCode.value) { (text) throws(CreditCodeError) in try CreditCode(text) }
        }
    }

    @Test("Certificate numbers, national and legacy: every part")
    func certificateNumbers() {
        var generator = SplitMix64(seed: 2019)
        let describe = { (number: CertificateNumber) -> String in
            switch number {
            case .national(let n):
                "national \(n.value) \(n.organizationType) \(n.organizationCode) \(n.provinceCode) \(n.siteSerial) \(n.yearOfIssue) \(n.level) \(n.serial)"
            case .legacy(let n):
                "legacy \(n.value) \(n.yearOfIssue) \(n.provinceCode) \(n.cityCode) \(n.bodyType) \(n.bodySerial) \(n.level) \(n.serial)"
            }
        }
        for _ in 0..<300 {
            let national = (Bool.random(using: &generator) ? "S" : "Y") + Self.digits(14, using: &generator)
                + String(Int.random(in: 1...5, using: &generator)) + Self.digits(6, using: &generator)
            let legacy = Self.digits(6, using: &generator) + String(Int.random(in: 0...4, using: &generator))
                + Self.digits(3, using: &generator) + String(Int.random(in: 1...5, using: &generator)) + Self.digits(5, using: &generator)
            Self.expectPathsAgree(on: Self.mutations(of: national, using: &generator) + Self.mutations(of: legacy, using: &generator),
                                  describe: describe) { (text) throws(CertificateNumberError) in try CertificateNumber(text) }
        }
    }

    @Test("Mobile numbers, occupation codes, dates and levels")
    func shortValues() {
        var generator = SplitMix64(seed: 2260)
        for _ in 0..<300 {
            let phone = "1" + String(Int.random(in: 3...9, using: &generator)) + Self.digits(9, using: &generator)
            Self.expectPathsAgree(on: Self.mutations(of: phone, using: &generator),
                                  describe: \PhoneNumber.value) { (text) throws(PhoneNumberError) in try PhoneNumber(text) }
            let code = Self.digits(1, using: &generator) + "-" + Self.digits(2, using: &generator) + "-"
                + Self.digits(2, using: &generator) + "-" + Self.digits(2, using: &generator)
            Self.expectPathsAgree(on: Self.mutations(of: code, using: &generator),
                                  describe: \OccupationCode.value) { (text) throws(OccupationCodeError) in try OccupationCode(text) }
            let day = date(1990, 1, 1).adding(days: Int.random(in: 0...20_000, using: &generator)).description
            Self.expectPathsAgree(on: Self.mutations(of: day, using: &generator),
                                  describe: \CivilDate.description) { (text) throws(CivilDateError) in try CivilDate(parsing: text) }
        }
        Self.expectPathsAgree(on: ["0", "1", "2", "3", "4", "5", "6", "9", "x"],
                              describe: \SkillLevel.chineseName) { (text) throws(SkillLevelError) in try SkillLevel(parsing: text) }
    }

    @Test("A lower-case x check character is read as X on both paths")
    func lowerCaseCheckCharacter() throws {
        let id = try ResidentID("11010519491231002x", today: testToday)
        #expect(id.value == "11010519491231002X")
        #expect(id.sex == .female)
        #expect(id.birthDate == date(1949, 12, 31))
    }

    @Test("Chinese text with nothing to change keeps its value; full-width forms and ideographic spaces still change")
    func halfWidthSecondFastPath() {
        #expect("唐佳".halfWidthNormalized == "唐佳")
        #expect("南通（基准）测试有限公司".halfWidthNormalized == "南通(基准)测试有限公司")
        #expect("\u{3000}唐佳\u{3000}".halfWidthNormalized == "唐佳")
        #expect("唐\u{3000}佳".halfWidthNormalized == "唐 佳")
        #expect("\u{00A0}唐佳".halfWidthNormalized == "唐佳")
        #expect("唐佳\u{2003}".halfWidthNormalized == "唐佳")
    }
}

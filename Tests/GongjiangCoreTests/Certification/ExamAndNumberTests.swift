import Foundation
import Testing
@testable import GongjiangCore

@Suite("Exam scores and issued certificate numbers")
struct ExamAndNumberTests {
    static let rules = ExamRules.national
    static func score(_ text: String) -> Score { try! Score(parsing: text) }

    @Test("Scores read 0–100 with at most one decimal", arguments: ["0", "60", "59.9", "100", "100.0", "７８.５"])
    func scoresRead(text: String) throws {
        let score = try Score(parsing: text)
        #expect((0...1000).contains(score.tenths))
    }

    @Test("Anything else is refused as out of range", arguments: ["", "-1", "100.1", "101", "78.25", "abc", "7 8", "1e2", ".5", "60.", "0060"])
    func scoresRefused(text: String) {
        #expect(throws: CertificationRefusal.self) { try Score(parsing: text) }
    }

    @Test("rules.md Exams: pass at 60 in each part, 59.9 fails")
    func passMarkBoundary() {
        #expect(Self.rules.passes([.theory: Self.score("60"), .practical: Self.score("60")], for: .level4))
        #expect(!Self.rules.passes([.theory: Self.score("59.9"), .practical: Self.score("100")], for: .level4))
        #expect(!Self.rules.passes([.theory: Self.score("100"), .practical: Self.score("59.9")], for: .level4))
    }

    @Test("rules.md Exams: levels 2 and 1 (and the top rungs) also need the comprehensive review",
          arguments: SkillLevel.allCases)
    func reviewLevels(level: SkillLevel) throws {
        let needsReview = [SkillLevel.level2, .level1, .principalTechnician, .chiefTechnician].contains(level)
        #expect(Self.rules.parts(for: level).contains(.review) == needsReview)
        let two: [ExamPart: Score] = [.theory: Self.score("90"), .practical: Self.score("90")]
        if needsReview {
            #expect(throws: CertificationRefusal.scoreMissing(.review)) { try Self.rules.validate(two, for: level) }
            var three = two
            three[.review] = Self.score("59")
            try Self.rules.validate(three, for: level)
            #expect(!Self.rules.passes(three, for: level))
            three[.review] = Self.score("60")
            #expect(Self.rules.passes(three, for: level))
        } else {
            try Self.rules.validate(two, for: level)
            #expect(throws: CertificationRefusal.scoreWrongPart(.review, level: level)) {
                try Self.rules.validate(two.merging([.review: Self.score("70")]) { $1 }, for: level)
            }
        }
    }

    @Test("rules.md grades: 60 合格, 80 良好, 95 优秀")
    func grades() {
        #expect(Self.rules.grade(Self.score("59.9")) == .fail)
        #expect(Self.rules.grade(Self.score("60")) == .pass)
        #expect(Self.rules.grade(Self.score("79.9")) == .pass)
        #expect(Self.rules.grade(Self.score("80")) == .good)
        #expect(Self.rules.grade(Self.score("94.9")) == .good)
        #expect(Self.rules.grade(Self.score("95")) == .excellent)
    }

    static let issuer = CertificateIssue.Issuer(type: .social, organizationCode: "0000", provinceCode: "32", siteSerial: "100001")

    @Test("certificate-number.md: the example shape S000032100001235000123 is composed and reads back")
    func nationalNumber() throws {
        let number = try CertificateIssue.number(issuer: Self.issuer, year: 2023, level: .level5, serial: 123)
        #expect(number == "S000032100001235000123")
        let read = try NationalCertificateNumber(number)
        #expect(read.level == .level5 && read.yearOfIssue == 23 && read.serial == "000123")
    }

    @Test("Serials run 1…999999; beyond is refused rather than wrapped")
    func serialBounds() throws {
        #expect(try CertificateIssue.number(issuer: Self.issuer, year: 2026, level: .level1, serial: 999_999).hasSuffix("1999999"))
        #expect(throws: CertificationRefusal.serialsExhausted) {
            try CertificateIssue.number(issuer: Self.issuer, year: 2026, level: .level1, serial: 1_000_000)
        }
        #expect(throws: CertificationRefusal.serialsExhausted) {
            try CertificateIssue.number(issuer: Self.issuer, year: 2026, level: .level1, serial: 0)
        }
    }

    @Test("特级技师 and 首席技师: 2 letters + 20 digits, employers only, never a national number")
    func topRungNumbers() throws {
        let employer = CertificateIssue.Issuer(type: .employer, organizationCode: "0000", provinceCode: "32", siteSerial: "200003")
        let principal = try CertificateIssue.number(issuer: employer, year: 2026, level: .principalTechnician, serial: 5)
        let chief = try CertificateIssue.number(issuer: employer, year: 2026, level: .chiefTechnician, serial: 5)
        #expect(principal == "TJ00003220000326000005")
        #expect(principal.count == 22)
        #expect(chief.hasPrefix("SX"))
        #expect(throws: CertificateNumberError.self) { try NationalCertificateNumber(principal) }
        #expect(throws: CertificationRefusal.levelOnlyForEmployers(.principalTechnician)) {
            try CertificateIssue.number(issuer: Self.issuer, year: 2026, level: .principalTechnician, serial: 1)
        }
    }

    @Test("The codes a city assigns are checked at approval", arguments: [("000", "32", "100001"), ("0000", "3A", "100001"), ("0000", "32", "10001")])
    func issuerCodes(code: String, province: String, site: String) {
        let issuer = CertificateIssue.Issuer(type: .social, organizationCode: code, provinceCode: province, siteSerial: site)
        #expect(throws: CertificationRefusal.self) { try issuer.validate() }
    }

    @Test("rules.md: work type printed as -- when none, never blank")
    func workType() {
        #expect(CertificateIssue.workTypeText(nil) == "--")
        #expect(CertificateIssue.workTypeText("  ") == "--")
        #expect(CertificateIssue.workTypeText("电焊工") == "电焊工")
    }
}

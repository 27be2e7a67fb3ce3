/// A score of one part of an assessment, 0–100 with at most one decimal, kept in tenths so it adds and compares exactly.
public struct Score: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let tenths: Int

    public init(tenths: Int) throws(CertificationRefusal) {
        guard (0...1000).contains(tenths) else { throw .scoreOutOfRange(String(Double(tenths) / 10)) }
        self.tenths = tenths
    }

    /// Reads "78", "78.5" or "78.0" (full-width digits too); refuses anything else, including 78.25 and 101.
    public init(parsing raw: String) throws(CertificationRefusal) {
        let text = raw.halfWidthNormalized
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = Int(parts[0]), parts[0].allSatisfy(\.isASCIIDigit), parts[0].count <= 3 else {
            throw .scoreOutOfRange(text)
        }
        var tenths = whole * 10
        if parts.count == 2 {
            guard parts[1].count == 1, let digit = parts[1].first?.asciiDigitValue else { throw .scoreOutOfRange(text) }
            tenths += digit
        }
        guard (0...1000).contains(tenths) else { throw .scoreOutOfRange(text) }
        self.tenths = tenths
    }

    public static func < (a: Score, b: Score) -> Bool { a.tenths < b.tenths }

    public var description: String { tenths % 10 == 0 ? String(tenths / 10) : "\(tenths / 10).\(tenths % 10)" }
}

/// The parts of an assessment (rules.md, "Exams").
public enum ExamPart: String, Sendable, Codable, CaseIterable {
    /// 理论知识考试
    case theory
    /// 操作技能考核
    case practical
    /// 综合评审, for the levels that need it
    case review
}

/// The pass rule, as data with its effective date: theory and practical each at least the pass mark; the levels that
/// need a comprehensive review also need it at the pass mark. Grades where a grade is shown.
public struct ExamRules: Sendable, Equatable {
    public let effectiveFrom: CivilDate
    public let passMark: Score
    public let reviewLevels: Set<SkillLevel>
    /// 合格 / 良好 / 优秀 from these marks.
    public let goodMark: Score
    public let excellentMark: Score

    /// rules.md "Exams": each part 0–100, pass ≥ 60; 二级 and 一级 also need the comprehensive review (and so do
    /// 特级技师 and 首席技师 above them); grades 60 合格 / 80 良好 / 95 优秀.
    public static let national = ExamRules(
        effectiveFrom: CivilDate(uncheckedYear: 2020, month: 1, day: 1), passMark: try! Score(tenths: 600),
        reviewLevels: [.level2, .level1, .principalTechnician, .chiefTechnician],
        goodMark: try! Score(tenths: 800), excellentMark: try! Score(tenths: 950))

    public init(effectiveFrom: CivilDate, passMark: Score, reviewLevels: Set<SkillLevel>, goodMark: Score, excellentMark: Score) {
        self.effectiveFrom = effectiveFrom
        self.passMark = passMark
        self.reviewLevels = reviewLevels
        self.goodMark = goodMark
        self.excellentMark = excellentMark
    }

    /// The parts a candidate for `level` sits.
    public func parts(for level: SkillLevel) -> [ExamPart] {
        reviewLevels.contains(level) ? [.theory, .practical, .review] : [.theory, .practical]
    }

    /// Checks a set of scores for a candidate at `level`: every part it sits present, no part it does not sit.
    public func validate(_ scores: [ExamPart: Score], for level: SkillLevel) throws(CertificationRefusal) {
        let expected = parts(for: level)
        for part in ExamPart.allCases where scores[part] != nil && !expected.contains(part) {
            throw .scoreWrongPart(part, level: level)
        }
        for part in expected where scores[part] == nil { throw .scoreMissing(part) }
    }

    /// Whether the scores pass: every part sat at or above the pass mark.
    public func passes(_ scores: [ExamPart: Score], for level: SkillLevel) -> Bool {
        parts(for: level).allSatisfy { part in scores[part].map { $0 >= passMark } ?? false }
    }

    public enum Grade: String, Sendable { case fail, pass, good, excellent }

    public func grade(_ score: Score) -> Grade {
        if score >= excellentMark { return .excellent }
        if score >= goodMark { return .good }
        return score >= passMark ? .pass : .fail
    }
}

/// The subsidy standards (补贴标准) as dated rows: the training benchmark per person by occupation class (A/B/C) and
/// level, and the assessment-fee subsidy (鉴定补贴) by level (training-subsidy-standards.csv,
/// assessment-subsidy-standards.csv).
public struct SubsidyStandards: Sendable, Equatable {
    public struct Training: Sendable, Equatable {
        public let effectiveFrom: CivilDate
        public let subsidyClass: String
        public let nationalLevel: Int
        public let amount: Money

        public init(effectiveFrom: CivilDate, subsidyClass: String, nationalLevel: Int, amount: Money) {
            self.effectiveFrom = effectiveFrom
            self.subsidyClass = subsidyClass
            self.nationalLevel = nationalLevel
            self.amount = amount
        }
    }

    public struct Assessment: Sendable, Equatable {
        public let effectiveFrom: CivilDate
        public let nationalLevel: Int
        public let amount: Money

        public init(effectiveFrom: CivilDate, nationalLevel: Int, amount: Money) {
            self.effectiveFrom = effectiveFrom
            self.nationalLevel = nationalLevel
            self.amount = amount
        }
    }

    public let training: [Training]
    public let assessment: [Assessment]

    public init(training: [Training], assessment: [Assessment]) {
        self.training = training
        self.assessment = assessment
    }

    /// How a claim's amount was computed: each part with the standard it came from. Shown with the claim.
    public struct Computation: Sendable, Equatable, Codable {
        public let subsidyClass: String
        public let nationalLevel: Int
        /// The day whose standards apply: the certificate's issue date.
        public let standardsOn: CivilDate
        public let benchmark: Money
        public let benchmarkFrom: CivilDate
        public let upliftPercent: Int
        public let uplift: Money
        public let assessment: Money
        public let assessmentFrom: CivilDate?
        public let total: Money

        /// "A 类三级 2,000.00 元（2023-01-01 起）+ 紧缺上浮 30% 600.00 元 + 鉴定补贴 260.00 元 = 2,860.00 元"
        public var chinese: String {
            var text = "\(subsidyClass) 类 \(nationalLevel) 级基准 \(benchmark.yuanText) 元（\(benchmarkFrom) 起执行）"
            if upliftPercent > 0 { text += " + 紧缺型上浮 \(upliftPercent)% \(uplift.yuanText) 元" }
            if assessment > .zero { text += " + 鉴定补贴 \(assessment.yuanText) 元" }
            return text + " = \(total.yuanText) 元"
        }

        public var english: String {
            var text = "class \(subsidyClass), level \(nationalLevel): benchmark \(benchmark.yuanText) (from \(benchmarkFrom))"
            if upliftPercent > 0 { text += " + shortage uplift \(upliftPercent)% \(uplift.yuanText)" }
            if assessment > .zero { text += " + assessment subsidy \(assessment.yuanText)" }
            return text + " = \(total.yuanText) yuan"
        }
    }

    /// The amount of a claim for a certificate issued on `day`: the benchmark in force that day for the class and level,
    /// raised by the shortage uplift (rounded down to the fen), plus the assessment subsidy for the level in force that
    /// day (none for level 5, which has none in the standards).
    public func compute(subsidyClass: String, level: SkillLevel, on day: CivilDate, upliftPercent: Int,
                        policy: TrainingPolicy) throws(TrainingRefusal) -> Computation {
        guard ["A", "B", "C"].contains(subsidyClass) else { throw .noSubsidyClass(subsidyClass) }
        guard (0...policy.shortageUpliftMaximumPercent).contains(upliftPercent) else {
            throw .upliftTooLarge(upliftPercent, maximum: policy.shortageUpliftMaximumPercent)
        }
        guard let national = level.nationalLevel,
              let benchmark = training.filter({ $0.subsidyClass == subsidyClass && $0.nationalLevel == national && $0.effectiveFrom <= day })
                .max(by: { $0.effectiveFrom < $1.effectiveFrom })
        else { throw .noStandard(subsidyClass: subsidyClass, level: level, on: day) }
        let uplift = Money(fen: benchmark.amount.fen * Int64(upliftPercent) / 100)
        let fee = assessment.filter { $0.nationalLevel == national && $0.effectiveFrom <= day }.max { $0.effectiveFrom < $1.effectiveFrom }
        let assessmentAmount = fee?.amount ?? .zero
        return Computation(subsidyClass: subsidyClass, nationalLevel: national, standardsOn: day, benchmark: benchmark.amount,
                           benchmarkFrom: benchmark.effectiveFrom, upliftPercent: upliftPercent, uplift: uplift, assessment: assessmentAmount,
                           assessmentFrom: fee?.effectiveFrom, total: benchmark.amount + uplift + assessmentAmount)
    }
}

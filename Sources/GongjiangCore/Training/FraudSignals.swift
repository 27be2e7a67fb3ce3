/// Signals for a reviewer (疑点): they put a claim in the review queue with the reason they fired, and never refuse
/// anything on their own.
public enum FraudSignal: Sendable, Equatable, Codable {
    /// The trainee sat in two classes whose schedules overlap.
    case overlappingEnrolments(otherClass: String)
    /// The certificate is dated before the class ended.
    case certificateBeforeClassEnd(issuedOn: CivilDate, classEndedOn: CivilDate)
    /// Many trainees share one phone number or one bank account.
    case sharedContact(kind: String, count: Int)
    /// The provider's pass rate is far above its peers'.
    case passRateOutlier(providerPercent: Int, peerMedianPercent: Int)
    /// The trainee is outside working age on the class's first day.
    case outsideWorkingAge(age: Int)

    public var code: String {
        switch self {
        case .overlappingEnrolments: "signal.overlapping-enrolments"
        case .certificateBeforeClassEnd: "signal.certificate-before-class-end"
        case .sharedContact: "signal.shared-contact"
        case .passRateOutlier: "signal.pass-rate-outlier"
        case .outsideWorkingAge: "signal.outside-working-age"
        }
    }

    public var chinese: String {
        switch self {
        case .overlappingEnrolments(let other): "该学员同时在时间重叠的班级 \(other) 中"
        case .certificateBeforeClassEnd(let issued, let ended): "证书发证日期 \(issued) 早于培训班结束日期 \(ended)"
        case .sharedContact(let kind, let count): "\(count) 名学员共用同一\(kind == "phone" ? "手机号" : "银行账号")"
        case .passRateOutlier(let rate, let median): "该机构取证率 \(rate)% 远高于同类机构中位数 \(median)%"
        case .outsideWorkingAge(let age): "学员开班时 \(age) 岁，不在劳动年龄内"
        }
    }

    public var english: String {
        switch self {
        case .overlappingEnrolments(let other): "The trainee is also in class \(other), whose schedule overlaps"
        case .certificateBeforeClassEnd(let issued, let ended): "The certificate (\(issued)) is dated before the class ended (\(ended))"
        case .sharedContact(let kind, let count): "\(count) trainees share one \(kind == "phone" ? "phone number" : "bank account")"
        case .passRateOutlier(let rate, let median): "The provider's pass rate \(rate)% is far above its peers' median \(median)%"
        case .outsideWorkingAge(let age): "The trainee was \(age) on the class's first day, outside working age"
        }
    }
}

/// When a signal fires: thresholds as data, with the reason for each number.
public struct FraudThresholds: Sendable, Equatable {
    /// Trainees sharing one phone or account before it is a signal: a family may share one, a class should not.
    public var sharedContactCount: Int
    /// A provider's pass rate this many times its peers' median…
    public var passRateRatioPercent: Int
    /// …over at least this many trainees, so a small class's 100% is no signal.
    public var passRateMinimumTrainees: Int
    /// Working age: 16 (the Labour Law's minimum) to 60 (the statutory retirement age the reform raises gradually from 2025).
    public var workingAge: ClosedRange<Int>

    public init(sharedContactCount: Int, passRateRatioPercent: Int, passRateMinimumTrainees: Int, workingAge: ClosedRange<Int>) {
        self.sharedContactCount = sharedContactCount
        self.passRateRatioPercent = passRateRatioPercent
        self.passRateMinimumTrainees = passRateMinimumTrainees
        self.workingAge = workingAge
    }

    public static let defaults = FraudThresholds(sharedContactCount: 3, passRateRatioPercent: 150, passRateMinimumTrainees: 20,
                                                 workingAge: 16...60)

    public func sharedContact(kind: String, count: Int) -> FraudSignal? {
        count >= sharedContactCount ? .sharedContact(kind: kind, count: count) : nil
    }

    public func passRate(passed: Int, trainees: Int, peerRates: [Int]) -> FraudSignal? {
        guard trainees >= passRateMinimumTrainees, !peerRates.isEmpty else { return nil }
        let rate = passed * 100 / trainees
        let sorted = peerRates.sorted()
        let median = sorted[sorted.count / 2]
        guard median > 0, rate * 100 >= median * passRateRatioPercent else { return nil }
        return .passRateOutlier(providerPercent: rate, peerMedianPercent: median)
    }

    public func age(born: CivilDate, on day: CivilDate) -> FraudSignal? {
        var age = day.year - born.year
        if (day.month, day.day) < (born.month, born.day) { age -= 1 }
        return workingAge.contains(age) ? nil : .outsideWorkingAge(age: age)
    }
}

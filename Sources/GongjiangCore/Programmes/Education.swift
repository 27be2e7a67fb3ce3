/// Education as hiring and title rules read it: 中专 up to 博士, and the technical-school tracks that count as one of
/// them (rules.md, "Skill–title crossover": 中级工班 / 高级工班 / 预备技师班 count as 中专 / 大专 / 本科).
public enum EducationLevel: Int, Sendable, Codable, CaseIterable, Comparable {
    case secondaryVocational = 1
    case college = 2
    case bachelor = 3
    case master = 4
    case doctorate = 5

    public var chineseName: String {
        switch self {
        case .secondaryVocational: "中专"
        case .college: "大专"
        case .bachelor: "本科"
        case .master: "硕士"
        case .doctorate: "博士"
        }
    }

    public var code: String {
        switch self {
        case .secondaryVocational: "secondary-vocational"
        case .college: "college"
        case .bachelor: "bachelor"
        case .master: "master"
        case .doctorate: "doctorate"
        }
    }

    public init?(code: String) {
        guard let found = Self.allCases.first(where: { $0.code == code }) else { return nil }
        self = found
    }

    public static func < (lhs: EducationLevel, rhs: EducationLevel) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A technical school's track (技工院校), by the level its graduates reach.
public enum SchoolTrack: String, Sendable, Codable, CaseIterable {
    /// 中级工班
    case intermediate = "intermediate"
    /// 高级工班
    case advanced = "advanced"
    /// 预备技师班
    case preTechnician = "pre-technician"

    public var chineseName: String {
        switch self {
        case .intermediate: "中级工班"
        case .advanced: "高级工班"
        case .preTechnician: "预备技师班"
        }
    }

    /// The education a graduate of the track counts as (rules.md).
    public var equivalentEducation: EducationLevel {
        switch self {
        case .intermediate: .secondaryVocational
        case .advanced: .college
        case .preTechnician: .bachelor
        }
    }
}

import Foundation
import Testing
@testable import GongjiangCore

@Suite("Skill level ladder (人社部发〔2022〕14号)")
struct SkillLevelTests {
    /// skill-levels.csv, row by row: rank, national level, Chinese name, English name, high-skilled.
    static let table: [(SkillLevel, Int?, String, String, Bool)] = [
        (.apprentice, nil, "学徒工", "Apprentice", false),
        (.level5, 5, "五级/初级工", "Level 5 / Junior worker", false),
        (.level4, 4, "四级/中级工", "Level 4 / Intermediate worker", false),
        (.level3, 3, "三级/高级工", "Level 3 / Senior worker", true),
        (.level2, 2, "二级/技师", "Level 2 / Technician", true),
        (.level1, 1, "一级/高级技师", "Level 1 / Senior technician", true),
        (.principalTechnician, nil, "特级技师", "Principal technician", true),
        (.chiefTechnician, nil, "首席技师", "Chief technician", true),
    ]

    @Test("Each rung matches skill-levels.csv", arguments: table)
    func rungMatchesReferenceTable(level: SkillLevel, national: Int?, chinese: String, english: String, high: Bool) {
        #expect(level.nationalLevel == national)
        #expect(level.chineseName == chinese)
        #expect(level.englishName == english)
        #expect(level.isHighSkilled == high)
    }

    @Test("Raw values are the ranks 0…7 in ladder order")
    func rawValuesAreRanks() {
        #expect(SkillLevel.allCases.map(\.rawValue) == Array(0...7))
        #expect(SkillLevel.allCases == Self.table.map(\.0))
    }

    @Test("National levels 1…5 map to rungs and back; others do not", arguments: -1...7)
    func nationalLevelRoundTrip(number: Int) {
        let level = SkillLevel(nationalLevel: number)
        if (1...5).contains(number) {
            #expect(level?.nationalLevel == number)
        } else {
            #expect(level == nil)
        }
    }

    @Test("Level 5 is the lowest national level and level 1 the highest")
    func nationalNumbersRunAgainstRank() {
        #expect(SkillLevel(nationalLevel: 5) == .level5)
        #expect(SkillLevel(nationalLevel: 1) == .level1)
        #expect(SkillLevel.level5 < SkillLevel.level1)
    }

    @Test("High-skilled starts exactly at 三级/高级工")
    func highSkilledBoundary() {
        #expect(!SkillLevel.level4.isHighSkilled)
        #expect(SkillLevel.level3.isHighSkilled)
    }

    @Test("Levels compare by seniority")
    func ordering() {
        #expect(SkillLevel.apprentice < .level5)
        #expect(SkillLevel.level1 < .principalTechnician)
        #expect(SkillLevel.principalTechnician < .chiefTechnician)
        #expect(SkillLevel.allCases.shuffled().sorted() == SkillLevel.allCases)
    }

    @Test("A level encodes as its rank")
    func codableAsRank() throws {
        let data = try JSONEncoder().encode([SkillLevel.level3])

        #expect(String(decoding: data, as: UTF8.self) == "[3]")
        #expect(try JSONDecoder().decode([SkillLevel].self, from: data) == [.level3])
    }

    // MARK: Parsing the import's level column

    @Test("The forms of the level column are read", arguments: [
        ("1", SkillLevel.level1), ("2", .level2), ("3", .level3), ("4", .level4), ("5", .level5),
        ("３", .level3), (" 3 ", .level3),
        ("1级", .level1), ("3级", .level3), ("5级", .level5), ("３级", .level3),
        ("一级", .level1), ("二级", .level2), ("三级", .level3), ("四级", .level4), ("五级", .level5),
        ("初级工", .level5), ("中级工", .level4), ("高级工", .level3), ("技师", .level2), ("高级技师", .level1),
        ("初级", .level5), ("中级", .level4), ("高级", .level3),
        ("五级/初级工", .level5), ("四级/中级工", .level4), ("三级/高级工", .level3), ("二级/技师", .level2),
        ("一级/高级技师", .level1),
        ("三级／高级工", .level3), ("三级 / 高级工", .level3), ("三级（高级工）", .level3), ("三级(高级工)", .level3),
        ("3/高级工", .level3), ("3级/高级", .level3),
    ])
    func levelColumnFormsAreRead(text: String, level: SkillLevel) throws {
        #expect(try SkillLevel(parsing: text) == level)
    }

    @Test("Every rung's own Chinese name is read back for national levels")
    func chineseNamesRoundTrip() throws {
        for level in SkillLevel.allCases where level.nationalLevel != nil {
            #expect(try SkillLevel(parsing: level.chineseName) == level)
        }
    }

    @Test("Texts that are not a national level 1–5 are refused", arguments: [
        "", "0", "6", "9", "10", "-1", "六级", "零级", "学徒工", "特级技师", "首席技师",
        "三级/初级工", "3/4", "三级/", "/高级工", "三级/高级工/技师", "abc", "level 3", "三", "级", "3.0", "高级工程师",
        "三级（初级工）", "高級工",
    ])
    func otherTextsAreRefused(text: String) {
        #expect(throws: SkillLevelError.unknown(text)) { try SkillLevel(parsing: text) }
    }

    @Test("The parse error has a stable code and quotes the text")
    func errorMessage() {
        let error = SkillLevelError.unknown("特级技师")

        #expect(error.code == "skill-level.unknown")
        #expect(error.chinese.contains("特级技师") && error.english.contains("特级技师"))
    }
}

import Fluent
import Foundation
import GongjiangCore

/// 002: loads the shipped policy tables. A city administrator edits them afterwards; they are data, not code.
///
/// Where a source table has no date of its own, the row takes the first day of its document's year
/// (e.g. the 2022 ladder of 人社部发〔2022〕14号), so that later editions can sit beside it.
struct SeedReferenceData: AsyncMigration {
    var name: String { "002-SeedReferenceData" }

    func prepare(on database: any Database) async throws {
        try await database.transaction { db in
            for row in try ReferenceTables.rows("districts") {
                let district = District()
                district.id = row["code"]
                district.nameZH = row["name_zh"] ?? ""
                district.nameEN = row["name_en"] ?? ""
                district.kind = row["kind"] ?? ""
                district.minimumWageTier = row["minimum_wage_tier_2021"].flatMap { Int($0) }
                // Tiers from 通人社劳〔2021〕9号, effective with the 2021-08-01 minimum wages.
                district.effectiveFrom = "2021-08-01"
                try await district.create(on: db)
            }
            for (line, row) in try ReferenceTables.rows("skill-levels").enumerated() {
                let level = SkillLevelEntry()
                level.id = try ReferenceTables.int(row, "rank", file: "skill-levels", line: line + 2)
                level.nationalLevel = row["national_level"].flatMap { Int($0) }
                level.nameZH = row["name_zh"] ?? ""
                level.nameEN = row["name_en"] ?? ""
                level.isHighSkilled = row["high_skilled"] == "yes"
                level.effectiveFrom = "2022-01-01"
                try await level.create(on: db)
            }
            for row in try ReferenceTables.rows("occupations-sample") {
                let occupation = Occupation()
                occupation.id = row["code"]
                occupation.nameZH = row["name_zh"] ?? ""
                occupation.nameEN = row["name_en"] ?? ""
                occupation.subsidyClass = row["subsidy_class"] ?? ""
                occupation.levels = row["levels"] ?? ""
                occupation.workTypes = row["work_types"] ?? ""
                occupation.isCodeConfirmed = row["code_confirmed"] == "yes"
                occupation.effectiveFrom = "2022-01-01"   // 职业分类大典 2022 edition
                try await occupation.create(on: db)
            }
            for (line, row) in try ReferenceTables.rows("minimum-wages").enumerated() {
                let wage = MinimumWage()
                wage.provinceCode = row["province"] ?? ""
                wage.tier = try ReferenceTables.int(row, "tier", file: "minimum-wages", line: line + 2)
                wage.effectiveFrom = row["effective_from"] ?? ""
                wage.monthlyFen = Money(yuan: Int64(try ReferenceTables.int(row, "monthly_yuan", file: "minimum-wages", line: line + 2))).fen
                wage.hourlyFen = Money(yuan: Int64(try ReferenceTables.int(row, "hourly_yuan", file: "minimum-wages", line: line + 2))).fen
                wage.source = row["source"] ?? ""
                wage.isConfirmed = row["confirmed"] == "yes"
                try await wage.create(on: db)
            }
            for (line, row) in try ReferenceTables.rows("training-subsidy-standards").enumerated() {
                let standard = TrainingSubsidyStandard()
                standard.effectiveFrom = "\(try ReferenceTables.int(row, "year", file: "training-subsidy-standards", line: line + 2))-01-01"
                standard.subsidyClass = row["subsidy_class"] ?? ""
                standard.nationalLevel = try ReferenceTables.int(row, "level", file: "training-subsidy-standards", line: line + 2)
                standard.amountFen = Money(yuan: Int64(try ReferenceTables.int(row, "yuan_per_person", file: "training-subsidy-standards", line: line + 2))).fen
                standard.note = row["note"] ?? ""
                try await standard.create(on: db)
            }
            for (line, row) in try ReferenceTables.rows("assessment-subsidy-standards").enumerated() {
                let standard = AssessmentSubsidyStandard()
                standard.effectiveFrom = "\(try ReferenceTables.int(row, "year", file: "assessment-subsidy-standards", line: line + 2))-01-01"
                standard.nationalLevel = try ReferenceTables.int(row, "level", file: "assessment-subsidy-standards", line: line + 2)
                standard.amountFen = Money(yuan: Int64(try ReferenceTables.int(row, "yuan_per_person", file: "assessment-subsidy-standards", line: line + 2))).fen
                standard.note = row["note"] ?? ""
                try await standard.create(on: db)
            }
            for (line, row) in try ReferenceTables.rows("apprenticeship-subsidy-standards").enumerated() {
                let standard = ApprenticeshipSubsidyStandard()
                standard.effectiveFrom = row["effective_from"] ?? ""
                standard.targetLevel = try ReferenceTables.int(row, "target_level", file: "apprenticeship-subsidy-standards", line: line + 2)
                standard.amountFen = Money(yuan: Int64(try ReferenceTables.int(row, "yuan_per_apprentice_per_year", file: "apprenticeship-subsidy-standards", line: line + 2))).fen
                standard.source = row["source"] ?? ""
                try await standard.create(on: db)
            }
        }
    }

    func revert(on database: any Database) async throws {
        for table in ["apprenticeship_subsidy_standards", "assessment_subsidy_standards", "training_subsidy_standards",
                      "minimum_wages", "occupations", "skill_levels", "districts"] {
            try await database.sql.delete(from: table).run()
        }
    }
}

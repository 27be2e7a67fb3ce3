import Fluent
import Foundation

/// 015: the occupations of the 2022 national classification that a manufacturing city certifies
/// (`../shared/domain/occupations.csv`, 423 rows), so filings, plans and the demo draw on the reference table rather than
/// the sample. Occupations already present (the sample's) are left as they are; where the two disagree on a code's
/// name, the README of the reference data says which edition each belongs to, and a deployment imports the official
/// catalogue whole. Levels default to 5..1 where the file gives none.
struct SeedOccupationCatalogue: AsyncMigration {
    var name: String { "015-SeedOccupationCatalogue" }

    /// Codes whose national skill standard was seen (occupations.csv's README): 焊工, 人工智能训练师.
    static let confirmed: Set<String> = ["6-18-02-04", "4-04-05-05"]

    func prepare(on database: any Database) async throws {
        let existing = Set(try await Occupation.query(on: database).all().compactMap(\.id))
        try await database.transaction { tx in
            for row in try ReferenceTables.rows("occupations") {
                guard let code = row["code"], !code.isEmpty, !existing.contains(code) else { continue }
                let occupation = Occupation()
                occupation.id = code
                occupation.nameZH = row["name_zh"] ?? ""
                occupation.nameEN = row["name_en"] ?? ""
                occupation.subsidyClass = ""
                occupation.levels = (row["levels"] ?? "").isEmpty ? "5,4,3,2,1" : row["levels"]!
                occupation.workTypes = row["work_types"] ?? ""
                occupation.isCodeConfirmed = Self.confirmed.contains(code)
                occupation.effectiveFrom = "2022-01-01"   // 职业分类大典 2022 edition
                try await occupation.create(on: tx)
            }
        }
    }

    func revert(on database: any Database) async throws {
        let sample = Set(try ReferenceTables.rows("occupations-sample").compactMap { $0["code"] })
        let added = try ReferenceTables.rows("occupations").compactMap { $0["code"] }.filter { !sample.contains($0) }
        for chunk in stride(from: 0, to: added.count, by: 200).map({ Array(added[$0..<min($0 + 200, added.count)]) }) {
            try await Occupation.query(on: database).filter(\.$id ~~ chunk).delete()
        }
    }
}

import Fluent
import Foundation
import GongjiangCore
import SQLKit
import Vapor

/// 年度报告: the bureau's paragraph with the year's figures for the caller's scope, then the district table, the
/// occupation table and the definition of each figure. Printable as A4; each table also as CSV.
enum AnnualReportPage {
    struct DistrictRow {
        let code: String?
        let name: String
        let figures: AnnualFiguresDTO
    }

    struct OccupationRow {
        let code: String
        let name: String
        let high: Int64
        let technicians: Int64
        let all: Int64
    }

    struct Model {
        let year: Int
        let place: String
        let whole: AnnualFiguresDTO
        let districts: [DistrictRow]
        let occupations: [OccupationRow]
        let mayEnterLabourForce: Bool

        static func load(_ request: Request) async throws -> Model {
            let today = CivilDate.today(now: request.now)
            let asked = request.query[Int.self, at: "year"] ?? today.year
            let year = StatisticsAPI.years.contains(asked) ? asked : today.year
            let names = try await ReferenceNames.load(on: request.db)
            let t = request.localizer
            let whole = try await AnnualFigureQueries.compute(year: year, scope: request.scope, on: request.db)
            let codes = try await ApprenticeshipQueries.districtCodes(on: request.db).filter { request.scope.districtCodes?.contains($0) ?? true }
            var districts: [DistrictRow] = []
            for code in codes {
                districts.append(DistrictRow(code: code, name: names.district(code, t),
                                             figures: try await AnnualFigureQueries.compute(year: year, districts: [code], on: request.db)))
            }
            let place = request.scope.districtCodes.map { scope in codes.filter(scope.contains).map { names.district($0, t) }.joined(separator: "、") }
                ?? "全市"
            return Model(year: year, place: place, whole: whole, districts: districts,
                         occupations: try await occupations(year: year, districts: request.scope.districtCodes, names: names, t: t, on: request.db),
                         mayEnterLabourForce: request.principal?.may(.manageReference) == true)
        }

        /// Certificates issued in the year by occupation, from the kept aggregates: 三级 and above, of which 二级 and 一级,
        /// and all levels; the most first.
        static func occupations(year: Int, districts: Set<String>?, names: ReferenceNames, t: Localizer,
                                on database: any Database) async throws -> [OccupationRow] {
            var byOccupation: [String: (high: Int64, technicians: Int64, all: Int64)] = [:]
            for row in try await database.sql.raw("""
                SELECT dimension, CAST(SUM(n) AS BIGINT) AS n FROM stat_counts WHERE metric = \(bind: SkillAggregates.Metric.certificates)
                AND year = \(bind: year)\(AnnualFigureQueries.filter(districts, column: "district_code")) GROUP BY dimension
                """).all() {
                let parts = try row.decode(column: "dimension", as: String.self).split(separator: "|")
                guard parts.count == 2, let rank = Int(parts[1]) else { continue }
                let n = try row.decode(column: "n", as: Int64.self)
                var entry = byOccupation[String(parts[0]), default: (0, 0, 0)]
                entry.all += n
                if rank >= SkillLevel.level3.rawValue { entry.high += n }
                if rank == SkillLevel.level2.rawValue || rank == SkillLevel.level1.rawValue { entry.technicians += n }
                byOccupation[String(parts[0])] = entry
            }
            return byOccupation.map { OccupationRow(code: $0.key, name: names.occupation($0.key, t), high: $0.value.high, technicians: $0.value.technicians,
                                                    all: $0.value.all) }
                .sorted { ($0.high, $0.all, $1.code) > ($1.high, $1.all, $0.code) }
        }
    }

    /// The district table as CSV (UTF-8 with BOM).
    static func districtsCSV(_ model: Model) -> CSVDocument {
        var document = CSVDocument(header: ["区县", "高技能人才总量", "每万名劳动者中高技能人才", "从业人员", "新增高技能人才", "新增技师和高级技师",
                                            "补贴性培训人次", "专账补贴资金（元）", "新增学徒", "学徒目标"])
        for row in model.districts + [DistrictRow(code: nil, name: model.place, figures: model.whole)] {
            let f = row.figures
            document.append([row.name, String(f.highSkilledTotal), f.highSkilledPer10kWorkers.map(String.init) ?? "", f.labourForce.map(String.init) ?? "",
                             String(f.newHighSkilled), String(f.newTechniciansAndSeniorTechnicians), String(f.subsidisedTrainingPersonTimes),
                             Money(fen: f.subsidyPaidFen).plainYuanText, String(f.apprenticeshipPersonTimes), f.apprenticeshipTarget.map(String.init) ?? ""])
        }
        return document
    }

    static func occupationsCSV(_ model: Model) -> CSVDocument {
        var document = CSVDocument(header: ["职业编码", "职业", "三级及以上证书", "其中二级、一级", "全部证书"])
        for row in model.occupations {
            document.append([row.code, row.name, String(row.high), String(row.technicians), String(row.all)])
        }
        return document
    }
}

/// 从业人员: the year's workers per district, entered by the city or imported from CSV.
enum LabourForcePage {
    struct Model {
        let year: Int
        let figures: [String: Int64]
        let districts: [(value: String, label: String)]
        let mayEdit: Bool
        let request: Request
        var error: String?
        var fileOutcome: RowFiles.Outcome?

        static func load(_ request: Request, error: String? = nil) async throws -> Model {
            let asked = request.query[Int.self, at: "year"] ?? CivilDate.today(now: request.now).year
            let year = StatisticsAPI.years.contains(asked) ? asked : CivilDate.today(now: request.now).year
            let codes = Set(try await ApprenticeshipQueries.districtCodes(on: request.db))
            let districts = try await ReferenceNames.load(on: request.db).districtOptions(request.localizer).filter { codes.contains($0.value) }
            return Model(year: year, figures: try await LabourForce.figures(year: year, on: request.db), districts: districts,
                         mayEdit: request.principal?.may(.manageReference) == true, request: request, error: error)
        }
    }

    static let columns: [RowFiles.Column] = [.init("区县代码", "districtCode", required: true), .init("年度", "year", required: true),
                                             .init("从业人员", "workers", required: true)]

    /// A CSV of district, year and workers; each row entered as the form enters it, each refused row with its reason.
    static func run(path: String, _ context: TrainingContext) async throws -> RowFiles.Outcome {
        try await RowFiles.run(path: path, columns: columns, maximumRows: 2000) { cell, _ in
            guard let year = cell("year").flatMap({ Int($0) }), let workers = cell("workers").flatMap({ Int64($0.replacingOccurrences(of: ",", with: "")) }) else {
                throw RequestProblem.validation([FieldProblem(field: "workers", code: "labour-force.number", chinese: "年度和从业人员数应为整数",
                                                              english: "The year and the workers are whole numbers")])
            }
            try await LabourForce.set(year: year, [cell("districtCode") ?? "": workers], source: "csv", context)
        }
    }
}

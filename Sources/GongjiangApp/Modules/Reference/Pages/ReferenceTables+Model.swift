import Fluent
import Foundation
import Vapor

enum ReferenceTablesPage {
    struct Model {
        let districts: [District]
        let levels: [SkillLevelEntry]
        let occupations: [Occupation]
        let minimumWages: [MinimumWage]
        let trainingSubsidies: [TrainingSubsidyStandard]
        let assessmentSubsidies: [AssessmentSubsidyStandard]
        let apprenticeshipSubsidies: [ApprenticeshipSubsidyStandard]

        static func load(_ request: Request) async throws -> Model {
            let db = request.db
            return Model(
                districts: try await District.query(on: db).sort(\.$id).all(),
                levels: try await SkillLevelEntry.query(on: db).sort(\.$id).all(),
                occupations: try await Occupation.query(on: db).sort(\.$id).all(),
                minimumWages: try await MinimumWage.query(on: db).sort(\.$effectiveFrom).sort(\.$tier).all(),
                trainingSubsidies: try await TrainingSubsidyStandard.query(on: db)
                    .sort(\.$effectiveFrom).sort(\.$subsidyClass).sort(\.$nationalLevel, .descending).all(),
                assessmentSubsidies: try await AssessmentSubsidyStandard.query(on: db)
                    .sort(\.$effectiveFrom).sort(\.$nationalLevel, .descending).all(),
                apprenticeshipSubsidies: try await ApprenticeshipSubsidyStandard.query(on: db)
                    .sort(\.$effectiveFrom).sort(\.$targetLevel, .descending).all())
        }
    }
}

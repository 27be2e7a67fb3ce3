import Foundation
import GongjiangCore
import SQLKit
import Vapor

/// 课程查询, no sign-in: approved classes still to start, by occupation, level, district and start date, with the fee,
/// the subsidy a trainee can expect and what they pay.
enum CoursesPage {
    struct Model {
        let page: Page<CourseDTO>
        let occupation: String
        let level: String
        let district: String
        let from: String
        let isFirstPage: Bool
        let occupations: [String]
        let names: ReferenceNames
        let error: String?

        static func load(_ request: Request) async throws -> Model {
            let occupation = request.query[String.self, at: "occupation"] ?? ""
            let level = request.query[String.self, at: "level"] ?? ""
            let district = request.query[String.self, at: "district"] ?? ""
            let fromText = request.query[String.self, at: "from"] ?? ""
            let today = CivilDate.today(now: request.now)
            var error: String?
            var from = today
            if !fromText.isEmpty {
                if let day = try? CivilDate(parsing: fromText) { from = day } else { error = request.localizer("training.courses.bad-date") }
            }
            let cursor = try request.pageCursor()
            let rows = try await TrainingQueries.finder(on: request.db, occupation: occupation.nilIfEmpty, level: SkillLevel(code: level),
                                                        district: district.nilIfEmpty, from: from, before: cursor?.id, limit: PageSize.default + 1)
            // The occupations that have an open class, for the choice.
            let occupations = try await request.db.sql.raw("""
                SELECT DISTINCT occupation_code FROM training_classes WHERE state = \(bind: ClassState.approved.rawValue)
                  AND starts_on >= \(bind: today.description) ORDER BY occupation_code LIMIT 300
                """).all().map { try $0.decode(column: "occupation_code", as: String.self) }
            return Model(page: Page(rows: rows, id: \.id), occupation: occupation, level: level, district: district, from: fromText,
                         isFirstPage: cursor == nil, occupations: occupations, names: try await ReferenceNames.load(on: request.db), error: error)
        }
    }
}

/// A training-claims notice as the public sees it (公示名单): each claim with the trainee's name masked, the
/// occupation, level, provider and amount; the period; how to object.
enum ClaimNoticePage {
    struct Entry {
        let number: String
        let name: String
        let occupationCode: String
        let level: SkillLevel?
        let provider: String
        let amount: Money
    }

    struct Model {
        let notice: NoticeRecord
        let entries: [Entry]
        let names: ReferenceNames

        static func load(_ request: Request) async throws -> Model {
            let id = try request.uuidParameter()
            guard let notice = try await NoticeRecord.find(id, on: request.db),
                  notice.subjectKind == ClaimNotice.subjectKind || notice.subjectKind == "training-claim",
                  notice.stateCode != PublicNotice.State.draft.rawValue else { throw RequestProblem.notFound }
            let entries = try await request.db.sql.raw("""
                SELECT k.number, p.name, k.occupation_code, k.level, k.amount_fen, o.name AS provider_name
                FROM training_claims k JOIN persons p ON p.id = k.person_id
                LEFT JOIN training_providers t ON t.id = k.provider_id LEFT JOIN organizations o ON o.id = t.organization_id
                WHERE k.notice_id = \(bind: id) ORDER BY k.number LIMIT \(bind: TrainingService.maximumClaimsPerStep)
                """).all().map { row in
                    Entry(number: try row.decode(column: "number", as: String.self), name: Masking.name(try row.decode(column: "name", as: String.self)),
                          occupationCode: try row.decode(column: "occupation_code", as: String.self),
                          level: SkillLevel(rawValue: try row.decode(column: "level", as: Int.self)),
                          provider: try row.decode(column: "provider_name", as: String?.self) ?? "",
                          amount: Money(fen: try row.decode(column: "amount_fen", as: Int64.self)))
                }
            return Model(notice: notice, entries: entries, names: try await ReferenceNames.load(on: request.db))
        }
    }
}

/// The rules as data: the versions of the training rules with their effective dates, the eligibility categories; for
/// the city, the forms that add a version from a future day and add or retire a category.
enum PolicyPage {
    struct Category {
        let code: String
        let nameZh: String
        let nameEn: String
        let isActive: Bool
    }

    struct Model {
        let versions: [TrainingPolicy]
        let inForce: TrainingPolicy
        let categories: [Category]
        let mayEdit: Bool
        let request: Request
        let error: String?

        static func load(_ request: Request, error: String? = nil) async throws -> Model {
            let versions = try await TrainingService.policyVersions(on: request.db)
            let categories = try await request.db.sql.raw("SELECT * FROM eligibility_categories ORDER BY code").all().map { row in
                Category(code: try row.decode(column: "code", as: String.self), nameZh: try row.decode(column: "name_zh", as: String.self),
                         nameEn: try row.decode(column: "name_en", as: String.self), isActive: try row.decode(column: "is_active", as: Bool.self))
            }
            return Model(versions: versions, inForce: TrainingPolicy.inForce(versions, on: CivilDate.today(now: request.now)) ?? .jiangsu2023,
                         categories: categories, mayEdit: request.principal?.may(.approveTraining) == true, request: request, error: error)
        }
    }

    struct VersionFields: Content {
        var effectiveFrom: String?
        var minimumHoursLevel5: String?
        var minimumHoursHigher: String?
        var practicalSharePercent: String?
        var completionAttendancePercent: String?
        var claimWindowMonths: String?
        var claimsPerPersonPerYear: String?
        var shortageUpliftMaximumPercent: String?
        var noticeWorkingDays: String?
        var classLeadDays: String?

        var input: PolicyVersionInput {
            func number(_ text: String?) -> Int? { text.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } }
            return PolicyVersionInput(effectiveFrom: effectiveFrom, minimumHoursLevel5: number(minimumHoursLevel5), minimumHoursHigher: number(minimumHoursHigher),
                                      practicalSharePercent: number(practicalSharePercent), completionAttendancePercent: number(completionAttendancePercent),
                                      claimWindowMonths: number(claimWindowMonths), claimsPerPersonPerYear: number(claimsPerPersonPerYear),
                                      shortageUpliftMaximumPercent: number(shortageUpliftMaximumPercent), noticeWorkingDays: number(noticeWorkingDays),
                                      classLeadDays: number(classLeadDays))
        }
    }

    struct CategoryFields: Content {
        var code: String?
        var nameZh: String?
        var nameEn: String?
        var isActive: String?
    }
}

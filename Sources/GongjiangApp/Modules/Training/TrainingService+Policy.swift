import Fluent
import Foundation
import GongjiangCore
import SQLKit
import Vapor

struct PolicyVersionInput: Content {
    var effectiveFrom: String?
    var minimumHoursLevel5: Int?
    var minimumHoursHigher: Int?
    var practicalSharePercent: Int?
    var completionAttendancePercent: Int?
    var claimWindowMonths: Int?
    var claimsPerPersonPerYear: Int?
    var shortageUpliftMaximumPercent: Int?
    var noticeWorkingDays: Int?
    var classLeadDays: Int?
}

struct CategoryInput: Content {
    var code: String?
    var nameZh: String?
    var nameEn: String?
    var isActive: Bool?
}

extension TrainingService {
    /// Every version, newest first.
    static func policyVersions(on database: any Database) async throws -> [TrainingPolicy] {
        let rows = try await database.sql.raw("SELECT * FROM training_policies ORDER BY effective_from DESC").all()
        return try rows.map { row in
            TrainingPolicy(effectiveFrom: try CivilDate(parsing: try row.decode(column: "effective_from", as: String.self)),
                           minimumHoursLevel5: try row.decode(column: "minimum_hours_level5", as: Int.self),
                           minimumHoursHigher: try row.decode(column: "minimum_hours_higher", as: Int.self),
                           practicalSharePercent: try row.decode(column: "practical_share_percent", as: Int.self),
                           completionAttendancePercent: try row.decode(column: "completion_attendance_percent", as: Int.self),
                           claimWindowMonths: try row.decode(column: "claim_window_months", as: Int.self),
                           claimsPerPersonPerYear: try row.decode(column: "claims_per_person_per_year", as: Int.self),
                           shortageUpliftMaximumPercent: try row.decode(column: "shortage_uplift_maximum_percent", as: Int.self),
                           noticeWorkingDays: try row.decode(column: "notice_working_days", as: Int.self),
                           classLeadDays: try row.decode(column: "class_lead_days", as: Int.self))
        }
    }

    /// The city adds a version of the training rules from a future day; the versions in force stay as they were.
    static func addPolicyVersion(_ input: PolicyVersionInput, _ context: TrainingContext) async throws {
        guard context.actor == .city else { throw WorkflowRefusal.notYourStep(workflow: "training-policy", event: "add", actor: context.actor ?? .system) }
        var problems: [FieldProblem] = []
        let from = date(input.effectiveFrom, field: "effectiveFrom", problems: &problems)
        let values: [Int?] = [input.minimumHoursLevel5, input.minimumHoursHigher, input.practicalSharePercent, input.completionAttendancePercent,
                              input.claimWindowMonths, input.claimsPerPersonPerYear, input.shortageUpliftMaximumPercent, input.noticeWorkingDays,
                              input.classLeadDays]
        for (entry, value) in zip(TrainingPolicy.ranges, values) where value == nil {
            problems.append(PersonRules.required(entry.field, entry.label))
        }
        guard problems.isEmpty, let from else { throw RequestProblem.validation(problems) }
        let numbers = values.map { $0 ?? 0 }
        let policy = TrainingPolicy(effectiveFrom: from, minimumHoursLevel5: numbers[0], minimumHoursHigher: numbers[1], practicalSharePercent: numbers[2],
                                    completionAttendancePercent: numbers[3], claimWindowMonths: numbers[4], claimsPerPersonPerYear: numbers[5],
                                    shortageUpliftMaximumPercent: numbers[6], noticeWorkingDays: numbers[7], classLeadDays: numbers[8])
        try policy.checkAsNewVersion(today: context.today)
        let id = newID(context)
        try await context.write { tx, log in
            guard try await tx.sql.raw("SELECT id FROM training_policies WHERE effective_from = \(bind: from.description)").first() == nil else {
                throw RequestProblem.conflict(code: "training-policy.exists", chinese: "\(from) 起执行的版本已存在", english: "A version from \(from) exists")
            }
            try await tx.sql.insert(into: "training_policies")
                .columns("id", "effective_from", "minimum_hours_level5", "minimum_hours_higher", "practical_share_percent",
                         "completion_attendance_percent", "claim_window_months", "claims_per_person_per_year", "shortage_uplift_maximum_percent",
                         "notice_working_days", "class_lead_days")
                .values(SQLBind(id), SQLBind(from.description), SQLBind(policy.minimumHoursLevel5), SQLBind(policy.minimumHoursHigher),
                        SQLBind(policy.practicalSharePercent), SQLBind(policy.completionAttendancePercent), SQLBind(policy.claimWindowMonths),
                        SQLBind(policy.claimsPerPersonPerYear), SQLBind(policy.shortageUpliftMaximumPercent), SQLBind(policy.noticeWorkingDays),
                        SQLBind(policy.classLeadDays))
                .run()
            var values = ["effectiveFrom": from.description]
            for entry in TrainingPolicy.ranges { values[entry.field] = String(entry.value(policy)) }
            log.record(context.event(.trainingPolicy, id, .create, after: AuditValues.json(values)))
        }
    }

    /// The city adds an eligibility category or changes one's names or whether it admits new enrolments; a category
    /// is never deleted, since enrolments name it.
    static func saveCategory(_ input: CategoryInput, _ context: TrainingContext) async throws {
        guard context.actor == .city else { throw WorkflowRefusal.notYourStep(workflow: "eligibility-category", event: "save", actor: context.actor ?? .system) }
        var problems: [FieldProblem] = []
        let code = input.code?.trimmingCharacters(in: .whitespaces) ?? ""
        if case .failure(let refusal) = Result(catching: { () throws(TrainingRefusal) in try EligibilityCategory.checkCode(code) }) {
            problems.append(FieldProblem(field: "code", refusal))
        }
        let nameZh = CertificationService.text(input.nameZh, field: "nameZh", label: "中文名称", maximum: 60, required: true, problems: &problems)
        let nameEn = CertificationService.text(input.nameEn, field: "nameEn", label: "英文名称", maximum: 80, required: true, problems: &problems)
        guard problems.isEmpty, let nameZh, let nameEn else { throw RequestProblem.validation(problems) }
        let active = input.isActive ?? true
        try await context.write { tx, log in
            let before = try await tx.sql.raw("SELECT name_zh, name_en, is_active FROM eligibility_categories WHERE code = \(bind: code)").first()
            if before == nil {
                try await tx.sql.insert(into: "eligibility_categories").columns("code", "name_zh", "name_en", "is_active")
                    .values(SQLBind(code), SQLBind(nameZh), SQLBind(nameEn), SQLBind(active)).run()
            } else {
                try await tx.sql.raw("""
                    UPDATE eligibility_categories SET name_zh = \(bind: nameZh), name_en = \(bind: nameEn), is_active = \(bind: active) WHERE code = \(bind: code)
                    """).run()
            }
            log.record(context.event(.eligibilityCategory, nil, before == nil ? .create : .update,
                                     before: try before.map { AuditValues.json(["nameZh": try $0.decode(column: "name_zh", as: String.self),
                                                                                "active": String(try $0.decode(column: "is_active", as: Bool.self))]) },
                                     after: AuditValues.json(["code": code, "nameZh": nameZh, "nameEn": nameEn, "active": String(active)])))
        }
    }
}

extension AuditEntity {
    static let trainingPolicy = AuditEntity("training-policy")
    static let eligibilityCategory = AuditEntity("eligibility-category")
}

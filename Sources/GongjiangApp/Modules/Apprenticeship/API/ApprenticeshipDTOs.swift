import Foundation
import GongjiangCore
import SQLKit
import Vapor

struct ApprenticeshipPlanDTO: Content {
    let id: UUID
    let number: String
    let enterpriseId: UUID
    let enterpriseName: String
    let schoolId: UUID
    let schoolName: String
    let districtCode: String
    let occupationCode: String
    /// The national level of the target: "4" (中级工) to "1" (高级技师).
    let targetLevel: String
    let durationMonths: Int
    let schoolHours: Int
    let workHours: Int
    let startsOn: String
    let endsOn: String
    let plannedHeadcount: Int
    let state: String
    let lastReason: String?
    let payeeAccountMasked: String?
    let advanceFen: Int64?
    let advancePaymentId: UUID?
    /// The advance payment's state in the ledger: committed, batched, paid, failed, cancelled, clawed-back.
    let advanceState: String?
    let settlementFen: Int64?
    let settlementPaymentId: UUID?
    let settlementState: String?
    let completedHeadcount: Int?
    let settledOn: String?
    /// Apprentices by state: active, completed, exited.
    let active: Int
    let completed: Int
    let exited: Int

    init(_ row: some SQLRow) throws {
        id = try row.decode(column: "id", as: UUID.self)
        number = try row.decode(column: "number", as: String.self)
        enterpriseId = try row.decode(column: "enterprise_id", as: UUID.self)
        enterpriseName = try row.decode(column: "enterprise_name", as: String.self)
        schoolId = try row.decode(column: "school_id", as: UUID.self)
        schoolName = try row.decode(column: "school_name", as: String.self)
        districtCode = try row.decode(column: "district_code", as: String.self)
        occupationCode = try row.decode(column: "occupation_code", as: String.self)
        targetLevel = SkillLevel(rawValue: try row.decode(column: "target_level", as: Int.self))?.code ?? ""
        durationMonths = try row.decode(column: "duration_months", as: Int.self)
        schoolHours = try row.decode(column: "school_hours", as: Int.self)
        workHours = try row.decode(column: "work_hours", as: Int.self)
        startsOn = try row.decode(column: "starts_on", as: String.self)
        endsOn = try row.decode(column: "ends_on", as: String.self)
        plannedHeadcount = try row.decode(column: "planned_headcount", as: Int.self)
        state = try row.decode(column: "state", as: String.self)
        lastReason = try row.decode(column: "last_reason", as: String?.self)
        payeeAccountMasked = try row.decode(column: "payee_account_masked", as: String?.self)
        advanceFen = try row.decode(column: "advance_fen", as: Int64?.self)
        advancePaymentId = try row.decode(column: "advance_payment_id", as: UUID?.self)
        advanceState = try row.decode(column: "advance_state", as: String?.self)
        settlementFen = try row.decode(column: "settlement_fen", as: Int64?.self)
        settlementPaymentId = try row.decode(column: "settlement_payment_id", as: UUID?.self)
        settlementState = try row.decode(column: "settlement_state", as: String?.self)
        completedHeadcount = try row.decode(column: "completed_headcount", as: Int?.self)
        settledOn = try row.decode(column: "settled_on", as: String?.self)
        active = try row.decode(column: "active_count", as: Int?.self) ?? 0
        completed = try row.decode(column: "completed_count", as: Int?.self) ?? 0
        exited = try row.decode(column: "exited_count", as: Int?.self) ?? 0
    }
}

struct ApprenticeDTO: Content {
    let id: UUID
    let planId: UUID
    let nameMasked: String
    let mentorNameMasked: String
    let teacherName: String
    let hireKind: String
    let contractStart: String
    let contractEnd: String?
    let monthlyWageFen: Int64
    let trainingFeeFen: Int64
    let mentorAllowanceFen: Int64
    let state: String
    let startedOn: String
    let completedOn: String?
    let exitedOn: String?
    let exitReason: String?
    /// Set when the wage is below a floor in force while the apprentice is still in training: "from 2027-01-01 the
    /// floor is 2,600.00 yuan"; the enterprise changes the agreement.
    var wageWarning: String?
}

struct AssessmentDTO: Content {
    let id: UUID
    let stage: String
    let assessedOn: String
    let result: String
    let note: String?
}

struct ApprenticeChangeDTO: Content {
    let effectiveOn: String
    let before: String
    let after: String
    let reason: String?
}

struct ApprenticeList: Content {
    let items: [ApprenticeDTO]
}

struct SettlementDTO: Content {
    let completed: Int
    let exitedAtEnd: Int
    /// Positive: committed to the enterprise; negative: clawed back from the advance.
    let amountFen: Int64
    let plan: ApprenticeshipPlanDTO
}

struct CompletionsDTO: Content {
    let completed: Int
}

struct TargetInput: Content {
    var city: Int?
    /// District code → its part; the parts add up to the city's figure.
    var districts: [String: Int]?
}

struct TargetDTO: Content {
    let year: Int
    let city: Int?
    let districts: [String: Int]
}

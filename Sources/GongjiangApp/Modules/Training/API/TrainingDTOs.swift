import Foundation
import GongjiangCore
import SQLKit
import Vapor

struct ProviderDTO: Content {
    let id: UUID
    let organizationId: UUID
    let organizationName: String
    let districtCode: String
    let state: String
    let validFrom: String
    let validUntil: String
    let lastReason: String?
    /// "occupation-code level" entries.
    let scope: [String]
}

struct ClassDTO: Content {
    let id: UUID
    let number: String
    let providerId: UUID
    let districtCode: String
    let occupationCode: String
    let level: String
    let subsidyClass: String
    let totalHours: Int
    let practicalHours: Int
    let startsOn: String
    let endsOn: String
    let capacity: Int
    let site: String
    let teachers: String
    let feeFen: Int64
    let state: String
    let lastReason: String?

    init(_ row: some SQLRow) throws {
        id = try row.decode(column: "id", as: UUID.self)
        number = try row.decode(column: "number", as: String.self)
        providerId = try row.decode(column: "provider_id", as: UUID.self)
        districtCode = try row.decode(column: "district_code", as: String.self)
        occupationCode = try row.decode(column: "occupation_code", as: String.self)
        level = SkillLevel(rawValue: try row.decode(column: "level", as: Int.self))?.code ?? ""
        subsidyClass = try row.decode(column: "subsidy_class", as: String.self)
        totalHours = try row.decode(column: "total_hours", as: Int.self)
        practicalHours = try row.decode(column: "practical_hours", as: Int.self)
        startsOn = try row.decode(column: "starts_on", as: String.self)
        endsOn = try row.decode(column: "ends_on", as: String.self)
        capacity = try row.decode(column: "capacity", as: Int.self)
        site = try row.decode(column: "site", as: String.self)
        teachers = try row.decode(column: "teachers", as: String.self)
        feeFen = try row.decode(column: "fee_fen", as: Int64.self)
        state = try row.decode(column: "state", as: String.self)
        lastReason = try row.decode(column: "last_reason", as: String?.self)
    }
}

struct EnrolmentDTO: Content {
    let id: UUID
    let personId: UUID
    let nameMasked: String
    let category: String
    let attendedHours: Int
    let state: String
}

struct SignalDTO: Content {
    let code: String
    let message: String
    let messageEn: String
}

struct ClaimDTO: Content {
    let id: UUID
    let number: String
    let personId: UUID
    let certificateId: UUID
    let providerId: UUID?
    let districtCode: String
    let occupationCode: String
    let level: String
    let payee: String
    let amountFen: Int64
    /// How the amount was computed, in words.
    let computation: String
    let computationEn: String
    let state: String
    let lastReason: String?
    let filedOn: String
    let paymentId: UUID?
    let signals: [SignalDTO]

    init(_ row: some SQLRow) throws {
        id = try row.decode(column: "id", as: UUID.self)
        number = try row.decode(column: "number", as: String.self)
        personId = try row.decode(column: "person_id", as: UUID.self)
        certificateId = try row.decode(column: "certificate_id", as: UUID.self)
        providerId = try row.decode(column: "provider_id", as: UUID?.self)
        districtCode = try row.decode(column: "district_code", as: String.self)
        occupationCode = try row.decode(column: "occupation_code", as: String.self)
        level = SkillLevel(rawValue: try row.decode(column: "level", as: Int.self))?.code ?? ""
        payee = try row.decode(column: "payee", as: String.self)
        amountFen = try row.decode(column: "amount_fen", as: Int64.self)
        let computed = try? JSONDecoder().decode(SubsidyStandards.Computation.self, from: Data(try row.decode(column: "computation", as: String.self).utf8))
        computation = computed?.chinese ?? ""
        computationEn = computed?.english ?? ""
        state = try row.decode(column: "state", as: String.self)
        lastReason = try row.decode(column: "last_reason", as: String?.self)
        filedOn = try row.decode(column: "filed_on", as: String.self)
        paymentId = try row.decode(column: "payment_id", as: UUID?.self)
        let found = (try? JSONDecoder().decode([FraudSignal].self, from: Data(try row.decode(column: "signals", as: String.self).utf8))) ?? []
        signals = found.map { SignalDTO(code: $0.code, message: $0.chinese, messageEn: $0.english) }
    }
}

struct CourseDTO: Content {
    let id: UUID
    let number: String
    let providerName: String
    let districtCode: String
    let occupationCode: String
    let level: String
    let startsOn: String
    let endsOn: String
    let totalHours: Int
    let site: String
    let feeFen: Int64
    let subsidyFen: Int64
    let traineePaysFen: Int64
}

struct StepInput: Content {
    var event: String?
    var reason: String?
}

struct ClaimsStepInput: Content {
    var event: String?
    var reason: String?
    var claimIds: [UUID]?
}

struct ClaimsStepDTO: Content {
    let ids: [UUID]
    let noticeId: UUID?
}

struct AttendanceInput: Content {
    var attendedHours: Int?
}

struct CreatedDTO: Content {
    let id: UUID
}

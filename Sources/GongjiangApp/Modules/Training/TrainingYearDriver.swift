import Fluent
import Foundation
import GongjiangCore
import SQLKit
import Vapor

/// Drives subsidised training through the workflow code in bulk, as the city's providers, districts and finance office
/// would: providers approved, a year's money, one step over many claims, payment batches with the bank's answers.
/// Shared by the training benchmark (`bench training`) and the city-scale demo's five years of history.
protocol TrainingYearDriver: Sendable {
    var application: Application { get }
    /// The actor name the audit trail records ("bench", "demo").
    var actorName: String { get }
}

/// A provider approved by the driver.
struct DrivenProvider: Sendable {
    let id: UUID
    let organizationID: UUID
    let district: String
}

/// A claim filed by the driver, with the district whose officer reviews it.
struct DrivenClaim: Sendable {
    let id: UUID
    let district: String
}

extension TrainingYearDriver {
    var database: any Database { application.db }

    func training(_ scope: Scope, _ actor: WorkflowActor, on day: CivilDate) -> TrainingContext {
        .replaying(application, scope, actor, on: day, by: actorName)
    }

    func ledger(on day: CivilDate) -> LedgerContext { .replaying(application, on: day, by: actorName) }

    /// `count` providers spread over the districts, each approved by the city on `from` for `occupations` at
    /// 初级工, 中级工 and 高级工 until `until`. `serial` keeps their credit codes apart from other demo organizations'.
    func approveProviders(_ count: Int, _ districts: [String], occupations: [String], from: CivilDate, until: CivilDate,
                          serial: Int) async throws -> [DrivenProvider] {
        var providers: [DrivenProvider] = []
        for index in 0..<count {
            let organization = Organization()
            organization.kindCode = OrganizationKind.trainingProvider.rawValue
            organization.name = "南通市第\(index + 1)职业培训学校"
            organization.districtCode = districts[index % districts.count]
            organization.uscc = DemoCity.creditCode(region: districts[index % districts.count], serial: serial + index, kind: "52")
            try await organization.create(on: database)
            let id = try await TrainingService.approveProvider(ProviderInput(
                organizationId: organization.id, validFrom: from.description, validUntil: until.description,
                scope: occupations.flatMap { code in ["5", "4", "3"].map { ProviderInput.ScopeEntry(occupationCode: code, level: $0) } }),
                training(.city, .city, on: from))
            providers.append(DrivenProvider(id: id, organizationID: organization.id!, district: organization.districtCode!))
        }
        return providers
    }

    /// A year's money: the province's allocation into the fund, and each district's budget, on `day`. At most 4,000
    /// yuan a claim: a 高级工 class A claim with the assessment subsidy and the largest uplift stays below it.
    func fund(year: Int, claims: Int, _ districts: [String], on day: CivilDate) async throws {
        let total = Int64(max(claims, 1)) * 400_000
        _ = try await LedgerService.allocate(AllocationInput(amountFen: total, document: "苏财社〔\(year)〕1号", memo: "\(year) 年职业技能提升行动专账资金"),
                                             ledger(on: day))
        for district in districts {
            _ = try await LedgerService.setBudget(BudgetInput(districtCode: district, year: year, amountFen: total / Int64(districts.count),
                                                              document: "通人社〔\(year)〕1号", memo: "\(year) 年度区县预算"), ledger(on: day))
        }
    }

    /// One step for every claim, a district's claims at a time in lists of the most a step takes.
    func step(_ filed: [DrivenClaim], event: String, actor: WorkflowActor, on day: CivilDate) async throws {
        for (district, claims) in Dictionary(grouping: filed, by: \.district).sorted(by: { $0.key < $1.key }) {
            let scope: Scope = actor == .city ? .city : .districts([district])
            for start in stride(from: 0, to: claims.count, by: TrainingService.maximumClaimsPerStep) {
                let ids = claims[start..<min(claims.count, start + TrainingService.maximumClaimsPerStep)].map(\.id)
                _ = try await TrainingService.stepClaims(ids, event: event, reason: nil, training(scope, actor, on: day))
            }
        }
    }

    /// Pays what is owed: for each district, batches of `payments` (every payment the district owes for `year` when
    /// nil), the bank file read, the bank's answer applied two days later (every `failEvery`th line failing).
    func pay(_ districts: [String], year: Int, payments: [String: [UUID]]? = nil, on day: CivilDate,
             failEvery: Int?) async throws -> (paid: Int, failed: Int) {
        var paid = 0, failed = 0
        for district in districts {
            var lists: [[UUID]?] = [nil]
            if let payments {
                let owed = payments[district] ?? []
                lists = stride(from: 0, to: owed.count, by: LedgerService.maximumBatchLines).map {
                    Array(owed[$0..<min(owed.count, $0 + LedgerService.maximumBatchLines)])
                }
            }
            for list in lists {
                while let batch = try? await LedgerService.createBatch(BatchInput(districtCode: district, year: year, paymentIds: list), ledger(on: day)) {
                    _ = try await LedgerService.bankFile(batch, ledger(on: day))
                    let batchLines = try await LedgerQueries(database: database, scope: .city).lines(of: batch)
                    let rows = [["reference", "amount", "result", "reason"]] + batchLines.enumerated().map { index, line in
                        let fails = failEvery.map { index % $0 == $0 - 1 } ?? false
                        return [line.reference, line.amount.plainYuanText, fails ? "失败" : "成功", fails ? "账户已销户" : ""]
                    }
                    let summary = try await LedgerService.applyResult(batch, rows: rows, ledger(on: day.adding(days: 2)))
                    paid += summary.paid
                    failed += summary.failed
                    if list != nil { break }
                }
            }
        }
        return (paid, failed)
    }

    /// Enrols persons in approved classes in bulk, every trainee attending every hour of the class: the setting-up of a
    /// driven year, not what the workflow decides (closing each class does that, and counts its completed trainees).
    func enrolInBulk(_ entries: [(classID: UUID, personID: UUID)], now: Date) async throws {
        var schedule: [UUID: (starts: String, ends: String, hours: Int)] = [:]
        for chunk in Array(Set(entries.map(\.classID))).chunked(500).map(Array.init) {
            for row in try await database.sql.raw("""
                SELECT id, starts_on, ends_on, total_hours FROM training_classes WHERE id IN (\(binds: chunk))
                """).all() {
                schedule[try row.decode(column: "id", as: UUID.self)] = (try row.decode(column: "starts_on", as: String.self),
                                                                         try row.decode(column: "ends_on", as: String.self),
                                                                         try row.decode(column: "total_hours", as: Int.self))
            }
        }
        for chunk in entries.chunked(2000) {
            var insert = BulkInsert(into: "training_enrolments", columns: ["id", "class_id", "person_id", "category", "attended_hours", "state",
                                                                          "starts_on", "ends_on", "created_at", "updated_at"])
            for entry in chunk {
                guard let (starts, ends, hours) = schedule[entry.classID] else { continue }
                insert.append([.uuid(UUID.timeOrdered(now: now)), .uuid(entry.classID), .uuid(entry.personID), .text("insured-employee"), .integer(hours),
                               .text("enrolled"), .text(starts), .text(ends), .date(now), .date(now)])
            }
            let rows = insert
            try await database.transaction { tx in try await rows.run(on: tx) }
        }
    }

    /// Fails unless `ledger verify` holds.
    func verifyLedger() async throws {
        switch try await LedgerVerification.run(on: database) {
        case .success: return
        case .failure(let violation): throw RequestProblem.conflict(code: "ledger.verify", chinese: "账本校验失败：\(violation)", english: "\(violation)")
        }
    }
}

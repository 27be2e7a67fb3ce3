import Fluent
import Foundation
import GongjiangCore
import SQLKit

/// A past year of the city-scale demo's training, written by the bulk path the issue allows for history: the rows the
/// workflow would have left, without replaying each of their steps. Month by month, in one audited transaction each:
/// the classes (closed) and their trainees (completed, every hour attended), the providers' counts, each trainee's
/// claim checked by the claim rules and its amount computed by the standards in force, one concluded notice per
/// district, and each claim's payment committed through the ledger (`LedgerService.commit`). Then the payments go to
/// the bank in batches and are paid (`pay`), which marks the claims paid and counts them, as the workflow does. The
/// audit trail holds one record per month and district instead of one per step; the review's signals, which served
/// the review at the time, are not recomputed. `ledger verify` holds on the result.
extension TrainingHistory {
    struct Imported {
        var classes = 0
        var claims = 0
        var refused = 0
        var paid = 0
    }

    static let historyImport = AuditAction("history-import")

    func importYear(_ year: Int, _ classes: [PlannedClass], districts: [String], accountSerial: inout Int) async throws -> Imported {
        var imported = Imported()
        guard !classes.isEmpty else { return imported }
        let database = self.database
        // What a claim's check and amount need, read once for the year.
        let standards = try await TrainingService.standards(on: database)
        var subsidyClass: [String: String] = [:]
        for row in try await database.sql.raw("SELECT code, subsidy_class FROM occupations").all() {
            subsidyClass[try row.decode(column: "code", as: String.self)] = try row.decode(column: "subsidy_class", as: String.self)
        }
        var uplifts: [String: [(from: String, percent: Int)]] = [:]
        for row in try await database.sql.raw("SELECT occupation_code, effective_from, uplift_percent FROM shortage_occupations").all() {
            uplifts[try row.decode(column: "occupation_code", as: String.self), default: []]
                .append((try row.decode(column: "effective_from", as: String.self), try row.decode(column: "uplift_percent", as: Int.self)))
        }
        let persons = Array(Set(classes.flatMap { $0.members.map(\.person) }))
        var prior: [UUID: [ClaimRules.PriorClaim]] = [:]
        for chunk in persons.chunked(500) {
            for row in try await database.sql.raw("""
                SELECT person_id, occupation_code, level, filed_on FROM training_claims WHERE person_id IN (\(binds: Array(chunk))) AND state <> 'rejected'
                """).all() {
                guard let level = SkillLevel(rawValue: try row.decode(column: "level", as: Int.self)) else { continue }
                prior[try row.decode(column: "person_id", as: UUID.self), default: []].append(ClaimRules.PriorClaim(
                    occupationCode: try row.decode(column: "occupation_code", as: String.self), level: level,
                    filedOn: try CivilDate(parsing: try row.decode(column: "filed_on", as: String.self))))
            }
        }
        let skillSubsidised = Set(try await database.sql.raw("SELECT certificate_id FROM skill_upgrade_subsidies").all()
            .map { try $0.decode(column: "certificate_id", as: UUID.self) })

        for (month, group) in Dictionary(grouping: classes, by: { $0.fileOn.month }).sorted(by: { $0.key < $1.key }) {
            let next = try CivilDate(year: year, month: month, day: 1).adding(months: 1)
            let reviewed = next.adding(days: 2), concluded = next.adding(days: 24), approved = next.adding(days: 25), paidOn = next.adding(days: 26)
            let context = training(.city, .city, on: approved)
            let policy = try await TrainingService.policy(on: database, day: reviewed)
            // Each member's claim, checked and computed before anything is written.
            var claims: [(planned: Int, pick: Pick, account: String, computation: SubsidyStandards.Computation)] = []
            for (index, planned) in group.enumerated() {
                for pick in planned.members {
                    let facts = ClaimRules.Facts(occupationCode: pick.occupation, level: pick.level, certificateIssuedOn: pick.issued, filedOn: planned.fileOn,
                                                 certificateVerifies: true, unemploymentSkillSubsidyPaid: skillSubsidised.contains(pick.certificate),
                                                 prior: prior[pick.person] ?? [])
                    let uplift = (uplifts[pick.occupation] ?? []).filter { $0.from <= pick.issued.description }.max { $0.from < $1.from }?.percent ?? 0
                    guard (try? ClaimRules.check(facts, policy: policy)) != nil,
                          let computation = try? standards.compute(subsidyClass: subsidyClass[pick.occupation] ?? "", level: pick.level, on: pick.issued,
                                                                   upliftPercent: uplift, policy: policy) else {
                        imported.refused += 1
                        continue
                    }
                    prior[pick.person, default: []].append(ClaimRules.PriorClaim(occupationCode: pick.occupation, level: pick.level, filedOn: planned.fileOn))
                    accountSerial += 1
                    claims.append((index, pick, "6217" + String(format: "%015d", 300_000_000_000 + accountSerial), computation))
                }
            }
            let written = try await writeMonth(year: year, classes: group, claims: claims, subsidyClass: subsidyClass, reviewed: reviewed,
                                               concluded: concluded, context, policy: policy)
            imported.classes += group.count
            imported.claims += claims.count
            imported.paid += try await pay(districts, year: year, payments: written, on: paidOn, failEvery: nil).paid
        }
        return imported
    }

    /// One month's classes, trainees, notices, claims and payments in one audited transaction; answers the payments by district.
    private func writeMonth(year: Int, classes: [PlannedClass], claims: [(planned: Int, pick: Pick, account: String, computation: SubsidyStandards.Computation)],
                            subsidyClass: [String: String], reviewed: CivilDate, concluded: CivilDate, _ context: TrainingContext,
                            policy: TrainingPolicy) async throws -> [String: [UUID]] {
        let vault = context.vault
        return try await context.write { tx, log in
            let now = context.now
            // The classes, numbered in each district's series of the year they were filed.
            var numbers: [Int: String] = [:]
            for (series, members) in Dictionary(grouping: classes.indices, by: { "TC-\(classes[$0].provider.district)-\(classes[$0].startsOn.adding(days: -3).year)" })
                .sorted(by: { $0.key < $1.key }) {
                let serials = try await NumberSerials.next(series, count: members.count, width: 4, on: tx)
                for (index, serial) in zip(members, serials) { numbers[index] = serial }
            }
            var insertClasses = BulkInsert(into: "training_classes", columns: [
                "id", "number", "provider_id", "district_code", "occupation_code", "level", "subsidy_class", "total_hours", "practical_hours",
                "starts_on", "ends_on", "capacity", "site", "teachers", "fee_fen", "state", "filed_on", "created_at", "updated_at"])
            var insertEnrolments = BulkInsert(into: "training_enrolments", columns: [
                "id", "class_id", "person_id", "category", "attended_hours", "state", "starts_on", "ends_on", "created_at", "updated_at"])
            var enrolmentOf: [UUID: UUID] = [:]
            var completed: [UUID: Int] = [:]
            for (index, planned) in classes.enumerated() {
                guard let head = planned.members.first else { continue }
                let id = UUID.timeOrdered(now: now)
                insertClasses.append([.uuid(id), .text(numbers[index] ?? ""), .uuid(planned.provider.id), .text(planned.provider.district), .text(head.occupation),
                                      .integer(head.level.rawValue), .text(subsidyClass[head.occupation] ?? ""), .integer(planned.totalHours), .integer(planned.practicalHours),
                                      .text(planned.startsOn.description), .text(planned.endsOn.description), .integer(Self.classSize), .text(Self.site),
                                      .text(Self.teachers), .integer(planned.feeFen), .text(ClassState.closed.rawValue),
                                      .text(planned.startsOn.adding(days: -3).description), .date(now), .date(now)])
                for member in planned.members {
                    let enrolment = UUID.timeOrdered(now: now)
                    enrolmentOf[member.certificate] = enrolment
                    insertEnrolments.append([.uuid(enrolment), .uuid(id), .uuid(member.person), .text("insured-employee"), .integer(planned.totalHours),
                                             .text("completed"), .text(planned.startsOn.description), .text(planned.endsOn.description), .date(now), .date(now)])
                }
                completed[planned.provider.id, default: 0] += planned.members.count
            }
            try await insertClasses.run(on: tx)
            try await insertEnrolments.run(on: tx)
            var filed: [UUID: Int] = [:]
            for claim in claims { filed[classes[claim.planned].provider.id, default: 0] += 1 }
            for (provider, count) in completed.sorted(by: { $0.key.uuidString < $1.key.uuidString }) {
                try await tx.sql.raw("""
                    UPDATE training_providers SET completed_trainees = completed_trainees + \(bind: count), claims_filed = claims_filed + \(bind: filed[provider] ?? 0)
                    WHERE id = \(bind: provider)
                    """).run()
            }
            // One notice a district, published when the district reviewed its claims and concluded after it ran.
            var noticeOf: [String: UUID] = [:]
            for (district, count) in Dictionary(grouping: claims, by: { classes[$0.planned].provider.district }).mapValues(\.count).sorted(by: { $0.key < $1.key }) {
                let id = UUID.timeOrdered(now: now)
                let record = try await NoticeStore.publish(subjectKind: ClaimNotice.subjectKind, subjectID: id, title: "职业技能培训补贴申领公示（\(count) 件）",
                                                           workingDays: policy.noticeWorkingDays, districtCode: district, id: id, today: reviewed, on: tx)
                try await NoticeStore(database: tx).conclude(record, today: concluded)
                noticeOf[district] = id
            }
            // The claims, numbered in the year's series, and their payments committed by the city's approval.
            let claimIDs = claims.map { _ in UUID.timeOrdered(now: now) }
            let orders = zip(claimIDs, claims).map { id, claim in
                PaymentOrder(source: LedgerSource(kind: "training-claim", id: id.uuidString), districtCode: classes[claim.planned].provider.district,
                             year: classes[claim.planned].fileOn.year, payee: .person, payeeName: claim.pick.name,
                             payeeAccount: claim.account, amount: claim.computation.total, purpose: "职业技能培训补贴（历史）")
            }
            var payments: [UUID] = []
            for chunk in Array(orders).chunked(2_000) {
                payments += try await LedgerService.commit(Array(chunk), on: tx, log: log, context.ledger(within: tx, log: log))
            }
            var byDistrict: [String: [UUID]] = [:]
            for (filedYear, indexes) in Dictionary(grouping: claims.indices, by: { classes[claims[$0].planned].fileOn.year }).sorted(by: { $0.key < $1.key }) {
                let serials = try await NumberSerials.next("TS-\(filedYear)", count: indexes.count, width: 6, on: tx)
                for part in Array(zip(indexes, serials)).chunked(400) {
                    var insert = BulkInsert(into: "training_claims", columns: [
                        "id", "number", "person_id", "certificate_id", "enrolment_id", "provider_id", "district_code", "occupation_code", "level",
                        "payee", "payee_name", "payee_account_sealed", "payee_account_index", "amount_fen", "computation", "state", "filed_on", "year",
                        "notice_id", "payment_id", "signals", "is_flagged", "created_at", "updated_at"])
                    for (index, number) in part {
                        let claim = claims[index], planned = classes[claim.planned]
                        insert.append([.uuid(claimIDs[index]), .text(number), .uuid(claim.pick.person), .uuid(claim.pick.certificate),
                                       .uuid(enrolmentOf[claim.pick.certificate]), .uuid(planned.provider.id), .text(planned.provider.district),
                                       .text(claim.pick.occupation), .integer(claim.pick.level.rawValue), .text(PaymentRules.Payee.person.rawValue),
                                       .text(claim.pick.name), .text(try vault.seal(claim.account)), .text(vault.blindIndex(claim.account, purpose: "bank-account")),
                                       .integer(Int(claim.computation.total.fen)),
                                       .text(String(decoding: try JSONEncoder.sorted.encode(claim.computation), as: UTF8.self)),
                                       .text(ClaimState.approved.rawValue), .text(planned.fileOn.description), .integer(filedYear),
                                       .uuid(noticeOf[planned.provider.district]), .uuid(payments[index]), .text("[]"), .bool(false), .date(now), .date(now)])
                        byDistrict[planned.provider.district, default: []].append(payments[index])
                    }
                    try await insert.run(on: tx)
                }
            }
            for (district, paid) in byDistrict.sorted(by: { $0.key < $1.key }) {
                log.record(context.event(.trainingClaim, nil, Self.historyImport, after: AuditValues.json([
                    "year": String(year), "district": district, "claims": String(paid.count), "notice": noticeOf[district]?.uuidString,
                    "classes": String(classes.filter { $0.provider.district == district }.count)])))
            }
            return byDistrict
        }
    }
}

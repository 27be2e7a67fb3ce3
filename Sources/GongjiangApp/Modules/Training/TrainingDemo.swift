import Fluent
import Foundation
import GongjiangCore
import SQLKit

/// The demo city's subsidised training, through the workflow code on the days it would have happened: providers
/// approved, classes filed and approved, trainees enrolled, attendance, completion, certificates, claims reviewed,
/// noticed and approved (committing the districts' budgets), a payment batch per district, the bank's answer with a
/// failure re-issued, and one clawback. `gongjiang ledger verify` holds on the result.
struct TrainingDemo {
    let demo: DemoContext
    var database: any Database { demo.application.db }
    var vault: PersonalDataVault { demo.application.vault }

    init(_ demo: DemoContext) { self.demo = demo }

    /// Class A (production) and B (services) occupations of the shipped sample, so every claim has a standard.
    static let occupations = ["6-18-01-01", "6-18-02-04", "4-12-01-01"]

    static let providerNames = [
        ("南通市通州区职业培训中心", "320612"), ("海门区技工培训学校", "320614"), ("如东县职业技能培训中心", "320623"),
        ("启东市职业培训学校", "320681"), ("如皋市技能培训中心", "320682"), ("海安市职业培训学校", "320685"),
    ]

    func context(_ scope: Scope, _ actor: WorkflowActor, on day: CivilDate) -> TrainingContext {
        .replaying(demo.application, scope, actor, on: day, by: "demo")
    }

    func ledger(on day: CivilDate) -> LedgerContext { .replaying(demo.application, on: day, by: "demo") }

    func build() async throws -> [String] {
        if try await database.sql.raw("SELECT COUNT(*) AS n FROM training_providers").first()?.decode(column: "n", as: Int.self) ?? 0 > 0 {
            return ["沿用已有的培训数据 / reusing the existing training data"]
        }
        _ = try await DemoAccounts.ensure(on: database, bcryptCost: demo.application.settings.bcryptCost)
        var random = SeededRandom(seed: demo.seed &+ 17)
        let today = demo.today
        // The demo account's provider, and one in each other district, as the city's provider list would hold them.
        for (serial, (name, district)) in Self.providerNames.enumerated() where try await Organization.query(on: database).filter(\.$name == name).count() == 0 {
            let organization = Organization()
            organization.kindCode = OrganizationKind.trainingProvider.rawValue
            organization.name = name
            organization.districtCode = district
            organization.uscc = DemoCity.creditCode(region: district, serial: 810_001 + serial, kind: "52")
            try await organization.create(on: database)
        }
        let organizations = try await Organization.query(on: database).filter(\.$kindCode == OrganizationKind.trainingProvider.rawValue)
            .sort(\.$uscc).range(..<8).all()
        let start = today.adding(days: -150)
        var providers: [(organization: Organization, provider: UUID)] = []
        for organization in organizations {
            let id = try await TrainingService.approveProvider(ProviderInput(
                organizationId: organization.id, validFrom: start.adding(days: -30).description, validUntil: start.adding(years: 3).description,
                scope: Self.occupations.flatMap { code in ["5", "4", "3"].map { ProviderInput.ScopeEntry(occupationCode: code, level: $0) } }),
                context(.city, .city, on: start.adding(days: -30)))
            providers.append((organization, id))
        }
        var classes = 0, enrolled = 0, claims = 0
        var claimIDs: [(UUID, String)] = []
        for (index, entry) in providers.enumerated() {
            let providerScope = Scope.organization(entry.organization.id!)
            let district = entry.organization.districtCode ?? "320602"
            let persons = try await Person.query(on: database).filter(\.$districtCode == district).sort(\.$id)
                .range((index * 40)..<(index * 40 + 40)).all()
            for round in 0..<2 {
                let level = ["5", "4"][round]
                let starts = start.adding(days: round * 30 + index), ends = starts.adding(days: 12)
                let classID = try await TrainingService.fileClass(ClassInput(
                    occupationCode: Self.occupations[(index + round) % Self.occupations.count], level: level, totalHours: level == "5" ? 48 : 64,
                    practicalHours: level == "5" ? 30 : 40, startsOn: starts.description, endsOn: ends.description, capacity: 30,
                    site: "\(entry.organization.name)实训楼", teachers: "专职教师 3 名", feeFen: level == "5" ? 120_000 : 180_000),
                    context(providerScope, .organization, on: starts.adding(days: -7)))
                try await TrainingService.stepClass(classID, event: "approve", reason: nil, context(.districts([district]), .district, on: starts.adding(days: -5)))
                classes += 1
                let total = level == "5" ? 48 : 64
                for (seat, person) in persons[(round * 20)..<min(persons.count, round * 20 + 20)].enumerated() {
                    let number = try vault.open(person.idNumberSealed)
                    // Three trainees of the first provider's first class give one phone: the review queue's shared-phone signal.
                    let phone = index == 0 && round == 0 && seat < 3 ? "13962800001" : "139" + String(Int.random(in: 10_000_000...99_999_999, using: &random))
                    guard let enrolment = try? await TrainingService.enrol(classID, EnrolmentInput(
                        name: person.name, idType: person.idType, idNumber: number, category: EligibilityCategory.defaults[Int.random(in: 0..<4, using: &random)].code,
                        phone: phone),
                        context(providerScope, .organization, on: starts.adding(days: -2))) else { continue }
                    enrolled += 1
                    try await TrainingService.recordAttendance(enrolment, hours: Int.random(in: (total * 7 / 10)...total, using: &random),
                                                               context(providerScope, .organization, on: ends))
                }
                try await TrainingService.stepClass(classID, event: "close", reason: nil, context(providerScope, .organization, on: ends.adding(days: 1)))
                // Certificates for those who completed, issued by an evaluation organization a week after the class.
                let completed = try await database.sql.raw("""
                    SELECT e.person_id, c.occupation_code, c.level FROM training_enrolments e JOIN training_classes c ON c.id = e.class_id
                    WHERE e.class_id = \(bind: classID) AND e.state = 'completed'
                    """).all()
                // Not every completer passes the assessment: about seven in ten do, so that the subsidy paid per person-time
                // trained comes near the reference city's (52,525,300 yuan for 145,400 person-times in 2022: 361 yuan).
                for row in completed where Int.random(in: 0..<100, using: &random) < 70 {
                    let certificate = Certificate()
                    certificate.number = "S000032100001" + String(ends.year % 100).leftPadded(to: 2) + String(Int(level)!) + String(Int.random(in: 100_000...999_999, using: &random))
                    certificate.numberFormat = "national"
                    certificate.personID = try row.decode(column: "person_id", as: UUID.self)
                    certificate.occupationCode = try row.decode(column: "occupation_code", as: String.self)
                    certificate.workType = ""
                    certificate.levelRank = try row.decode(column: "level", as: Int.self)
                    certificate.issueDate = ends.adding(days: 7).description
                    certificate.issuerName = "南通市职业技能鉴定中心"
                    certificate.status = CertificateStatus.valid.rawValue
                    certificate.source = "imported"
                    guard (try? await certificate.create(on: database)) != nil else { continue }
                    let account = "62220202" + String(Int.random(in: 10_000_000_000...99_999_999_999, using: &random))
                    if let claim = try? await TrainingService.fileClaim(ClaimInput(certificateId: certificate.id, payee: "person", payeeAccount: account),
                                                                        context(providerScope, .organization, on: ends.adding(days: 10))) {
                        claims += 1
                        claimIDs.append((claim, district))
                    }
                }
            }
        }
        // Review, a district's claims at a time as an officer takes them from the queue: most go all the way on one
        // notice per district; the last few wait at each step, so every queue has something in it.
        let reviewDay = today.adding(days: -60)
        var approved = 0
        let byDistrict = Dictionary(grouping: claimIDs, by: \.1).mapValues { $0.map(\.0) }
        for (district, ids) in byDistrict.sorted(by: { $0.key < $1.key }) where ids.count > 6 {
            let officer = context(.districts([district]), .district, on: reviewDay)
            _ = try await TrainingService.stepClaims(Array(ids.dropLast(1)), event: "district-approve", reason: nil, officer)
            _ = try await TrainingService.stepClaims(Array(ids.dropLast(3)), event: "publish", reason: nil, officer)
            _ = try await TrainingService.stepClaims(Array(ids.dropLast(3)), event: "conclude", reason: nil,
                                                     context(.districts([district]), .district, on: reviewDay.adding(days: 14)))
            // One published yesterday is in notice now; three whose notice is over wait for the city.
            _ = try await TrainingService.stepClaims(Array(ids.dropLast(1).suffix(1)), event: "publish", reason: nil,
                                                     context(.districts([district]), .district, on: today.adding(days: -1)))
            // A year without a budget (a demo built in early January) leaves its claims waiting for the city.
            if (try? await TrainingService.stepClaims(Array(ids.dropLast(6)), event: "city-approve", reason: nil,
                                                      context(.city, .city, on: reviewDay.adding(days: 15)))) != nil {
                approved += ids.count - 6
            }
        }
        // Classes to come, approved, for the public course finder; one more per provider waits for its district.
        for (index, entry) in providers.enumerated() {
            let district = entry.organization.districtCode ?? "320602"
            for round in 0..<2 {
                let starts = today.adding(days: 14 + index * 4 + round * 21), level = ["5", "4", "3"][(index + round) % 3]
                let classID = try await TrainingService.fileClass(ClassInput(
                    occupationCode: Self.occupations[(index + round + 1) % Self.occupations.count], level: level, totalHours: level == "5" ? 48 : 72,
                    practicalHours: level == "5" ? 30 : 44, startsOn: starts.description, endsOn: starts.adding(days: 15).description, capacity: 40,
                    site: "\(entry.organization.name)实训楼", teachers: "专职教师 4 名", feeFen: [120_000, 180_000, 260_000][(index + round) % 3]),
                    context(.organization(entry.organization.id!), .organization, on: today.adding(days: -3)))
                if round == 0 {
                    try await TrainingService.stepClass(classID, event: "approve", reason: nil, context(.districts([district]), .district, on: today.adding(days: -1)))
                }
                classes += 1
            }
        }
        // Payment: one batch per district; the bank pays all but the first line of each, which fails and is re-issued.
        var paid = 0
        let owed = try await database.sql.raw("SELECT DISTINCT district_code, year FROM ledger_payments WHERE state = 'committed' ORDER BY district_code, year")
            .all().map { (try $0.decode(column: "district_code", as: String.self), try $0.decode(column: "year", as: Int.self)) }
        for (district, year) in owed {
            guard let batch = try? await LedgerService.createBatch(BatchInput(districtCode: district, year: year), ledger(on: reviewDay.adding(days: 16))) else { continue }
            let lines = try await LedgerQueries(database: database, scope: .city).lines(of: batch)
            let rows = [["reference", "amount", "result", "reason"]] + lines.enumerated().map { index, line in
                [line.reference, line.amount.plainYuanText, index == 0 ? "失败" : "成功", index == 0 ? "户名与账号不符" : ""]
            }
            let summary = try await LedgerService.applyResult(batch, rows: rows, ledger(on: reviewDay.adding(days: 18)))
            paid += summary.paid
            if let reissue = try? await LedgerService.createBatch(BatchInput(districtCode: district, year: year), ledger(on: reviewDay.adding(days: 20))) {
                let again = try await LedgerQueries(database: database, scope: .city).lines(of: reissue)
                paid += try await LedgerService.applyResult(reissue, rows: [["reference", "amount", "result"]] + again.map { [$0.reference, $0.amount.plainYuanText, "成功"] },
                                                            ledger(on: reviewDay.adding(days: 22))).paid
            }
        }
        // One payment found wrong afterwards: clawed back, and recovered.
        if let payment = try await LedgerQueries(database: database, scope: .city).payments(state: .paid, district: nil, year: nil, before: nil, limit: 1).first {
            try await LedgerService.clawback(payment.id, ClawbackInput(amountFen: nil, reason: "抽查发现培训签到记录不实"), ledger(on: today.adding(days: -10)))
            try await LedgerService.recover(payment.id, amountFen: nil, ledger(on: today.adding(days: -3)))
        }
        return ["补贴性培训 / subsidised training: \(providers.count) 家培训机构 providers, \(classes) 个班 classes, \(enrolled) 人次 enrolments, "
                + "\(claims) 笔申领 claims (\(approved) 笔已批准 approved, \(paid) 笔已支付 paid, 1 笔追回 clawed back)"]
    }
}

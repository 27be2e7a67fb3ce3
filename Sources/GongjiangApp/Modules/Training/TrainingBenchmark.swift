import Fluent
import Foundation
import GongjiangCore
import SQLKit
import Vapor

/// A year of the reference city's subsidised training through the workflow code, timed: 145,400 claims (the city's
/// 2022 person-times) filed by their providers, approved by the districts, put on notice, concluded, approved by the
/// city (committing each district's budget), batched, sent to the bank, answered (a few failures re-issued and paid)
/// and checked with `ledger verify`. The setting-up (providers, classes, trainees with their certificates, attendance,
/// the year's budgets) runs first and is timed apart. Run on an empty, throwaway database: `scripts/bench-training`.
struct TrainingBenchmark: TrainingYearDriver {
    struct Phase: Sendable {
        let name: String
        let seconds: Double
        let count: Int
        let timed: Bool
    }

    let application: Application
    let claims: Int
    /// Providers filing at once: the city's providers work side by side.
    let concurrency: Int
    /// The year simulated: last year, so every date in it is past.
    let year: Int
    var vault: PersonalDataVault { application.vault }
    var actorName: String { "bench" }

    /// Trainees per class: the demo's and the reference city's usual class size.
    static let classSize = 40
    /// Every thousandth bank line fails (a closed account), and is re-issued.
    static let failureEvery = 1000

    /// A day of the simulated year (the benchmark names only days every year has).
    func day(_ month: Int, _ dayOfMonth: Int) -> CivilDate {
        (try? CivilDate(year: year, month: month, day: dayOfMonth)) ?? CivilDate.today()
    }

    func at(_ day: CivilDate) -> Date { ChinaTime.start(of: day).addingTimeInterval(10 * 3600) }

    func run(report: @escaping @Sendable (String) -> Void) async throws -> [Phase] {
        var phases: [Phase] = []
        func phase<T>(_ name: String, timed: Bool, count: Int, _ work: () async throws -> T) async throws -> T {
            let start = DispatchTime.now().uptimeNanoseconds
            let result = try await work()
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            phases.append(Phase(name: name, seconds: seconds, count: count, timed: timed))
            report(String(format: "  %@: %d in %.1f s (%.0f/s), peak memory %d MB", name, count, seconds, Double(count) / max(seconds, 0.001),
                          Self.peakMemoryMB()))
            return result
        }
        guard try await Person.query(on: database).count() == 0 else {
            throw RequestProblem.conflict(code: "bench.not-empty", chinese: "请在空数据库上运行基准测试", english: "Run the benchmark on an empty database")
        }
        let districts = try await District.query(on: database).filter(\.$kind != "prefecture").sort(\.$id).all().compactMap(\.id)
        let providerCount = max(districts.count, claims / 1000)
        let classCount = (claims + Self.classSize - 1) / Self.classSize

        // Setting up.
        let providers = try await phase("providers approved", timed: false, count: providerCount) {
            try await approveProviders(providerCount, districts, occupations: TrainingDemo.occupations, from: day(1, 1),
                                       until: day(12, 31).adding(years: 2), serial: 700_000)
        }
        let classes = try await phase("classes filed and approved", timed: false, count: classCount) { try await fileClasses(classCount, providers) }
        let trainees = try await phase("trainees and certificates (registry bulk path)", timed: false, count: claims) {
            try await registerTrainees(classes, providers)
        }
        try await phase("enrolled, attended, classes closed", timed: false, count: claims) { try await enrolAndClose(classes, trainees, providers) }
        try await phase("fund allocated, district budgets", timed: false, count: districts.count) {
            try await fund(year: year, claims: claims, districts, on: day(1, 2))
        }

        // The year's money, timed.
        let filed = try await phase("claims filed", timed: true, count: claims) { try await fileClaims(trainees, classes, providers) }
        for (event, day) in [("district-approve", day(9, 25)), ("publish", day(9, 25)), ("conclude", day(10, 20))] {
            try await phase("district: \(event)", timed: true, count: filed.count) { try await step(filed, event: event, actor: .district, on: day) }
        }
        try await phase("city: city-approve (budget committed)", timed: true, count: filed.count) {
            try await step(filed, event: "city-approve", actor: .city, on: day(10, 21))
        }
        let (paid, failed) = try await phase("batched, bank file, bank result", timed: true, count: filed.count) { try await pay(districts, year: year, on: day(10, 22), failEvery: Self.failureEvery) }
        let reissued = try await phase("failures re-issued and paid", timed: true, count: failed) {
            try await pay(districts, year: year, on: day(10, 29), failEvery: nil).paid
        }
        try await phase("ledger verify", timed: true, count: paid + reissued) { try await verifyLedger() }
        let unpaid = try await database.sql.raw("SELECT COUNT(*) AS n FROM training_claims WHERE state <> 'paid'").first()?.decode(column: "n", as: Int.self) ?? -1
        guard unpaid == 0, paid + reissued == filed.count else {
            throw RequestProblem.conflict(code: "bench.unpaid", chinese: "有 \(unpaid) 笔申领未支付", english: "\(unpaid) claims are not paid; \(paid + reissued) of \(filed.count) paid")
        }
        return phases
    }

    // MARK: - Setting up

    struct Class {
        let id: UUID
        let provider: Int
        let occupation: String
        let level: SkillLevel
        let endsOn: CivilDate
    }

    /// Classes through the year's first seven months, each filed by its provider three days ahead and approved.
    func fileClasses(_ count: Int, _ providers: [DrivenProvider]) async throws -> [Class] {
        var classes: [Class] = []
        let levels: [SkillLevel] = [.level5, .level4, .level3]
        for index in 0..<count {
            let provider = index % providers.count
            let occupation = TrainingDemo.occupations[index % TrainingDemo.occupations.count]
            let level = levels[(index / TrainingDemo.occupations.count) % levels.count]
            let starts = day(1, 5).adding(days: index % 200), ends = starts.adding(days: 14)
            let higher = level != .level5
            let id = try await TrainingService.fileClass(ClassInput(
                occupationCode: occupation, level: level.code, totalHours: higher ? 64 : 48, practicalHours: higher ? 40 : 30,
                startsOn: starts.description, endsOn: ends.description, capacity: Self.classSize, site: "实训楼", teachers: "专职教师 3 名",
                feeFen: higher ? 180_000 : 120_000), training(.organization(providers[provider].organizationID), .organization, on: starts.adding(days: -3)))
            try await TrainingService.stepClass(id, event: "approve", reason: nil,
                                                training(.districts([providers[provider].district]), .district, on: starts.adding(days: -2)))
            classes.append(Class(id: id, provider: provider, occupation: occupation, level: level, endsOn: ends))
        }
        return classes
    }

    struct Trainee {
        let classIndex: Int
        let idNumber: String
        let name: String
    }

    /// Persons with the certificate each earns a week after the class, written as the registry import writes them.
    func registerTrainees(_ classes: [Class], _ providers: [DrivenProvider]) async throws -> [Trainee] {
        let issuer = Organization()
        issuer.kindCode = OrganizationKind.evaluationOrganization.rawValue
        issuer.name = "南通市职业技能鉴定中心"
        issuer.districtCode = "320602"
        issuer.uscc = DemoCity.creditCode(region: "320600", serial: 990_001, kind: "52")
        try await issuer.create(on: database)
        let writer = RegistryBatchWriter(database: database, vault: vault, audit: AuditEvent(actor: "bench", entity: .registryImport, action: .`import`),
                                         scope: .city)
        var trainees: [Trainee] = []
        var rows: [RegistryBatchWriter.Row] = []
        var serials: [SkillLevel: Int] = [:]
        let today = CivilDate.today()
        for index in 0..<claims {
            let classIndex = index / Self.classSize
            let found = classes[classIndex]
            let district = providers[found.provider].district
            // Unique by construction: a birth day per 900 trainees, a sequence number within it.
            let birth = try CivilDate(year: 1970, month: 1, day: 1).adding(days: index / 900)
            let body = district + String(format: "%04d%02d%02d", birth.year, birth.month, birth.day) + String(format: "%03d", 100 + index % 900)
            guard let check = ResidentID.checkCharacter(for: body), let id = try? ResidentID(body + String(check), today: today) else { continue }
            let name = String(DemoCity.surnames[index % DemoCity.surnames.count])
                + String(DemoCity.givenCharacters[(index / DemoCity.surnames.count) % DemoCity.givenCharacters.count])
            let serial = (serials[found.level] ?? 0) + 1
            serials[found.level] = serial
            let issued = found.endsOn.adding(days: 7)
            let number = try NationalCertificateNumber(organizationType: .social, organizationCode: "0000", provinceCode: "32", siteSerial: "100001",
                                                       yearOfIssue: issued.year % 100, level: found.level, serial: String(format: "%06d", serial))
            rows.append(try .init(rowNumber: index + 2, record: ValidatedPersonCertificate(
                name: name, idType: .residentID, idNumber: id.value, sex: id.sex, birthDate: id.birthDate, phone: nil, districtCode: district,
                employerUSCC: nil, employerName: nil, occupationCode: found.occupation, workType: "--", level: found.level,
                certificateNumber: number.value, issueDate: issued, issuerName: issuer.name), vault: vault))
            trainees.append(Trainee(classIndex: classIndex, idNumber: id.value, name: name))
            if rows.count >= PersonCertificateImport.batchSize {
                _ = try await writer.write(rows, now: at(day(1, 2)))
                rows.removeAll(keepingCapacity: true)
            }
        }
        _ = try await writer.write(rows, now: at(day(1, 2)))
        return trainees
    }

    /// Enrolments in bulk (setting up, not what is measured), every trainee attending every hour; then each class
    /// closes through the workflow, which decides completion and counts the provider's completed trainees.
    func enrolAndClose(_ classes: [Class], _ trainees: [Trainee], _ providers: [DrivenProvider]) async throws {
        var persons: [String: UUID] = [:]
        for row in try await database.sql.raw("SELECT id, id_number_index FROM persons").all() {
            persons[try row.decode(column: "id_number_index", as: String.self)] = try row.decode(column: "id", as: UUID.self)
        }
        try await enrolInBulk(trainees.compactMap { trainee in
            persons[vault.idNumberIndex(type: IDType.residentID.rawValue, number: trainee.idNumber)].map { (classes[trainee.classIndex].id, $0) }
        }, now: at(day(1, 3)))
        for found in classes {
            try await TrainingService.stepClass(found.id, event: "close", reason: nil,
                                                training(.organization(providers[found.provider].organizationID), .organization,
                                                         on: found.endsOn.adding(days: 1)))
        }
    }

    // MARK: - The year, timed

    /// Each provider files its trainees' claims a class at a time (the class's list, as a provider files it),
    /// `concurrency` providers at a time, through September.
    func fileClaims(_ trainees: [Trainee], _ classes: [Class], _ providers: [DrivenProvider]) async throws -> [DrivenClaim] {
        var certificates: [String: UUID] = [:]
        for row in try await database.sql.raw("SELECT c.id, p.id_number_index FROM certificates c JOIN persons p ON p.id = c.person_id").all() {
            certificates[try row.decode(column: "id_number_index", as: String.self)] = try row.decode(column: "id", as: UUID.self)
        }
        var lists: [Int: [(certificate: UUID, serial: Int)]] = [:]
        for (serial, trainee) in trainees.enumerated() {
            guard let certificate = certificates[vault.idNumberIndex(type: IDType.residentID.rawValue, number: trainee.idNumber)] else { continue }
            lists[trainee.classIndex, default: []].append((certificate, serial))
        }
        let lanes = max(1, concurrency)
        let work = lists.sorted { $0.key < $1.key }
        return try await withThrowingTaskGroup(of: [DrivenClaim].self) { group in
            for lane in 0..<lanes {
                group.addTask {
                    var filed: [DrivenClaim] = []
                    for (classIndex, list) in stride(from: lane, to: work.count, by: lanes).map({ work[$0] }) {
                        let provider = providers[classes[classIndex].provider]
                        let inputs = list.map { ClaimInput(certificateId: $0.certificate, payee: "person",
                                                           payeeAccount: "6222" + String(format: "%015d", 100_000_000_000 + $0.serial)) }
                        let outcomes = try await TrainingService.fileClaims(inputs, training(.organization(provider.organizationID), .organization,
                                                                                              on: day(9, 1).adding(days: classIndex % 20)))
                        for outcome in outcomes { filed.append(DrivenClaim(id: try outcome.get(), district: provider.district)) }
                    }
                    return filed
                }
            }
            var all: [DrivenClaim] = []
            for try await part in group { all += part }
            return all.sorted { $0.id.uuidString < $1.id.uuidString }
        }
    }

    /// The process's peak resident memory so far, in MB.
    static func peakMemoryMB() -> Int {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return usage.ru_maxrss / 1024
    }
}

import Fluent
import Foundation
import GongjiangCore
import SQLKit

/// A made-up city to try the platform with: persons with valid-looking identifiers (check digits computed,
/// never real people), employers, evaluation organizations and certificates over every district and
/// more than twenty occupations. The same seed gives the same city.
struct DemoCity {
    enum Scale: String, CaseIterable, Sendable {
        case small, city

        /// small: a few thousand persons, enough to page and search. city: the reference city's registry (issue 12):
        /// 1.1 million persons holding about 1.5 million certificates issued over five years, about 528,900 of them
        /// at 三级/高级工 or above.
        var personCount: Int { self == .small ? 3_000 : 1_100_000 }
        var employerCount: Int { self == .small ? 60 : 5_000 }
    }

    /// The national levels of the city-scale registry's certificates, in percent (5 … 1), chosen so that with 1.4
    /// certificates a person about 48% of persons hold 三级 or above, as 528,900 of the reference city's 1.1 million do.
    /// The share of the city-scale registry's certificates in occupations with a subsidy class, in percent: enough
    /// that each year's certificates of 初级工 to 高级工 among them exceed the 145,400 claims the history pays for.
    static let citySubsidisedPercent: UInt64 = 85

    static let cityLevelWeights: [(national: Int, percent: Int)] = [(5, 30), (4, 32), (3, 25), (2, 9), (1, 4)]

    struct Outcome: Sendable {
        var persons = 0
        var certificates = 0
        var organizations = 0
        var reused = false
    }

    let scale: Scale
    let seed: UInt64
    /// The share of the scale built (the statistics benchmark's 1% city); 1 otherwise.
    var fraction: Double = 1
    /// Certificates are issued no later than this day, so none is in the future.
    let today: CivilDate
    /// Draws the import-style progress bar on a terminal.
    var progress: ProgressLine? = nil
    /// Where the current year's certificates go instead of the registry's bulk path, for the certification workflow to
    /// issue (`CertificationHistory`); nil writes them with the rest.
    var currentYear: CurrentYearCertificates? = nil
    /// The moment the demo city's rows are stamped with.
    var now: Date { ChinaTime.start(of: today).addingTimeInterval(9 * 3600) }

    /// Occupations the demo uses beyond the shipped sample; like most of the sample, their codes
    /// are still to be checked against the official catalogue, and they are marked so.
    static let extraOccupations: [(code: String, zh: String, en: String, subsidyClass: String)] = [
        ("6-18-01-03", "刨插工", "Planing and slotting machine operator", "A"),
        ("6-18-01-05", "镗工", "Boring machine operator", "A"),
        ("6-18-01-06", "钻床工", "Drilling machine operator", "A"),
        ("6-20-01-02", "工具钳工", "Tool fitter", "A"),
    ]

    static let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴莫孔汤")
    static let givenCharacters = Array("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国文斌玉兰俊峰志红海燕鹏宇浩然晨阳雪梅佳琪子涵欣怡思远博文嘉豪雨婷梓轩")
    static let employerStems = ["通海", "江海", "崇川", "濠河", "狼山", "紫琅", "如意", "东方", "长江", "黄海", "启航", "通州湾", "海安", "如皋", "恒力", "瑞祥", "盛通", "华强", "明达", "中天"]
    static let employerTrades = ["机械制造", "船舶重工", "电子科技", "汽车零部件", "建筑工程", "纺织", "精密模具", "电气设备", "家纺", "化工", "物流", "食品"]

    func build(on database: any Database, vault: PersonalDataVault) async throws -> Outcome {
        if try await Person.query(on: database).count() > 0 {
            var outcome = Outcome(reused: true)
            outcome.persons = try await Person.query(on: database).count()
            outcome.certificates = try await Certificate.query(on: database).count()
            outcome.organizations = try await Organization.query(on: database).count()
            return outcome
        }
        var random = SeededRandom(seed: seed)
        try await addExtraOccupations(on: database)
        let districts = try await District.query(on: database).filter(\.$kind != "prefecture").sort(\.$id).all().compactMap(\.id)
        let occupations = try await Occupation.query(on: database).sort(\.$id).all()
        // Most of the reference city's certificates are in manufacturing and services trades with a subsidy class
        // (the training history pays for them); the rest spread over the whole catalogue.
        let subsidised = occupations.filter { !$0.subsidyClass.isEmpty }
        var outcome = Outcome()

        let issuers = try await createIssuers(districts: districts, random: &random, on: database)
        outcome.organizations += issuers.count

        let employers: [(uscc: String, name: String)] = (0..<scale.employerCount).map { index in
            let stem = Self.employerStems[index % Self.employerStems.count]
            let trade = Self.employerTrades[(index / Self.employerStems.count) % Self.employerTrades.count]
            let suffix = index < Self.employerStems.count * Self.employerTrades.count ? "" : "\(index)"
            return (Self.creditCode(region: "320600", serial: 100_000 + index, kind: "91"), "南通\(stem)\(trade)\(suffix)有限公司")
        }

        var serials: [String: Int] = [:]
        var rows: [RegistryBatchWriter.Row] = []
        // Two draws can give one ID number (same district, birthday and sequence: about 5,000 at the city's scale, by the
        // birthday bound). The later draw is left out, certificates and all: one number, one person, one name.
        var drawnIDs = Set<UInt64>()
        let writer = RegistryBatchWriter(database: database, vault: vault,
                                         audit: AuditEvent(actor: "demo", entity: .registryImport, action: .demoCity), scope: .city)
        // Checkpoints run beside the writes from a connection of their own, as in an import (WALCheckpointer).
        try await WALCheckpointer.whileWriting(to: database) {
            var rowNumber = 1
            let persons = max(1, Int(Double(scale.personCount) * fraction))
            for index in 0..<persons {
                let district = districts[index % districts.count]
                let birth = try CivilDate(year: 1965 + Int(random.next() % 38), month: 1 + Int(random.next() % 12), day: 1 + Int(random.next() % 28))
                let sequence = 100 + Int(random.next() % 899)
                let body = district + String(format: "%04d%02d%02d", birth.year, birth.month, birth.day) + String(format: "%03d", sequence)
                guard let check = ResidentID.checkCharacter(for: body), let id = try? ResidentID(body + String(check), today: today) else { continue }
                let drawnBefore = !drawnIDs.insert(UInt64(body) ?? 0).inserted
                let name = String(Self.surnames[Int(random.next() % UInt64(Self.surnames.count))])
                    + String((0..<(1 + Int(random.next() % 2))).map { _ in Self.givenCharacters[Int(random.next() % UInt64(Self.givenCharacters.count))] })
                let phone = "1" + ["38", "39", "50", "51", "58", "77", "80", "86", "89"][Int(random.next() % 9)]
                    + String(format: "%08d", Int(random.next() % 100_000_000))
                let employer = random.next() % 10 < 8 ? employers[Int(random.next() % UInt64(employers.count))] : nil
                let certificateCount = 1 + (random.next() % 10 < (scale == .city ? 4 : 3) ? 1 : 0)
                for _ in 0..<certificateCount {
                    let occupation = scale == .city && !subsidised.isEmpty && random.next() % 100 < Self.citySubsidisedPercent
                        ? subsidised[Int(random.next() % UInt64(subsidised.count))] : occupations[Int(random.next() % UInt64(occupations.count))]
                    let offered = occupation.levels.split(separator: ",").compactMap { Int($0) }
                    var national = offered.isEmpty ? 5 : offered[Int(random.next() % UInt64(offered.count))]
                    if scale == .city {
                        // The reference city's mix of levels; the occupation's nearest offered level when it lacks one.
                        var draw = Int(random.next() % 100)
                        let wanted = Self.cityLevelWeights.first { draw -= $0.percent; return draw < 0 }?.national ?? 5
                        national = offered.min { abs($0 - wanted) < abs($1 - wanted) } ?? wanted
                    }
                    guard let level = SkillLevel(nationalLevel: national) else { continue }
                    let adultYear = birth.year + 20
                    // The 22-character number exists since 人社鉴发〔2019〕2号; the city scale spreads its history over five years.
                    let firstYear = max(scale == .city ? today.year - 4 : 2019, adultYear)
                    guard firstYear <= today.year else { continue }
                    let year = firstYear + Int(random.next() % UInt64(today.year - firstYear + 1))
                    var issueDate = try CivilDate(year: year, month: 1 + Int(random.next() % 12), day: 1 + Int(random.next() % 28))
                    if issueDate > today { issueDate = today }
                    let issuer = issuers[Int(random.next() % UInt64(issuers.count))]
                    if drawnBefore { continue }
                    if let currentYear, issueDate.year == today.year {
                        currentYear.append(.init(idNumber: id.value, name: name, district: district, occupationCode: occupation.id ?? "",
                                                 level: level, issueDate: issueDate,
                                                 workingSince: try CivilDate(year: adultYear, month: birth.month, day: birth.day)))
                        continue
                    }
                    let serialKey = "\(issuer.site)-\(issueDate.year)-\(national)"
                    let serial = (serials[serialKey] ?? 0) + 1
                    serials[serialKey] = serial
                    let number = try NationalCertificateNumber(
                        organizationType: issuer.type, organizationCode: "0000", provinceCode: "32", siteSerial: issuer.site,
                        yearOfIssue: issueDate.year % 100, level: level, serial: String(format: "%06d", serial))
                    let workTypes = occupation.workTypes.split(separator: ";").map(String.init)
                    rowNumber += 1
                    let record = ValidatedPersonCertificate(
                        name: name, idType: .residentID, idNumber: id.value, sex: id.sex, birthDate: id.birthDate,
                        phone: phone, districtCode: district, employerUSCC: employer?.uscc, employerName: employer?.name,
                        occupationCode: occupation.id ?? "", workType: workTypes.isEmpty ? "--" : workTypes[Int(random.next() % UInt64(workTypes.count))],
                        level: level, certificateNumber: number.value, issueDate: issueDate, issuerName: issuer.name)
                    rows.append(try .init(rowNumber: rowNumber, record: record, vault: vault))
                }
                if rows.count >= PersonCertificateImport.batchSize {
                    outcome.certificates += try await writer.write(rows, now: now).filter { $0 == .created }.count
                    rows.removeAll(keepingCapacity: true)
                    progress?.show(rows: index + 1, fraction: Double(index + 1) / Double(persons))
                }
            }
            outcome.certificates += try await writer.write(rows, now: now).filter { $0 == .created }.count
            progress?.finish()
        }
        outcome.persons = try await Person.query(on: database).count()
        outcome.organizations = try await Organization.query(on: database).count()
        return outcome
    }

    private struct Issuer {
        let name: String
        let type: EvaluationOrganizationType
        let site: String
    }

    /// Evaluation organizations: social training-evaluation organizations (S) and employers (Y), one site serial each.
    static let issuerNames: [(String, EvaluationOrganizationType)] = [
        ("南通市职业技能鉴定中心", .social), ("南通市技工教育培训中心", .social), ("江苏通海职业技能评价中心", .social),
        ("南通工贸技师学院", .social), ("南通市建筑职业技能评价站", .social), ("如皋市职业技能评价中心", .social),
        ("南通通海重工有限公司", .employer), ("南通通海机械制造有限公司", .employer),
    ]

    /// The position of a demo issuer, whose site serial is 100001 + position.
    static func issuerIndex(of name: String) -> Int? { issuerNames.firstIndex { $0.0 == name } }

    private func createIssuers(districts: [String], random: inout SeededRandom, on database: any Database) async throws -> [Issuer] {
        var issuers: [Issuer] = []
        for (index, entry) in Self.issuerNames.enumerated() {
            let organization = Organization()
            organization.uscc = Self.creditCode(region: "320600", serial: 900_000 + index, kind: entry.1 == .social ? "52" : "91")
            organization.name = entry.0
            organization.kindCode = OrganizationKind.evaluationOrganization.rawValue
            organization.districtCode = districts[index % districts.count]
            try await organization.create(on: database)
            issuers.append(Issuer(name: entry.0, type: entry.1, site: String(format: "%06d", 100_001 + index)))
        }
        return issuers
    }

    private func addExtraOccupations(on database: any Database) async throws {
        for extra in Self.extraOccupations where try await Occupation.find(extra.code, on: database) == nil {
            let occupation = Occupation()
            occupation.id = extra.code
            occupation.nameZH = extra.zh
            occupation.nameEN = extra.en
            occupation.subsidyClass = extra.subsidyClass
            occupation.levels = "5,4,3,2,1"
            occupation.workTypes = ""
            occupation.isCodeConfirmed = false
            occupation.effectiveFrom = "2022-01-01"
            try await occupation.create(on: database)
        }
    }

    /// A credit code with a correct check character: registration authority and category, region, a made-up body.
    static func creditCode(region: String, serial: Int, kind: String) -> String {
        let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
        var body = ""
        var value = serial
        for _ in 0..<9 {
            body.append(alphabet[value % 31])
            value /= 31
        }
        let first17 = kind + region + String(body.reversed())
        return first17 + String(CreditCode.checkCharacter(for: first17) ?? "0")
    }
}

import Fluent
import Foundation
import GongjiangCore
import SQLKit
import Vapor

struct ClaimInput: Content {
    var certificateId: UUID?
    /// `person` (to the social-security card's account) or `provider`.
    var payee: String?
    var payeeAccount: String?
}

extension TrainingService {
    /// The standards tables as Core reads them; for one claim, only the rows of its class and level.
    static func standards(on database: any Database, subsidyClass: String? = nil, level: SkillLevel? = nil) async throws -> SubsidyStandards {
        let national = level?.nationalLevel ?? 0
        let training = try await database.sql.raw("""
            SELECT effective_from, subsidy_class, national_level, amount_fen FROM training_subsidy_standards
            WHERE (\(bind: subsidyClass == nil) OR (subsidy_class = \(bind: subsidyClass ?? "") AND national_level = \(bind: national)))
            """).all().map { row in
            SubsidyStandards.Training(effectiveFrom: try CivilDate(parsing: try row.decode(column: "effective_from", as: String.self)),
                                      subsidyClass: try row.decode(column: "subsidy_class", as: String.self),
                                      nationalLevel: try row.decode(column: "national_level", as: Int.self),
                                      amount: Money(fen: try row.decode(column: "amount_fen", as: Int64.self)))
        }
        let assessment = try await database.sql.raw("""
            SELECT effective_from, national_level, amount_fen FROM assessment_subsidy_standards
            WHERE (\(bind: level == nil) OR national_level = \(bind: national))
            """).all().map { row in
            SubsidyStandards.Assessment(effectiveFrom: try CivilDate(parsing: try row.decode(column: "effective_from", as: String.self)),
                                        nationalLevel: try row.decode(column: "national_level", as: Int.self),
                                        amount: Money(fen: try row.decode(column: "amount_fen", as: Int64.self)))
        }
        return SubsidyStandards(training: training, assessment: assessment)
    }

    /// A shortage occupation's uplift in force on `day`, 0 for others.
    static func uplift(_ occupationCode: String, on day: CivilDate, database: any Database) async throws -> Int {
        let rows = try await database.sql.raw("""
            SELECT uplift_percent, effective_from FROM shortage_occupations WHERE occupation_code = \(bind: occupationCode)
            """).all()
        let versions = try rows.compactMap { row -> (CivilDate, Int)? in
            (try CivilDate(parsing: try row.decode(column: "effective_from", as: String.self)), try row.decode(column: "uplift_percent", as: Int.self))
        }
        return versions.filter { $0.0 <= day }.max { $0.0 < $1.0 }?.1 ?? 0
    }

    /// 补贴申领: for a certificate of a trainee who completed a class of its occupation and level. The amount is computed
    /// from the standards in force on the certificate's date; the rules of rules.md refuse it; the signals flag it.
    static func fileClaim(_ input: ClaimInput, _ context: TrainingContext) async throws -> UUID {
        switch try await fileClaims([input], context)[0] {
        case .success(let id): return id
        case .failure(let refusal): throw refusal
        }
    }

    /// A list of claims filed together (a class's trainees, a provider's 申领名单): each read and checked as a single
    /// claim is, against the claims before it in the list as well as those filed already; those that pass are written in
    /// one audited transaction, and each refused one comes back with its reason. The reads a list shares (the rules in
    /// force, the standards, the providers' pass rates) are made once.
    static func fileClaims(_ inputs: [ClaimInput], _ context: TrainingContext) async throws -> [Result<UUID, any Error>] {
        // The provider for its trainees, the district or the city for a person who comes to them.
        guard context.actor != nil else {
            throw WorkflowRefusal.notYourStep(workflow: "training-claim", event: "file", actor: context.actor ?? .system)
        }
        guard inputs.count <= maximumClaimsPerStep else {
            throw RequestProblem.validation([FieldProblem(field: "claims", code: "claim.list-size", chinese: "一次最多申领 \(maximumClaimsPerStep) 件",
                                                          english: "At most \(maximumClaimsPerStep) claims at once")])
        }
        var list = try await ClaimList.load(context)
        let lookups = try await ClaimLookups.load(inputs, context)
        var outcomes: [Result<PreparedClaim, any Error>] = []
        for input in inputs {
            do {
                outcomes.append(.success(try await prepare(input, &list, lookups, context)))
            } catch let refusal where refusal is RequestProblem || refusal is any DomainError {
                outcomes.append(.failure(refusal))
            }
        }
        let ready = outcomes.compactMap { try? $0.get() }
        let year = context.today.year
        let taken = try await context.write { tx, log -> Set<UUID> in
            guard !ready.isEmpty else { return [] }
            // One claim per certificate, whoever files it: checked again where writers take turns.
            let taken = Set(try await tx.sql.select().column("certificate_id").from("training_claims")
                .where(SQLIdentifier("certificate_id"), .in, SQLBind.group(ready.map(\.certificateID))).all()
                .map { try $0.decode(column: "certificate_id", as: UUID.self) })
            let writing = ready.filter { !taken.contains($0.certificateID) }
            let numbers = try await NumberSerials.next("TS-\(year)", count: writing.count, width: 6, on: tx)
            for (provider, claims) in Dictionary(grouping: writing, by: \.providerID) {
                try await tx.sql.raw("UPDATE training_providers SET claims_filed = claims_filed + \(bind: claims.count) WHERE id = \(bind: provider)").run()
            }
            // 22 values a row: 400 rows stay under SQLite's 32,766 bound parameters.
            for chunk in Array(zip(numbers, writing)).chunked(400) {
                var insert = BulkInsert(into: "training_claims", columns: [
                    "id", "number", "person_id", "certificate_id", "enrolment_id", "provider_id", "district_code", "occupation_code", "level",
                    "payee", "payee_name", "payee_account_sealed", "payee_account_index", "amount_fen", "computation", "state", "filed_on", "year",
                    "signals", "is_flagged", "created_at", "updated_at"])
                for (number, claim) in chunk {
                    insert.append([.uuid(claim.id), .text(number), .uuid(claim.personID), .uuid(claim.certificateID), .uuid(claim.enrolmentID),
                                   .uuid(claim.providerID), .text(claim.districtCode), .text(claim.occupationCode), .integer(claim.level.rawValue),
                                   .text(claim.payee.rawValue), .text(claim.payeeName), .text(claim.accountSealed), .text(claim.accountIndex),
                                   .integer(Int(claim.amount.fen)), .text(claim.computationText), .text(ClaimState.submitted.rawValue),
                                   .text(context.today.description), .integer(year), .text(claim.signalsText), .bool(!claim.signalCodes.isEmpty),
                                   .date(context.now), .date(context.now)])
                    log.record(context.event(.trainingClaim, claim.id, .create, after: AuditValues.json([
                        "number": number, "certificate": claim.certificateID.uuidString, "amountFen": String(claim.amount.fen),
                        "computation": claim.computationChinese, "payee": claim.payee.rawValue, "account": claim.accountMasked,
                        "signals": claim.signalCodes.joined(separator: " ")])))
                }
                try await insert.run(on: tx)
            }
            return taken
        }
        return outcomes.map { outcome in
            outcome.flatMap { claim in taken.contains(claim.certificateID) ? .failure(TrainingRefusal.sameOccupationAndLevel) : .success(claim.id) }
        }
    }

    /// What a list's claims need from the database, read a few queries for the whole list rather than six a claim: each
    /// certificate with its holder, and each holder's completed enrolments, claims, enrolments by day, the accounts'
    /// other claimants and the phones' other trainees. All read before the list writes anything, as one claim's reads were.
    struct ClaimLookups {
        struct Facts {
            let personID: UUID
            let occupationCode: String
            let level: Int
            let issueDate: String
            let verifies: Bool
            let personName: String
            let birthDate: String?
            let subsidyClass: String
            let skillSubsidy: Bool
            let upliftPercent: Int
        }

        struct Enrolment {
            let id: UUID
            let phoneIndex: String?
            let providerID: UUID
            let organizationID: UUID
            let district: String
            let occupationCode: String
            let level: Int
            /// The enrolment's own days (the overlap check reads them) and its class's (a claim's class).
            let startsOn: String
            let endsOn: String
            let classStartsOn: String
            let classEndsOn: String
            let classNumber: String
            let state: String
        }

        var facts: [UUID: Facts] = [:]
        /// Each holder's enrolments that are not withdrawn, the latest class first.
        var enrolments: [UUID: [Enrolment]] = [:]
        var prior: [UUID: [ClaimRules.PriorClaim]] = [:]
        /// The persons who claimed to each account (by its blind index).
        var accountClaimants: [String: Set<UUID>] = [:]
        /// The persons enrolled with each phone (by its blind index).
        var phoneTrainees: [String: Int] = [:]

        static func load(_ inputs: [ClaimInput], _ context: TrainingContext) async throws -> ClaimLookups {
            var lookups = ClaimLookups()
            let sql = context.database.sql
            for chunk in Array(Set(inputs.compactMap(\.certificateId))).chunked(500) {
                for row in try await sql.raw("""
                    SELECT c.id, c.person_id, c.occupation_code, c.level, c.issue_date, c.status, c.revoked_on, p.name, p.birth_date, o.subsidy_class,
                        (SELECT COUNT(*) FROM skill_upgrade_subsidies s WHERE s.certificate_id = c.id) AS skill_subsidies,
                        (SELECT u.uplift_percent FROM shortage_occupations u WHERE u.occupation_code = c.occupation_code AND u.effective_from <= c.issue_date
                         ORDER BY u.effective_from DESC LIMIT 1) AS uplift_percent
                    FROM certificates c JOIN persons p ON p.id = c.person_id LEFT JOIN occupations o ON o.code = c.occupation_code
                    WHERE c.id IN (\(binds: Array(chunk)))
                    """).all() {
                    // The shortage uplift in force on the certificate's day (ISO dates compare as text), 0 for other occupations.
                    lookups.facts[try row.decode(column: "id", as: UUID.self)] = Facts(
                        personID: try row.decode(column: "person_id", as: UUID.self), occupationCode: try row.decode(column: "occupation_code", as: String.self),
                        level: try row.decode(column: "level", as: Int.self), issueDate: try row.decode(column: "issue_date", as: String.self),
                        verifies: try row.decode(column: "status", as: String.self) == CertificateStatus.valid.rawValue
                            && row.decode(column: "revoked_on", as: String?.self) == nil,
                        personName: try row.decode(column: "name", as: String.self), birthDate: try row.decode(column: "birth_date", as: String?.self),
                        subsidyClass: try row.decode(column: "subsidy_class", as: String?.self) ?? "",
                        skillSubsidy: try row.decode(column: "skill_subsidies", as: Int.self) > 0,
                        upliftPercent: try row.decode(column: "uplift_percent", as: Int?.self) ?? 0)
                }
            }
            let persons = Array(Set(lookups.facts.values.map(\.personID)))
            for chunk in persons.chunked(500) {
                for row in try await sql.raw("""
                    SELECT e.id, e.person_id, e.phone_index, e.state, e.starts_on, e.ends_on, c.provider_id, c.district_code, c.occupation_code, c.level,
                        c.starts_on AS class_starts_on, c.ends_on AS class_ends_on, c.number, p.organization_id
                    FROM training_enrolments e JOIN training_classes c ON c.id = e.class_id JOIN training_providers p ON p.id = c.provider_id
                    WHERE e.person_id IN (\(binds: Array(chunk))) AND e.state <> 'withdrawn'
                    ORDER BY c.ends_on DESC, c.number
                    """).all() {
                    lookups.enrolments[try row.decode(column: "person_id", as: UUID.self), default: []].append(Enrolment(
                        id: try row.decode(column: "id", as: UUID.self), phoneIndex: try row.decode(column: "phone_index", as: String?.self),
                        providerID: try row.decode(column: "provider_id", as: UUID.self), organizationID: try row.decode(column: "organization_id", as: UUID.self),
                        district: try row.decode(column: "district_code", as: String.self), occupationCode: try row.decode(column: "occupation_code", as: String.self),
                        level: try row.decode(column: "level", as: Int.self),
                        startsOn: try row.decode(column: "starts_on", as: String.self), endsOn: try row.decode(column: "ends_on", as: String.self),
                        classStartsOn: try row.decode(column: "class_starts_on", as: String.self),
                        classEndsOn: try row.decode(column: "class_ends_on", as: String.self),
                        classNumber: try row.decode(column: "number", as: String.self), state: try row.decode(column: "state", as: String.self)))
                }
                for row in try await sql.raw("""
                    SELECT person_id, occupation_code, level, filed_on FROM training_claims WHERE person_id IN (\(binds: Array(chunk))) AND state <> 'rejected'
                    """).all() {
                    guard let level = SkillLevel(rawValue: try row.decode(column: "level", as: Int.self)) else { continue }
                    lookups.prior[try row.decode(column: "person_id", as: UUID.self), default: []].append(ClaimRules.PriorClaim(
                        occupationCode: try row.decode(column: "occupation_code", as: String.self), level: level,
                        filedOn: try CivilDate(parsing: try row.decode(column: "filed_on", as: String.self))))
                }
            }
            let accounts = Array(Set(inputs.compactMap { $0.payeeAccount.flatMap(BankAccount.normalized) }.map { context.vault.blindIndex($0, purpose: "bank-account") }))
            for chunk in accounts.chunked(500) {
                for row in try await sql.raw("""
                    SELECT DISTINCT payee_account_index, person_id FROM training_claims WHERE payee_account_index IN (\(binds: Array(chunk)))
                    """).all() {
                    lookups.accountClaimants[try row.decode(column: "payee_account_index", as: String.self), default: []]
                        .insert(try row.decode(column: "person_id", as: UUID.self))
                }
            }
            let phones = Array(Set(lookups.enrolments.values.joined().compactMap(\.phoneIndex)))
            for chunk in phones.chunked(500) {
                for row in try await sql.raw("""
                    SELECT phone_index, COUNT(DISTINCT person_id) AS n FROM training_enrolments WHERE phone_index IN (\(binds: Array(chunk))) GROUP BY phone_index
                    """).all() {
                    lookups.phoneTrainees[try row.decode(column: "phone_index", as: String.self)] = try row.decode(column: "n", as: Int.self)
                }
            }
            return lookups
        }
    }

    /// Reads and checks one claim of a list: everything but the writing.
    private static func prepare(_ input: ClaimInput, _ list: inout ClaimList, _ lookups: ClaimLookups, _ context: TrainingContext) async throws -> PreparedClaim {
        var problems: [FieldProblem] = []
        let payee = input.payee.flatMap(PaymentRules.Payee.init(rawValue:)).flatMap { TrainingService.payees.contains($0) ? $0 : nil }
        if payee == nil { problems.append(FieldProblem(field: "payee", code: "claim.payee", chinese: "收款方应为个人或培训机构", english: "The payee is person or provider")) }
        let account = input.payeeAccount.flatMap(BankAccount.normalized)
        if account == nil { problems.append(FieldProblem(field: "payeeAccount", code: "ledger.bank-account", chinese: "银行账号应为 8–32 位数字", english: "A bank account is 8–32 digits")) }
        // The certificate with its holder and its occupation's subsidy class.
        guard let certificateID = input.certificateId, let facts = lookups.facts[certificateID] else {
            problems.append(FieldProblem(field: "certificateId", code: "claim.certificate-unknown", chinese: "登记库中没有该证书", english: "No such certificate in the registry"))
            throw RequestProblem.validation(problems)
        }
        guard problems.isEmpty, let payee, let account else { throw RequestProblem.validation(problems) }
        let personID = facts.personID
        let occupationCode = facts.occupationCode
        guard let level = SkillLevel(rawValue: facts.level), let issued = try? CivilDate(parsing: facts.issueDate) else {
            throw RequestProblem.notFound
        }
        // The trainee's completed enrolment in a class of the certificate's occupation and level, the latest first; a
        // provider files only for its own trainees, a district officer for its district's classes.
        let held = lookups.enrolments[personID] ?? []
        let chosen = held.first { enrolment in
            guard enrolment.state == "completed", enrolment.occupationCode == occupationCode, enrolment.level == level.rawValue else { return false }
            if case .organization(let organization) = context.scope { return enrolment.organizationID == organization }
            return context.scope.admitsDistrict(enrolment.district)
        }
        guard let chosen, let classEnd = try? CivilDate(parsing: chosen.classEndsOn), let classStart = try? CivilDate(parsing: chosen.classStartsOn) else {
            throw RequestProblem.validation([FieldProblem(field: "certificateId", code: "claim.no-completed-class",
                                                          chinese: "该学员没有结业的同职业同等级补贴培训班", english: "The trainee completed no subsidised class of this occupation and level")])
        }
        let policy = list.policy
        let prior = (lookups.prior[personID] ?? []) + (list.filed[personID] ?? [])
        try ClaimRules.check(ClaimRules.Facts(occupationCode: occupationCode, level: level, certificateIssuedOn: issued, filedOn: context.today,
                                              certificateVerifies: facts.verifies,
                                              unemploymentSkillSubsidyPaid: facts.skillSubsidy, prior: prior), policy: policy)
        guard !list.certificates.contains(certificateID) else { throw TrainingRefusal.sameOccupationAndLevel }
        let computation = try (try await list.standards(subsidyClass: facts.subsidyClass, level: level, on: context.database)).compute(
            subsidyClass: facts.subsidyClass, level: level, on: issued,
            upliftPercent: facts.upliftPercent, policy: policy)

        // Signals: never a refusal, each with its reason.
        var signals: [FraudSignal] = []
        let thresholds = FraudThresholds.defaults
        if let overlap = held.first(where: { $0.id != chosen.id && $0.startsOn <= classEnd.description && $0.endsOn >= classStart.description }) {
            signals.append(.overlappingEnrolments(otherClass: overlap.classNumber))
        }
        if issued < classEnd { signals.append(.certificateBeforeClassEnd(issuedOn: issued, classEndedOn: classEnd)) }
        let accountIndex = context.vault.blindIndex(account, purpose: "bank-account")
        let sharing = lookups.accountClaimants[accountIndex, default: []].subtracting([personID]).count
        let sharingInList = list.accounts[accountIndex, default: []].subtracting([personID]).count
        if payee == .person, let signal = thresholds.sharedContact(kind: "account", count: sharing + sharingInList + 1) { signals.append(signal) }
        if let phone = chosen.phoneIndex, let signal = thresholds.sharedContact(kind: "phone", count: lookups.phoneTrainees[phone] ?? 0) {
            signals.append(signal)
        }
        // The provider's pass rate (claims, each for a certificate, over its completed trainees) against its peers'.
        let peerRates = list.rates.filter { $0.key != chosen.providerID }.values.map { $0.claims * 100 / $0.trainees }
        if let own = list.rates[chosen.providerID],
           let signal = thresholds.passRate(passed: min(own.claims + 1, own.trainees), trainees: own.trainees, peerRates: peerRates) {
            signals.append(signal)
        }
        if let born = facts.birthDate.flatMap({ try? CivilDate(parsing: $0) }), let signal = thresholds.age(born: born, on: classStart) {
            signals.append(signal)
        }

        let providerName = payee == .provider ? try await context.database.sql.raw("""
            SELECT o.name FROM training_providers p JOIN organizations o ON o.id = p.organization_id WHERE p.id = \(bind: chosen.providerID)
            """).first()?.decode(column: "name", as: String.self) : nil
        let payeeName = providerName ?? facts.personName
        let prepared = PreparedClaim(
            id: newID(context), personID: personID, certificateID: certificateID, enrolmentID: chosen.id, providerID: chosen.providerID,
            districtCode: chosen.district, occupationCode: occupationCode, level: level, payee: payee, payeeName: payeeName,
            accountSealed: try context.vault.seal(account), accountIndex: accountIndex, accountMasked: Masking.bankAccount(account),
            amount: computation.total, computationText: String(decoding: try JSONEncoder.sorted.encode(computation), as: UTF8.self),
            computationChinese: computation.chinese, signalsText: String(decoding: try JSONEncoder.sorted.encode(signals), as: UTF8.self),
            signalCodes: signals.map(\.code))
        list.record(prepared, filedOn: context.today)
        return prepared
    }

    struct Claim: Sendable {
        let id: UUID
        let number: String
        let districtCode: String
        let providerID: UUID?
        let state: ClaimState
        let amount: Money
        let payee: PaymentRules.Payee
        let payeeName: String
        let payeeAccountSealed: String
        let noticeID: UUID?
        let paymentID: UUID?
        let year: Int
    }

    static func claim(_ id: UUID, _ context: TrainingContext) async throws -> Claim {
        guard let claim = try await claims([id], context).first else { throw RequestProblem.notFound }
        return claim
    }

    /// The claims named, in the order named, read in one query; one that does not exist or lies outside the caller's
    /// scope (another provider's, another district's) is not found, as a single claim is.
    static func claims(_ ids: [UUID], _ context: TrainingContext) async throws -> [Claim] {
        guard !ids.isEmpty else { return [] }
        let rows = try await context.database.sql.select()
            .column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("k"))).column(SQLColumn("organization_id", table: "p"))
            .from(SQLAlias(SQLIdentifier("training_claims"), as: SQLIdentifier("k")))
            .join(SQLAlias(SQLIdentifier("training_providers"), as: SQLIdentifier("p")), method: SQLJoinMethod.left,
                  on: SQLColumn("id", table: "p"), .equal, SQLColumn("provider_id", table: "k"))
            .where(SQLColumn("id", table: "k"), .in, SQLBind.group(ids))
            .all()
        var found: [UUID: Claim] = [:]
        for row in rows {
            let id = try row.decode(column: "id", as: UUID.self)
            let claim = Claim(id: id, number: try row.decode(column: "number", as: String.self), districtCode: try row.decode(column: "district_code", as: String.self),
                              providerID: try row.decode(column: "provider_id", as: UUID?.self),
                              state: ClaimState(rawValue: try row.decode(column: "state", as: String.self)) ?? .submitted,
                              amount: Money(fen: try row.decode(column: "amount_fen", as: Int64.self)),
                              payee: PaymentRules.Payee(rawValue: try row.decode(column: "payee", as: String.self)) ?? .person,
                              payeeName: try row.decode(column: "payee_name", as: String.self),
                              payeeAccountSealed: try row.decode(column: "payee_account_sealed", as: String.self),
                              noticeID: try row.decode(column: "notice_id", as: UUID?.self), paymentID: try row.decode(column: "payment_id", as: UUID?.self),
                              year: try row.decode(column: "year", as: Int.self))
            switch context.scope {
            case .organization(let organization):
                guard try row.decode(column: "organization_id", as: UUID?.self) == organization else { continue }
            default:
                guard context.scope.admitsDistrict(claim.districtCode) else { continue }
            }
            found[id] = claim
        }
        return try ids.map { id in
            guard let claim = found[id] else { throw RequestProblem.notFound }
            return claim
        }
    }

    /// The most claims one step takes at once: a district's notice list or a city approval of a review queue's page
    /// or two; larger lists go in several requests, each whole or not at all.
    static let maximumClaimsPerStep = 500

    /// A claim's step: the district approves, returns or rejects, publishes the notice and concludes it; the city
    /// approves (committing the district's budget through the ledger, in the same transaction) or rejects.
    static func stepClaim(_ id: UUID, event raw: String?, reason rawReason: String?, _ context: TrainingContext) async throws {
        _ = try await stepClaims([id], event: raw, reason: rawReason, context)
    }

    /// One step for many claims, as a reviewer takes it from the queue: every claim must allow it, or nothing changes
    /// and the refusal names the claim. `publish` puts them all on one notice (公示名单); `city-approve` commits each
    /// payment in the same transaction, so a budget that covers only some refuses the whole list and says by how much.
    static func stepClaims(_ ids: [UUID], event raw: String?, reason rawReason: String?, _ context: TrainingContext) async throws -> ClaimStepOutcome {
        let reason = try CertificationService.reason(rawReason, required: false)
        guard let event = raw.flatMap(ClaimEvent.init(rawValue:)), event != .pay, event != .clawback else { throw Self.unknownEvent(raw) }
        var seen = Set<UUID>()
        let unique = ids.filter { seen.insert($0).inserted }
        guard (1...maximumClaimsPerStep).contains(unique.count) else {
            throw RequestProblem.validation([FieldProblem(field: "claimIds", code: "claim.step-count",
                                                          chinese: "一次可处理 1–\(maximumClaimsPerStep) 件申领", english: "A step takes 1–\(maximumClaimsPerStep) claims")])
        }
        let actor = try context.requireActor("training-claim", event.rawValue)
        var claims: [(claim: Claim, next: ClaimState)] = []
        for claim in try await Self.claims(unique, context) {
            switch Result(catching: { () throws(WorkflowRefusal) -> ClaimState in
                try ClaimRules.workflow.apply(event, to: claim.state, by: actor, reason: reason)
            }) {
            case .success(let next):
                claims.append((claim, next))
            case .failure(let refusal) where unique.count == 1:
                throw refusal
            case .failure(let refusal):
                // In a list, the refusal says which claim: the list is refused whole.
                throw RequestProblem.conflict(code: refusal.code, chinese: "\(claim.number)：\(refusal.chinese)",
                                              english: "\(claim.number): \(refusal.english)")
            }
        }
        if event == .publish, Set(claims.map(\.claim.districtCode)).count > 1 {
            throw RequestProblem.conflict(code: "claim.notice-districts", chinese: "一份公示只列一个区县的申领", english: "One notice lists one district's claims")
        }
        let policy = try await policy(on: context.database, day: context.today)
        var concluding: [UUID: NoticeRecord] = [:]
        if event == .conclude {
            for (claim, _) in claims {
                guard let noticeID = claim.noticeID else { throw NoticeRefusal.notAllowed(.conclude, in: .draft) }
                // A list's claims share a notice or a few: each is read once.
                if concluding[noticeID] != nil { continue }
                guard let record = try await NoticeRecord.find(noticeID, on: context.database) else { throw NoticeRefusal.notAllowed(.conclude, in: .draft) }
                concluding[noticeID] = record
            }
        }
        let notices = concluding
        let selected = claims
        let noticeID = event == .publish ? newID(context) : nil
        try await context.write { tx, log in
            if let noticeID, let first = selected.first?.claim {
                let title = selected.count == 1 ? "职业技能培训补贴申领公示（\(first.number)）" : "职业技能培训补贴申领公示（\(selected.count) 件）"
                let record = try await NoticeStore.publish(subjectKind: ClaimNotice.subjectKind, subjectID: noticeID, title: title,
                                                           workingDays: policy.noticeWorkingDays, districtCode: first.districtCode,
                                                           id: noticeID, today: context.today, on: tx)
                log.record(context.event(.notice, record.id, AuditAction(PublicNotice.Event.publish.rawValue), after: record.auditValues))
            }
            // A notice concludes once, however many of its claims this step moves (the rest may have moved already).
            for record in notices.values.sorted(by: { $0.id!.uuidString < $1.id!.uuidString }) where record.concludedOn == nil {
                try await NoticeStore(database: tx).conclude(record, today: context.today)
                log.record(context.event(.notice, record.id, AuditAction(PublicNotice.Event.conclude.rawValue), after: record.auditValues))
            }
            // The city's approval commits every payment of the list at once, each naming its claim.
            var payments: [UUID: UUID] = [:]
            if event == .cityApprove {
                let orders = try selected.map { claim, _ in
                    PaymentOrder(source: LedgerSource(kind: "training-claim", id: claim.id.uuidString), districtCode: claim.districtCode, year: claim.year,
                                 payee: claim.payee, payeeName: claim.payeeName, payeeAccount: try context.vault.open(claim.payeeAccountSealed),
                                 amount: claim.amount, purpose: "职业技能培训补贴 \(claim.number)")
                }
                let ids = try await LedgerService.commit(orders, on: tx, log: log, context.ledger(within: tx, log: log))
                payments = Dictionary(uniqueKeysWithValues: zip(selected.map(\.claim.id), ids))
            }
            // One update per state the listed claims are in, each required to find every claim still in it.
            for (from, group) in Dictionary(grouping: selected, by: { $0.claim.state }) {
                let next = group[0].next
                var query: SQLQueryString = """
                    UPDATE training_claims SET state = \(bind: next.rawValue), last_reason = \(bind: reason), notice_id = COALESCE(\(bind: noticeID), notice_id),
                        updated_at = \(bind: context.now)
                    """
                if !payments.isEmpty {
                    query += ", payment_id = CASE id " + group.map { "WHEN \(bind: $0.claim.id) THEN \(bind: payments[$0.claim.id]) " as SQLQueryString }.joined()
                        + "ELSE payment_id END"
                }
                query += " WHERE id IN (\(binds: group.map(\.claim.id))) AND state = \(bind: from.rawValue) RETURNING id"
                guard try await tx.sql.raw(query).all().count == group.count else {
                    throw WorkflowRefusal.notAllowed(workflow: "training-claim", event: event.rawValue, state: from.rawValue)
                }
            }
            for (claim, next) in selected {
                log.record(context.event(.trainingClaim, claim.id, AuditAction(event.rawValue), before: AuditValues.json(["state": claim.state.rawValue]),
                                         after: AuditValues.json(["state": next.rawValue, "reason": reason, "payment": payments[claim.id]?.uuidString,
                                                                  "notice": noticeID?.uuidString])))
            }
        }
        return ClaimStepOutcome(ids: unique, noticeID: noticeID)
    }
}

/// A claim read and checked, ready to be written.
struct PreparedClaim: Sendable {
    let id: UUID
    let personID: UUID
    let certificateID: UUID
    let enrolmentID: UUID
    let providerID: UUID
    let districtCode: String
    let occupationCode: String
    let level: SkillLevel
    let payee: PaymentRules.Payee
    let payeeName: String
    let accountSealed: String
    let accountIndex: String
    let accountMasked: String
    let amount: Money
    let computationText: String
    let computationChinese: String
    let signalsText: String
    let signalCodes: [String]
}

/// What the claims of one list share: read once, and added to as each claim of the list is prepared, so the rules
/// (the same certificate once, three a year, a shared account, a provider's pass rate) see the list's earlier claims.
struct ClaimList: Sendable {
    let policy: TrainingPolicy
    /// Providers with enough completed trainees for a pass rate: their claims and completed trainees.
    var rates: [UUID: (claims: Int, trainees: Int)]
    var filed: [UUID: [ClaimRules.PriorClaim]] = [:]
    var accounts: [String: Set<UUID>] = [:]
    var certificates: Set<UUID> = []
    private var standardsByClassAndLevel: [String: SubsidyStandards] = [:]

    static func load(_ context: TrainingContext) async throws -> ClaimList {
        var rates: [UUID: (Int, Int)] = [:]
        for row in try await context.database.sql.raw("""
            SELECT id, completed_trainees, claims_filed FROM training_providers
            WHERE completed_trainees >= \(bind: FraudThresholds.defaults.passRateMinimumTrainees)
            """).all() {
            rates[try row.decode(column: "id", as: UUID.self)] = (try row.decode(column: "claims_filed", as: Int.self),
                                                                  try row.decode(column: "completed_trainees", as: Int.self))
        }
        return ClaimList(policy: try await TrainingService.policy(on: context.database, day: context.today), rates: rates)
    }

    mutating func standards(subsidyClass: String, level: SkillLevel, on database: any Database) async throws -> SubsidyStandards {
        let key = "\(subsidyClass)|\(level.rawValue)"
        if let found = standardsByClassAndLevel[key] { return found }
        let found = try await TrainingService.standards(on: database, subsidyClass: subsidyClass, level: level)
        standardsByClassAndLevel[key] = found
        return found
    }

    mutating func record(_ claim: PreparedClaim, filedOn day: CivilDate) {
        filed[claim.personID, default: []].append(ClaimRules.PriorClaim(occupationCode: claim.occupationCode, level: claim.level, filedOn: day))
        accounts[claim.accountIndex, default: []].insert(claim.personID)
        certificates.insert(claim.certificateID)
        if let rate = rates[claim.providerID] { rates[claim.providerID] = (rate.claims + 1, rate.trainees) }
    }
}

struct ClaimStepOutcome: Sendable {
    let ids: [UUID]
    /// The notice a `publish` step put the claims on.
    let noticeID: UUID?
}

/// The public notice of training claims (公示名单): one notice lists a district's claims published together.
enum ClaimNotice {
    static let subjectKind = "training-claims"
}

/// The ledger tells training when a claim's payment is paid at the bank, or clawed back, in the same transaction.
enum TrainingSettlement {
    static func register() {
        LedgerSettlement.register(sourceKind: "training-claim") { tx, sourceIDs, state, now in
            let ids = sourceIDs.compactMap(UUID.init(uuidString:))
            let (from, to): (ClaimState, ClaimState) = switch state {
            case .paid: (.approved, .paid)
            case .clawedBack: (.paid, .clawedBack)
            default: (.approved, .approved)
            }
            guard from != to, !ids.isEmpty else { return }
            // The person-times of subsidised training: claims paid, less those clawed back, by the claim's district and year.
            var counts: [SkillAggregates.Key: Int64] = [:]
            for chunk in ids.chunked(500) {
                for row in try await tx.sql.raw("""
                    UPDATE training_claims SET state = \(bind: to.rawValue), updated_at = \(bind: now) WHERE id IN (\(binds: Array(chunk)))
                    AND state = \(bind: from.rawValue) RETURNING district_code, year
                    """).all() {
                    let key = SkillAggregates.Key(metric: SkillAggregates.Metric.trainingPaid, district: try row.decode(column: "district_code", as: String.self),
                                                  year: try row.decode(column: "year", as: Int.self), dimension: "")
                    counts[key, default: 0] += to == .paid ? 1 : -1
                }
            }
            try await SkillAggregates.add(counts, on: tx)
        }
    }
}

struct SkillUpgradeSubsidyInput: Content {
    var certificateId: UUID?
    /// YYYY-MM-DD
    var paidOn: String?
    var amountFen: Int64?
}

extension TrainingService {
    /// Records that the unemployment-insurance skill-upgrade subsidy (技能提升补贴) was paid for a certificate, as the
    /// insurance system reports it: the training subsidy is then not paid for the same certificate, and the subsidy is
    /// refused here if a training claim for it is already under way.
    static func recordSkillUpgradeSubsidy(_ input: SkillUpgradeSubsidyInput, _ context: TrainingContext) async throws -> UUID {
        guard context.actor == .district || context.actor == .city else {
            throw WorkflowRefusal.notYourStep(workflow: "skill-upgrade-subsidy", event: "record", actor: context.actor ?? .system)
        }
        var problems: [FieldProblem] = []
        let paidOn = date(input.paidOn, field: "paidOn", problems: &problems)
        let amount = LedgerService.amount(input.amountFen, field: "amountFen", problems: &problems)
        let certificate = try await input.certificateId.asyncMap { try await Certificate.find($0, on: context.database) } ?? nil
        let person = try await certificate.asyncMap { try await Person.find($0.personID, on: context.database) } ?? nil
        guard let certificate, let person, context.scope.admitsDistrict(person.districtCode) else {
            problems.append(FieldProblem(field: "certificateId", code: "claim.certificate-unknown", chinese: "登记库中没有该证书", english: "No such certificate in the registry"))
            throw RequestProblem.validation(problems)
        }
        guard problems.isEmpty, let paidOn, let amount else { throw RequestProblem.validation(problems) }
        let id = newID(context)
        let certificateID = try certificate.requireID()
        try await context.write { tx, log in
            guard try await tx.sql.raw("SELECT id FROM skill_upgrade_subsidies WHERE certificate_id = \(bind: certificateID)").first() == nil else {
                throw RequestProblem.conflict(code: "skill-subsidy.exists", chinese: "该证书的技能提升补贴已登记", english: "Already recorded for this certificate")
            }
            guard try await tx.sql.raw("SELECT id FROM training_claims WHERE certificate_id = \(bind: certificateID) AND state <> 'rejected'").first() == nil else {
                throw RequestProblem.conflict(code: "skill-subsidy.training-claimed", chinese: "该证书已申领职业培训补贴，两项补贴不能同时享受",
                                              english: "The training subsidy is claimed for this certificate; the two are not paid together")
            }
            try await tx.sql.insert(into: "skill_upgrade_subsidies").columns("id", "certificate_id", "paid_on", "amount_fen", "created_at")
                .values(SQLBind(id), SQLBind(certificateID), SQLBind(paidOn.description), SQLBind(amount.fen), SQLBind(context.now)).run()
            log.record(context.event(.trainingClaim, id, .create, after: AuditValues.json([
                "kind": "skill-upgrade-subsidy", "certificate": certificateID.uuidString, "paidOn": paidOn.description, "amountFen": String(amount.fen)])))
        }
        return id
    }
}

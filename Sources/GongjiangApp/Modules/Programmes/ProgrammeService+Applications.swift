import Crypto
import Fluent
import Foundation
import GongjiangCore
import SQLKit
import Vapor

struct ProgrammeApplicationInput: Content {
    var callId: UUID?
    /// For a person's programme: the employee, by resident ID number (the registry's person).
    var personIdNumber: String?
    /// The type's form fields by key; `education` (中专 … 博士, as `EducationLevel` codes) and `school-track`
    /// (`intermediate`, `advanced`, `pre-technician`) where the type's rules read education.
    var form: [String: String]?
    /// The bank account an award to the applicant is paid to (the person's social-security card account, or the
    /// organization's): required at submission when the type pays the applicant.
    var applicantAccount: String?
    /// The employer's account, when the type pays the employer (a studio's funding, the chief technician's reward).
    var employerAccount: String?
}

extension ProgrammeService {
    /// Form keys every type accepts: the applicant's education, which the registry does not hold.
    static let educationKeys = ["education", "school-track"]

    /// The education an application declares, as rules and the title committee count it: the degree or the school
    /// track's equivalent, whichever is higher, with the track named (高级工班 counts as 大专).
    static func countedEducation(_ form: [String: String]) -> String? {
        let facts = ApplicantFacts(education: form["education"].flatMap(EducationLevel.init(code:)), schoolTrack: form["school-track"].flatMap(SchoolTrack.init(rawValue:)))
        guard let counted = facts.countedEducation else { return nil }
        guard let track = facts.schoolTrack, track.equivalentEducation == counted, facts.education.map({ $0 < counted }) ?? true else { return counted.chineseName }
        return "\(counted.chineseName)（\(track.chineseName)，按规定视同）"
    }

    /// What the registry knows of the applicant on `day`, with the education the form declares.
    static func facts(person: UUID?, organization: UUID?, form: [String: String], on day: CivilDate, database: any Database) async throws -> ApplicantFacts {
        var facts = ApplicantFacts(education: form["education"].flatMap(EducationLevel.init(code:)), schoolTrack: form["school-track"].flatMap(SchoolTrack.init(rawValue:)))
        if let person {
            facts.certificates = try await database.sql.raw("""
                SELECT level, occupation_code, issue_date FROM certificates WHERE person_id = \(bind: person)
                  AND status = \(bind: CertificateStatus.valid.rawValue) AND revoked_on IS NULL
                """).all().compactMap { row in
                guard let level = SkillLevel(rawValue: try row.decode(column: "level", as: Int.self)),
                      let issued = try? CivilDate(parsing: try row.decode(column: "issue_date", as: String.self)) else { return nil }
                return .init(level: level, occupationCode: try row.decode(column: "occupation_code", as: String.self), issuedOn: issued)
            }
            if let row = try await database.sql.raw("""
                SELECT p.district_code, p.birth_date, o.kind FROM persons p LEFT JOIN organizations o ON o.id = p.employer_id WHERE p.id = \(bind: person)
                """).first() {
                facts.districtCode = try row.decode(column: "district_code", as: String?.self)
                facts.birthDate = try row.decode(column: "birth_date", as: String?.self).flatMap { try? CivilDate(parsing: $0) }
                facts.employerKind = try row.decode(column: "kind", as: String?.self)
            }
        } else if let organization, let row = try await database.sql.raw("SELECT district_code, kind FROM organizations WHERE id = \(bind: organization)").first() {
            facts.districtCode = try row.decode(column: "district_code", as: String?.self)
            facts.employerKind = try row.decode(column: "kind", as: String.self)
        }
        // Titles and honours on the record: the platform's own awards.
        let holder = person.map { ("person_id", $0) } ?? organization.map { ("organization_id", $0) }
        if let (column, id) = holder {
            facts.honours = try await database.sql.raw("""
                SELECT type_code, awarded_on, valid_until, state FROM programme_titles WHERE \(ident: column) = \(bind: id)
                """).all().compactMap { row in
                guard let awarded = try? CivilDate(parsing: try row.decode(column: "awarded_on", as: String.self)) else { return nil }
                return .init(code: try row.decode(column: "type_code", as: String.self), awardedOn: awarded,
                             validUntil: try row.decode(column: "valid_until", as: String?.self).flatMap { try? CivilDate(parsing: $0) },
                             revoked: try row.decode(column: "state", as: String.self) == ProgrammeTitleState.revoked.rawValue)
            }
        }
        return facts
    }

    /// The applicant of an input: the employee (a person's programme) or the organization itself, as the caller may
    /// file for them.
    static func applicant(of input: ProgrammeApplicationInput, type: ProgrammeType, _ context: ProgrammeContext)
        async throws -> (person: UUID?, organization: UUID?, district: String, key: String, filedBy: UUID?) {
        // A worker applies for themselves, to a person's programme; their employer (if any) is the organization the
        // application names, and its district (or the worker's own) reviews it.
        if case .person(let person) = context.scope, context.actor == .organization {
            guard type.applicantKind == .person else { throw ProgrammeRefusal.wrongApplicantKind(expected: .organization) }
            guard let row = try await context.database.sql.raw("""
                SELECT p.district_code, p.employer_id, o.district_code AS employer_district FROM persons p
                LEFT JOIN organizations o ON o.id = p.employer_id WHERE p.id = \(bind: person)
                """).first() else { throw RequestProblem.notFound }
            let district = try row.decode(column: "employer_district", as: String?.self) ?? row.decode(column: "district_code", as: String.self)
            // Filed by the worker: their employer does not see it among the organization's applications.
            return (person, try row.decode(column: "employer_id", as: UUID?.self), district, "person:\(person.uuidString)", nil)
        }
        guard case .organization(let organization) = context.scope, context.actor == .organization else {
            throw WorkflowRefusal.notYourStep(workflow: "programme-application", event: "submit", actor: context.actor ?? .system)
        }
        switch type.applicantKind {
        case .person:
            guard let number = input.personIdNumber?.trimmingCharacters(in: .whitespaces).uppercased(), !number.isEmpty else {
                throw RequestProblem.validation([FieldProblem(field: "personIdNumber", code: "programme.person-required",
                                                              chinese: "请填写申报人的身份证号码", english: "The applicant's ID number is required")])
            }
            let index = context.vault.idNumberIndex(type: IDType.residentID.rawValue, number: number)
            // One answer whether the number is unknown or another employer's: an organization learns nothing of who
            // else is in the registry.
            guard let row = try await context.database.sql.raw("""
                SELECT id, employer_id, district_code FROM persons WHERE id_number_index = \(bind: index)
                """).first(), try row.decode(column: "employer_id", as: UUID?.self) == organization else { throw ProgrammeRefusal.notYourEmployee }
            let person = try row.decode(column: "id", as: UUID.self)
            // The application is the employer's district's to review and counts against its quota: where the person
            // works, whatever district their record was registered in.
            let district = try await context.database.sql.raw("SELECT district_code FROM organizations WHERE id = \(bind: organization)").first()?
                .decode(column: "district_code", as: String?.self) ?? row.decode(column: "district_code", as: String.self)
            return (person, organization, district, "person:\(person.uuidString)", organization)
        case .organization:
            guard input.personIdNumber?.isEmpty ?? true else { throw ProgrammeRefusal.wrongApplicantKind(expected: .organization) }
            let district = try await context.database.sql.raw("SELECT district_code FROM organizations WHERE id = \(bind: organization)").first()?
                .decode(column: "district_code", as: String?.self) ?? ""
            return (nil, organization, district, "organization:\(organization.uuidString)", organization)
        }
    }

    /// The form checked against the type's fields: required ones present, each within its kind and maximum, and no
    /// key the type does not ask for.
    static func checkForm(_ form: [String: String], type: ProgrammeType, requireAll: Bool) throws -> [String: String] {
        var problems: [FieldProblem] = []
        var clean: [String: String] = [:]
        for (key, raw) in form {
            let value = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if educationKeys.contains(key) {
                let known = key == "education" ? EducationLevel(code: value) != nil : SchoolTrack(rawValue: value) != nil
                if !value.isEmpty && !known {
                    problems.append(FieldProblem(field: "form.\(key)", code: "programme.education", chinese: "学历或技工院校学制不在可选范围内",
                                                 english: "Not a known education level or school track"))
                }
                if !value.isEmpty { clean[key] = value }
                continue
            }
            guard let field = type.fields.first(where: { $0.key == key }) else {
                problems.append(FieldProblem(field: "form.\(key)", code: "programme.field-unknown", chinese: "本项目没有该表单项", english: "The form has no such field"))
                continue
            }
            if value.isEmpty { continue }
            switch field.kind {
            case .text, .longText:
                if value.count > field.maximum {
                    let refusal = ProgrammeRefusal.fieldTooLong(key: key, label: field.label, maximum: field.maximum)
                    problems.append(FieldProblem(field: "form.\(key)", code: refusal.code, chinese: refusal.chinese + " 字", english: refusal.english))
                }
            case .number:
                if Int(value).map({ !(0...field.maximum).contains($0) }) ?? true {
                    problems.append(FieldProblem(field: "form.\(key)", code: "programme.field-number", chinese: "“\(field.label)”应为 0–\(field.maximum) 的整数",
                                                 english: "\(key) is a whole number from 0 to \(field.maximum)"))
                }
            case .date:
                if (try? CivilDate(parsing: value)) == nil {
                    problems.append(FieldProblem(field: "form.\(key)", code: "programme.field-date", chinese: "“\(field.label)”应为 YYYY-MM-DD",
                                                 english: "\(key) is a date YYYY-MM-DD"))
                }
            }
            clean[key] = value
        }
        if requireAll {
            for field in type.fields where field.required && (clean[field.key] ?? "").isEmpty {
                let refusal = ProgrammeRefusal.fieldMissing(key: field.key, label: field.label)
                problems.append(FieldProblem(field: "form.\(field.key)", code: refusal.code, chinese: refusal.chinese, english: refusal.english))
            }
        }
        guard problems.isEmpty else { throw RequestProblem.validation(problems) }
        return clean
    }

    /// The eligibility report an applicant sees before submitting: every rule with what the registry shows.
    static func preview(_ input: ProgrammeApplicationInput, _ context: ProgrammeContext) async throws -> (call: Call, report: EligibilityReport) {
        guard let callID = input.callId, let call = try await call(callID, on: context.database), call.state == .published else { throw RequestProblem.notFound }
        let applicant = try await applicant(of: input, type: call.type, context)
        let form = try checkForm(input.form ?? [:], type: call.type, requireAll: false)
        let facts = try await facts(person: applicant.person, organization: applicant.person == nil ? applicant.organization : nil, form: form,
                                    on: context.today, database: context.database)
        return (call, EligibilityReport(rules: call.type.eligibility, facts: facts, on: context.today))
    }

    /// A draft application to an open call: the applicant checked, the form as far as it goes; submitted later with
    /// its attachments. A second application to the same call by the same applicant is refused.
    static func createApplication(_ input: ProgrammeApplicationInput, _ context: ProgrammeContext) async throws -> UUID {
        let (call, report) = try await preview(input, context)
        try ProgrammeRules.checkOpen(opensOn: call.opensOn, closesOn: call.closesOn, on: context.today)
        let applicant = try await applicant(of: input, type: call.type, context)
        guard call.districts.contains(where: { $0.code == applicant.district }) else {
            throw RequestProblem.conflict(code: "programme.district-not-in-call", chinese: "本通知未给申报人所在区县（\(applicant.district)）分配名额",
                                          english: "The call gives the applicant's district no quota")
        }
        let form = try checkForm(input.form ?? [:], type: call.type, requireAll: false)
        let accounts = try sealedAccounts(input, context)
        let id = TrainingService.newID(context)
        let formJSON = String(decoding: try JSONEncoder.sorted.encode(form), as: UTF8.self)
        let findings = try findingsJSON(report)
        try await context.write { tx, log in
            guard try await tx.sql.raw("""
                SELECT 1 AS n FROM programme_applications WHERE call_id = \(bind: call.id) AND applicant_key = \(bind: applicant.key)
                """).first() == nil else { throw ProgrammeRefusal.alreadyApplied }
            let number = try await NumberSerials.next("PA-\(call.year)", width: 5, on: tx)
            try await tx.sql.insert(into: "programme_applications")
                .columns("id", "number", "call_id", "district_code", "applicant_kind", "applicant_key", "person_id", "organization_id",
                         "filed_by_organization_id", "state", "form", "eligibility", "applicant_account_sealed", "applicant_account_masked",
                         "employer_account_sealed", "employer_account_masked", "created_at", "updated_at")
                .values(SQLBind(id), SQLBind(number), SQLBind(call.id), SQLBind(applicant.district), SQLBind(call.type.applicantKind.rawValue),
                        SQLBind(applicant.key), SQLBind(applicant.person), SQLBind(applicant.organization), SQLBind(applicant.filedBy),
                        SQLBind(ProgrammeApplicationState.draft.rawValue), SQLBind(formJSON), SQLBind(findings), SQLBind(accounts.applicant?.sealed),
                        SQLBind(accounts.applicant?.masked), SQLBind(accounts.employer?.sealed), SQLBind(accounts.employer?.masked),
                        SQLBind(context.now), SQLBind(context.now))
                .run()
            log.record(context.event(.programmeApplication, id, .create, after: AuditValues.json([
                "number": number, "call": call.number, "applicant": applicant.key, "form": formJSON])))
        }
        return id
    }

    /// The accounts of an input, normalised and sealed: a malformed one is refused by name.
    static func sealedAccounts(_ input: ProgrammeApplicationInput, _ context: ProgrammeContext) throws
        -> (applicant: (sealed: String, masked: String)?, employer: (sealed: String, masked: String)?) {
        var problems: [FieldProblem] = []
        func seal(_ raw: String?, field: String) throws -> (sealed: String, masked: String)? {
            guard let raw = raw?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
            guard let account = BankAccount.normalized(raw) else {
                problems.append(FieldProblem(field: field, code: "ledger.bank-account", chinese: "银行账号应为 8–32 位数字", english: "A bank account is 8–32 digits"))
                return nil
            }
            return (try context.vault.seal(account), Masking.bankAccount(account))
        }
        let applicant = try seal(input.applicantAccount, field: "applicantAccount")
        let employer = try seal(input.employerAccount, field: "employerAccount")
        guard problems.isEmpty else { throw RequestProblem.validation(problems) }
        return (applicant, employer)
    }

    static func findingsJSON(_ report: EligibilityReport) throws -> String {
        String(decoding: try JSONEncoder.sorted.encode(report.findings.map { ["rule": $0.rule.chinese, "ruleEn": $0.rule.english, "met": $0.met ? "yes" : "no",
                                                                              "found": $0.found, "foundEn": $0.foundEnglish] }), as: UTF8.self)
    }

    struct Application: Sendable {
        let id: UUID
        let number: String
        let call: Call
        let districtCode: String
        let personID: UUID?
        let organizationID: UUID?
        let state: ProgrammeApplicationState
        let form: [String: String]
        let eligibility: [[String: String]]
        let submittedAt: Date?
        let lastReason: String?
        let attachments: [(key: String, name: String, mediaType: String, size: Int)]
        let applicantAccountMasked: String?
        let employerAccountMasked: String?
        let trimmedMean: Int?
        let rank: Int?
        let withinQuota: Bool?
        let upstreamOutcome: String?
    }

    /// An application as the caller may see it: its organization always; a district officer its district's, and the
    /// city any, once submitted. Another's is not found.
    static func application(_ id: UUID, _ context: ProgrammeContext) async throws -> Application {
        guard let row = try await context.database.sql.raw("""
            SELECT number, call_id, district_code, person_id, organization_id, filed_by_organization_id, state, form, eligibility, submitted_at, last_reason,
                applicant_account_masked, employer_account_masked, trimmed_mean, rank, within_quota, upstream_outcome
            FROM programme_applications WHERE id = \(bind: id)
            """).first(), let state = ProgrammeApplicationState(rawValue: try row.decode(column: "state", as: String.self)) else { throw RequestProblem.notFound }
        let district = try row.decode(column: "district_code", as: String.self)
        switch context.scope {
        case .organization(let organization):
            // What it filed, for itself or an employee; a worker's own application is not their employer's to see.
            let person = try row.decode(column: "person_id", as: UUID?.self)
            guard try row.decode(column: "filed_by_organization_id", as: UUID?.self) == organization
                    || (person == nil && row.decode(column: "organization_id", as: UUID?.self) == organization) else { throw RequestProblem.notFound }
        case .person(let person):
            guard try row.decode(column: "person_id", as: UUID?.self) == person else { throw RequestProblem.notFound }
        case .city, .districts:
            guard context.scope.admitsDistrict(district), state != .draft else { throw RequestProblem.notFound }
        default: throw RequestProblem.notFound
        }
        guard let call = try await call(try row.decode(column: "call_id", as: UUID.self), on: context.database) else { throw RequestProblem.notFound }
        let attachments = try await context.database.sql.raw("""
            SELECT key, file_name, media_type, size FROM programme_attachments WHERE application_id = \(bind: id) ORDER BY key
            """).all().map { (try $0.decode(column: "key", as: String.self), try $0.decode(column: "file_name", as: String.self),
                              try $0.decode(column: "media_type", as: String.self), try $0.decode(column: "size", as: Int.self)) }
        return Application(id: id, number: try row.decode(column: "number", as: String.self), call: call, districtCode: district,
                           personID: try row.decode(column: "person_id", as: UUID?.self), organizationID: try row.decode(column: "organization_id", as: UUID?.self),
                           state: state, form: try JSONDecoder().decode([String: String].self, from: Data(try row.decode(column: "form", as: String.self).utf8)),
                           eligibility: try JSONDecoder().decode([[String: String]].self, from: Data(try row.decode(column: "eligibility", as: String.self).utf8)),
                           submittedAt: try row.decode(column: "submitted_at", as: Date?.self), lastReason: try row.decode(column: "last_reason", as: String?.self),
                           attachments: attachments, applicantAccountMasked: try row.decode(column: "applicant_account_masked", as: String?.self),
                           employerAccountMasked: try row.decode(column: "employer_account_masked", as: String?.self),
                           trimmedMean: try row.decode(column: "trimmed_mean", as: Int?.self), rank: try row.decode(column: "rank", as: Int?.self),
                           withinQuota: try row.decode(column: "within_quota", as: Bool?.self),
                           upstreamOutcome: try row.decode(column: "upstream_outcome", as: String?.self))
    }

    /// The applicant changes the form of a draft or returned application; the whole form is replaced, and an account
    /// given replaces the one before.
    static func updateForm(_ id: UUID, _ input: ProgrammeApplicationInput, _ context: ProgrammeContext) async throws {
        let form = input.form ?? [:]
        let application = try await application(id, context)
        guard context.actor == .organization, [.draft, .returned].contains(application.state) else {
            throw WorkflowRefusal.notAllowed(workflow: "programme-application", event: "change", state: application.state.rawValue)
        }
        let clean = try checkForm(form, type: application.call.type, requireAll: false)
        let accounts = try sealedAccounts(input, context)
        let json = String(decoding: try JSONEncoder.sorted.encode(clean), as: UTF8.self)
        let before = String(decoding: try JSONEncoder.sorted.encode(application.form), as: UTF8.self)
        try await context.write { tx, log in
            var update = tx.sql.update("programme_applications").set("form", to: json).set("updated_at", to: context.now)
            if let account = accounts.applicant {
                update = update.set("applicant_account_sealed", to: account.sealed).set("applicant_account_masked", to: account.masked)
            }
            if let account = accounts.employer {
                update = update.set("employer_account_sealed", to: account.sealed).set("employer_account_masked", to: account.masked)
            }
            // Only while the applicant may still change it: a submission in between leaves the form as it was submitted.
            let changed = try await update.where("id", .equal, id).where("state", .in, ["draft", "returned"]).returning("id").all()
            guard !changed.isEmpty else { throw WorkflowRefusal.notAllowed(workflow: "programme-application", event: "change", state: "submitted") }
            log.record(context.event(.programmeApplication, id, .update, before: AuditValues.json(["form": before]),
                                     after: AuditValues.json(["form": json, "applicantAccount": accounts.applicant?.masked,
                                                              "employerAccount": accounts.employer?.masked])))
        }
    }

    /// An attachment of a draft or returned application, checked by content (PDF, JPEG, PNG) and size; the same key
    /// again replaces the file.
    static func attach(_ id: UUID, key: String, name: String, bytes: [UInt8], _ context: ProgrammeContext) async throws {
        let application = try await application(id, context)
        guard context.actor == .organization, [.draft, .returned].contains(application.state) else {
            throw WorkflowRefusal.notAllowed(workflow: "programme-application", event: "attach", state: application.state.rawValue)
        }
        guard application.call.type.attachments.contains(where: { $0.key == key }) else {
            throw RequestProblem.validation([FieldProblem(field: "key", code: "programme.attachment-key", chinese: "本项目没有该附件项", english: "No such attachment")])
        }
        let cleanName = String(name.trimmingCharacters(in: .whitespacesAndNewlines).filter { !$0.isNewline && $0 != "/" && $0 != "\\" }.prefix(120))
        let format = try AttachmentFormat.check(name: cleanName, bytes: bytes)
        let digest = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
        try await context.write { tx, log in
            guard try await tx.sql.raw("""
                SELECT 1 AS n FROM programme_applications WHERE id = \(bind: id) AND state IN ('draft', 'returned')
                """).first() != nil else { throw WorkflowRefusal.notAllowed(workflow: "programme-application", event: "attach", state: "submitted") }
            try await tx.sql.delete(from: "programme_attachments").where("application_id", .equal, id).where("key", .equal, key).run()
            try await tx.sql.insert(into: "programme_attachments")
                .columns("id", "application_id", "key", "file_name", "media_type", "size", "sha256", "content", "created_at")
                .values(SQLBind(UUID()), SQLBind(id), SQLBind(key), SQLBind(cleanName), SQLBind(format.mediaType), SQLBind(bytes.count), SQLBind(digest),
                        SQLBind(Data(bytes)), SQLBind(context.now))
                .run()
            log.record(context.event(.programmeApplication, id, .update, after: AuditValues.json([
                "attachment": key, "name": cleanName, "type": format.mediaType, "bytes": String(bytes.count), "sha256": digest])))
        }
    }

    /// An attachment's bytes for those who may see the application.
    static func attachment(_ id: UUID, key: String, _ context: ProgrammeContext) async throws -> (name: String, mediaType: String, bytes: Data) {
        _ = try await application(id, context)
        guard let row = try await context.database.sql.raw("""
            SELECT file_name, media_type, content FROM programme_attachments WHERE application_id = \(bind: id) AND key = \(bind: key)
            """).first() else { throw RequestProblem.notFound }
        return (try row.decode(column: "file_name", as: String.self), try row.decode(column: "media_type", as: String.self),
                try row.decode(column: "content", as: Data.self))
    }

    /// One step of the application's workflow. Submitting (or resubmitting) checks the call is open, the form whole,
    /// every required attachment there and every eligibility rule met on the day, with the reasons when not.
    static func stepApplication(_ id: UUID, event raw: String?, reason: String?, _ context: ProgrammeContext) async throws {
        guard let event = raw.flatMap(ProgrammeApplicationEvent.init(rawValue:)) else {
            throw RequestProblem.validation([FieldProblem(field: "event", code: "programme.event", chinese: "没有该操作", english: "No such step")])
        }
        let application = try await application(id, context)
        let actor = try context.requireActor("programme-application", event.rawValue)
        if actor == .district, !context.scope.admitsDistrict(application.districtCode) { throw RequestProblem.notFound }
        // One application's own steps. The steps over a call's list (review, ranking, notice, decision) have their own
        // operations, which keep their checks (panels, quota, the notice's period, the budget); the committee's steps
        // only where the type has a title committee.
        let own: Set<ProgrammeApplicationEvent> = [.submit, .resubmit, .withdraw, .districtPass, .cityPass, .return, .reject]
        let committee: Set<ProgrammeApplicationEvent> = [.refer, .committeePass, .committeeFail]
        guard own.contains(event) || (committee.contains(event) && application.call.type.stages.contains(.titleCommittee)) else {
            throw RequestProblem.conflict(code: "programme.list-step", chinese: "该步骤须在申报通知页面或对应的办理入口办理",
                                          english: "This step is taken on the call, or through its own operation")
        }
        let next = try ProgrammeRules.applicationWorkflow.apply(event, to: application.state, by: actor, reason: reason)
        var findings: String? = nil
        if event == .submit || event == .resubmit {
            let call = application.call
            guard call.state == .published else {
                throw RequestProblem.conflict(code: "programme.call-not-published", chinese: "申报通知未发布或已撤回", english: "The call is not published")
            }
            // A first submission within the call's dates; a correction the district asked for, whenever it comes.
            if event == .submit { try ProgrammeRules.checkOpen(opensOn: call.opensOn, closesOn: call.closesOn, on: context.today) }
            _ = try checkForm(application.form, type: call.type, requireAll: true)
            for requirement in call.type.attachments where requirement.required && !application.attachments.contains(where: { $0.key == requirement.key }) {
                throw ProgrammeRefusal.attachmentMissing(key: requirement.key, label: requirement.label)
            }
            // The accounts the type's funding pays to.
            var missing: [FieldProblem] = []
            if call.type.funding.contains(where: { $0.payee == .applicant }), application.applicantAccountMasked == nil {
                missing.append(FieldProblem(field: "applicantAccount", code: "programme.account-missing", chinese: "请填写申报人收款银行账号",
                                            english: "The applicant's bank account is required"))
            }
            if call.type.funding.contains(where: { $0.payee == .employer }), application.employerAccountMasked == nil {
                missing.append(FieldProblem(field: "employerAccount", code: "programme.account-missing", chinese: "请填写单位收款银行账号",
                                            english: "The employer's bank account is required"))
            }
            guard missing.isEmpty else { throw RequestProblem.validation(missing) }
            let facts = try await facts(person: application.personID, organization: application.personID == nil ? application.organizationID : nil,
                                        form: application.form, on: context.today, database: context.database)
            let report = EligibilityReport(rules: call.type.eligibility, facts: facts, on: context.today)
            guard report.isEligible else { throw ProgrammeRefusal.notEligible(unmet: report.unmet.map { "\($0.rule.chinese)（\($0.found)）" }) }
            findings = try findingsJSON(report)
        }
        let trimmedReason = reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        let checked = findings
        try await context.write { tx, log in
            var update = tx.sql.update("programme_applications").set("state", to: next.rawValue).set("updated_at", to: context.now)
            if let checked { update = update.set("eligibility", to: checked).set("submitted_at", to: context.now) }
            if let trimmedReason, !trimmedReason.isEmpty { update = update.set("last_reason", to: trimmedReason) }
            // Only from the state read: a concurrent step makes this one change nothing, and it is refused.
            update = update.where("id", .equal, id).where("state", .equal, application.state.rawValue)
            if event == .submit || event == .resubmit {
                // The call still published where writers take turns: a withdrawal in between refuses the submission.
                update = update.where(SQLRaw("EXISTS (SELECT 1 FROM programme_calls WHERE programme_calls.id = programme_applications.call_id AND programme_calls.state = 'published')"))
            }
            let changed = try await update.returning("id").all()
            guard !changed.isEmpty else {
                throw WorkflowRefusal.notAllowed(workflow: "programme-application", event: event.rawValue, state: application.state.rawValue)
            }
            log.record(context.event(.programmeApplication, id, .update, before: AuditValues.json(["state": application.state.rawValue]),
                                     after: AuditValues.json(["state": next.rawValue, "event": event.rawValue, "reason": trimmedReason])))
        }
    }

    /// Applications the caller may see, newest first, filtered by call and state, a page at a time.
    /// One line of a list of applications: the holder's name masked for a person, the review's result.
    struct ApplicationRow: Sendable {
        let id: UUID
        let number: String
        let state: String
        let district: String
        let applicant: String
        let trimmedMean: Int?
        let rank: Int?
        let submittedAt: Date?
    }

    /// What a list of applications is narrowed to: a call, a state, a district, and a number or a name's beginning.
    struct ApplicationFilter: Sendable {
        var call: UUID? = nil
        var state: ProgrammeApplicationState? = nil
        var district: String? = nil
        var text: String? = nil
    }

    /// Applications in the caller's scope (an organization those it filed, a worker their own, a district officer its
    /// district's, the city all; drafts only to their owner), newest first, 50 a page, in one query; `more` when a next
    /// page has some.
    static func applications(_ filter: ApplicationFilter, page: Int, _ context: ProgrammeContext) async throws -> (rows: [ApplicationRow], more: Bool) {
        let organization: UUID? = if case .organization(let id) = context.scope { id } else { nil }
        let person = context.scope.personID
        let own = organization != nil || person != nil
        let districts: [String]? = if case .districts(let codes) = context.scope { Array(codes) } else { nil }
        switch context.scope {
        case .city, .districts, .organization, .person: break
        default: return ([], false)
        }
        let text = filter.text?.trimmingCharacters(in: .whitespaces).prefix(50).description ?? ""
        // A name's beginning or a number's: LIKE's own wildcards in the text are taken as text.
        let pattern = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_") + "%"
        let rows = try await context.database.sql.raw("""
            SELECT a.id, a.number, a.state, a.district_code, a.submitted_at, a.trimmed_mean, a.rank, p.name AS person_name, o.name AS organization_name
            FROM programme_applications a LEFT JOIN persons p ON p.id = a.person_id LEFT JOIN organizations o ON o.id = a.organization_id
            WHERE (\(bind: filter.call == nil) OR a.call_id = \(bind: filter.call ?? UUID()))
              AND (\(bind: filter.state == nil) OR a.state = \(bind: filter.state?.rawValue ?? ""))
              AND (\(bind: filter.district == nil) OR a.district_code = \(bind: filter.district ?? ""))
              AND (\(bind: text.isEmpty) OR a.number LIKE \(bind: pattern) ESCAPE '\\' OR p.name LIKE \(bind: pattern) ESCAPE '\\'
                   OR o.name LIKE \(bind: pattern) ESCAPE '\\')
              AND (\(bind: organization == nil) OR a.filed_by_organization_id = \(bind: organization ?? UUID()))
              AND (\(bind: person == nil) OR a.person_id = \(bind: person ?? UUID()))
              AND (\(bind: own) OR a.state <> 'draft')
              AND (\(bind: districts == nil) OR a.district_code IN (\(binds: districts ?? [""])))
            ORDER BY a.created_at DESC, a.number DESC LIMIT 51 OFFSET \(bind: max(0, page - 1) * 50)
            """).all().map { row in
            ApplicationRow(id: try row.decode(column: "id", as: UUID.self), number: try row.decode(column: "number", as: String.self),
                           state: try row.decode(column: "state", as: String.self), district: try row.decode(column: "district_code", as: String.self),
                           applicant: try row.decode(column: "person_name", as: String?.self).map(Masking.name)
                               ?? row.decode(column: "organization_name", as: String?.self) ?? "—",
                           trimmedMean: try row.decode(column: "trimmed_mean", as: Int?.self), rank: try row.decode(column: "rank", as: Int?.self),
                           submittedAt: try row.decode(column: "submitted_at", as: Date?.self))
        }
        return (Array(rows.prefix(50)), rows.count > 50)
    }
}

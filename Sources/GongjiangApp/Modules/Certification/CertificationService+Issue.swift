import Fluent
import Foundation
import GongjiangCore
import SQLKit
import Vapor

/// An objection as recorded by the bureau or the organization: who raised it and what it says, about which
/// candidate of the notice.
struct ObjectionInput: Content {
    var candidateId: UUID?
    var objector: String?
    var content: String?
}

struct ObjectionResolution: Content {
    /// `upheld` or `dismissed`.
    var resolution: String?
    var note: String?
}

extension CertificationService {
    /// Records an objection to one candidate of a plan's notice, within the period.
    @discardableResult
    static func fileObjection(_ input: ObjectionInput, plan: CertificationPlan, _ context: CertificationContext) async throws
        -> ObjectionRecord
    {
        guard context.actor != nil else { throw WorkflowRefusal.notYourStep(workflow: "notice", event: "file-objection", actor: .system) }
        guard let record = try await context.queries.notice(of: plan) else { throw NoticeRefusal.notAllowed(.fileObjection, in: .draft) }
        var problems: [FieldProblem] = []
        let objector = text(input.objector, field: "objector", label: "异议人", maximum: 100, required: true, problems: &problems)
        let content = text(input.content, field: "content", label: "异议内容", maximum: 2_000, required: true, problems: &problems)
        var candidate: PlanCandidate?
        if let id = input.candidateId {
            candidate = try await PlanCandidate.query(on: context.database).filter(\.$id == id).filter(\.$planID == plan.requireID()).first()
        }
        if candidate == nil {
            problems.append(FieldProblem(field: "candidateId", code: "objection.candidate-unknown", chinese: "本计划没有该考生",
                                         english: "No such candidate in this plan"))
        }
        guard problems.isEmpty, let objector, let content, let candidate else { throw RequestProblem.validation(problems) }
        var notice = try await NoticeStore(database: context.database).notice(record)
        let objectionID = newID(context)
        try notice.fileObjection(about: candidate.requireID().uuidString, on: context.today, id: objectionID)
        let objection = ObjectionRecord()
        objection.id = objectionID
        objection.noticeID = try record.requireID()
        objection.entry = try candidate.requireID().uuidString
        objection.filedOn = context.today.description
        objection.objector = objector
        objection.content = content
        try await AuditTrail.transaction(on: context.database) { tx, log in
            try await objection.create(on: tx)
            log.record(context.event(.objection, objection.id, .create, after: objection.auditValues))
        }
        return objection
    }

    /// Resolves an objection: the bureau upholds it (the candidate's result does not proceed to a certificate) or
    /// dismisses it.
    static func resolveObjection(_ objection: ObjectionRecord, _ input: ObjectionResolution, plan: CertificationPlan,
                                 _ context: CertificationContext) async throws {
        guard let actor = context.actor, actor == .district || actor == .city else {
            throw WorkflowRefusal.notYourStep(workflow: "notice", event: "resolve-objection", actor: context.actor ?? .system)
        }
        guard let resolution = input.resolution.flatMap(PublicNotice.Objection.Resolution.init(rawValue:)) else {
            throw RequestProblem.validation([FieldProblem(field: "resolution", code: "objection.resolution",
                                                          chinese: "处理结果应为 upheld（异议成立）或 dismissed（异议不成立）",
                                                          english: "The resolution is upheld or dismissed")])
        }
        var problems: [FieldProblem] = []
        let note = text(input.note, field: "note", label: "处理意见", maximum: 2_000, required: true, problems: &problems)
        guard problems.isEmpty else { throw RequestProblem.validation(problems) }
        guard let record = try await context.queries.notice(of: plan), record.id == objection.noticeID else { throw RequestProblem.notFound }
        var notice = try await NoticeStore(database: context.database).notice(record)
        try notice.resolveObjection(objection.requireID(), as: resolution)
        let before = objection.auditValues
        objection.resolution = resolution.rawValue
        objection.resolutionNote = note
        objection.resolvedBy = context.audit.actor
        try await AuditTrail.transaction(on: context.database) { tx, log in
            try await objection.update(on: tx)
            log.record(context.event(.objection, objection.id, .resolve, before: before, after: objection.auditValues))
        }
    }

    /// Issues a certificate to every passed candidate the concluded notice lets proceed; a candidate against whom an
    /// objection was upheld fails instead. Numbers come from the filing's serial counter inside the same audited
    /// transaction, so two issuers at once never share one, and a number once given is never given again.
    static func issueCertificates(_ plan: CertificationPlan, _ context: CertificationContext) async throws {
        guard let record = try await CertificationQueries(database: context.database, scope: .city).notice(of: plan) else {
            throw CertificationRefusal.noticeNotConcluded
        }
        let notice = try await NoticeStore(database: context.database).notice(record)
        guard notice.state == .concluded else { throw CertificationRefusal.noticeNotConcluded }
        guard let filing = try await EvaluationFiling.find(plan.filingID, on: context.database), let issuer = filing.issuer else {
            throw CertificationRefusal.filingNotActive(.submitted)
        }
        guard FilingRules.certifies(state: filing.state, validity: filing.validity, on: context.today) else {
            throw CertificationRefusal.filingNotActive(filing.state)
        }
        let candidates = try await PlanCandidate.ofPlan(plan.requireID(), state: .passed, on: context.database)
        let before = plan.auditValues
        let today = context.today
        let now = context.now
        try await AuditTrail.transaction(on: context.database) { tx, log in
            // Two issuers of the same plan at once: the second finds it issued and issues nothing.
            try await still(plan, in: .noticeConcluded, on: tx)
            var proceeding: [PlanCandidate] = []
            for candidate in candidates {
                guard notice.mayProceed(try candidate.requireID().uuidString) else {
                    let candidateBefore = candidate.auditValues
                    candidate.stateCode = try CandidateRules.workflow.apply(.fail, to: candidate.state, by: .system).rawValue
                    candidate.lastReason = "异议成立 / objection upheld"
                    try await candidate.update(on: tx)
                    log.record(context.event(.candidate, candidate.id, AuditAction(CandidateEvent.fail.rawValue),
                                             before: candidateBefore, after: candidate.auditValues))
                    continue
                }
                proceeding.append(candidate)
            }
            // Each level's serials taken as one block from the filing's counter, then the certificates in that order.
            var issued: [(candidate: UUID, certificate: UUID)] = []
            var certificates: [Certificate] = []
            for (level, group) in Dictionary(grouping: proceeding, by: \.level).sorted(by: { $0.key < $1.key }) {
                let first = try CertificateIssue.number(issuer: issuer, year: today.year, level: level, serial: 1)
                let last = try await nextSerial(filing: filing, siteSerial: issuer.siteSerial, year: today.year, level: level,
                                                prefix: String(first.dropLast(6)), count: group.count, on: tx)
                for (offset, candidate) in group.enumerated() {
                    let candidateBefore = candidate.auditValues
                    let certificate = Certificate()
                    certificate.id = newID(context)
                    certificate.number = try CertificateIssue.number(issuer: issuer, year: today.year, level: level,
                                                                     serial: last - group.count + 1 + offset)
                    certificate.numberFormat = level > .level1 ? "top-rung" : "national"
                    certificate.personID = candidate.personID
                    certificate.occupationCode = plan.occupationCode
                    certificate.workType = CertificateIssue.workTypeText(nil)
                    certificate.levelRank = candidate.levelRank
                    certificate.issueDate = today.description
                    certificate.issuerName = filing.organizationName
                    certificate.status = CertificateStatus.valid.rawValue
                    certificate.source = CertificateSource.issued.rawValue
                    certificate.filingID = filing.id
                    certificate.candidateID = candidate.id
                    certificates.append(certificate)
                    candidate.stateCode = try CandidateRules.workflow.apply(.certify, to: candidate.state, by: .system).rawValue
                    candidate.certificateID = certificate.id
                    issued.append((try candidate.requireID(), try certificate.requireID()))
                    log.record(context.event(.certificate, certificate.id, .issue, after: certificate.auditValues))
                    log.record(context.event(.candidate, candidate.id, AuditAction(CandidateEvent.certify.rawValue),
                                             before: candidateBefore, after: candidate.auditValues))
                }
            }
            try await certificates.insert(on: tx, now: now)
            // The candidates certified in one statement a few hundred, each pointing at its certificate.
            for chunk in issued.chunked(400) {
                let pointers = chunk.map { "WHEN \(bind: $0.candidate) THEN \(bind: $0.certificate)" as SQLQueryString }.joined(separator: " ")
                try await tx.sql.raw("""
                    UPDATE plan_candidates SET state = \(bind: CandidateState.certified.rawValue), updated_at = \(bind: now),
                    certificate_id = CASE id \(pointers) END WHERE id IN (\(binds: chunk.map(\.candidate)))
                    """).run()
            }
            plan.stateCode = PlanState.issued.rawValue
            try await plan.update(on: tx)
            log.record(context.event(.plan, plan.id, AuditAction(PlanEvent.issue.rawValue), before: before, after: plan.auditValues))
        }
    }

    /// The next serial of (filing, site serial, year, level), counted in the database: one atomic increment, or the
    /// first row when there is none yet. The first row starts after the highest serial already in the registry under
    /// the same number prefix (`prefix`: the number without its serial), since an organization's earlier certificates
    /// may have come in by import from the provincial system; a number is never given twice.
    ///
    /// `count` serials are taken at once, the answer being the last of them (the block is the `count` serials up to it).
    static func nextSerial(filing: EvaluationFiling, siteSerial: String, year: Int, level: SkillLevel, prefix: String, count: Int = 1,
                           on tx: any Database) async throws -> Int {
        let filingID = try filing.requireID()
        if let row = try await tx.sql.update("certificate_serials")
            .set("last_serial", to: SQLRaw("last_serial + \(count)"))
            .where("filing_id", .equal, filingID).where("site_serial", .equal, siteSerial)
            .where("year", .equal, year).where("level", .equal, level.rawValue)
            .returning("last_serial").first() {
            let last = try row.decode(column: "last_serial", as: Int.self)
            // Past the last serial a number holds: refused, and the transaction (with the counter's step) rolls back.
            guard last <= CertificateIssue.maximumSerial else { throw CertificationRefusal.serialsExhausted }
            return last
        }
        // The prefix's numbers as a range of the number's unique index (a LIKE would read the whole registry's numbers).
        let highest = try await tx.sql.select().column("number").from("certificates")
            .where("number", .greaterThanOrEqual, prefix + "000000").where("number", .lessThanOrEqual, prefix + "999999")
            .orderBy("number", .descending).limit(1).first()?.decode(column: "number", as: String.self)
        let start = (highest.flatMap { Int($0.suffix(6)) } ?? 0) + 1
        guard start + count - 1 <= CertificateIssue.maximumSerial else { throw CertificationRefusal.serialsExhausted }
        let counter = CertificateSerial()
        counter.id = UUID.timeOrdered()
        counter.filingID = filingID
        counter.siteSerial = siteSerial
        counter.year = year
        counter.levelRank = level.rawValue
        counter.lastSerial = start + count - 1
        try await counter.create(on: tx)
        return start + count - 1
    }

    /// Revokes a certificate, with a reason: the issuing organization its own, the bureau any in its scope. The
    /// number stays taken; verification answers `revoked` from now on.
    static func revoke(_ certificate: Certificate, reason: String?, _ context: CertificationContext) async throws {
        guard let actor = context.actor else { throw WorkflowRefusal.notYourStep(workflow: "certificate", event: "revoke", actor: .system) }
        let reason = try Self.reason(reason, required: true)
        guard !certificate.isRevoked else { throw CertificationRefusal.alreadyRevoked }
        if actor == .organization {
            // An organization revokes only what it issued itself.
            guard let filingID = certificate.filingID, let filing = try await EvaluationFiling.find(filingID, on: context.database),
                  CertificationQueries.admits(context.scope, district: filing.districtCode, organization: filing.organizationID) else {
                throw RequestProblem.notFound
            }
        }
        let before = certificate.auditValues
        certificate.status = CertificateStatus.revoked.rawValue
        certificate.revokedOn = context.today.description
        certificate.revokeReason = reason
        try await AuditTrail.transaction(on: context.database) { tx, log in
            try await certificate.update(on: tx)
            log.record(context.event(.certificate, certificate.id, .revoke, before: before, after: certificate.auditValues))
        }
        context.verificationCache?.forget(certificate.number)
    }
}

extension Certificate {
    var auditValues: String {
        AuditValues.json(["number": number, "personId": personID.uuidString, "occupationCode": occupationCode,
                          "level": String(levelRank), "issueDate": issueDate, "issuer": issuerName, "status": status,
                          "source": source, "revokedOn": revokedOn, "reason": revokeReason])
    }
}

import Foundation
import GongjiangCore
import Vapor

struct FilingDTO: Content {
    struct ScopeDTO: Content {
        let occupationCode: String
        let level: String
        let levelName: String
    }
    struct SiteDTO: Content {
        let id: UUID
        let name: String
        let address: String
    }
    struct ExaminerDTO: Content {
        let name: String
        let examinerNumber: String
        let occupationCode: String
    }

    let id: UUID
    let organizationId: UUID
    let organizationName: String
    let type: String
    let state: String
    let districtCode: String?
    let filingNumber: String?
    let validFrom: String?
    let validUntil: String?
    let contactName: String
    let contactPhoneMasked: String
    let lastReason: String?
    let nextSteps: [String]
    let scope: [ScopeDTO]?
    let sites: [SiteDTO]?
    let examiners: [ExaminerDTO]?

    init(_ filing: EvaluationFiling, vault: PersonalDataVault, actor: WorkflowActor?, scope: [FilingScopeRow]? = nil,
         sites: [FilingSite]? = nil, examiners: [FilingExaminer]? = nil) {
        id = filing.id!
        organizationId = filing.organizationID
        organizationName = filing.organizationName
        type = filing.typeCode
        state = filing.stateCode
        districtCode = filing.districtCode
        filingNumber = filing.filingNumber
        validFrom = filing.validFrom
        validUntil = filing.validUntil
        contactName = filing.contactName
        contactPhoneMasked = Masking.phone((try? vault.open(filing.contactPhoneSealed)) ?? "")
        lastReason = filing.lastReason
        nextSteps = actor.map { FilingRules.workflow.events(from: filing.state, for: $0).map(\.rawValue) } ?? []
        self.scope = scope?.compactMap { row in
            row.entry.map { ScopeDTO(occupationCode: $0.occupationCode, level: $0.level.code, levelName: $0.level.chineseName) }
        }
        self.sites = sites?.map { SiteDTO(id: $0.id!, name: $0.name, address: $0.address) }
        self.examiners = examiners?.map { ExaminerDTO(name: $0.name, examinerNumber: $0.examinerNumber, occupationCode: $0.occupationCode) }
    }
}

struct PlanDTO: Content {
    let id: UUID
    let filingId: UUID
    let organizationId: UUID
    let districtCode: String?
    let occupationCode: String
    let levels: [String]
    let siteId: UUID
    let examFrom: String
    let examTo: String
    let expectedCandidates: Int
    let state: String
    let supervised: Bool
    let supervisionNote: String?
    let noticeId: UUID?
    let lastReason: String?
    let nextSteps: [String]

    init(_ plan: CertificationPlan, actor: WorkflowActor?) {
        id = plan.id!
        filingId = plan.filingID
        organizationId = plan.organizationID
        districtCode = plan.districtCode
        occupationCode = plan.occupationCode
        levels = plan.levels.map(\.code)
        siteId = plan.siteID
        examFrom = plan.examFrom
        examTo = plan.examTo
        expectedCandidates = plan.expectedCandidates
        state = plan.stateCode
        supervised = plan.supervised
        supervisionNote = plan.supervisionNote
        noticeId = plan.noticeID
        lastReason = plan.lastReason
        nextSteps = actor.map { PlanRules.workflow.events(from: plan.state, for: $0).map(\.rawValue) } ?? []
    }
}

struct CandidateDTO: Content {
    let id: UUID
    let planId: UUID
    let personId: UUID
    let name: String
    let idNumberMasked: String
    let level: String
    let state: String
    let eligibility: String
    let overrideReason: String?
    let theory: String?
    let practical: String?
    let review: String?
    let certificateId: UUID?
    let lastReason: String?

    init(_ candidate: PlanCandidate, person: Person?, vault: PersonalDataVault) {
        id = candidate.id!
        planId = candidate.planID
        personId = candidate.personID
        name = person?.name ?? ""
        idNumberMasked = person.map { PersonalData.idNumber(of: $0, vault: vault) } ?? ""
        level = candidate.level.code
        state = candidate.stateCode
        eligibility = candidate.eligibility
        overrideReason = candidate.overrideReason
        theory = candidate.theoryTenths.map { Score.text(tenths: $0) }
        practical = candidate.practicalTenths.map { Score.text(tenths: $0) }
        review = candidate.reviewTenths.map { Score.text(tenths: $0) }
        certificateId = candidate.certificateID
        lastReason = candidate.lastReason
    }
}

struct NoticeDTO: Content {
    struct ObjectionDTO: Content {
        let id: UUID
        let candidateId: String
        let filedOn: String
        let objector: String
        let content: String
        let resolution: String?
        let resolutionNote: String?
    }

    let id: UUID
    let title: String
    let state: String
    let workingDays: Int
    let publishedOn: String?
    let lastDay: String?
    let concludedOn: String?
    let objections: [ObjectionDTO]

    init(_ notice: NoticeRecord, objections: [ObjectionRecord]) {
        id = notice.id!
        title = notice.title
        state = notice.stateCode
        workingDays = notice.workingDays
        publishedOn = notice.publishedOn
        lastDay = notice.lastDay
        concludedOn = notice.concludedOn
        self.objections = objections.map {
            ObjectionDTO(id: $0.id!, candidateId: $0.entry, filedOn: $0.filedOn, objector: $0.objector, content: $0.content,
                         resolution: $0.resolution, resolutionNote: $0.resolutionNote)
        }
    }
}

/// A workflow step asked for: the event's code and, where the step needs one, a reason. The city's approval of a
/// filing also gives the codes of its certificate numbers.
struct TransitionInput: Content {
    var event: String?
    var reason: String?
    var ministryCode: String?
    var siteSerial: String?
}

struct SupervisionInput: Content {
    var supervised: Bool?
    var note: String?
}

struct ReasonInput: Content {
    var reason: String?
}

/// A filed organization as the public directory shows it: who, its number, validity and current scope; no contact.
struct DirectoryEntryDTO: Content {
    let id: UUID
    let organizationName: String
    let type: String
    let districtCode: String?
    let filingNumber: String?
    let validFrom: String?
    let validUntil: String?
    let scope: [FilingDTO.ScopeDTO]

    init(_ filing: EvaluationFiling, scope: [FilingScopeRow]) {
        id = filing.id!
        organizationName = filing.organizationName
        type = filing.typeCode
        districtCode = filing.districtCode
        filingNumber = filing.filingNumber
        validFrom = filing.validFrom
        validUntil = filing.validUntil
        self.scope = scope.compactMap { row in
            row.entry.map { FilingDTO.ScopeDTO(occupationCode: $0.occupationCode, level: $0.level.code, levelName: $0.level.chineseName) }
        }
    }
}

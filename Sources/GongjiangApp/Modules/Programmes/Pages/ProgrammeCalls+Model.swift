import Fluent
import Foundation
import GongjiangCore
import SQLKit
import Vapor

/// 激励项目: the calls (public), the city's new call, one call with its applications and the city's steps, one
/// application with its form, attachments, findings and the steps of whoever looks at it.
enum ProgrammeCallsPage {
    struct Model {
        let request: Request
        let calls: [ProgrammeService.Call]
        /// The city: drafts too, and the form for a new call.
        let mayCreate: Bool
        let types: [ProgrammeType]
        let districts: [(code: String, name: String)]
        let error: String?
        let values: [String: String]

        static func load(_ request: Request, error: String? = nil, values: [String: String] = [:]) async throws -> Model {
            let city = request.principal?.role == .cityAdmin
            return Model(request: request, calls: try await ProgrammeService.calls(on: request.db, publishedOnly: !city), mayCreate: city,
                         types: city ? try await ProgrammeService.types(on: request.db, activeOnly: true).map(\.type) : [],
                         districts: try await District.query(on: request.db).filter(\.$kind != "prefecture").sort(\.$id).all()
                             .compactMap { district in district.id.map { ($0, district.nameZH) } },
                         error: error, values: values)
        }
    }

    /// The new call's form: one quota and budget (yuan) per district; a district left at 0 takes no part.
    struct Fields: Content {
        var typeCode: String?
        var year: String?
        var title: String?
        var description: String?
        var opensOn: String?
        var closesOn: String?
        var noticeWorkingDays: String?
        var quota: [String: String]?
        var budget: [String: String]?
        /// For a type that pays nothing by itself: a one-off amount per award, in yuan, paid to the applicant.
        var oneOffYuan: String?

        func input() throws -> ProgrammeCallInput {
            let districts = try (quota ?? [:]).sorted { $0.key < $1.key }.compactMap { code, raw -> CallDistrictInput? in
                guard let quota = Int(raw.trimmingCharacters(in: .whitespaces)), quota > 0 else { return nil }
                return CallDistrictInput(districtCode: code, quota: quota, budgetFen: try FormAmount.fen(budget?[code], field: "budget.\(code)") ?? 0)
            }
            let oneOff = try FormAmount.fen(oneOffYuan, field: "oneOffYuan")
            return ProgrammeCallInput(typeCode: typeCode, year: year.flatMap { Int($0) }, title: title, description: description, opensOn: opensOn,
                                      closesOn: closesOn, noticeWorkingDays: noticeWorkingDays.flatMap { Int($0) }, districts: districts,
                                      funding: oneOff.map { [FundingLineInput(FundingLine(.oneOff(Money(fen: $0)), to: .applicant))] })
        }

        var values: [String: String] {
            var values = ["typeCode": typeCode ?? "", "year": year ?? "", "title": title ?? "", "description": description ?? "", "opensOn": opensOn ?? "",
                          "closesOn": closesOn ?? "", "noticeWorkingDays": noticeWorkingDays ?? "", "oneOffYuan": oneOffYuan ?? ""]
            for (code, value) in quota ?? [:] { values["quota.\(code)"] = value }
            for (code, value) in budget ?? [:] { values["budget.\(code)"] = value }
            return values
        }
    }
}

enum ProgrammeCallPage {
    typealias Row = ProgrammeService.ApplicationRow

    struct Model {
        let request: Request
        let call: ProgrammeService.Call
        let role: Role?
        /// An organization that may apply, with the findings of a preview.
        let mayApply: Bool
        let findings: [EligibilityFinding]?
        let applications: [Row]
        /// The list's filter as asked (state, district, text) and its page; whether a next page has some.
        let filter: [String: String]
        let page: Int
        let more: Bool
        /// The applications in the notice, for recording an objection: all of them, not one page.
        let inNotice: [(id: UUID, number: String)]
        let notice: NoticeRecord?
        /// What the public sees: the list in the notice while it runs (公示), and the awards once decided (公布).
        let noticeList: [PublicEntry]
        let announced: [PublicEntry]
        let names: ReferenceNames
        let error: String?
        let done: String?
        let values: [String: String]

        static func load(_ request: Request, error: String? = nil, done: String? = nil, findings: [EligibilityFinding]? = nil,
                         values: [String: String] = [:]) async throws -> Model {
            let id = try request.uuidParameter()
            let role = request.principal?.role
            guard let call = try await ProgrammeService.call(id, on: request.db), call.state == .published || role == .cityAdmin else {
                throw RequestProblem.notFound
            }
            var rows: [Row] = []
            var more = false
            let context = request.programmes
            let asked = ["state": request.query[String.self, at: "state"] ?? "", "district": request.query[String.self, at: "district"] ?? "",
                         "q": request.query[String.self, at: "q"] ?? ""]
            let page = min(max(request.query[Int.self, at: "page"] ?? 1, 1), 10_000)
            if request.principal.map({ AccessPolicy.allows($0.role, .readProgrammes) }) ?? false {
                let filter = ProgrammeService.ApplicationFilter(call: id, state: ProgrammeApplicationState(rawValue: asked["state"] ?? ""),
                                                                district: asked["district"].flatMap { $0.isEmpty ? nil : $0 }, text: asked["q"])
                (rows, more) = try await ProgrammeService.applications(filter, page: page, context)
            }
            let inNotice = request.principal?.role == .cityAdmin || request.principal?.role == .districtOfficer
                ? try await ProgrammeService.applications(ProgrammeService.ApplicationFilter(call: id, state: .inNotice), page: 1, context).rows.map { ($0.id, $0.number) }
                : []
            // A worker applies to a person's programme for themselves; an organization to any, for itself or an employee.
            let notice = try await ProgrammeService.noticeRecord(of: id, on: request.db)
            let noticeList = notice?.stateCode == PublicNotice.State.published.rawValue
                ? try await publicEntries(call: id, states: [.inNotice], on: request.db) : []
            let announced = try await publicEntries(call: id, states: [.approved, .recommended], on: request.db)
            let mayApply = call.state == .published && (request.principal.map { AccessPolicy.allows($0.role, .applyProgrammes) } ?? false)
                && !(role == .worker && call.type.applicantKind == .organization)
            return Model(request: request, call: call, role: role, mayApply: mayApply, findings: findings, applications: rows,
                         filter: asked, page: page, more: more, inNotice: inNotice, notice: notice, noticeList: noticeList, announced: announced, names: try await ReferenceNames.load(on: request.db),
                         error: error, done: done, values: values)
        }
    }

    /// One line of a public list: the application's number, the holder (a person's name masked, with their employer; an
    /// organization's name), the district, the score and the state.
    struct PublicEntry {
        let number: String
        let holder: String
        let employer: String?
        let district: String
        let trimmedMean: Int?
        let state: String
    }

    static func publicEntries(call: UUID, states: [ProgrammeApplicationState], on database: any Database) async throws -> [PublicEntry] {
        try await database.sql.raw("""
            SELECT a.number, a.district_code, a.trimmed_mean, a.state, p.name AS person_name, o.name AS organization_name
            FROM programme_applications a LEFT JOIN persons p ON p.id = a.person_id LEFT JOIN organizations o ON o.id = a.organization_id
            WHERE a.call_id = \(bind: call) AND a.state IN (\(binds: states.map(\.rawValue))) ORDER BY a.district_code, a.rank, a.number
            """).all().map { row in
            let person = try row.decode(column: "person_name", as: String?.self)
            let organization = try row.decode(column: "organization_name", as: String?.self)
            return PublicEntry(number: try row.decode(column: "number", as: String.self), holder: person.map(Masking.name) ?? organization ?? "—",
                               employer: person == nil ? nil : organization, district: try row.decode(column: "district_code", as: String.self),
                               trimmedMean: try row.decode(column: "trimmed_mean", as: Int?.self), state: try row.decode(column: "state", as: String.self))
        }
    }

    /// The person's name masked, or the organization's.
    static func holderName(_ application: ProgrammeService.Application, on database: any Database) async throws -> String {
        if let person = application.personID {
            return Masking.name(try await database.sql.raw("SELECT name FROM persons WHERE id = \(bind: person)").first()?.decode(column: "name", as: String.self) ?? "")
        }
        let name = try await application.organizationID.asyncMap { id in
            try await database.sql.raw("SELECT name FROM organizations WHERE id = \(bind: id)").first()?.decode(column: "name", as: String.self)
        }
        return (name ?? nil) ?? "—"
    }

    /// The application form on the call's page.
    struct ApplyFields: Content {
        var personIdNumber: String?
        var applicantAccount: String?
        var employerAccount: String?
        var education: String?
        var schoolTrack: String?
        var form: [String: String]?
        /// "preview" to check eligibility only.
        var action: String?

        func input(call: UUID) -> ProgrammeApplicationInput {
            var form = (form ?? [:]).filter { !$0.value.trimmingCharacters(in: .whitespaces).isEmpty }
            if let education, !education.isEmpty { form["education"] = education }
            if let schoolTrack, !schoolTrack.isEmpty { form["school-track"] = schoolTrack }
            return ProgrammeApplicationInput(callId: call, personIdNumber: personIdNumber, form: form, applicantAccount: applicantAccount,
                                             employerAccount: employerAccount)
        }

        var values: [String: String] {
            var values = ["personIdNumber": personIdNumber ?? "", "education": education ?? "", "schoolTrack": schoolTrack ?? ""]
            for (key, value) in form ?? [:] { values["form.\(key)"] = value }
            return values
        }
    }
}

enum ProgrammeApplicationPage {
    struct Model {
        let request: Request
        let application: ProgrammeService.Application
        let applicant: String
        let actor: WorkflowActor?
        let events: [ProgrammeApplicationEvent]
        let objections: [ObjectionRecord]
        let title: (id: UUID, state: String)?
        let formKey: String
        let error: String?
        let done: String?

        static func load(_ request: Request, error: String? = nil, done: String? = nil) async throws -> Model {
            let context = request.programmes
            let application = try await ProgrammeService.application(try request.uuidParameter(), context)
            // The steps offered here are the workflow's for this side; the city's list steps (review, ranking, notice)
            // are on the call's page.
            let listSteps: Set<ProgrammeApplicationEvent> = [.startReview, .closeScoring, .publish, .notSelect, .conclude, .upholdObjection, .approve,
                                                             .recommend, .upstreamApprove, .upstreamDecline]
            let events = context.actor.map { ProgrammeRules.applicationWorkflow.events(from: application.state, for: $0) }?
                .filter { !listSteps.contains($0) } ?? []
            var objections: [ObjectionRecord] = []
            // Who objected and what they said is for the bureau, never for the applicant.
            if context.actor == .city || context.actor == .district,
               let notice = try await ProgrammeService.noticeRecord(of: application.call.id, on: request.db) {
                objections = try await ObjectionRecord.query(on: request.db).filter(\.$noticeID == notice.requireID())
                    .filter(\.$entry == application.id.uuidString).all()
            }
            let title = try await request.db.sql.raw("SELECT id, state FROM programme_titles WHERE application_id = \(bind: application.id)").first()
                .map { (try $0.decode(column: "id", as: UUID.self), try $0.decode(column: "state", as: String.self)) }
            return Model(request: request, application: application, applicant: try await ProgrammeCallPage.holderName(application, on: request.db),
                         actor: context.actor, events: events, objections: objections, title: title, formKey: Secrets.token(), error: error, done: done)
        }
    }
}

import Fluent
import Foundation
import GongjiangCore
import Vapor

/// The filings list: the city sees all, a district its own, an organization its own filing.
enum FilingsList {
    struct Model {
        let page: Page<EvaluationFiling>
        let text: String
        let state: String
        let isFirstPage: Bool
        /// An organization that may file and has no filing in progress or in force: the page offers the form.
        let mayFile: Bool
        let names: ReferenceNames

        static func load(_ request: Request) async throws -> Model {
            let text = request.query[String.self, at: "q"] ?? ""
            let state = request.query[String.self, at: "state"] ?? ""
            let cursor = try request.pageCursor()
            let context = request.certification
            let page = try await context.queries.filings(.init(text: text, state: FilingState(rawValue: state)), after: cursor,
                                                         limit: PageSize.default)
            var mayFile = false
            if let organization = context.scope.organizationID, request.principal?.may(.operateCertification) == true {
                mayFile = try await context.queries.currentFiling(of: organization) == nil
            }
            return Model(page: page, text: text, state: state, isFirstPage: cursor == nil, mayFile: mayFile,
                         names: try await ReferenceNames.load(on: request.db))
        }
    }
}

/// One filing: its scope, sites, examiners, and the steps the caller may take.
enum FilingDetail {
    struct Model {
        let filing: EvaluationFiling
        let scope: [FilingScopeRow]
        let sites: [FilingSite]
        let examiners: [FilingExaminer]
        let steps: [FilingEvent]
        let plans: [CertificationPlan]
        let contactPhone: String
        let names: ReferenceNames
        let request: Request
        let error: String?

        static func load(_ request: Request, error: String? = nil) async throws -> Model {
            let filing = try await CertificationAPI.filing(request)
            let queries = request.certification.queries
            let id = try filing.requireID()
            let steps = request.certification.actor.map { FilingRules.workflow.events(from: filing.state, for: $0) } ?? []
            let plans = try await queries.plans(.init(filingID: id), after: nil, limit: PageSize.maximum).items
            return Model(filing: filing, scope: try await queries.scope(of: id), sites: try await queries.sites(of: id),
                         examiners: try await queries.examiners(of: id), steps: steps.filter { $0 != .resubmit }, plans: plans,
                         contactPhone: Masking.phone((try? request.vault.open(filing.contactPhoneSealed)) ?? ""),
                         names: try await ReferenceNames.load(on: request.db), request: request, error: error)
        }
    }
}

/// The form an organization files with. Scope, sites and examiners are one per line, so a long list is typed or
/// pasted as text: "6-18-02-04 5,4,3"; "name | address"; "name | examiner number | occupation code".
enum FilingForm {
    struct Model {
        let request: Request
        let values: [String: String]
        let error: String?
        let problems: [FieldProblem]
        /// The returned filing this form corrects and resubmits; nil for a new filing.
        var resubmitting: EvaluationFiling? = nil

        var action: String {
            resubmitting.map { PagePath.filingResubmit.url($0.id!.uuidString) } ?? PagePath.newFiling.url()
        }

        /// The form filled with a returned filing as it stands, for its organization to correct.
        static func correcting(_ filing: EvaluationFiling, _ request: Request, error: String? = nil,
                               problems: [FieldProblem] = [], values: [String: String]? = nil) async throws -> Model {
            let queries = request.certification.queries
            let id = try filing.requireID()
            let scope = Dictionary(grouping: try await queries.scope(of: id).compactMap(\.entry), by: \.occupationCode)
                .sorted { $0.key < $1.key }
                .map { code, entries in ([code] + entries.map(\.level).sorted().map(\.code)).joined(separator: " ") }
            let filled: [String: String] = [
                "type": filing.typeCode, "scope": scope.joined(separator: "\n"),
                "sites": try await queries.sites(of: id).map { "\($0.name) | \($0.address)" }.joined(separator: "\n"),
                "examiners": try await queries.examiners(of: id).map { "\($0.name) | \($0.examinerNumber) | \($0.occupationCode)" }
                    .joined(separator: "\n"),
                "contactName": filing.contactName, "contactPhone": (try? request.vault.open(filing.contactPhoneSealed)) ?? "",
            ]
            return Model(request: request, values: values ?? filled, error: error ?? filing.lastReason.map { "退回理由：\($0)" },
                         problems: problems, resubmitting: filing)
        }
    }

    struct Fields: Content {
        var type: String?
        var scope: String?
        var sites: String?
        var examiners: String?
        var contactName: String?
        var contactPhone: String?

        /// The form as the service's input: each line split on spaces, commas or vertical bars.
        var input: FilingInput {
            func lines(_ text: String?) -> [String] {
                (text ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                    .prefix(CertificationService.maximumFilingItems + 1).map { $0 }
            }
            func parts(_ line: String) -> [String] { line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) } }
            var scope: [FilingInput.ScopeItem] = []
            for line in lines(self.scope) {
                let words = line.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "，" || $0 == "\t" }).map(String.init)
                guard let code = words.first else { continue }
                for level in words.dropFirst().prefix(SkillLevel.certifiable.count) { scope.append(.init(occupationCode: code, level: level)) }
                if words.count == 1 { scope.append(.init(occupationCode: code, level: nil)) }
            }
            let sites = lines(self.sites).map { line -> FilingInput.SiteItem in
                let p = parts(line)
                return .init(name: p.first, address: p.count > 1 ? p[1] : nil)
            }
            let examiners = lines(self.examiners).map { line -> FilingInput.ExaminerItem in
                let p = parts(line)
                return .init(name: p.first, examinerNumber: p.count > 1 ? p[1] : nil, occupationCode: p.count > 2 ? p[2] : nil)
            }
            return FilingInput(organizationId: nil, type: type, scope: scope, sites: sites, examiners: examiners,
                               contactName: contactName, contactPhone: contactPhone)
        }

        var values: [String: String] {
            ["type": type ?? "", "scope": scope ?? "", "sites": sites ?? "", "examiners": examiners ?? "",
             "contactName": contactName ?? "", "contactPhone": contactPhone ?? ""]
        }
    }
}

import Fluent
import Foundation
import GongjiangCore
import Plot
import Vapor

/// The public verification page (证书查询): a number and a name, and the answer the API gives, in words.
enum VerifyPage {
    struct Model {
        let number: String
        let name: String
        /// Nil before a search; `.some(nil)` when nothing matched.
        let result: PublicVerification.Result??

        static func load(_ request: Request) async throws -> Model {
            let number = request.query[String.self, at: "number"] ?? ""
            let name = request.query[String.self, at: "name"] ?? ""
            guard !number.isEmpty || !name.isEmpty else { return Model(number: "", name: "", result: nil) }
            try PublicVerification.admit(request)
            let result = try await PublicVerification.lookUp(number: number, name: name, on: request.db)
            return Model(number: number, name: name, result: .some(result))
        }
    }
}

extension VerifyPage.Model {
    func view(_ t: Localizer) -> Component {
        ComponentGroup {
            H1(t("certification.verify.title"))
            Paragraph(t("certification.verify.help")).class("muted")
            Form(url: PagePath.verify.url(), method: .get) {
                Label(t("field.certificate-number")) { Input(type: .text, name: "number", value: number, isRequired: true) }
                Label(t("certification.verify.name")) { Input(type: .text, name: "name", value: name, isRequired: true) }
                SubmitButton(t("certification.verify.submit"))
            }.class("search")
            if let result {
                if let found = result {
                    Notice(kind: found.status == CertificateStatus.valid.rawValue ? .success : .error,
                           text: t("certification.verify.status.\(found.status)"))
                    FactTable(rows: [
                        (t("field.certificate-number"), found.number),
                        (t("certification.verify.holder"), found.holderNameMasked),
                        (t("field.occupation"), "\(found.occupationName)（\(found.occupationCode)）"),
                        (t("field.level"), found.levelName),
                        (t("field.issue-date"), found.issueDate),
                        (t("field.issuer"), found.issuer),
                        (t("certification.verify.source"), t("certification.verify.source.\(found.source)")),
                        (t("certification.verify.revoked-on"), found.revokedOn ?? ""),
                    ])
                } else {
                    Notice(kind: .error, text: t("certification.verify.not-found"))
                }
            }
        }
    }
}

/// The public directory of filed evaluation organizations.
enum DirectoryPage {
    struct Model {
        let page: Page<EvaluationFiling>
        let scopes: [UUID: [FilingScopeRow]]
        let text: String
        let isFirstPage: Bool
        let names: ReferenceNames

        static func load(_ request: Request) async throws -> Model {
            let text = request.query[String.self, at: "q"] ?? ""
            let cursor = try request.pageCursor()
            let page = try await CertificationQueries.directory(on: request.db, text: text, after: cursor, limit: PageSize.default)
            let rows = try await FilingScopeRow.query(on: request.db).filter(\.$filingID ~~ page.items.compactMap(\.id)).all()
            return Model(page: page, scopes: Dictionary(grouping: rows, by: \.filingID), text: text, isFirstPage: cursor == nil,
                         names: try await ReferenceNames.load(on: request.db))
        }
    }
}

extension DirectoryPage.Model {
    func view(_ t: Localizer) -> Component {
        ComponentGroup {
            H1(t("certification.directory.title"))
            Form(url: PagePath.directory.url(), method: .get) {
                Label(t("field.organization-name")) { Input(type: .search, name: "q", value: text) }
                SubmitButton(t("common.search"))
            }.class("search")
            Table(header: TableRow {
                TableHeaderCell(t("field.organization-name")); TableHeaderCell(t("certification.filing.type"))
                TableHeaderCell(t("certification.filing.number")); TableHeaderCell(t("certification.filing.valid-until"))
                TableHeaderCell(t("certification.filing.scope"))
            }) {
                for filing in page.items {
                    TableRow {
                        TableCell(filing.organizationName)
                        TableCell(t("certification.filing.type.\(filing.typeCode)"))
                        TableCell(filing.filingNumber ?? "")
                        TableCell(filing.validUntil ?? "")
                        TableCell(Self.scopeText(scopes[filing.id!] ?? [], names, t))
                    }
                }
            }
            Pager(path: PagePath.directory.url(), query: ["q": text], next: page.next, isFirstPage: isFirstPage,
                  nextLabel: t("common.next-page"), firstLabel: t("common.first-page"))
        }
    }

    /// "焊工 五级–一级; 车工 五级–三级": each occupation with its levels.
    static func scopeText(_ rows: [FilingScopeRow], _ names: ReferenceNames, _ t: Localizer) -> String {
        Dictionary(grouping: rows, by: \.occupationCode).sorted { $0.key < $1.key }.map { code, rows in
            names.occupation(code, t) + " " + rows.compactMap(\.entry).map(\.level).sorted().map { t.level($0) }.joined(separator: "、")
        }.joined(separator: "；")
    }
}

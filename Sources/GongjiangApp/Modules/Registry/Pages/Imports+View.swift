import Foundation
import GongjiangCore
import Plot

extension ImportsPage.Model {
    func view(_ t: Localizer) -> Component {
        ComponentGroup {
            H1(t("registry.imports.title"))
            Paragraph(t("registry.imports.intro"))
            if let refusal { Notice(kind: .error, text: refusal) }
            Form(url: PagePath.imports.url(query: [AccessMiddleware.csrfField: csrfToken]), method: .post, contentType: .multipartData) {
                Label(t("registry.imports.file")) { Input(type: .file, name: "file", isRequired: true) }
                SelectField(name: "encoding", label: t("registry.imports.encoding"), anyLabel: t("registry.imports.encoding.auto"),
                            options: [("utf-8", "UTF-8"), ("gb18030", "GB18030 / GBK")], selected: nil)
                SubmitButton(t("registry.imports.submit"))
            }.class("search")
            Paragraph {
                Text(t("registry.imports.format-help") + " ")
                Link(t("registry.imports.template"), url: PagePath.importTemplate.url())
            }.class("muted")
            H2(t("registry.imports.recent"))
            if runs.isEmpty {
                Notice(kind: .info, text: t("registry.imports.none"))
            } else {
                Table(header: TableRow {
                    TableHeaderCell(t("registry.imports.started")); TableHeaderCell(t("registry.imports.file-name")); TableHeaderCell(t("registry.imports.status"))
                    TableHeaderCell(t("registry.imports.rows")); TableHeaderCell(t("registry.imports.rejected"))
                }) {
                    for run in runs {
                        TableRow {
                            TableCell { Link(ChinaTime.timestamp(run.startedAt), url: PagePath.importRun.url(run.id!.uuidString)) }
                            TableCell(run.fileName)
                            TableCell(t("registry.imports.status.\(run.status)"))
                            TableCell(String(run.rowsRead))
                            TableCell(String(run.rejectedCount))
                        }
                    }
                }
            }
        }
    }
}

extension ImportRunPage.Model {
    var isRunning: Bool { run.status == "running" }

    func view(_ t: Localizer) -> Component {
        ComponentGroup {
            H1(t("registry.imports.run.title", run.fileName))
            Paragraph(t("registry.imports.status.\(run.status)")).class("status-\(run.status == "failed" ? "revoked" : "valid")")
            if isRunning { Paragraph(t("registry.imports.run.refreshing")).class("muted") }
            if let message = run.message { Notice(kind: .error, text: message) }
            FactTable(rows: [
                (t("registry.imports.started"), ChinaTime.timestamp(run.startedAt)),
                (t("registry.imports.finished"), run.finishedAt.map(ChinaTime.timestamp) ?? ""),
                (t("registry.imports.rows"), String(run.rowsRead)),
                (t("registry.imports.created"), String(run.createdCount)),
                (t("registry.imports.updated"), String(run.updatedCount)),
                (t("registry.imports.unchanged"), String(run.unchangedCount)),
                (t("registry.imports.rejected"), String(run.rejectedCount)),
                (t("registry.imports.unknown-columns"), run.unknownColumns),
            ])
            if run.rejectedCount > 0 && !isRunning {
                Paragraph { Link(t("registry.imports.download-report"), url: PagePath.importReport.url(run.id!.uuidString)) }
            }
            if !issues.isEmpty {
                H2(t("registry.imports.issues"))
                Table(header: TableRow {
                    TableHeaderCell(t("registry.imports.row")); TableHeaderCell(t("registry.imports.column")); TableHeaderCell(t("registry.imports.code"))
                    TableHeaderCell(t("registry.imports.message"))
                }) {
                    for issue in issues {
                        TableRow {
                            TableCell(String(issue.rowNumber)); TableCell(issue.columnName); TableCell(issue.code)
                            TableCell(t.pick(issue.messageZH, issue.messageEN))
                        }
                    }
                }
                Pager(path: PagePath.importRun.url(run.id!.uuidString), query: [:], next: next, isFirstPage: isFirstPage,
                      nextLabel: t("common.next-page"), firstLabel: t("common.first-page"))
            }
        }
    }
}

import Foundation
import GongjiangCore
import Plot

extension FilingsList.Model {
    func view(_ t: Localizer) -> Component {
        ComponentGroup {
            H1(t("certification.filings.title"))
            if mayFile {
                Paragraph { Link(t("certification.filings.new"), url: PagePath.newFiling.url()) }.class("actions")
            }
            Form(url: PagePath.filings.url(), method: .get) {
                Label(t("certification.filings.search")) { Input(type: .search, name: "q", value: text) }
                SelectField(name: "state", label: t("field.state"), anyLabel: t("common.any"),
                            options: FilingState.allCases.map { ($0.rawValue, t("certification.filing.state.\($0.rawValue)")) },
                            selected: state)
                SubmitButton(t("common.search"))
            }.class("search")
            if page.items.isEmpty {
                Notice(kind: .info, text: t("common.nothing-found"))
            } else {
                Table(header: TableRow {
                    TableHeaderCell(t("field.organization-name"))
                    TableHeaderCell(t("certification.filing.type"))
                    TableHeaderCell(t("certification.filing.number"))
                    TableHeaderCell(t("certification.filing.valid-until"))
                    TableHeaderCell(t("field.district"))
                    TableHeaderCell(t("field.state"))
                }) {
                    for filing in page.items {
                        TableRow {
                            TableCell { Link(filing.organizationName, url: PagePath.filing.url(filing.id!.uuidString)) }
                            TableCell(t("certification.filing.type.\(filing.typeCode)"))
                            TableCell(filing.filingNumber ?? "")
                            TableCell(filing.validUntil ?? "")
                            TableCell(names.district(filing.districtCode, t))
                            TableCell(t("certification.filing.state.\(filing.stateCode)"))
                        }
                    }
                }
            }
            Pager(path: PagePath.filings.url(), query: ["q": text, "state": state], next: page.next, isFirstPage: isFirstPage,
                  nextLabel: t("common.next-page"), firstLabel: t("common.first-page"))
        }
    }
}

extension FilingDetail.Model {
    func view(_ t: Localizer) -> Component {
        ComponentGroup {
            H1(filing.organizationName)
            if let error { Notice(kind: .error, text: error) }
            FactTable(rows: [
                (t("certification.filing.type"), t("certification.filing.type.\(filing.typeCode)")),
                (t("field.state"), t("certification.filing.state.\(filing.stateCode)")),
                (t("certification.filing.number"), filing.filingNumber ?? ""),
                (t("certification.filing.validity"), filing.validFrom.map { "\($0) – \(filing.validUntil ?? "")" } ?? ""),
                (t("certification.filing.number-parts"), filing.issuer.map { "\($0.type.rawValue) \($0.organizationCode) \($0.provinceCode) \($0.siteSerial)" } ?? ""),
                (t("field.district"), names.district(filing.districtCode, t)),
                (t("certification.filing.contact"), "\(filing.contactName) \(contactPhone)"),
                (t("certification.reason"), filing.lastReason ?? ""),
            ])
            H2(t("certification.filing.scope"))
            Table(header: TableRow { TableHeaderCell(t("field.occupation")); TableHeaderCell(t("field.level")) }) {
                for (code, rows) in Dictionary(grouping: scope, by: \.occupationCode).sorted(by: { $0.key < $1.key }) {
                    TableRow {
                        TableCell(names.occupation(code, t))
                        TableCell(rows.compactMap(\.entry).map(\.level).sorted().map { t.level($0) }.joined(separator: "、"))
                    }
                }
            }
            H2(t("certification.filing.sites"))
            List(sites.map { "\($0.name)（\($0.address)）" }) { Text($0) }
            H2(t("certification.filing.examiners"))
            List(examiners.map { "\($0.name) \($0.examinerNumber) \(names.occupation($0.occupationCode, t))" }) { Text($0) }
            if !plans.isEmpty {
                H2(t("certification.plans.title"))
                List(plans) { plan in
                    ListItem { Link("\(plan.examFrom) \(names.occupation(plan.occupationCode, t))", url: PagePath.plan.url(plan.id!.uuidString)) }
                }
            }
            if filing.state == .returned && request.certification.actor == .organization {
                Paragraph { Link(t("certification.filings.resubmit"), url: PagePath.filingResubmit.url(filing.id!.uuidString)) }
                    .class("actions")
            }
            if !steps.isEmpty {
                H2(t("certification.steps"))
                for event in steps {
                    Form(url: PagePath.filingStep.url(filing.id!.uuidString), method: .post) {
                        CSRFField(request: request)
                        Input(type: .hidden, name: "event", value: event.rawValue)
                        if event == .cityApprove {
                            Label(t("certification.filing.ministry-code")) { Input(type: .text, name: "ministryCode", value: "0000") }
                            Label(t("certification.filing.site-serial")) { Input(type: .text, name: "siteSerial", isRequired: true) }
                        }
                        if FilingRules.workflow.transition(from: filing.state, on: event)?.needsReason == true {
                            Label(t("certification.reason")) { Input(type: .text, name: "reason", isRequired: true) }
                        }
                        SubmitButton(t("certification.filing.event.\(event.rawValue)"))
                    }.class("step")
                }
            }
        }
    }
}

extension FilingForm.Model {
    func view(_ t: Localizer) -> Component {
        ComponentGroup {
            H1(resubmitting == nil ? t("certification.filings.new") : t("certification.filings.resubmit"))
            if let error { Notice(kind: .error, text: error) }
            if !problems.isEmpty {
                List(problems) { problem in ListItem("\(problem.field)：\(t.pick(problem.message, problem.messageEn))") }.class("problems")
            }
            Form(url: action, method: .post) {
                CSRFField(request: request)
                SelectField(name: "type", label: t("certification.filing.type"), anyLabel: "—",
                            options: EvaluationOrganizationType.allCases.map { ($0.rawValue, t("certification.filing.type.\($0.rawValue)")) },
                            selected: values["type"])
                Label(t("certification.filing.scope.help")) { TextArea(text: values["scope"] ?? "", name: "scope", numberOfRows: 6) }
                Label(t("certification.filing.sites.help")) { TextArea(text: values["sites"] ?? "", name: "sites", numberOfRows: 3) }
                Label(t("certification.filing.examiners.help")) { TextArea(text: values["examiners"] ?? "", name: "examiners", numberOfRows: 4) }
                Label(t("certification.filing.contact-name")) { Input(type: .text, name: "contactName", value: values["contactName"]) }
                Label(t("certification.filing.contact-phone")) { Input(type: .tel, name: "contactPhone", value: values["contactPhone"]) }
                SubmitButton(resubmitting == nil ? t("certification.filings.submit") : t("certification.filings.resubmit"))
            }.class("stacked")
        }
    }
}

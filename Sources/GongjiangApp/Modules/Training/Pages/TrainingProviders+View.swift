import Foundation
import GongjiangCore
import Plot

/// The module's pages share one header: where a user is, and the module's other pages.
struct TrainingTabs: Component {
    let current: PagePath
    let t: Localizer

    var body: Component {
        Navigation {
            List([(PagePath.trainingClasses, "training.classes"), (PagePath.trainingClaims, "training.claims"),
                  (PagePath.trainingProviders, "training.providers"), (PagePath.trainingPolicy, "training.policy"),
                  (PagePath.courses, "training.nav.courses")]) { path, key in
                Link(t(key), url: path.url()).attribute(named: "aria-current", value: path == current ? "page" : nil, ignoreValueIfEmpty: true)
            }
        }.class("tabs")
    }
}

extension ProvidersPage.Model {
    func view(_ t: Localizer) -> Component {
        ComponentGroup {
            TrainingTabs(current: .trainingProviders, t: t)
            H1(t("training.providers"))
            if let error { Notice(kind: .error, text: error) }
            if page.items.isEmpty {
                Notice(kind: .info, text: t("common.nothing-found"))
            } else {
                Table(header: TableRow {
                    TableHeaderCell(t("field.organization-name")); TableHeaderCell(t("field.district")); TableHeaderCell(t("training.provider.validity"))
                    TableHeaderCell(t("training.provider.scope")); TableHeaderCell(t("field.state"))
                    if mayApprove { TableHeaderCell(t("training.steps")) }
                }) {
                    for provider in page.items {
                        TableRow {
                            TableCell(provider.organizationName)
                            TableCell(names.district(provider.districtCode, t))
                            TableCell("\(provider.validFrom) – \(provider.validUntil)")
                            TableCell(scopeText(provider.scope, t))
                            TableCell {
                                Text(t("training.provider.state.\(provider.state)"))
                                if let reason = provider.lastReason, !reason.isEmpty { Span("（\(reason)）").class("muted") }
                            }
                            if mayApprove {
                                TableCell {
                                    let state = ProviderState(rawValue: provider.state) ?? .approved
                                    for event in ProviderRules.workflow.events(from: state, for: .city) {
                                        StepForm(action: PagePath.trainingProviderStep.url(provider.id.uuidString), event: event.rawValue,
                                                 label: t("training.provider.event.\(event.rawValue)"),
                                                 needsReason: ProviderRules.workflow.transition(from: state, on: event)?.needsReason == true,
                                                 request: request, style: "inline")
                                    }
                                }
                            }
                        }
                    }
                }
            }
            Pager(path: PagePath.trainingProviders.url(), query: [:], next: page.next, isFirstPage: isFirstPage,
                  nextLabel: t("common.next-page"), firstLabel: t("common.first-page"))
            if mayApprove {
                H2(t("training.provider.approve"))
                Paragraph(t("training.provider.approve.help")).class("muted")
                if candidates.isEmpty {
                    Notice(kind: .info, text: t("training.provider.no-candidates"))
                } else {
                    Form(url: PagePath.trainingProviders.url(), method: .post) {
                        CSRFField(request: request)
                        SelectField(name: "organizationId", label: t("field.organization-name"), anyLabel: "—",
                                    options: candidates.map { ($0.id.uuidString, $0.name) }, selected: nil)
                        Label(t("training.provider.valid-from")) { Input(type: .date, name: "validFrom", isRequired: true) }
                        Label(t("training.provider.valid-until")) { Input(type: .date, name: "validUntil", isRequired: true) }
                        Label(t("training.provider.scope-lines")) {
                            TextArea(text: "", name: "scope", numberOfRows: 4)
                        }
                        SubmitButton(t("training.provider.approve"))
                    }.class("stacked")
                }
            }
        }
    }

    /// "6-18-02-04 5", … as "6-18-02-04（五级、四级）" by occupation.
    private func scopeText(_ scope: [String], _ t: Localizer) -> String {
        var byCode: [(String, [String])] = []
        for entry in scope {
            let parts = entry.split(separator: " ")
            guard parts.count == 2 else { continue }
            let code = String(parts[0]), level = SkillLevel(code: String(parts[1])).map { t.level($0) } ?? String(parts[1])
            if let index = byCode.firstIndex(where: { $0.0 == code }) { byCode[index].1.append(level) } else { byCode.append((code, [level])) }
        }
        return byCode.map { "\(names.occupation($0.0, t))（\($0.1.joined(separator: "、"))）" }.joined(separator: "；")
    }
}

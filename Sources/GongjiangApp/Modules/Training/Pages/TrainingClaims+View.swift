import Foundation
import GongjiangCore
import Plot

extension ClaimsPage.Model {
    func view(_ t: Localizer) -> Component {
        ComponentGroup {
            TrainingTabs(current: .trainingClaims, t: t)
            H1(t("training.claims"))
            if let error { Notice(kind: .error, text: error) }
            if let done { Notice(kind: .success, text: done) }
            if let fileOutcome { RowFileOutcome(outcome: fileOutcome, t: t) }
            if !queues.isEmpty {
                Paragraph {
                    Text(t("training.claims.waiting") + " ")
                    for (index, queue) in queues.enumerated() {
                        if index > 0 { Text(" · ") }
                        Link(t("training.claim.state.\(queue.rawValue)"), url: PagePath.trainingClaims.url(query: ["state": queue.rawValue]))
                    }
                    Text(" · ")
                    Link(t("training.claims.flagged"), url: PagePath.trainingClaims.url(query: ["flagged": "true"]))
                }.class("actions")
            }
            Form(url: PagePath.trainingClaims.url(), method: .get) {
                SelectField(name: "state", label: t("field.state"), anyLabel: t("common.any"),
                            options: ClaimState.allCases.map { ($0.rawValue, t("training.claim.state.\($0.rawValue)")) }, selected: state)
                SelectField(name: "flagged", label: t("training.claims.signals"), anyLabel: t("common.any"),
                            options: [("true", t("training.claims.with-signals")), ("false", t("training.claims.without-signals"))], selected: flagged)
                SubmitButton(t("common.search"))
            }.class("search")
            if flagged == "true" { Paragraph(t("training.claims.flagged.help")).class("muted") }
            if page.items.isEmpty {
                Notice(kind: .info, text: t("common.nothing-found"))
            } else if steps.isEmpty {
                claimsTable(t, selectable: false)
            } else {
                // The selection form: every listed claim is in the same state, so one step applies to all those ticked.
                Form(url: PagePath.trainingClaimsStep.url(query: ["flagged": flagged, "state": state]), method: .post) {
                    CSRFField(request: request)
                    IdempotencyField(key: formKey)
                    claimsTable(t, selectable: true)
                    Div {
                        SelectField(name: "event", label: t("training.steps"), anyLabel: "—",
                                    options: steps.map { ($0.rawValue, t("training.claim.event.\($0.rawValue)")) }, selected: nil)
                        Label(t("training.claims.reason")) { Input(type: .text, name: "reason") }
                        SubmitButton(t("training.claims.apply"))
                    }.class("step")
                    Paragraph(t("training.claims.apply.help", TrainingService.maximumClaimsPerStep)).class("muted")
                }
            }
            Pager(path: PagePath.trainingClaims.url(), query: ["state": state, "flagged": flagged], next: page.next, isFirstPage: isFirstPage,
                  nextLabel: t("common.next-page"), firstLabel: t("common.first-page"))
            if mayFile {
                H2(t("training.claim.file"))
                Paragraph(t("training.claim.file.help")).class("muted")
                Form(url: PagePath.trainingClaims.url(), method: .post) {
                    CSRFField(request: request)
                    Label(t("field.certificate-number")) { Input(type: .text, name: "certificateNumber", isRequired: true) }
                    SelectField(name: "payee", label: t("training.claim.payee"), anyLabel: "—",
                                options: TrainingService.payees.map { ($0.rawValue, t("training.claim.payee.\($0.rawValue)")) }, selected: "person")
                    Label(t("training.claim.account")) { Input(type: .text, name: "payeeAccount", isRequired: true).attribute(named: "inputmode", value: "numeric") }
                    SubmitButton(t("training.claim.file"))
                }.class("stacked")
                H3(t("training.claims.file"))
                Paragraph(t("training.claims.file.help", TrainingService.maximumClaimsPerStep)).class("muted")
                RowFileForm(action: PagePath.trainingClaimsFile.url(), label: t("training.claims.file.label"),
                            template: PagePath.trainingClaimsTemplate.url(), request: request, t: t)
            }
        }
    }

    private func claimsTable(_ t: Localizer, selectable: Bool) -> Component {
        Table(header: TableRow {
            if selectable { TableHeaderCell(t("training.claims.select")) }
            TableHeaderCell(t("training.claim.number")); TableHeaderCell(t("field.occupation")); TableHeaderCell(t("field.level"))
            TableHeaderCell(t("field.district")); TableHeaderCell(t("training.claim.amount")); TableHeaderCell(t("field.state"))
            TableHeaderCell(t("training.claims.signals"))
        }) {
            for claim in page.items {
                TableRow {
                    if selectable {
                        TableCell {
                            Input(type: .checkbox, name: "claimIds[]", value: claim.id.uuidString)
                                .attribute(named: "aria-label", value: claim.number)
                        }
                    }
                    TableCell { Link(claim.number, url: PagePath.trainingClaim.url(claim.id.uuidString)) }
                    TableCell(names.occupation(claim.occupationCode, t))
                    TableCell(SkillLevel(code: claim.level).map { t.level($0) } ?? claim.level)
                    TableCell(names.district(claim.districtCode, t))
                    TableCell(Money(fen: claim.amountFen).yuanText).class("number")
                    TableCell(t("training.claim.state.\(claim.state)"))
                    TableCell(claim.signals.map { t.pick($0.message, $0.messageEn) }.joined(separator: "；"))
                }
            }
        }
    }
}

extension ClaimPage.Model {
    func view(_ t: Localizer) -> Component {
        let id = claim.id.uuidString
        return ComponentGroup {
            TrainingTabs(current: .trainingClaims, t: t)
            H1(t("training.claim.title", claim.number))
            if let error { Notice(kind: .error, text: error) }
            if !claim.signals.isEmpty {
                Div {
                    H2(t("training.claims.signals"))
                    Paragraph(t("training.claims.flagged.help")).class("muted")
                    List(claim.signals) { signal in ListItem(t.pick(signal.message, signal.messageEn)) }
                }.class("notice notice-error")
            }
            FactTable(rows: [
                (t("training.claim.trainee"), Masking.name(personName)),
                (t("field.certificate-number"), certificateNumber),
                (t("field.occupation"), names.occupation(claim.occupationCode, t)),
                (t("field.level"), SkillLevel(code: claim.level).map { t.level($0) } ?? claim.level),
                (t("training.class"), classNumber ?? ""),
                (t("field.district"), names.district(claim.districtCode, t)),
                (t("training.claim.payee"), t("training.claim.payee.\(claim.payee)")),
                (t("training.claim.amount"), Money(fen: claim.amountFen).yuanText + " 元"),
                (t("training.claim.computation"), t.pick(claim.computation, claim.computationEn)),
                (t("training.claim.filed-on"), claim.filedOn),
                (t("field.state"), t("training.claim.state.\(claim.state)")),
                (t("certification.reason"), claim.lastReason ?? ""),
            ])
            Paragraph {
                if let classID { Link(t("training.claim.to-class"), url: PagePath.trainingClass.url(classID.uuidString)) }
                if let paymentID = claim.paymentId, mayReadPayment {
                    Text(" · ")
                    Link(t("training.claim.to-payment"), url: PagePath.ledgerPayment.url(paymentID.uuidString))
                }
            }.class("actions")
            if let notice {
                H2(t("certification.notice.title"))
                FactTable(rows: [
                    (t("certification.notice.heading"), notice.title),
                    (t("field.state"), t("certification.notice.state.\(notice.stateCode)")),
                    (t("certification.notice.period"), "\(notice.publishedOn ?? "") – \(notice.lastDay ?? "")（\(t("certification.notice.working-days", notice.workingDays))）"),
                ])
                Paragraph { Link(t("training.notice.public"), url: PagePath.trainingNotice.url(notice.id!.uuidString)) }
            }
            if !steps.isEmpty {
                H2(t("training.steps"))
                for event in steps {
                    StepForm(action: PagePath.trainingClaimStep.url(id), event: event.rawValue, label: t("training.claim.event.\(event.rawValue)"),
                             needsReason: ClaimRules.workflow.transition(from: state, on: event)?.needsReason == true, request: request,
                             idempotencyKey: formKey + "-" + event.rawValue)
                }
            }
        }
    }
}

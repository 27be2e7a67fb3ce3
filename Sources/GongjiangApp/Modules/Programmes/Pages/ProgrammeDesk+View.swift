import Foundation
import GongjiangCore
import Plot

extension ProgrammeReviewsPage.Model {
    func view(_ t: Localizer) -> Component {
        ComponentGroup {
            ProgrammeTabs(current: .programmeReviews, role: request.principal?.role, t: t)
            H1(t("programme.reviews"))
            Paragraph(t("programme.reviews.lead")).class("muted")
            if let error { Notice(kind: .error, text: error) }
            if let done { Notice(kind: .success, text: done) }
            if assignments.isEmpty { Notice(kind: .info, text: t("programme.reviews.none")) }
            for assignment in assignments {
                let id = assignment.applicationID.uuidString
                Article {
                    H2("\(assignment.number) · \(assignment.callTitle)")
                    Paragraph(assignment.applicantName.map { t("programme.applicant") + "：" + $0 } ?? t("programme.reviews.blind")).class("muted")
                    List(assignment.fields) { ListItem("\($0.label)：\($0.value)") }
                    if assignment.open && assignment.declaredAt != nil && assignment.declaredConflict != true && !assignment.attachments.isEmpty {
                        Paragraph {
                            Text(t("programme.reviews.files") + "：")
                            for file in assignment.attachments {
                                Link("\(file.label)（\(file.size / 1024 + 1) KB）", url: PagePath.programmeReviewAttachment.url(id, file.key)).class("file")
                                Text(" ")
                            }
                        }
                    } else if assignment.open && assignment.declaredAt == nil && !assignment.attachments.isEmpty {
                        Paragraph(t("programme.reviews.files-after-declaration", assignment.attachments.count)).class("muted")
                    }
                    if !assignment.open {
                        Paragraph(t("programme.reviews.closed")).class("muted")
                    } else if assignment.declaredAt == nil {
                        Form(url: PagePath.programmeDeclaration.url(id), method: .post) {
                            CSRFField(request: request)
                            Paragraph(t("programme.declaration.text"))
                            SelectField(name: "conflict", label: t("programme.declaration.conflict"), anyLabel: "—",
                                        options: [("no", t("programme.declaration.none")), ("yes", t("programme.declaration.has"))], selected: nil)
                            Label(t("programme.declaration.note")) { Input(type: .text, name: "note") }
                            SubmitButton(t("programme.declaration.sign"))
                        }.class("stacked")
                    } else if assignment.declaredConflict == true {
                        Notice(kind: .info, text: t("programme.declaration.recused"))
                    } else {
                        Form(url: PagePath.programmeScores.url(id), method: .post) {
                            CSRFField(request: request)
                            for criterion in assignment.rubric {
                                Label("\(criterion.label)（0–\(criterion.maximum)，\(t("programme.weight")) \(criterion.weight)%）") {
                                    Input(type: .number, name: "scores[\(criterion.key)]", value: assignment.scores?[criterion.key].map(String.init), isRequired: true)
                                }
                            }
                            SubmitButton(t(assignment.total == nil ? "programme.score.submit" : "programme.score.change"))
                        }.class("stacked")
                        if let total = assignment.total { Paragraph(t("programme.score.total", String(format: "%.2f", Double(total) / 100))).class("muted") }
                    }
                }.class("card")
            }
        }
    }
}

extension ProgrammeTitlesPage.Model {
    func view(_ t: Localizer) -> Component {
        ComponentGroup {
            ProgrammeTabs(current: .programmeTitles, role: request.principal?.role, t: t)
            H1(t("programme.titles"))
            if let error { Notice(kind: .error, text: error) }
            if let done { Notice(kind: .success, text: done) }
            if mayPay {
                Form(url: PagePath.programmePayments.url(), method: .post) {
                    CSRFField(request: request)
                    IdempotencyField(key: formKey + "-run")
                    Label(t("programme.pay.through")) { Input(type: .date, name: "through") }
                    SubmitButton(t("programme.pay.run"))
                }.class("stacked")
            }
            if mayPay {
                H2(t("programme.honour.record"))
                Form(url: PagePath.programmeHonours.url(), method: .post) {
                    CSRFField(request: request)
                    Label(t("programme.person-id")) { Input(type: .text, name: "personIdNumber") }
                    Label(t("programme.experts.employer")) { Input(type: .text, name: "organizationUscc") }
                    SelectField(name: "code", label: t("programme.honour.code"), anyLabel: "—",
                                options: ProgrammeCatalogue.upstreamHonours.map { ($0.code, $0.chinese) } + names.sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
                                selected: nil)
                    SelectField(name: "tier", label: t("programme.honour.tier"), anyLabel: "—",
                                options: ProgrammeType.Tier.allCases.map { ($0.rawValue, t("programme.tier.\($0.rawValue)")) }, selected: nil)
                    Label(t("programme.title.awarded")) { Input(type: .date, name: "awardedOn", isRequired: true) }
                    Label(t("programme.title.valid-until")) { Input(type: .date, name: "validUntil") }
                    Label(t("programme.honour.document")) { Input(type: .text, name: "document", isRequired: true) }
                    SubmitButton(t("programme.honour.save"))
                }.class("stacked")
            }
            if titles.isEmpty {
                Notice(kind: .info, text: t("common.nothing-found"))
            } else {
                Table(header: TableRow {
                    TableHeaderCell(t("programme.type")); TableHeaderCell(t("programme.holder")); TableHeaderCell(t("programme.title.awarded"))
                    TableHeaderCell(t("programme.title.valid-until")); TableHeaderCell(t("programme.title.next-assessment"))
                    TableHeaderCell(t("programme.title.paid")); TableHeaderCell(t("field.state")); TableHeaderCell(t("programme.steps"))
                }) {
                    for title in titles {
                        TableRow {
                            TableCell(names[title.typeCode] ?? ProgrammeHonours.chineseName(title.typeCode)); TableCell(title.holderName); TableCell(title.awardedOn)
                            TableCell(title.validUntil ?? "—"); TableCell(title.nextAssessmentOn ?? "—")
                            TableCell("\(Money(fen: title.paidFen).yuanText) 元（\(title.instalments)）").class("number")
                            TableCell(t("programme.title.state.\(title.state)"))
                            TableCell {
                                if mayStep && title.state == ProgrammeTitleState.active.rawValue {
                                    Form(url: PagePath.programmeTitleStep.url(title.id.uuidString), method: .post) {
                                        CSRFField(request: request)
                                        SelectField(name: "event", label: t("programme.title.step"), anyLabel: "—",
                                                    options: ProgrammeTitleEvent.allCases.filter { $0 != .expire }.map { ($0.rawValue, t("programme.event.\($0.rawValue)")) },
                                                    selected: nil)
                                        Label(t("certification.reason")) { Input(type: .text, name: "reason") }
                                        SubmitButton(t("programme.title.apply-step"))
                                    }.class("inline")
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

extension ProgrammeTypesPage.Model {
    func view(_ t: Localizer) -> Component {
        ComponentGroup {
            ProgrammeTabs(current: .programmeTypes, role: request.principal?.role, t: t)
            H1(t("programme.types"))
            Paragraph(t("programme.types.lead")).class("muted")
            if let error { Notice(kind: .error, text: error) }
            if let done { Notice(kind: .success, text: done) }
            H2(t("programme.type.new"))
            Form(url: PagePath.programmeTypes.url(), method: .post) {
                CSRFField(request: request)
                Label(t("programme.type.definition")) { TextArea(text: draft ?? "", name: "definition", numberOfRows: 12) }
                SelectField(name: "active", label: t("programme.type.active"), anyLabel: "—",
                            options: [("yes", t("programme.type.active.yes")), ("no", t("programme.type.active.no"))], selected: "yes")
                SubmitButton(t("programme.type.save"))
            }.class("stacked")
            for entry in types {
                Article {
                    H3("\(entry.type.nameZH)（\(entry.type.code)，\(t("programme.tier.\(entry.type.tier.rawValue)"))）\(entry.active ? "" : " — " + t("programme.type.active.no"))")
                    List(entry.type.eligibility.map(\.chinese)) { ListItem($0) }
                    Paragraph(entry.type.funding.map { $0.rule.chinese + ($0.payee == .employer ? "（\(t("programme.pays-employer"))）" : "") }.joined(separator: "；"))
                    Form(url: PagePath.programmeTypes.url(), method: .post) {
                        CSRFField(request: request)
                        Label(t("programme.type.definition")) { TextArea(text: entry.json, name: "definition", numberOfRows: 16) }
                        SelectField(name: "active", label: t("programme.type.active"), anyLabel: "—",
                                    options: [("yes", t("programme.type.active.yes")), ("no", t("programme.type.active.no"))],
                                    selected: entry.active ? "yes" : "no")
                        SubmitButton(t("programme.type.save"))
                    }.class("stacked")
                }.class("card")
            }
        }
    }
}

extension ProgrammeExpertsPage.Model {
    func view(_ t: Localizer) -> Component {
        ComponentGroup {
            ProgrammeTabs(current: .programmeExperts, role: request.principal?.role, t: t)
            H1(t("programme.experts"))
            Paragraph(t("programme.experts.lead")).class("muted")
            if let error { Notice(kind: .error, text: error) }
            if let done { Notice(kind: .success, text: done) }
            if experts.isEmpty { Notice(kind: .info, text: t("programme.experts.none")) }
            for expert in experts {
                Article {
                    H3("\(expert.displayName)（\(expert.username)）\(expert.specialty.isEmpty ? "" : " · " + expert.specialty)\(expert.employer.map { " · " + $0 } ?? "") · "
                            + t("programme.experts.relations", expert.relations))
                    Form(url: PagePath.programmeExpert.url(expert.account.uuidString), method: .post) {
                        CSRFField(request: request)
                        Label(t("programme.experts.person-id")) { Input(type: .text, name: "personIdNumber") }
                        Label(t("programme.experts.employer")) { Input(type: .text, name: "employerUscc") }
                        Label(t("programme.experts.specialty")) { Input(type: .text, name: "specialty", value: expert.specialty) }
                        Label(t("programme.experts.relations-input")) { TextArea(name: "relations", numberOfRows: 3) }
                        SubmitButton(t("programme.experts.save"))
                    }.class("stacked")
                }.class("card")
            }
        }
    }
}

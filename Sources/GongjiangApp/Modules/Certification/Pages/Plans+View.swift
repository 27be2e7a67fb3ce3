import Foundation
import GongjiangCore
import Plot

extension PlansList.Model {
    func view(_ t: Localizer) -> Component {
        ComponentGroup {
            H1(t("certification.plans.title"))
            if mayFile { Paragraph { Link(t("certification.plans.new"), url: PagePath.newPlan.url()) }.class("actions") }
            Form(url: PagePath.plans.url(), method: .get) {
                SelectField(name: "state", label: t("field.state"), anyLabel: t("common.any"),
                            options: PlanState.allCases.map { ($0.rawValue, t("certification.plan.state.\($0.rawValue)")) }, selected: state)
                SelectField(name: "supervised", label: t("certification.plan.supervised"), anyLabel: t("common.any"),
                            options: [("true", t("common.yes")), ("false", t("common.no"))], selected: supervised)
                SubmitButton(t("common.search"))
            }.class("search")
            if page.items.isEmpty {
                Notice(kind: .info, text: t("common.nothing-found"))
            } else {
                Table(header: TableRow {
                    TableHeaderCell(t("certification.plan.exam-days")); TableHeaderCell(t("field.occupation"))
                    TableHeaderCell(t("field.level")); TableHeaderCell(t("field.district")); TableHeaderCell(t("field.state"))
                    TableHeaderCell(t("certification.plan.supervised"))
                }) {
                    for plan in page.items {
                        TableRow {
                            TableCell { Link("\(plan.examFrom) – \(plan.examTo)", url: PagePath.plan.url(plan.id!.uuidString)) }
                            TableCell(names.occupation(plan.occupationCode, t))
                            TableCell(plan.levels.map { t.level($0) }.joined(separator: "、"))
                            TableCell(names.district(plan.districtCode, t))
                            TableCell(t("certification.plan.state.\(plan.stateCode)"))
                            TableCell(plan.supervised ? t("common.yes") : "")
                        }
                    }
                }
            }
            Pager(path: PagePath.plans.url(), query: ["state": state, "supervised": supervised], next: page.next, isFirstPage: isFirstPage,
                  nextLabel: t("common.next-page"), firstLabel: t("common.first-page"))
        }
    }
}

extension PlanDetail.Model {
    func view(_ t: Localizer) -> Component {
        let id = plan.id!.uuidString
        return ComponentGroup {
            H1(t("certification.plan.title", names.occupation(plan.occupationCode, t), plan.examFrom))
            if let error { Notice(kind: .error, text: error) }
            FactTable(rows: [
                (t("certification.plan.organization"), filing?.organizationName ?? ""),
                (t("field.occupation"), names.occupation(plan.occupationCode, t)),
                (t("field.level"), plan.levels.map { t.level($0) }.joined(separator: "、")),
                (t("certification.plan.site"), site.map { "\($0.name)（\($0.address)）" } ?? ""),
                (t("certification.plan.exam-days"), "\(plan.examFrom) – \(plan.examTo)"),
                (t("certification.plan.expected"), String(plan.expectedCandidates)),
                (t("field.state"), t("certification.plan.state.\(plan.stateCode)")),
                (t("certification.plan.supervised"), plan.supervised ? t("common.yes") + " " + (plan.supervisionNote ?? "") : t("common.no")),
                (t("certification.reason"), plan.lastReason ?? ""),
            ])
            if maySupervise {
                Form(url: PagePath.planSupervision.url(id), method: .post) {
                    CSRFField(request: request)
                    Input(type: .hidden, name: "supervised", value: plan.supervised ? "false" : "true")
                    Label(t("certification.plan.supervision-note")) { Input(type: .text, name: "note", value: plan.supervisionNote) }
                    SubmitButton(plan.supervised ? t("certification.plan.unsupervise") : t("certification.plan.supervise"))
                }.class("step")
            }
            H2(t("certification.candidates.title", rows.count))
            candidatesTable(t)
            if let fileOutcome { RowFileOutcome(outcome: fileOutcome, t: t) }
            if mayOperate && plan.state == .filed { registerForm(t) }
            noticeSection(t)
            if !steps.isEmpty {
                H2(t("certification.steps"))
                for event in steps {
                    Form(url: PagePath.planStep.url(id), method: .post) {
                        CSRFField(request: request)
                        Input(type: .hidden, name: "event", value: event.rawValue)
                        if PlanRules.workflow.transition(from: plan.state, on: event)?.needsReason == true {
                            Label(t("certification.reason")) { Input(type: .text, name: "reason", isRequired: true) }
                        }
                        SubmitButton(t("certification.plan.event.\(event.rawValue)"))
                    }.class("step")
                }
            }
        }
    }

    private func candidatesTable(_ t: Localizer) -> Component {
        Table(header: TableRow {
            TableHeaderCell(t("field.name")); TableHeaderCell(t("field.id-number")); TableHeaderCell(t("field.level"))
            TableHeaderCell(t("certification.candidate.eligibility")); TableHeaderCell(t("certification.score.theory"))
            TableHeaderCell(t("certification.score.practical")); TableHeaderCell(t("certification.score.review"))
            TableHeaderCell(t("field.state")); TableHeaderCell("")
        }) {
            for row in rows {
                TableRow {
                    TableCell(row.person?.name ?? "")
                    TableCell(row.person.map { PersonalData.idNumber(of: $0, vault: request.vault) } ?? "")
                    TableCell(t.level(row.candidate.level))
                    TableCell(row.candidate.eligibility == "override"
                              ? t("certification.candidate.override", row.candidate.overrideReason ?? "") : t("certification.candidate.eligible"))
                    TableCell(row.candidate.theoryTenths.map { Score.text(tenths: $0) } ?? "")
                    TableCell(row.candidate.practicalTenths.map { Score.text(tenths: $0) } ?? "")
                    TableCell(row.candidate.reviewTenths.map { Score.text(tenths: $0) } ?? "")
                    TableCell(t("certification.candidate.state.\(row.candidate.stateCode)"))
                    TableCell { candidateActions(row, t) }
                }
            }
        }
    }

    @ComponentBuilder
    private func candidateActions(_ row: PlanDetail.Row, _ t: Localizer) -> Component {
        let id = row.candidate.id!.uuidString
        if let certificateID = row.candidate.certificateID, let certificate = certificates[certificateID] {
            Link(certificate.number, url: PagePath.certificate.url(certificateID.uuidString))
        }
        if mayOperate && plan.state == .filed && row.candidate.state == .registered {
            Form(url: PagePath.candidateScores.url(id), method: .post) {
                CSRFField(request: request)
                scoreInputs(row, t)
                SubmitButton(t("certification.score.save"))
            }.class("inline")
            Form(url: PagePath.candidateWithdraw.url(id), method: .post) {
                CSRFField(request: request)
                Input(type: .text, name: "reason", isRequired: true, placeholder: t("certification.reason"))
                SubmitButton(t("certification.candidate.withdraw"))
            }.class("inline")
        }
        if mayOperate && [.resultsSubmitted, .inNotice, .noticeConcluded].contains(plan.state)
            && [.passed, .failed].contains(row.candidate.state) {
            Form(url: PagePath.candidateAmend.url(id), method: .post) {
                CSRFField(request: request)
                scoreInputs(row, t)
                Input(type: .text, name: "reason", isRequired: true, placeholder: t("certification.score.amend-reason"))
                SubmitButton(t("certification.score.amend"))
            }.class("inline")
        }
    }

    @ComponentBuilder
    private func scoreInputs(_ row: PlanDetail.Row, _ t: Localizer) -> Component {
        Input(type: .text, name: "theory", value: row.candidate.theoryTenths.map { Score.text(tenths: $0) },
              placeholder: t("certification.score.theory"))
        Input(type: .text, name: "practical", value: row.candidate.practicalTenths.map { Score.text(tenths: $0) },
              placeholder: t("certification.score.practical"))
        if ExamRules.national.parts(for: row.candidate.level).contains(.review) {
            Input(type: .text, name: "review", value: row.candidate.reviewTenths.map { Score.text(tenths: $0) },
                  placeholder: t("certification.score.review"))
        }
    }

    private func registerForm(_ t: Localizer) -> Component {
        ComponentGroup {
            H2(t("certification.candidate.register"))
            Form(url: PagePath.planCandidates.url(plan.id!.uuidString), method: .post) {
                CSRFField(request: request)
                Label(t("field.id-number")) { Input(type: .text, name: "idNumber", isRequired: true) }
                Label(t("field.name")) { Input(type: .text, name: "name", isRequired: true) }
                SelectField(name: "level", label: t("field.level"), anyLabel: "—",
                            options: plan.levels.map { ($0.code, t.level($0)) }, selected: plan.levels.first?.code)
                Label(t("certification.candidate.working-since")) { Input(type: .date, name: "workingSince") }
                SelectField(name: "school", label: t("certification.candidate.school"), anyLabel: "—",
                            options: ApplicationConditions.School.allCases.map { ($0.rawValue, t("certification.school.\($0.rawValue)")) },
                            selected: nil)
                Label(t("certification.candidate.apprenticeship")) { Input(type: .checkbox, name: "apprenticeshipCompleted", value: "true") }
                Label(t("certification.candidate.override-reason")) { Input(type: .text, name: "overrideReason") }
                SubmitButton(t("certification.candidate.register"))
            }.class("stacked")
            H3(t("certification.files.title"))
            Paragraph(t("certification.files.help")).class("muted")
            for kind in [CandidateFiles.Kind.candidates, .scores] {
                RowFileForm(action: PagePath.planFile(kind).url(plan.id!.uuidString), label: t("certification.files.\(kind.rawValue)"),
                            template: PagePath.fileTemplate(kind).url(), request: request, t: t)
            }
        }
    }

    @ComponentBuilder
    private func noticeSection(_ t: Localizer) -> Component {
        if let notice {
            H2(t("certification.notice.title"))
            FactTable(rows: [
                (t("certification.notice.heading"), notice.title),
                (t("field.state"), t("certification.notice.state.\(notice.stateCode)")),
                (t("certification.notice.period"), "\(notice.publishedOn ?? "") – \(notice.lastDay ?? "")（\(t("certification.notice.working-days", notice.workingDays))）"),
            ])
            if !objections.isEmpty {
                Table(header: TableRow {
                    TableHeaderCell(t("certification.objection.candidate")); TableHeaderCell(t("certification.objection.filed-on"))
                    TableHeaderCell(t("certification.objection.objector")); TableHeaderCell(t("certification.objection.content"))
                    TableHeaderCell(t("certification.objection.resolution")); TableHeaderCell("")
                }) {
                    for objection in objections {
                        TableRow {
                            TableCell(candidateName(objection.entry))
                            TableCell(objection.filedOn)
                            TableCell(objection.objector)
                            TableCell(objection.content)
                            TableCell(objection.resolution.map { t("certification.objection.\($0)") + " " + (objection.resolutionNote ?? "") } ?? t("certification.objection.open"))
                            TableCell {
                                if maySupervise && objection.isOpen && notice.state == .published {
                                    Form(url: PagePath.objectionResolution.url(objection.id!.uuidString), method: .post) {
                                        CSRFField(request: request)
                                        SelectField(name: "resolution", label: t("certification.objection.resolution"), anyLabel: "—",
                                                    options: [("dismissed", t("certification.objection.dismissed")),
                                                              ("upheld", t("certification.objection.upheld"))], selected: nil)
                                        Input(type: .text, name: "note", isRequired: true, placeholder: t("certification.objection.note"))
                                        SubmitButton(t("certification.objection.resolve"))
                                    }.class("inline")
                                }
                            }
                        }
                    }
                }
            }
            if (maySupervise || mayOperate) && notice.state == .published {
                H3(t("certification.objection.record"))
                Form(url: PagePath.planObjections.url(plan.id!.uuidString), method: .post) {
                    CSRFField(request: request)
                    SelectField(name: "candidateId", label: t("certification.objection.candidate"), anyLabel: "—",
                                options: rows.map { ($0.candidate.id!.uuidString, $0.person?.name ?? "") }, selected: nil)
                    Label(t("certification.objection.objector")) { Input(type: .text, name: "objector", isRequired: true) }
                    Label(t("certification.objection.content")) { TextArea(name: "content", numberOfRows: 3) }
                    SubmitButton(t("certification.objection.record"))
                }.class("stacked")
            }
        }
    }

    private func candidateName(_ entry: String) -> String {
        rows.first { $0.candidate.id?.uuidString == entry }?.person?.name ?? entry
    }
}

extension PlanForm.Model {
    func view(_ t: Localizer) -> Component {
        let occupations = Array(Set(scope.map(\.occupationCode))).sorted()
        let levels = SkillLevel.certifiable.filter { level in scope.contains { $0.levelRank == level.rawValue } }
        return ComponentGroup {
            H1(t("certification.plans.new"))
            Paragraph(t("certification.plans.new.help", filing.validUntil ?? "")).class("muted")
            if let error { Notice(kind: .error, text: error) }
            if !problems.isEmpty {
                List(problems) { problem in ListItem("\(problem.field)：\(t.pick(problem.message, problem.messageEn))") }.class("problems")
            }
            Form(url: PagePath.newPlan.url(), method: .post) {
                CSRFField(request: request)
                SelectField(name: "occupationCode", label: t("field.occupation"), anyLabel: "—",
                            options: occupations.map { ($0, names.occupation($0, t)) }, selected: values["occupationCode"])
                Div {
                    Paragraph(t("field.level"))
                    for level in levels {
                        Label(t.level(level)) { Input(type: .checkbox, name: "levels[]", value: level.code) }
                    }
                }.class("choices")
                SelectField(name: "siteId", label: t("certification.plan.site"), anyLabel: "—",
                            options: sites.map { ($0.id!.uuidString, $0.name) }, selected: values["siteId"])
                Label(t("certification.plan.exam-from")) { Input(type: .date, name: "examFrom", value: values["examFrom"], isRequired: true) }
                Label(t("certification.plan.exam-to")) { Input(type: .date, name: "examTo", value: values["examTo"]) }
                Label(t("certification.plan.expected")) { Input(type: .number, name: "expectedCandidates", value: values["expectedCandidates"], isRequired: true) }
                SubmitButton(t("certification.plans.submit"))
            }.class("stacked")
        }
    }
}

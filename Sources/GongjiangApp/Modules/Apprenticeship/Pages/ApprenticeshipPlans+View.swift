import Foundation
import GongjiangCore
import Plot

/// The module's tabs: plans, and the yearly targets.
struct ApprenticeshipTabs: Component {
    let current: PagePath
    let t: Localizer

    var body: Component {
        Navigation {
            List([(PagePath.apprenticeshipPlans, "apprenticeship.plans"), (PagePath.apprenticeshipTargets, "apprenticeship.targets"),
                  (PagePath.apprenticeshipPolicy, "apprenticeship.policy")]) { path, key in
                Link(t(key), url: path.url()).attribute(named: "aria-current", value: path == current ? "page" : nil, ignoreValueIfEmpty: true)
            }
        }.class("tabs")
    }
}

private func yuan(_ fen: Int64?) -> String { fen.map { Money(fen: $0).yuanText + " 元" } ?? "—" }

extension ApprenticeshipPlansPage.Model {
    func view(_ t: Localizer) -> Component {
        ComponentGroup {
            ApprenticeshipTabs(current: .apprenticeshipPlans, t: t)
            H1(t("apprenticeship.plans"))
            if let personTimes {
                Paragraph(target.map { t("apprenticeship.progress", year, personTimes, $0) } ?? t("apprenticeship.progress.no-target", year, personTimes))
                    .class("muted")
            }
            if mayFile { Paragraph { Link(t("apprenticeship.plan.new"), url: PagePath.newApprenticeshipPlan.url()) }.class("actions") }
            Form(url: PagePath.apprenticeshipPlans.url(), method: .get) {
                Label(t("apprenticeship.search")) { Input(type: .search, name: "q", value: text) }
                SelectField(name: "state", label: t("field.state"), anyLabel: t("common.any"),
                            options: ApprenticeshipPlanState.allCases.map { ($0.rawValue, t("apprenticeship.plan.state.\($0.rawValue)")) }, selected: state)
                SubmitButton(t("common.search"))
            }.class("search")
            if page.items.isEmpty {
                Notice(kind: .info, text: t("common.nothing-found"))
            } else {
                Table(header: TableRow {
                    TableHeaderCell(t("apprenticeship.plan.number")); TableHeaderCell(t("apprenticeship.enterprise")); TableHeaderCell(t("field.occupation"))
                    TableHeaderCell(t("apprenticeship.target-level")); TableHeaderCell(t("field.district")); TableHeaderCell(t("apprenticeship.plan.period"))
                    TableHeaderCell(t("apprenticeship.plan.headcount")); TableHeaderCell(t("field.state"))
                }) {
                    for item in page.items {
                        TableRow {
                            TableCell { Link(item.number, url: PagePath.apprenticeshipPlan.url(item.id.uuidString)) }
                            TableCell(item.enterpriseName)
                            TableCell(names.occupation(item.occupationCode, t))
                            TableCell(SkillLevel(code: item.targetLevel).map { t.level($0) } ?? item.targetLevel)
                            TableCell(names.district(item.districtCode, t))
                            TableCell("\(item.startsOn) – \(item.endsOn)")
                            TableCell("\(item.active + item.completed + item.exited) / \(item.plannedHeadcount)").class("number")
                            TableCell(t("apprenticeship.plan.state.\(item.state)"))
                        }
                    }
                }
            }
            Pager(path: PagePath.apprenticeshipPlans.url(), query: ["state": state, "q": text], next: page.next, isFirstPage: isFirstPage,
                  nextLabel: t("common.next-page"), firstLabel: t("common.first-page"))
        }
    }
}

extension ApprenticeshipPlanForm.Model {
    func view(_ t: Localizer) -> Component {
        ComponentGroup {
            ApprenticeshipTabs(current: .apprenticeshipPlans, t: t)
            H1(t("apprenticeship.plan.new"))
            if let error { Notice(kind: .error, text: error) }
            if !problems.isEmpty {
                List(problems) { problem in ListItem("\(problem.field)：\(t.pick(problem.message, problem.messageEn))") }.class("problems")
            }
            Paragraph(t("apprenticeship.plan.rules", policy.minimumDurationMonths, policy.maximumDurationMonths, policy.advancePercent,
                        policy.minimumContractMonths, policy.mentorCapacity)).class("muted")
            Form(url: PagePath.newApprenticeshipPlan.url(), method: .post) {
                CSRFField(request: request)
                ApprenticeshipPlanFields(schools: schools, values: values, t: t)
                SubmitButton(t("apprenticeship.plan.file"))
            }.class("stacked")
        }
    }
}

/// The fields of a plan, for filing it and for correcting a returned one.
struct ApprenticeshipPlanFields: Component {
    let schools: [(id: UUID, name: String)]
    let values: [String: String]
    let t: Localizer

    var body: Component {
        ComponentGroup {
            SelectField(name: "schoolId", label: t("apprenticeship.school"), anyLabel: "—",
                        options: schools.map { ($0.id.uuidString, $0.name) }, selected: values["schoolId"])
            field("occupationCode", t("apprenticeship.occupation-code"), type: .text)
            SelectField(name: "targetLevel", label: t("apprenticeship.target-level"), anyLabel: "—",
                        options: (SkillLevel.level4.rawValue...SkillLevel.level1.rawValue).compactMap(SkillLevel.init(rawValue:)).map { ($0.code, t.level($0)) },
                        selected: values["targetLevel"])
            field("durationMonths", t("apprenticeship.plan.months"), type: .number)
            field("schoolHours", t("apprenticeship.plan.school-hours"), type: .number)
            field("workHours", t("apprenticeship.plan.work-hours"), type: .number)
            field("startsOn", t("apprenticeship.plan.starts-on"), type: .date)
            field("plannedHeadcount", t("apprenticeship.plan.planned"), type: .number)
            field("bankAccount", t("apprenticeship.plan.bank-account"), type: .text)
        }
    }

    private func field(_ name: String, _ label: String, type: HTMLInputType) -> Component {
        Label(label) { Input(type: type, name: name, value: values[name], isRequired: true) }
    }
}

extension ApprenticeshipPlanPage.Model {
    func view(_ t: Localizer) -> Component {
        let id = item.id.uuidString
        return ComponentGroup {
            ApprenticeshipTabs(current: .apprenticeshipPlans, t: t)
            H1(t("apprenticeship.plan.title", item.number))
            if let error { Notice(kind: .error, text: error) }
            if let done { Notice(kind: .success, text: done) }
            FactTable(rows: [
                (t("apprenticeship.enterprise"), item.enterpriseName),
                (t("apprenticeship.school"), item.schoolName),
                (t("field.occupation"), names.occupation(item.occupationCode, t)),
                (t("apprenticeship.target-level"), SkillLevel(code: item.targetLevel).map { t.level($0) } ?? item.targetLevel),
                (t("field.district"), names.district(item.districtCode, t)),
                (t("apprenticeship.plan.period"), t("apprenticeship.plan.period.value", item.startsOn, item.endsOn, item.durationMonths)),
                (t("apprenticeship.plan.hours"), t("apprenticeship.plan.hours.value", item.schoolHours, item.workHours)),
                (t("apprenticeship.plan.headcount"), t("apprenticeship.plan.headcount.value", item.plannedHeadcount, item.active, item.completed, item.exited)),
                (t("apprenticeship.plan.bank-account"), item.payeeAccountMasked ?? "—"),
                (t("field.state"), t("apprenticeship.plan.state.\(item.state)")),
                (t("certification.reason"), item.lastReason ?? ""),
            ])
            H2(t("apprenticeship.money"))
            Table(header: TableRow { TableHeaderCell(t("apprenticeship.money.item")); TableHeaderCell(t("apprenticeship.money.amount")); TableHeaderCell(t("apprenticeship.money.payment")) }) {
                TableRow {
                    TableCell(t("apprenticeship.money.advance"))
                    TableCell(yuan(item.advanceFen)).class("number")
                    TableCell { paymentLink(item.advancePaymentId, state: item.advanceState, t) }
                }
                TableRow {
                    TableCell(t("apprenticeship.money.settlement", item.completedHeadcount ?? 0))
                    TableCell(yuan(item.settlementFen)).class("number")
                    TableCell {
                        if let fen = item.settlementFen, fen < 0 { Text(t("apprenticeship.money.clawback")) } else { paymentLink(item.settlementPaymentId, state: item.settlementState, t) }
                    }
                }
            }
            if !steps.isEmpty || maySettle || state == .approved {
                H2(t("training.steps"))
                for event in steps {
                    StepForm(action: PagePath.apprenticeshipPlanStep.url(id), event: event.rawValue, label: t("apprenticeship.plan.event.\(event.rawValue)"),
                             needsReason: ApprenticeshipRules.planWorkflow.transition(from: state, on: event)?.needsReason == true, request: request,
                             idempotencyKey: formKey + "-" + event.rawValue)
                }
                if state == .approved {
                    Form(url: PagePath.apprenticeshipCompletions.url(id), method: .post) {
                        CSRFField(request: request)
                        SubmitButton(t("apprenticeship.completions.check"))
                    }.class("step")
                }
                if maySettle {
                    Paragraph(t("apprenticeship.settle.help")).class("muted")
                    Form(url: PagePath.apprenticeshipSettlement.url(id), method: .post) {
                        CSRFField(request: request)
                        IdempotencyField(key: formKey + "-settle")
                        SubmitButton(t("apprenticeship.settle"))
                    }.class("step")
                }
            }
            if mayAmend {
                H2(t("apprenticeship.plan.amend"))
                Paragraph(t("apprenticeship.plan.amend.help")).class("muted")
                Form(url: PagePath.apprenticeshipPlanAmendment.url(id), method: .post) {
                    CSRFField(request: request)
                    ApprenticeshipPlanFields(schools: schools, values: amendValues, t: t)
                    SubmitButton(t("apprenticeship.plan.amend.save"))
                }.class("stacked")
            }
            H2(t("apprenticeship.apprentices", item.active + item.completed + item.exited))
            if apprentices.isEmpty {
                Notice(kind: .info, text: t("apprenticeship.apprentices.none"))
            } else {
                Table(header: TableRow {
                    TableHeaderCell(t("field.name")); TableHeaderCell(t("apprenticeship.mentor")); TableHeaderCell(t("apprenticeship.teacher"))
                    TableHeaderCell(t("apprenticeship.contract")); TableHeaderCell(t("apprenticeship.wage")); TableHeaderCell(t("field.state"))
                }) {
                    for apprentice in apprentices {
                        TableRow {
                            TableCell { Link(apprentice.nameMasked, url: PagePath.apprentice.url(apprentice.id.uuidString)) }
                            TableCell(apprentice.mentorNameMasked)
                            TableCell(apprentice.teacherName)
                            TableCell("\(apprentice.contractStart) – \(apprentice.contractEnd ?? t("apprenticeship.open-ended"))")
                            TableCell {
                                Text(yuan(apprentice.monthlyWageFen))
                                if let warning = apprentice.wageWarning { Span(warning).class("warning") }
                            }
                            TableCell(t("apprenticeship.apprentice.state.\(apprentice.state)"))
                        }
                    }
                }
            }
            if mayAdd {
                H2(t("apprenticeship.apprentice.add"))
                Form(url: PagePath.apprenticeshipApprentices.url(id), method: .post) {
                    CSRFField(request: request)
                    Label(t("field.name")) { Input(type: .text, name: "name", isRequired: true) }
                    Label(t("field.id-number")) { Input(type: .text, name: "idNumber", isRequired: true) }
                    SelectField(name: "hireKind", label: t("apprenticeship.hire-kind"), anyLabel: "—",
                                options: ["new-hire", "transferred"].map { ($0, t("apprenticeship.hire-kind.\($0)")) }, selected: nil)
                    Label(t("apprenticeship.mentor-id")) { Input(type: .text, name: "mentorIdNumber", isRequired: true) }
                    Label(t("apprenticeship.teacher")) { Input(type: .text, name: "teacherName", isRequired: true) }
                    Label(t("apprenticeship.contract-start")) { Input(type: .date, name: "contractStart", isRequired: true) }
                    Label(t("apprenticeship.contract-end")) { Input(type: .date, name: "contractEnd") }
                    Label(t("apprenticeship.wage-yuan")) { Input(type: .text, name: "monthlyWage", isRequired: true) }
                    Label(t("apprenticeship.fee-yuan")) { Input(type: .text, name: "trainingFee", isRequired: true) }
                    Label(t("apprenticeship.allowance-yuan")) { Input(type: .text, name: "mentorAllowance", isRequired: true) }
                    SubmitButton(t("apprenticeship.apprentice.add"))
                }.class("stacked")
            }
        }
    }

    @ComponentBuilder
    private func paymentLink(_ payment: UUID?, state: String?, _ t: Localizer) -> Component {
        let name = state.flatMap(PaymentState.init(rawValue:)).map { t.pick($0.chineseName, $0.rawValue) } ?? "—"
        if let payment, mayReadLedger {
            Link(name, url: PagePath.ledgerPayment.url(payment.uuidString))
        } else {
            Text(name)
        }
    }
}

extension ApprenticePage.Model {
    func view(_ t: Localizer) -> Component {
        let id = item.id.uuidString
        return ComponentGroup {
            ApprenticeshipTabs(current: .apprenticeshipPlans, t: t)
            H1(t("apprenticeship.apprentice.title", item.nameMasked, plan.number))
            if let error { Notice(kind: .error, text: error) }
            if let warning = item.wageWarning { Notice(kind: .error, text: warning) }
            FactTable(rows: [
                (t("apprenticeship.plan"), plan.number),
                (t("apprenticeship.hire-kind"), t("apprenticeship.hire-kind.\(item.hireKind)")),
                (t("apprenticeship.mentor"), item.mentorNameMasked),
                (t("apprenticeship.teacher"), item.teacherName),
                (t("apprenticeship.contract"), "\(item.contractStart) – \(item.contractEnd ?? t("apprenticeship.open-ended"))"),
                (t("apprenticeship.wage"), yuan(item.monthlyWageFen)),
                (t("apprenticeship.fee"), yuan(item.trainingFeeFen)),
                (t("apprenticeship.allowance"), yuan(item.mentorAllowanceFen)),
                (t("apprenticeship.started-on"), item.startedOn),
                (t("field.state"), t("apprenticeship.apprentice.state.\(item.state)")),
                (t("apprenticeship.completed-on"), item.completedOn ?? ""),
                (t("apprenticeship.exit"), item.exitedOn.map { "\($0) \(item.exitReason ?? "")" } ?? ""),
            ])
            H2(t("apprenticeship.assessments"))
            if assessments.isEmpty {
                Notice(kind: .info, text: t("apprenticeship.assessments.none"))
            } else {
                Table(header: TableRow {
                    TableHeaderCell(t("apprenticeship.assessment.stage")); TableHeaderCell(t("apprenticeship.assessment.day"))
                    TableHeaderCell(t("apprenticeship.assessment.result")); TableHeaderCell(t("apprenticeship.assessment.note"))
                }) {
                    for assessment in assessments {
                        TableRow {
                            TableCell(assessment.stage); TableCell(assessment.assessedOn)
                            TableCell(t("apprenticeship.assessment.\(assessment.result)")); TableCell(assessment.note ?? "")
                        }
                    }
                }
            }
            if mayAssess {
                Form(url: PagePath.apprenticeAssessments.url(id), method: .post) {
                    CSRFField(request: request)
                    Label(t("apprenticeship.assessment.stage")) { Input(type: .text, name: "stage", isRequired: true) }
                    Label(t("apprenticeship.assessment.day")) { Input(type: .date, name: "assessedOn", isRequired: true) }
                    SelectField(name: "result", label: t("apprenticeship.assessment.result"), anyLabel: "—",
                                options: ["passed", "failed"].map { ($0, t("apprenticeship.assessment.\($0)")) }, selected: nil)
                    Label(t("apprenticeship.assessment.note")) { Input(type: .text, name: "note") }
                    SubmitButton(t("apprenticeship.assessment.record"))
                }.class("stacked")
            }
            H2(t("apprenticeship.changes"))
            if changes.isEmpty {
                Notice(kind: .info, text: t("apprenticeship.changes.none"))
            } else {
                Table(header: TableRow {
                    TableHeaderCell(t("apprenticeship.change.effective")); TableHeaderCell(t("apprenticeship.change.before"))
                    TableHeaderCell(t("apprenticeship.change.after")); TableHeaderCell(t("certification.reason"))
                }) {
                    for change in changes {
                        TableRow { TableCell(change.effectiveOn); TableCell(change.before); TableCell(change.after); TableCell(change.reason ?? "") }
                    }
                }
            }
            if isEnterprise {
                Paragraph(t("apprenticeship.change.help")).class("muted")
                Form(url: PagePath.apprenticeChanges.url(id), method: .post) {
                    CSRFField(request: request)
                    Label(t("apprenticeship.change.effective")) { Input(type: .date, name: "effectiveOn", isRequired: true) }
                    Label(t("apprenticeship.wage-yuan")) { Input(type: .text, name: "monthlyWage") }
                    Label(t("apprenticeship.contract-end")) { Input(type: .date, name: "contractEnd") }
                    Label(t("apprenticeship.fee-yuan")) { Input(type: .text, name: "trainingFee") }
                    Label(t("apprenticeship.allowance-yuan")) { Input(type: .text, name: "mentorAllowance") }
                    Label(t("apprenticeship.mentor-id")) { Input(type: .text, name: "mentorIdNumber") }
                    Label(t("certification.reason")) { Input(type: .text, name: "reason") }
                    SubmitButton(t("apprenticeship.change.save"))
                }.class("stacked")
            }
            if mayExit {
                H2(t("apprenticeship.exit"))
                Form(url: PagePath.apprenticeExit.url(id), method: .post) {
                    CSRFField(request: request)
                    Label(t("certification.reason")) { Input(type: .text, name: "reason", isRequired: true) }
                    SubmitButton(t("apprenticeship.exit.do"))
                }.class("step")
            }
        }
    }
}

extension ApprenticeshipTargetsPage.Model {
    func view(_ t: Localizer) -> Component {
        ComponentGroup {
            ApprenticeshipTabs(current: .apprenticeshipTargets, t: t)
            H1(t("apprenticeship.targets.title", year))
            if let error { Notice(kind: .error, text: error) }
            Form(url: PagePath.apprenticeshipTargets.url(), method: .get) {
                Label(t("apprenticeship.targets.year")) { Input(type: .number, name: "year", value: String(year)) }
                SubmitButton(t("common.search"))
            }.class("search")
            Table(header: TableRow {
                TableHeaderCell(t("field.district")); TableHeaderCell(t("apprenticeship.targets.target")); TableHeaderCell(t("apprenticeship.targets.started"))
            }) {
                if mayEdit {
                    TableRow {
                        TableCell(t("apprenticeship.targets.city")); TableCell(targets.city.map(String.init) ?? "—").class("number")
                        TableCell(String(cityStarted)).class("number")
                    }
                }
                for district in districts {
                    TableRow {
                        TableCell(district.label); TableCell(targets.districts[district.value].map(String.init) ?? "—").class("number")
                        TableCell(String(started[district.value] ?? 0)).class("number")
                    }
                }
            }
            if mayEdit {
                H2(t("apprenticeship.targets.set"))
                Paragraph(t("apprenticeship.targets.help")).class("muted")
                Form(url: PagePath.apprenticeshipTargets.url() + "?year=\(year)", method: .post) {
                    CSRFField(request: request)
                    Input(type: .hidden, name: "year", value: String(year))
                    Label(t("apprenticeship.targets.city")) { Input(type: .number, name: "city", value: targets.city.map(String.init), isRequired: true) }
                    for district in districts {
                        Label(district.label) { Input(type: .number, name: "d_\(district.value)", value: targets.districts[district.value].map(String.init)) }
                    }
                    SubmitButton(t("apprenticeship.targets.save"))
                }.class("stacked")
            }
        }
    }
}

extension ApprenticeshipPolicyPage.Model {
    func view(_ t: Localizer) -> Component {
        let current = versions.first { $0.inForce }
        return ComponentGroup {
            ApprenticeshipTabs(current: .apprenticeshipPolicy, t: t)
            H1(t("apprenticeship.policy"))
            if let error { Notice(kind: .error, text: error) }
            Table(header: TableRow {
                TableHeaderCell(t("apprenticeship.policy.from"))
                for entry in ApprenticeshipPolicy.ranges { TableHeaderCell(t("apprenticeship.policy.\(entry.field)")) }
                TableHeaderCell(t("field.state"))
            }) {
                for version in versions {
                    TableRow {
                        TableCell(version.effectiveFrom)
                        for value in [version.minimumContractMonths, version.minimumDurationMonths, version.maximumDurationMonths, version.mentorCapacity,
                                      version.advancePercent] {
                            TableCell(String(value)).class("number")
                        }
                        TableCell(version.inForce ? t("apprenticeship.policy.in-force") : "")
                    }
                }
            }
            if mayEdit {
                H2(t("apprenticeship.policy.add"))
                Paragraph(t("apprenticeship.policy.help")).class("muted")
                Form(url: PagePath.apprenticeshipPolicy.url(), method: .post) {
                    CSRFField(request: request)
                    Label(t("apprenticeship.policy.from")) { Input(type: .date, name: "effectiveFrom", isRequired: true) }
                    for entry in ApprenticeshipPolicy.ranges {
                        Label(t("apprenticeship.policy.\(entry.field)")) {
                            Input(type: .number, name: entry.field, value: current.map { String(Self.value(entry.field, of: $0)) }, isRequired: true)
                                .attribute(named: "min", value: String(entry.range.lowerBound)).attribute(named: "max", value: String(entry.range.upperBound))
                        }
                    }
                    SubmitButton(t("apprenticeship.policy.save"))
                }.class("stacked")
            }
        }
    }

    static func value(_ field: String, of version: ApprenticeshipPolicyDTO) -> Int {
        switch field {
        case "minimumContractMonths": version.minimumContractMonths
        case "minimumDurationMonths": version.minimumDurationMonths
        case "maximumDurationMonths": version.maximumDurationMonths
        case "mentorCapacity": version.mentorCapacity
        default: version.advancePercent
        }
    }
}

import Foundation
import GongjiangCore
import Plot

extension ClassesPage.Model {
    func view(_ t: Localizer) -> Component {
        ComponentGroup {
            TrainingTabs(current: .trainingClasses, t: t)
            H1(t("training.classes"))
            if mayFile { Paragraph { Link(t("training.class.new"), url: PagePath.newTrainingClass.url()) }.class("actions") }
            Form(url: PagePath.trainingClasses.url(), method: .get) {
                SelectField(name: "state", label: t("field.state"), anyLabel: t("common.any"),
                            options: ClassState.allCases.map { ($0.rawValue, t("training.class.state.\($0.rawValue)")) }, selected: state)
                SubmitButton(t("common.search"))
            }.class("search")
            if page.items.isEmpty {
                Notice(kind: .info, text: t("common.nothing-found"))
            } else {
                Table(header: TableRow {
                    TableHeaderCell(t("training.class.number")); TableHeaderCell(t("field.occupation")); TableHeaderCell(t("field.level"))
                    TableHeaderCell(t("field.district")); TableHeaderCell(t("training.class.dates")); TableHeaderCell(t("training.class.capacity"))
                    TableHeaderCell(t("field.state"))
                }) {
                    for item in page.items {
                        TableRow {
                            TableCell { Link(item.number, url: PagePath.trainingClass.url(item.id.uuidString)) }
                            TableCell(names.occupation(item.occupationCode, t))
                            TableCell(SkillLevel(code: item.level).map { t.level($0) } ?? item.level)
                            TableCell(names.district(item.districtCode, t))
                            TableCell("\(item.startsOn) – \(item.endsOn)")
                            TableCell(String(item.capacity)).class("number")
                            TableCell(t("training.class.state.\(item.state)"))
                        }
                    }
                }
            }
            Pager(path: PagePath.trainingClasses.url(), query: ["state": state], next: page.next, isFirstPage: isFirstPage,
                  nextLabel: t("common.next-page"), firstLabel: t("common.first-page"))
        }
    }
}

extension ClassForm.Model {
    func view(_ t: Localizer) -> Component {
        let occupations = Array(Set(scope.map(\.code))).sorted()
        let levels = Array(Set(scope.map(\.level))).sorted { $0.rawValue < $1.rawValue }
        return ComponentGroup {
            TrainingTabs(current: .trainingClasses, t: t)
            H1(t("training.class.new"))
            if let error { Notice(kind: .error, text: error) }
            if !problems.isEmpty {
                List(problems) { problem in ListItem("\(problem.field)：\(t.pick(problem.message, problem.messageEn))") }.class("problems")
            }
            Paragraph(t("training.class.rules", policy.minimumHoursLevel5, policy.minimumHoursHigher, policy.practicalSharePercent,
                        policy.classLeadDays)).class("muted")
            if scope.isEmpty {
                Notice(kind: .error, text: t("training.class.no-scope"))
            } else {
                Form(url: PagePath.newTrainingClass.url(), method: .post) {
                    CSRFField(request: request)
                    SelectField(name: "occupationCode", label: t("field.occupation"), anyLabel: "—",
                                options: occupations.map { ($0, names.occupation($0, t)) }, selected: values["occupationCode"])
                    SelectField(name: "level", label: t("field.level"), anyLabel: "—",
                                options: levels.map { ($0.code, t.level($0)) }, selected: values["level"])
                    field("totalHours", t("training.class.total-hours"), type: .number)
                    field("practicalHours", t("training.class.practical-hours"), type: .number)
                    field("startsOn", t("training.class.starts-on"), type: .date)
                    field("endsOn", t("training.class.ends-on"), type: .date)
                    field("capacity", t("training.class.capacity"), type: .number)
                    field("site", t("training.class.site"), type: .text)
                    field("teachers", t("training.class.teachers"), type: .text)
                    field("fee", t("training.class.fee-yuan"), type: .text)
                    SubmitButton(t("training.class.file"))
                }.class("stacked")
            }
        }
    }

    private func field(_ name: String, _ label: String, type: HTMLInputType) -> Component {
        Label(label) { Input(type: type, name: name, value: values[name], isRequired: name != "fee") }
    }
}

extension ClassPage.Model {
    func view(_ t: Localizer) -> Component {
        let id = item.id.uuidString
        let active = enrolments.filter { $0.state != "withdrawn" }.count
        return ComponentGroup {
            TrainingTabs(current: .trainingClasses, t: t)
            H1(t("training.class.title", item.number))
            if let error { Notice(kind: .error, text: error) }
            if let fileOutcome { RowFileOutcome(outcome: fileOutcome, t: t) }
            FactTable(rows: [
                (t("training.provider"), providerName),
                (t("field.occupation"), names.occupation(item.occupationCode, t)),
                (t("field.level"), SkillLevel(code: item.level).map { t.level($0) } ?? item.level),
                (t("training.class.subsidy-class"), item.subsidyClass),
                (t("training.class.hours"), t("training.class.hours.value", item.totalHours, item.practicalHours)),
                (t("training.class.dates"), "\(item.startsOn) – \(item.endsOn)"),
                (t("training.class.site"), item.site),
                (t("training.class.teachers"), item.teachers),
                (t("training.class.capacity"), "\(active) / \(item.capacity)"),
                (t("training.class.fee"), Money(fen: item.feeFen).yuanText + " 元"),
                (t("field.state"), t("training.class.state.\(item.state)")),
                (t("certification.reason"), item.lastReason ?? ""),
            ])
            if !steps.isEmpty {
                H2(t("training.steps"))
                if steps.contains(.close) { Paragraph(t("training.class.close.help", policy.completionAttendancePercent)).class("muted") }
                for event in steps {
                    StepForm(action: PagePath.trainingClassStep.url(id), event: event.rawValue, label: t("training.class.event.\(event.rawValue)"),
                             needsReason: ClassRules.workflow.transition(from: state, on: event)?.needsReason == true, request: request)
                }
            }
            H2(t("training.enrolments", active))
            if enrolments.isEmpty {
                Notice(kind: .info, text: t("training.enrolments.none"))
            } else {
                Table(header: TableRow {
                    TableHeaderCell(t("field.name")); TableHeaderCell(t("training.enrolment.category"))
                    TableHeaderCell(t("training.enrolment.attended")); TableHeaderCell(t("field.state"))
                }) {
                    for enrolment in enrolments {
                        TableRow {
                            TableCell(enrolment.nameMasked)
                            TableCell(categories.first { $0.code == enrolment.category }?.name ?? enrolment.category)
                            TableCell {
                                if mayRecordAttendance && enrolment.state == "enrolled" {
                                    Form(url: PagePath.enrolmentAttendance.url(enrolment.id.uuidString), method: .post) {
                                        CSRFField(request: request)
                                        Input(type: .number, name: "attendedHours", value: String(enrolment.attendedHours), isRequired: true)
                                            .attribute(named: "min", value: "0").attribute(named: "max", value: String(item.totalHours))
                                            .attribute(named: "aria-label", value: t("training.enrolment.attended"))
                                        Text(" / \(item.totalHours) ")
                                        SubmitButton(t("training.enrolment.save"))
                                    }.class("inline")
                                } else {
                                    Text("\(enrolment.attendedHours) / \(item.totalHours)")
                                }
                            }
                            TableCell(t("training.enrolment.state.\(enrolment.state)"))
                        }
                    }
                }
            }
            if mayEnrol {
                H2(t("training.enrol"))
                Form(url: PagePath.trainingEnrolments.url(id), method: .post) {
                    CSRFField(request: request)
                    Label(t("field.name")) { Input(type: .text, name: "name", isRequired: true) }
                    Label(t("field.id-number")) { Input(type: .text, name: "idNumber", isRequired: true) }
                    SelectField(name: "category", label: t("training.enrolment.category"), anyLabel: "—",
                                options: categories.map { ($0.code, $0.name) }, selected: nil)
                    Label(t("field.phone")) { Input(type: .tel, name: "phone") }
                    SubmitButton(t("training.enrol"))
                }.class("stacked")
            }
            if mayOperate && (mayEnrol || mayRecordAttendance) {
                H3(t("certification.files.title"))
                Paragraph(t("certification.files.help")).class("muted")
                if mayEnrol {
                    RowFileForm(action: PagePath.trainingClassFile(.enrolments).url(id), label: t("training.files.enrolments"),
                                template: PagePath.trainingFileTemplate(.enrolments).url(), request: request, t: t)
                }
                if mayRecordAttendance {
                    RowFileForm(action: PagePath.trainingClassFile(.attendance).url(id), label: t("training.files.attendance"),
                                template: PagePath.trainingFileTemplate(.attendance).url(), request: request, t: t)
                }
            }
        }
    }
}

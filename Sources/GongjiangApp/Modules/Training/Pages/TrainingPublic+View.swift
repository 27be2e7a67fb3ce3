import Foundation
import GongjiangCore
import Plot

extension CoursesPage.Model {
    func view(_ t: Localizer) -> Component {
        ComponentGroup {
            H1(t("training.courses"))
            Paragraph(t("training.courses.help")).class("muted")
            if let error { Notice(kind: .error, text: error) }
            Form(url: PagePath.courses.url(), method: .get) {
                SelectField(name: "occupation", label: t("field.occupation"), anyLabel: t("common.any"),
                            options: occupations.map { ($0, names.occupation($0, t)) }, selected: occupation)
                SelectField(name: "level", label: t("field.level"), anyLabel: t("common.any"),
                            options: [SkillLevel.level5, .level4, .level3, .level2, .level1].map { ($0.code, t.level($0)) }, selected: level)
                SelectField(name: "district", label: t("field.district"), anyLabel: t("common.any"), options: names.districtOptions(t), selected: district)
                Label(t("training.courses.from")) { Input(type: .date, name: "from", value: from) }
                SubmitButton(t("common.search"))
            }.class("search")
            if page.items.isEmpty {
                Notice(kind: .info, text: t("training.courses.none"))
            } else {
                Table(header: TableRow {
                    TableHeaderCell(t("field.occupation")); TableHeaderCell(t("field.level")); TableHeaderCell(t("training.provider"))
                    TableHeaderCell(t("field.district")); TableHeaderCell(t("training.class.dates")); TableHeaderCell(t("training.class.hours"))
                    TableHeaderCell(t("training.class.site")); TableHeaderCell(t("training.class.fee")); TableHeaderCell(t("training.courses.subsidy"))
                    TableHeaderCell(t("training.courses.you-pay"))
                }) {
                    for course in page.items {
                        TableRow {
                            TableCell(names.occupation(course.occupationCode, t))
                            TableCell(SkillLevel(code: course.level).map { t.level($0) } ?? course.level)
                            TableCell(course.providerName)
                            TableCell(names.district(course.districtCode, t))
                            TableCell("\(course.startsOn) – \(course.endsOn)")
                            TableCell(String(course.totalHours)).class("number")
                            TableCell(course.site)
                            TableCell(Money(fen: course.feeFen).yuanText).class("number")
                            TableCell(Money(fen: course.subsidyFen).yuanText).class("number")
                            TableCell(Money(fen: course.traineePaysFen).yuanText).class("number")
                        }
                    }
                }
                Paragraph(t("training.courses.subsidy.help")).class("muted")
            }
            Pager(path: PagePath.courses.url(), query: ["occupation": occupation, "level": level, "district": district, "from": from],
                  next: page.next, isFirstPage: isFirstPage, nextLabel: t("common.next-page"), firstLabel: t("common.first-page"))
        }
    }
}

extension ClaimNoticePage.Model {
    func view(_ t: Localizer) -> Component {
        ComponentGroup {
            H1(notice.title)
            FactTable(rows: [
                (t("field.district"), names.district(notice.districtCode, t)),
                (t("certification.notice.period"), "\(notice.publishedOn ?? "") – \(notice.lastDay ?? "")（\(t("certification.notice.working-days", notice.workingDays))）"),
                (t("field.state"), t("certification.notice.state.\(notice.stateCode)")),
            ])
            Paragraph(t("training.notice.objections")).class("muted")
            Table(header: TableRow {
                TableHeaderCell(t("training.claim.number")); TableHeaderCell(t("field.name")); TableHeaderCell(t("field.occupation"))
                TableHeaderCell(t("field.level")); TableHeaderCell(t("training.provider")); TableHeaderCell(t("training.claim.amount"))
            }) {
                for entry in entries {
                    TableRow {
                        TableCell(entry.number); TableCell(entry.name); TableCell(names.occupation(entry.occupationCode, t))
                        TableCell(entry.level.map { t.level($0) } ?? ""); TableCell(entry.provider)
                        TableCell(entry.amount.yuanText).class("number")
                    }
                }
            }
        }
    }
}

extension PolicyPage.Model {
    func view(_ t: Localizer) -> Component {
        ComponentGroup {
            TrainingTabs(current: .trainingPolicy, t: t)
            H1(t("training.policy"))
            if let error { Notice(kind: .error, text: error) }
            Paragraph(t("training.policy.help")).class("muted")
            Table(header: TableRow {
                TableHeaderCell(t("field.effective-from"))
                for entry in TrainingPolicy.ranges { TableHeaderCell(t("training.policy.\(entry.field)")) }
            }) {
                for version in versions {
                    TableRow {
                        TableCell {
                            Text(version.effectiveFrom.description)
                            if version == inForce { Span(" " + t("training.policy.in-force")).class("muted") }
                        }
                        for entry in TrainingPolicy.ranges { TableCell(String(entry.value(version))).class("number") }
                    }
                }
            }
            if mayEdit {
                H2(t("training.policy.add"))
                Form(url: PagePath.trainingPolicyVersions.url(), method: .post) {
                    CSRFField(request: request)
                    Label(t("field.effective-from")) { Input(type: .date, name: "effectiveFrom", isRequired: true) }
                    for entry in TrainingPolicy.ranges {
                        Label(t("training.policy.\(entry.field)")) {
                            Input(type: .number, name: entry.field, value: String(entry.value(inForce)), isRequired: true)
                                .attribute(named: "min", value: String(entry.range.lowerBound)).attribute(named: "max", value: String(entry.range.upperBound))
                        }
                    }
                    SubmitButton(t("training.policy.add"))
                }.class("stacked")
            }
            H2(t("training.categories"))
            Table(header: TableRow {
                TableHeaderCell(t("field.code")); TableHeaderCell(t("training.categories.name-zh")); TableHeaderCell(t("training.categories.name-en"))
                TableHeaderCell(t("field.state"))
                if mayEdit { TableHeaderCell(t("training.steps")) }
            }) {
                for category in categories {
                    TableRow {
                        TableCell(category.code); TableCell(category.nameZh); TableCell(category.nameEn)
                        TableCell(category.isActive ? t("training.categories.active") : t("training.categories.retired"))
                        if mayEdit {
                            TableCell {
                                Form(url: PagePath.trainingPolicyCategories.url(), method: .post) {
                                    CSRFField(request: request)
                                    Input(type: .hidden, name: "code", value: category.code)
                                    Input(type: .hidden, name: "nameZh", value: category.nameZh)
                                    Input(type: .hidden, name: "nameEn", value: category.nameEn)
                                    Input(type: .hidden, name: "isActive", value: category.isActive ? "false" : "true")
                                    SubmitButton(category.isActive ? t("training.categories.retire") : t("training.categories.restore"))
                                }.class("inline")
                            }
                        }
                    }
                }
            }
            if mayEdit {
                H3(t("training.categories.add"))
                Form(url: PagePath.trainingPolicyCategories.url(), method: .post) {
                    CSRFField(request: request)
                    Label(t("field.code")) { Input(type: .text, name: "code", isRequired: true) }
                    Label(t("training.categories.name-zh")) { Input(type: .text, name: "nameZh", isRequired: true) }
                    Label(t("training.categories.name-en")) { Input(type: .text, name: "nameEn", isRequired: true) }
                    Input(type: .hidden, name: "isActive", value: "true")
                    SubmitButton(t("training.categories.add"))
                }.class("stacked")
            }
        }
    }
}

import Foundation
import GongjiangCore
import Plot

/// The module's tabs: calls for everyone; reviews for experts; titles, types and experts for the bureau.
struct ProgrammeTabs: Component {
    let current: PagePath
    let role: Role?
    let t: Localizer

    var body: Component {
        var tabs: [(PagePath, String)] = [(.programmes, "programme.calls")]
        if let role {
            if AccessPolicy.allows(role, .reviewProgrammes) { tabs.append((.programmeReviews, "programme.reviews")) }
            if AccessPolicy.allows(role, .readProgrammes) { tabs.append((.programmeTitles, "programme.titles")) }
            if AccessPolicy.allows(role, .approveProgrammes) { tabs += [(.programmeTypes, "programme.types"), (.programmeExperts, "programme.experts")] }
        }
        return Navigation {
            List(tabs) { path, key in
                Link(t(key), url: path.url()).attribute(named: "aria-current", value: path == current ? "page" : nil, ignoreValueIfEmpty: true)
            }
        }.class("tabs")
    }
}

private func yuan(_ money: Money) -> String { money.yuanText + " 元" }

extension ProgrammeCallsPage.Model {
    func view(_ t: Localizer) -> Component {
        ComponentGroup {
            ProgrammeTabs(current: .programmes, role: request.principal?.role, t: t)
            H1(t("programme.calls"))
            Paragraph(t("programme.calls.lead")).class("muted")
            if let error { Notice(kind: .error, text: error) }
            if calls.isEmpty {
                Notice(kind: .info, text: t("programme.calls.none"))
            } else {
                Table(header: TableRow {
                    TableHeaderCell(t("programme.call.number")); TableHeaderCell(t("programme.call.title")); TableHeaderCell(t("programme.type"))
                    TableHeaderCell(t("programme.call.period")); TableHeaderCell(t("programme.call.quota")); TableHeaderCell(t("field.state"))
                }) {
                    for call in calls {
                        TableRow {
                            TableCell(call.number)
                            TableCell { Link(call.title, url: PagePath.programmeCall.url(call.id.uuidString)) }
                            TableCell("\(call.type.nameZH)（\(t("programme.tier.\(call.type.tier.rawValue)"))）")
                            TableCell("\(call.opensOn) – \(call.closesOn)")
                            TableCell(String(call.districts.map(\.quota).reduce(0, +))).class("number")
                            TableCell(t("programme.call.state.\(call.state.rawValue)"))
                        }
                    }
                }
            }
            if mayCreate {
                H2(t("programme.call.new"))
                Form(url: PagePath.programmes.url(), method: .post) {
                    CSRFField(request: request)
                    SelectField(name: "typeCode", label: t("programme.type"), anyLabel: "—",
                                options: types.map { ($0.code, "\($0.nameZH)（\(t("programme.tier.\($0.tier.rawValue)"))）") }, selected: values["typeCode"])
                    Label(t("programme.call.year")) { Input(type: .number, name: "year", value: values["year"], isRequired: true) }
                    Label(t("programme.call.title")) { Input(type: .text, name: "title", value: values["title"], isRequired: true) }
                    Label(t("programme.call.description")) { TextArea(text: values["description"] ?? "", name: "description", numberOfRows: 4) }
                    Label(t("programme.call.opens")) { Input(type: .date, name: "opensOn", value: values["opensOn"], isRequired: true) }
                    Label(t("programme.call.closes")) { Input(type: .date, name: "closesOn", value: values["closesOn"], isRequired: true) }
                    Label(t("programme.call.notice-days")) { Input(type: .number, name: "noticeWorkingDays", value: values["noticeWorkingDays"] ?? "5", isRequired: true) }
                    Label(t("programme.call.one-off")) { Input(type: .text, name: "oneOffYuan", value: values["oneOffYuan"]) }
                    Table(header: TableRow {
                        TableHeaderCell(t("field.district")); TableHeaderCell(t("programme.call.quota")); TableHeaderCell(t("programme.call.budget-yuan"))
                    }) {
                        for district in districts {
                            TableRow {
                                TableCell(district.name)
                                TableCell { Input(type: .number, name: "quota[\(district.code)]", value: values["quota.\(district.code)"] ?? "0")
                                    .attribute(named: "aria-label", value: "\(district.name) \(t("programme.call.quota"))") }
                                TableCell { Input(type: .text, name: "budget[\(district.code)]", value: values["budget.\(district.code)"] ?? "0")
                                    .attribute(named: "aria-label", value: "\(district.name) \(t("programme.call.budget-yuan"))") }
                            }
                        }
                    }
                    SubmitButton(t("programme.call.create"))
                }.class("stacked")
            }
        }
    }
}

extension ProgrammeCallPage.Model {
    func view(_ t: Localizer) -> Component {
        let id = call.id.uuidString
        let type = call.type
        return ComponentGroup {
            ProgrammeTabs(current: .programmes, role: role, t: t)
            H1("\(call.title)（\(call.number)）")
            if let error { Notice(kind: .error, text: error) }
            if let done { Notice(kind: .success, text: done) }
            Paragraph(t("programme.call.summary", type.nameZH, t("programme.tier.\(type.tier.rawValue)"), call.opensOn.description, call.closesOn.description,
                        call.noticeWorkingDays))
            if !type.funding.isEmpty {
                Paragraph(t("programme.call.funding", type.funding.map { $0.rule.chinese + ($0.payee == .employer ? "（\(t("programme.pays-employer"))）" : "") }
                    .joined(separator: "；")))
            }
            if !call.description.isEmpty { Paragraph(call.description) }
            H2(t("programme.eligibility"))
            List(type.eligibility.map(\.chinese)) { ListItem($0) }
            if !type.attachments.isEmpty {
                H2(t("programme.attachments"))
                List(type.attachments) { ListItem("\($0.label)\($0.required ? "（\(t("programme.required"))）" : "")") }
            }
            H2(t("programme.call.quotas"))
            Table(header: TableRow { TableHeaderCell(t("field.district")); TableHeaderCell(t("programme.call.quota")); TableHeaderCell(t("programme.call.budget-yuan")) }) {
                for district in call.districts {
                    TableRow { TableCell(names.district(district.code, t)); TableCell(String(district.quota)).class("number"); TableCell(yuan(district.budget)).class("number") }
                }
            }
            if let notice {
                Paragraph(t("programme.notice.period", notice.publishedOn ?? "", notice.lastDay ?? "", t("programme.notice.state.\(notice.stateCode)"))).class("muted")
            }
            if !noticeList.isEmpty {
                H2(t("programme.notice.list"))
                Paragraph(t("programme.notice.object", notice?.lastDay ?? "")).class("muted")
                publicTable(noticeList, t)
            }
            if !announced.isEmpty {
                H2(t("programme.announced"))
                publicTable(announced, t)
            }
            if role == .cityAdmin { cityActions(t, id: id) }
            if mayApply { applyForm(t, id: id) }
            if !applications.isEmpty || filter.values.contains(where: { !$0.isEmpty }) || page > 1 {
                H2(t("programme.applications"))
                Form(url: PagePath.programmeCall.url(id), method: .get) {
                    SelectField(name: "state", label: t("field.state"), anyLabel: t("common.any"),
                                options: ProgrammeApplicationState.allCases.filter { $0 != .draft || role != .cityAdmin && role != .districtOfficer }
                                    .map { ($0.rawValue, t("programme.application.state.\($0.rawValue)")) },
                                selected: filter["state"])
                    SelectField(name: "district", label: t("field.district"), anyLabel: t("common.any"),
                                options: call.districts.map { ($0.code, names.district($0.code, t)) }, selected: filter["district"])
                    Label(t("programme.applications.search")) { Input(type: .search, name: "q", value: filter["q"]) }
                    SubmitButton(t("common.search"))
                }.class("filters")
                if applications.isEmpty { Notice(kind: .info, text: t("common.nothing-found")) }
                Table(header: TableRow {
                    TableHeaderCell(t("programme.application.number")); TableHeaderCell(t("programme.applicant")); TableHeaderCell(t("field.district"))
                    TableHeaderCell(t("programme.score")); TableHeaderCell(t("programme.rank")); TableHeaderCell(t("field.state"))
                }) {
                    for row in applications {
                        TableRow {
                            TableCell { Link(row.number, url: PagePath.programmeApplication.url(row.id.uuidString)) }
                            TableCell(row.applicant); TableCell(names.district(row.district, t))
                            TableCell(row.trimmedMean.map { String(format: "%.2f", Double($0) / 100) } ?? "—").class("number")
                            TableCell(row.rank.map(String.init) ?? "—").class("number")
                            TableCell(t("programme.application.state.\(row.state)"))
                        }
                    }
                }
                Paragraph {
                    if page > 1 { Link(t("common.previous-page"), url: pageURL(id, page - 1)) }
                    if page > 1 && more { Text(" · ") }
                    if more { Link(t("common.next-page"), url: pageURL(id, page + 1)).linkRelationship(.next) }
                }.class("pager")
            }
        }
    }

    private func pageURL(_ id: String, _ page: Int) -> String {
        PagePath.programmeCall.url(id, query: filter.filter { !$0.value.isEmpty }.merging(["page": String(page)]) { $1 })
    }

    private func publicTable(_ entries: [ProgrammeCallPage.PublicEntry], _ t: Localizer) -> Component {
        Table(header: TableRow {
            TableHeaderCell(t("programme.application.number")); TableHeaderCell(t("programme.holder")); TableHeaderCell(t("programme.employer"))
            TableHeaderCell(t("field.district")); TableHeaderCell(t("programme.score")); TableHeaderCell(t("field.state"))
        }) {
            for entry in entries {
                TableRow {
                    TableCell(entry.number); TableCell(entry.holder); TableCell(entry.employer ?? "—"); TableCell(names.district(entry.district, t))
                    TableCell(entry.trimmedMean.map { String(format: "%.2f", Double($0) / 100) } ?? "—").class("number")
                    TableCell(t("programme.application.state.\(entry.state)"))
                }
            }
        }
    }

    private func cityActions(_ t: Localizer, id: String) -> Component {
        let steps: [(String, Bool)] = [("publish", call.state == .draft), ("review", call.type.stages.contains(.expert)),
                                       ("ranking", call.type.stages.contains(.expert)), ("notice", true), ("notice-conclusion", notice != nil),
                                       ("withdraw", call.state != .withdrawn)]
        return ComponentGroup {
            H2(t("programme.call.steps"))
            Div {
                for (action, shown) in steps where shown {
                    Form(url: PagePath.programmeCallStep.url(id), method: .post) {
                        CSRFField(request: request)
                        Input(type: .hidden, name: "action", value: action)
                        if action == "withdraw" { Label(t("certification.reason")) { Input(type: .text, name: "reason", isRequired: true) } }
                        SubmitButton(t("programme.call.step.\(action)"))
                    }.class("step")
                }
            }.class("actions")
            if notice?.stateCode == "published" {
                H3(t("programme.objection.file"))
                Form(url: PagePath.programmeCallObjection.url(id), method: .post) {
                    CSRFField(request: request)
                    SelectField(name: "applicationId", label: t("programme.application.number"), anyLabel: "—",
                                options: inNotice.map { ($0.id.uuidString, $0.number) }, selected: nil)
                    Label(t("programme.objection.objector")) { Input(type: .text, name: "objector", isRequired: true) }
                    Label(t("programme.objection.content")) { TextArea(name: "content", numberOfRows: 3) }
                    SubmitButton(t("programme.objection.record"))
                }.class("stacked")
            }
        }
    }

    private func applyForm(_ t: Localizer, id: String) -> Component {
        let type = call.type
        return ComponentGroup {
            H2(t("programme.apply"))
            if let findings {
                Table(header: TableRow { TableHeaderCell(t("programme.rule")); TableHeaderCell(t("programme.found")); TableHeaderCell(t("programme.met")) }) {
                    for finding in findings {
                        TableRow {
                            TableCell(finding.rule.chinese); TableCell(finding.found)
                            TableCell(finding.met ? t("programme.met.yes") : t("programme.met.no")).class(finding.met ? "ok" : "warning")
                        }
                    }
                }
            }
            Form(url: PagePath.programmeApply.url(id), method: .post) {
                CSRFField(request: request)
                if type.applicantKind == .person && role != .worker {
                    Label(t("programme.person-id")) { Input(type: .text, name: "personIdNumber", value: values["personIdNumber"], isRequired: true) }
                }
                // Education is asked where the rules read it, and for a title (the committee reads it, a school track
                // counted as rules.md says).
                if type.eligibility.contains(where: { if case .education = $0 { true } else if case .educationAtMost = $0 { true } else { false } })
                    || type.stages.contains(.titleCommittee) {
                    SelectField(name: "education", label: t("programme.education"), anyLabel: "—",
                                options: EducationLevel.allCases.map { ($0.code, $0.chineseName) }, selected: values["education"])
                    SelectField(name: "schoolTrack", label: t("programme.school-track"), anyLabel: "—",
                                options: SchoolTrack.allCases.map { ($0.rawValue, $0.chineseName) }, selected: values["schoolTrack"])
                }
                for field in type.fields {
                    Label(field.label) {
                        if field.kind == .longText {
                            TextArea(text: values["form.\(field.key)"] ?? "", name: "form[\(field.key)]", numberOfRows: 4)
                        } else {
                            Input(type: field.kind == .date ? .date : field.kind == .number ? .number : .text, name: "form[\(field.key)]",
                                  value: values["form.\(field.key)"])
                        }
                    }
                }
                if type.funding.contains(where: { $0.payee == .applicant }) {
                    Label(t("programme.applicant-account")) { Input(type: .text, name: "applicantAccount") }
                }
                if type.funding.contains(where: { $0.payee == .employer }) {
                    Label(t("programme.employer-account")) { Input(type: .text, name: "employerAccount") }
                }
                Div {
                    Button(t("programme.preview")).attribute(named: "name", value: "action").attribute(named: "value", value: "preview")
                    Button(t("programme.create-draft")).attribute(named: "name", value: "action").attribute(named: "value", value: "create")
                }.class("actions")
            }.class("stacked")
        }
    }
}

extension ProgrammeApplicationPage.Model {
    func view(_ t: Localizer) -> Component {
        let id = application.id.uuidString
        let type = application.call.type
        let editable = actor == .organization && [.draft, .returned].contains(application.state)
        return ComponentGroup {
            ProgrammeTabs(current: .programmes, role: request.principal?.role, t: t)
            H1(t("programme.application.title", application.number))
            if let error { Notice(kind: .error, text: error) }
            if let done { Notice(kind: .success, text: done) }
            Paragraph {
                Link(application.call.title, url: PagePath.programmeCall.url(application.call.id.uuidString))
                Text("　\(t("programme.applicant"))：\(applicant)　\(t("field.state"))：\(t("programme.application.state.\(application.state.rawValue)"))")
            }
            if let reason = application.lastReason { Notice(kind: .info, text: t("programme.last-reason", reason)) }
            if let mean = application.trimmedMean {
                Paragraph(t("programme.result", String(format: "%.2f", Double(mean) / 100), application.rank ?? 0)).class("muted")
            }
            if let outcome = application.upstreamOutcome { Paragraph(t("programme.upstream", outcome)).class("muted") }
            H2(t("programme.form"))
            Table {
                for field in type.fields {
                    TableRow { TableHeaderCell(field.label); TableCell(application.form[field.key] ?? "—") }
                }
                if let counted = ProgrammeService.countedEducation(application.form) {
                    TableRow { TableHeaderCell(t("programme.education.counted")); TableCell(counted) }
                }
                if let account = application.applicantAccountMasked { TableRow { TableHeaderCell(t("programme.applicant-account")); TableCell(account) } }
                if let account = application.employerAccountMasked { TableRow { TableHeaderCell(t("programme.employer-account")); TableCell(account) } }
            }
            if !application.eligibility.isEmpty {
                H2(t("programme.eligibility"))
                List(application.eligibility) { finding in
                    ListItem("\(finding["rule"] ?? "")：\(finding["found"] ?? "")（\(finding["met"] == "yes" ? t("programme.met.yes") : t("programme.met.no"))）")
                }
            }
            H2(t("programme.attachments"))
            Table(header: TableRow { TableHeaderCell(t("programme.attachment")); TableHeaderCell(t("programme.file")); TableHeaderCell(t("programme.size")) }) {
                for requirement in type.attachments {
                    let file = application.attachments.first { $0.key == requirement.key }
                    TableRow {
                        TableCell(requirement.label + (requirement.required ? " *" : ""))
                        TableCell {
                            if let file { Link(file.name, url: "/api/v1/programme-applications/\(id)/attachments/\(requirement.key)") } else { Text("—") }
                        }
                        TableCell(file.map { "\(max(1, $0.size / 1024)) KB" } ?? "—").class("number")
                    }
                }
            }
            if editable && !type.attachments.isEmpty {
                // The token travels in the address: the middleware reads no streamed body (as the import's form).
                Form(url: PagePath.programmeAttachment.url(id, query: [AccessMiddleware.csrfField: request.csrfToken ?? ""]), method: .post,
                     contentType: .multipartData) {
                    SelectField(name: "key", label: t("programme.attachment"), anyLabel: "—", options: type.attachments.map { ($0.key, $0.label) }, selected: nil)
                    Label(t("programme.file-pdf")) {
                        Input(type: .file, name: "file", isRequired: true).attribute(named: "accept", value: ".pdf,.jpg,.jpeg,.png")
                    }
                    SubmitButton(t("programme.upload"))
                }.class("stacked")
            }
            if !events.isEmpty {
                H2(t("programme.steps"))
                Div {
                    for event in events {
                        let step = ProgrammeRules.applicationWorkflow.transition(from: application.state, on: event)
                        StepForm(action: PagePath.programmeApplicationStep.url(id), event: event.rawValue, label: t("programme.event.\(event.rawValue)"),
                                 needsReason: step?.needsReason ?? false, request: request)
                    }
                }.class("actions")
            }
            if actor == .city && [.noticeConcluded, .recommended].contains(application.state) {
                H2(t("programme.decision"))
                Div {
                    if application.state == .noticeConcluded {
                        let event = type.recommendsUpward ? "recommendation" : "approval"
                        Form(url: PagePath.programmeDecision.url(id), method: .post) {
                            CSRFField(request: request)
                            IdempotencyField(key: formKey + "-" + event)
                            Input(type: .hidden, name: "decision", value: event)
                            SubmitButton(t("programme.decision.\(event)"))
                        }.class("step")
                    } else {
                        Form(url: PagePath.programmeDecision.url(id), method: .post) {
                            CSRFField(request: request)
                            IdempotencyField(key: formKey + "-upstream")
                            Input(type: .hidden, name: "decision", value: "upstream-outcome")
                            SelectField(name: "outcome", label: t("programme.upstream.outcome"), anyLabel: "—",
                                        options: [("approve", t("programme.upstream.approve")), ("decline", t("programme.upstream.decline"))], selected: nil)
                            Label(t("programme.upstream.note")) { Input(type: .text, name: "note", isRequired: true) }
                            SubmitButton(t("programme.upstream.record"))
                        }.class("stacked")
                    }
                }.class("actions")
            }
            if let title {
                Paragraph { Link(t("programme.title.link", t("programme.title.state.\(title.state)")), url: PagePath.programmeTitles.url()) }
            }
            if !objections.isEmpty {
                H2(t("programme.objections"))
                for objection in objections {
                    Paragraph("\(objection.filedOn) \(objection.objector)：\(objection.content) — \(objection.resolution.map { t("programme.objection.\($0)") } ?? t("programme.objection.open"))")
                    if objection.resolution == nil && actor == .city {
                        Form(url: PagePath.programmeObjectionResolution.url(objection.id?.uuidString ?? ""), method: .post) {
                            CSRFField(request: request)
                            SelectField(name: "resolution", label: t("programme.objection.resolution"), anyLabel: "—",
                                        options: [("upheld", t("programme.objection.upheld")), ("dismissed", t("programme.objection.dismissed"))], selected: nil)
                            Label(t("programme.objection.note")) { Input(type: .text, name: "note", isRequired: true) }
                            Input(type: .hidden, name: "application", value: id)
                            SubmitButton(t("programme.objection.resolve"))
                        }.class("stacked")
                    }
                }
            }
        }
    }
}

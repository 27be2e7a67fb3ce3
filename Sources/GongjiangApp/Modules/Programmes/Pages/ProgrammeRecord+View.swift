import Foundation
import GongjiangCore
import Plot

/// The titles and honours section of a person's or an organization's registry page: each title with its validity,
/// state, assessment and funding, and its history under it.
struct TitlesOnRecord: Component {
    let entries: [ProgrammeRecord.Entry]
    let t: Localizer

    var body: Component {
        ComponentGroup {
            H2(t("programme.record.heading", entries.count))
            if entries.isEmpty {
                Notice(kind: .info, text: t("programme.record.none"))
            } else {
                Table(header: TableRow {
                    TableHeaderCell(t("programme.record.title")); TableHeaderCell(t("programme.record.tier"))
                    TableHeaderCell(t("programme.title.awarded")); TableHeaderCell(t("programme.title.valid-until"))
                    TableHeaderCell(t("programme.title.next-assessment")); TableHeaderCell(t("field.state"))
                    TableHeaderCell(t("programme.title.paid"))
                }) {
                    for entry in entries {
                        TableRow {
                            TableCell {
                                Text(t.pick(entry.name, entry.nameEn))
                                if let number = entry.applicationNumber, let id = entry.applicationId {
                                    Paragraph { Link(number, url: PagePath.programmeApplication.url(id.uuidString)) }.class("hint")
                                }
                                if let document = entry.document { Paragraph(t("programme.record.document", document)).class("hint") }
                                if let outcome = entry.upstreamOutcome { Paragraph(t("programme.record.upstream", outcome)).class("hint") }
                                if let ended = entry.endedOn { Paragraph(t("programme.record.ended", ended, entry.lastReason ?? "")).class("hint") }
                                if !entry.history.isEmpty {
                                    List(historyLines(entry.history)) { line in ListItem(line) }.class("history")
                                }
                            }
                            TableCell(t("programme.tier.\(entry.tier)"))
                            TableCell(entry.awardedOn); TableCell(entry.validUntil ?? "—")
                            TableCell(entry.state == ProgrammeTitleState.active.rawValue ? entry.nextAssessmentOn ?? "—" : "—")
                            TableCell(t("programme.title.state.\(entry.state)")).class("status-\(entry.state)")
                            TableCell("\(Money(fen: entry.paidFen).yuanText) 元（\(entry.instalments)）").class("number")
                        }
                    }
                }
            }
        }
    }

    /// The steps as lines, a run of payments in one line: a monthly allowance is paid two dozen times.
    private func historyLines(_ steps: [ProgrammeRecord.Step]) -> [String] {
        var lines: [String] = []
        var index = steps.startIndex
        while index < steps.endIndex {
            var end = index
            while steps[index].event == "paid", end + 1 < steps.endIndex, steps[end + 1].event == "paid" { end += 1 }
            if end > index {
                lines.append(t("programme.record.step.paid-runs", CivilDate.today(now: steps[index].at).description, CivilDate.today(now: steps[end].at).description,
                               end - index + 1))
            } else {
                lines.append(historyLine(steps[index]))
            }
            index = end + 1
        }
        return lines
    }

    private func historyLine(_ step: ProgrammeRecord.Step) -> String {
        let day = CivilDate.today(now: step.at).description
        let what: String = switch step.event {
        case "awarded": t("programme.record.step.awarded")
        case "recorded": t("programme.record.step.recorded")
        case "paid": t("programme.record.step.paid")
        default: t("programme.event.\(step.event)")
        }
        return [day, what, step.reason].compactMap { $0?.isEmpty == false ? $0 : nil }.joined(separator: " · ")
    }
}

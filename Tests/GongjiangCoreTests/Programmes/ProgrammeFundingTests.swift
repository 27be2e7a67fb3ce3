import Foundation
import Testing
@testable import GongjiangCore

/// Issue 13: funding invariants, attachments checked by content, and the application and title workflows.
@Suite("Programme funding, attachments and workflows")
struct ProgrammeFundingTests {
    static func day(_ text: String) -> CivilDate { try! CivilDate(parsing: text) }
    let allowance = FundingRule.monthly(Money(yuan: 1_000), months: 24)

    @Test("A monthly allowance pays exactly N months, from the month after approval, whatever day it was approved")
    func monthlyExactlyN() {
        let all = allowance.instalments(approvedOn: Self.day("2024-01-31"), through: Self.day("2030-01-01"))
        #expect(all.count == 24)
        #expect(all.first?.due == Self.day("2024-02-01"))
        #expect(all.last?.due == Self.day("2026-01-01"))
        #expect(all.map(\.number) == Array(1...24))
        #expect(all.reduce(Money.zero) { $0 + $1.amount } == Money(yuan: 24_000))
        #expect(allowance.ceiling() == Money(yuan: 24_000))
        // Only what is due so far.
        #expect(allowance.instalments(approvedOn: Self.day("2024-01-31"), through: Self.day("2024-03-31")).count == 2)
        #expect(allowance.instalments(approvedOn: Self.day("2024-01-31"), through: Self.day("2024-01-31")).isEmpty)
    }

    @Test("A monthly allowance stops at revocation: no month that begins on or after the day; a month begun is paid")
    func stopsAtRevocation() {
        let approved = Self.day("2024-03-10")
        #expect(allowance.instalments(approvedOn: approved, through: Self.day("2030-01-01"), stoppedOn: Self.day("2024-09-01")).count == 5)
        #expect(allowance.instalments(approvedOn: approved, through: Self.day("2030-01-01"), stoppedOn: Self.day("2024-09-02")).count == 6)
        #expect(allowance.instalments(approvedOn: approved, through: Self.day("2030-01-01"), stoppedOn: Self.day("2024-04-01")).isEmpty)
    }

    @Test("One-off and per-head: once, unless stopped before; per head up to the maximum")
    func oneOffAndPerHead() {
        let reward = FundingRule.oneOff(Money(yuan: 50_000))
        #expect(reward.instalments(approvedOn: Self.day("2024-05-01"), through: Self.day("2024-05-01")).map(\.amount) == [Money(yuan: 50_000)])
        #expect(reward.instalments(approvedOn: Self.day("2024-05-01"), through: Self.day("2024-04-30")).isEmpty)
        #expect(reward.instalments(approvedOn: Self.day("2024-05-01"), through: Self.day("2024-06-01"), stoppedOn: Self.day("2024-05-01")).isEmpty)
        let perHead = FundingRule.perHead(Money(yuan: 2_000), maximumHeads: 50)
        #expect(perHead.ceiling(heads: 30) == Money(yuan: 60_000))
        #expect(perHead.ceiling(heads: 80) == Money(yuan: 100_000))
        #expect(perHead.instalments(approvedOn: Self.day("2024-05-01"), through: Self.day("2024-05-01"), heads: 12).first?.amount == Money(yuan: 24_000))
    }

    @Test("Attachments by content: PDF, JPEG and PNG signatures; a renamed file, an empty one, another type and one byte too many are refused")
    func attachments() throws {
        let pdf = Array("%PDF-1.7\n".utf8) + [UInt8](repeating: 0x20, count: 100)
        let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0] + [UInt8](repeating: 0, count: 50)
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + [UInt8](repeating: 0, count: 50)
        #expect(try AttachmentFormat.check(name: "证书.PDF", bytes: pdf) == .pdf)
        #expect(try AttachmentFormat.check(name: "photo.jpg", bytes: jpeg) == .jpeg)
        #expect(try AttachmentFormat.check(name: "photo.jpeg", bytes: jpeg) == .jpeg)
        #expect(try AttachmentFormat.check(name: "scan.png", bytes: png) == .png)
        #expect(throws: ProgrammeRefusal.attachmentMismatch(claimed: .pdf, found: .png)) { try AttachmentFormat.check(name: "scan.pdf", bytes: png) }
        #expect(throws: ProgrammeRefusal.attachmentNotAllowed) { try AttachmentFormat.check(name: "virus.pdf", bytes: Array("MZ\u{90}\u{0}".utf8)) }
        #expect(throws: ProgrammeRefusal.attachmentNotAllowed) { try AttachmentFormat.check(name: "noextension", bytes: pdf) }
        #expect(throws: ProgrammeRefusal.attachmentEmpty) { try AttachmentFormat.check(name: "a.pdf", bytes: [UInt8]()) }
        #expect(try AttachmentFormat.check(name: "a.pdf", bytes: pdf, maximumBytes: pdf.count) == .pdf)
        #expect(throws: ProgrammeRefusal.attachmentTooLarge(bytes: pdf.count, maximum: pdf.count - 1)) {
            try AttachmentFormat.check(name: "a.pdf", bytes: pdf, maximumBytes: pdf.count - 1)
        }
    }

    @Test("Calls: open from the first day through the last; approvals within the quota and the budget")
    func callsAndApproval() throws {
        try ProgrammeRules.checkOpen(opensOn: Self.day("2024-04-01"), closesOn: Self.day("2024-04-30"), on: Self.day("2024-04-01"))
        try ProgrammeRules.checkOpen(opensOn: Self.day("2024-04-01"), closesOn: Self.day("2024-04-30"), on: Self.day("2024-04-30"))
        #expect(throws: ProgrammeRefusal.callNotOpen(opensOn: Self.day("2024-04-01"))) {
            try ProgrammeRules.checkOpen(opensOn: Self.day("2024-04-01"), closesOn: Self.day("2024-04-30"), on: Self.day("2024-03-31"))
        }
        #expect(throws: ProgrammeRefusal.callClosed(closedOn: Self.day("2024-04-30"))) {
            try ProgrammeRules.checkOpen(opensOn: Self.day("2024-04-01"), closesOn: Self.day("2024-04-30"), on: Self.day("2024-05-01"))
        }
        try ProgrammeRules.checkApproval(approved: 11, quota: 12, budgetLeft: Money(yuan: 50_000), reserving: Money(yuan: 50_000))
        #expect(throws: ProgrammeRefusal.quotaFull(quota: 12)) {
            try ProgrammeRules.checkApproval(approved: 12, quota: 12, budgetLeft: Money(yuan: 50_000), reserving: Money(yuan: 50_000))
        }
        #expect(throws: ProgrammeRefusal.budgetShort(left: Money(fen: 4_999_999), needed: Money(yuan: 50_000))) {
            try ProgrammeRules.checkApproval(approved: 0, quota: 12, budgetLeft: Money(fen: 4_999_999), reserving: Money(yuan: 50_000))
        }
        #expect(ProgrammeRules.assessmentDue(awardedOn: Self.day("2024-01-31"), everyMonths: 12, number: 2) == Self.day("2026-01-31"))
    }

    @Test("The application workflow: every transition by its actor only; returns, rejections and declines need a reason")
    func applicationWorkflow() throws {
        let workflow = ProgrammeRules.applicationWorkflow
        for step in workflow.transitions {
            for actor in WorkflowActor.allCases {
                let reason: String? = step.needsReason ? "理由" : nil
                if step.actors.contains(actor) {
                    #expect(try workflow.apply(step.event, to: step.from, by: actor, reason: reason) == step.to)
                    if step.needsReason {
                        #expect(throws: WorkflowRefusal.reasonRequired(workflow: "programme-application", event: step.event.rawValue)) {
                            try workflow.apply(step.event, to: step.from, by: actor, reason: "  ")
                        }
                    }
                } else {
                    #expect(throws: WorkflowRefusal.notYourStep(workflow: "programme-application", event: step.event.rawValue, actor: actor)) {
                        try workflow.apply(step.event, to: step.from, by: actor, reason: reason)
                    }
                }
            }
        }
        // Every state but the ends has a way on; the ends have none.
        let ends: Set<ProgrammeApplicationState> = [.approved, .notSelected, .rejected, .withdrawn]
        for state in ProgrammeApplicationState.allCases {
            let onward = workflow.transitions.contains { $0.from == state }
            #expect(onward == !ends.contains(state), "\(state)")
        }
        #expect(throws: WorkflowRefusal.notAllowed(workflow: "programme-application", event: "approve", state: "in-notice")) {
            try workflow.apply(.approve, to: .inNotice, by: .city)
        }
    }

    @Test("The title workflow: assessments keep a title or revoke it; revocation, expiry and leaving the city end it")
    func titleWorkflow() throws {
        let workflow = ProgrammeRules.titleWorkflow
        #expect(try workflow.apply(.passAssessment, to: .active, by: .city) == .active)
        #expect(try workflow.apply(.failAssessment, to: .active, by: .city, reason: "年度考核不合格") == .revoked)
        #expect(try workflow.apply(.leaveCity, to: .active, by: .district, reason: "调离本市") == .ended)
        #expect(try workflow.apply(.expire, to: .active, by: .system) == .expired)
        for state in [ProgrammeTitleState.revoked, .expired, .ended] {
            for event in ProgrammeTitleEvent.allCases { #expect(workflow.transition(from: state, on: event) == nil) }
        }
    }
}

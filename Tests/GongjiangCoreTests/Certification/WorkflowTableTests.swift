import Foundation
import Testing
@testable import GongjiangCore

/// Every state × event × actor of each certification workflow, against its one table.
@Suite("Certification workflows: every transition from the one table")
struct WorkflowTableTests {
    /// Walks every combination: allowed exactly when the table has the step for that actor, with the table's target.
    static func walk<S, E>(_ workflow: Workflow<S, E>, states: [S], events: [E]) {
        for state in states {
            for event in events {
                for actor in WorkflowActor.allCases {
                    let step = workflow.transition(from: state, on: event)
                    let reason: String? = "理由"
                    do {
                        let next = try workflow.apply(event, to: state, by: actor, reason: reason)
                        #expect(step?.actors.contains(actor) == true, "\(workflow.name): \(state) + \(event) by \(actor) was allowed")
                        #expect(next == step?.to)
                        #expect(workflow.events(from: state, for: actor).contains(event))
                    } catch {
                        if let step {
                            #expect(!step.actors.contains(actor), "\(workflow.name): \(state) + \(event) by \(actor): \(error.code)")
                            #expect(error == .notYourStep(workflow: workflow.name, event: event.rawValue, actor: actor))
                        } else {
                            #expect(error == .notAllowed(workflow: workflow.name, event: event.rawValue, state: state.rawValue))
                        }
                        #expect(!workflow.events(from: state, for: actor).contains(event))
                    }
                }
            }
        }
    }

    @Test("Filing (备案): submit, district review, city approval, renewal, suspension, exit")
    func filing() {
        Self.walk(FilingRules.workflow, states: FilingState.allCases, events: FilingEvent.allCases)
        #expect(FilingRules.workflow.transitions.count == 10)
    }

    @Test("Certification plan: results, notice, issue, cancel")
    func plan() {
        Self.walk(PlanRules.workflow, states: PlanState.allCases, events: PlanEvent.allCases)
    }

    @Test("Candidate: pass, fail, amendment either way, certify, withdraw")
    func candidate() {
        Self.walk(CandidateRules.workflow, states: CandidateState.allCases, events: CandidateEvent.allCases)
    }

    @Test("Steps that need a reason refuse a blank one", arguments: [nil, "", "  \n"])
    func reasonRequired(reason: String?) {
        let needing = FilingRules.workflow.transitions.filter(\.needsReason)
        #expect(needing.map(\.event).contains(.districtReturn))
        for step in needing {
            #expect(throws: WorkflowRefusal.reasonRequired(workflow: "filing", event: step.event.rawValue)) {
                try FilingRules.workflow.apply(step.event, to: step.from, by: step.actors.first!, reason: reason)
            }
        }
        #expect(throws: WorkflowRefusal.reasonRequired(workflow: "candidate", event: "withdraw")) {
            try CandidateRules.workflow.apply(.withdraw, to: .registered, by: .organization, reason: reason)
        }
    }

    @Test("Terminal states admit nothing")
    func terminals() {
        for state in [FilingState.rejected, .exited] {
            #expect(FilingEvent.allCases.allSatisfy { FilingRules.workflow.transition(from: state, on: $0) == nil })
        }
        for state in [PlanState.issued, .cancelled] {
            #expect(PlanEvent.allCases.allSatisfy { PlanRules.workflow.transition(from: state, on: $0) == nil })
        }
        for state in [CandidateState.certified, .withdrawn] {
            #expect(CandidateEvent.allCases.allSatisfy { CandidateRules.workflow.transition(from: state, on: $0) == nil })
        }
    }

    @Test("Every state and event has a Chinese name for messages")
    func words() {
        let codes = FilingState.allCases.map(\.rawValue) + FilingEvent.allCases.map(\.rawValue)
            + PlanState.allCases.map(\.rawValue) + PlanEvent.allCases.map(\.rawValue)
            + CandidateState.allCases.map(\.rawValue) + CandidateEvent.allCases.map(\.rawValue)
        for code in codes { #expect(WorkflowWords.names[code] != nil, "\(code)") }
    }
}

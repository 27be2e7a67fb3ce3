import Fluent
import Foundation
import GongjiangCore
import SQLKit
import Vapor

/// The subsidy (rules.md): an advance on approval of planned headcount × rate × 50%, committed from the district's
/// budget to the enterprise; on settlement, completed headcount × rate × years less the advance, either committed as a
/// second payment or, negative, clawed back from the advance. Each payment names its plan as its source, so
/// `ledger verify` finds it, and one plan has at most one advance and one settlement (the ledger refuses a second).
extension ApprenticeshipService {
    static let advanceSource = "apprenticeship-advance"
    static let settlementSource = "apprenticeship-settlement"

    /// Commits the advance inside the approval's transaction: a budget too short refuses the approval.
    static func commitAdvance(_ plan: Plan, on tx: any Database, log: AuditLog, _ context: ApprenticeshipContext) async throws -> Money {
        let policy = try await policy(on: tx, day: plan.startsOn)
        let rate = try await rate(plan.targetLevel, on: plan.startsOn, database: tx)
        let advance = ApprenticeshipRules.advance(planned: plan.plannedHeadcount, rate: rate, policy: policy)
        guard let sealed = plan.payeeAccountSealed else { throw ApprenticeshipRefusal.noBankAccount }
        let enterprise = try await Organization.find(plan.enterpriseID, on: tx)
        let order = PaymentOrder(source: LedgerSource(kind: advanceSource, id: plan.id.uuidString), districtCode: plan.districtCode,
                                 year: context.today.year, payee: .enterprise, payeeName: enterprise?.name ?? "",
                                 payeeAccount: try context.vault.open(sealed), amount: advance, purpose: "企业新型学徒制培训补贴（预支）\(plan.number)")
        let payment = try await LedgerService.commit(order, on: tx, log: log, context.ledger(within: tx, log: log))
        try await tx.sql.raw("""
            UPDATE apprenticeship_plans SET advance_payment_id = \(bind: payment), advance_fen = \(bind: advance.fen) WHERE id = \(bind: plan.id)
            """).run()
        return advance
    }

    struct Settlement: Sendable, Equatable {
        let completed: Int
        let exitedAtEnd: Int
        let amount: Money
    }

    /// 结算: the city settles a plan whose class is over. The registry is read once more for completions; those still
    /// in training after the end leave as not completed; then the rest of the subsidy is committed, or the part of the
    /// advance not earned is clawed back. All in one transaction with the plan's new state.
    static func settle(_ id: UUID, _ context: ApprenticeshipContext) async throws -> Settlement {
        let plan = try await plan(id, context)
        let actor = try context.requireActor("apprenticeship-plan", "settle")
        _ = try ApprenticeshipRules.planWorkflow.apply(.settle, to: plan.state, by: actor, reason: nil)
        return try await context.write { tx, log in
            _ = try await recordCompletions(plan, on: tx, log: log, context)
            let active = try await tx.sql.raw("""
                SELECT id FROM apprentices WHERE plan_id = \(bind: id) AND state = \(bind: ApprenticeState.active.rawValue)
                """).all().map { try $0.decode(column: "id", as: UUID.self) }
            try ApprenticeshipRules.checkSettlement(active: active.count, endsOn: plan.endsOn, today: context.today)
            let reason = "培养期满未取得目标等级证书"
            for apprentice in active {
                try await tx.sql.raw("""
                    UPDATE apprentices SET state = \(bind: ApprenticeState.exited.rawValue), exit_reason = \(bind: reason),
                        exited_on = \(bind: plan.endsOn.description), updated_at = \(bind: context.now) WHERE id = \(bind: apprentice)
                    """).run()
                log.record(context.event(.apprentice, apprentice, AuditAction("exit"), before: AuditValues.json(["state": "active"]),
                                         after: AuditValues.json(["state": "exited", "reason": reason])))
            }
            let completed = try await tx.sql.raw("""
                SELECT COUNT(*) AS n FROM apprentices WHERE plan_id = \(bind: id) AND state = \(bind: ApprenticeState.completed.rawValue)
                """).first()?.decode(column: "n", as: Int.self) ?? 0
            // What the enterprise holds of the advance: nothing if it was cancelled; a payment still on its way is
            // settled once the bank has paid it, so a clawback has a paid payment to come from.
            let ledger = context.ledger(within: tx, log: log)
            var advance = Money.zero
            if let paymentID = plan.advancePaymentID {
                let payment = try await LedgerQueries(database: tx, scope: .city).requirePayment(paymentID)
                switch payment.state {
                case .paid, .clawedBack: advance = payment.amount - payment.clawedBack
                case .cancelled: advance = .zero
                case .committed, .batched, .failed: throw ApprenticeshipRefusal.advanceUnpaid(state: payment.state.chineseName)
                }
            }
            let rate = try await rate(plan.targetLevel, on: plan.startsOn, database: tx)
            let amount = ApprenticeshipRules.settlement(completed: completed, rate: rate, durationMonths: plan.durationMonths, advance: advance)
            var settlementPayment: UUID?
            if amount > .zero {
                guard let sealed = plan.payeeAccountSealed else { throw ApprenticeshipRefusal.noBankAccount }
                let enterprise = try await Organization.find(plan.enterpriseID, on: tx)
                settlementPayment = try await LedgerService.commit(PaymentOrder(
                    source: LedgerSource(kind: settlementSource, id: id.uuidString), districtCode: plan.districtCode, year: context.today.year,
                    payee: .enterprise, payeeName: enterprise?.name ?? "", payeeAccount: try context.vault.open(sealed), amount: amount,
                    purpose: "企业新型学徒制培训补贴（结算）\(plan.number)"), on: tx, log: log, ledger)
            } else if amount < .zero, let paymentID = plan.advancePaymentID {
                try await LedgerService.clawback(paymentID, ClawbackInput(
                    amountFen: -amount.fen, reason: "学徒制结算：结业 \(completed) 人，预支补贴多出 \((Money.zero - amount).yuanText) 元应追回"), ledger)
            }
            let rows = try await tx.sql.raw("""
                UPDATE apprenticeship_plans SET state = \(bind: ApprenticeshipPlanState.settled.rawValue), settlement_fen = \(bind: amount.fen),
                    completed_headcount = \(bind: completed), settled_on = \(bind: context.today.description),
                    settlement_payment_id = \(bind: settlementPayment), updated_at = \(bind: context.now)
                WHERE id = \(bind: id) AND state = \(bind: ApprenticeshipPlanState.approved.rawValue) RETURNING id
                """).all()
            guard rows.count == 1 else { throw WorkflowRefusal.notAllowed(workflow: "apprenticeship-plan", event: "settle", state: plan.state.rawValue) }
            log.record(context.event(.apprenticeshipPlan, id, AuditAction("settle"), before: AuditValues.json(["state": plan.state.rawValue]),
                                     after: AuditValues.json(["state": "settled", "completed": String(completed), "advanceFen": String(advance.fen),
                                                              "settlementFen": String(amount.fen)])))
            return Settlement(completed: completed, exitedAtEnd: active.count, amount: amount)
        }
    }
}

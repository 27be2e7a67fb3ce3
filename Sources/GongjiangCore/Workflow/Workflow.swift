import Foundation

/// Who makes a step of a workflow: the organization whose record it is, the district bureau that reviews it, the
/// city bureau that decides, or the system itself (a period that ends).
public enum WorkflowActor: String, Sendable, Codable, CaseIterable {
    case organization
    case district
    case city
    case system
}

/// One allowed step of a workflow: in state `from`, `event` by one of `actors` leads to `to`. `needsReason` marks
/// the steps that must say why (a return, a rejection, a suspension), which the audit record keeps.
public struct Transition<State: Hashable & Sendable, Event: Hashable & Sendable>: Sendable, Equatable {
    public let from: State
    public let event: Event
    public let to: State
    public let actors: Set<WorkflowActor>
    public let needsReason: Bool

    public init(_ from: State, _ event: Event, _ to: State, by actors: Set<WorkflowActor>, needsReason: Bool = false) {
        self.from = from
        self.event = event
        self.to = to
        self.actors = actors
        self.needsReason = needsReason
    }
}

/// A workflow as data: its states, events and the table of allowed transitions. A page shows the buttons
/// `events(from:for:)` gives, the API refuses what `apply` refuses, and the tests walk the same table.
public struct Workflow<State: Hashable & Sendable & RawRepresentable, Event: Hashable & Sendable & RawRepresentable>: Sendable
where State.RawValue == String, Event.RawValue == String {
    public let name: String
    public let transitions: [Transition<State, Event>]

    public init(name: String, _ transitions: [Transition<State, Event>]) {
        self.name = name
        self.transitions = transitions
    }

    public func transition(from state: State, on event: Event) -> Transition<State, Event>? {
        transitions.first { $0.from == state && $0.event == event }
    }

    /// The events `actor` may make in `state`, in the table's order.
    public func events(from state: State, for actor: WorkflowActor) -> [Event] {
        transitions.filter { $0.from == state && $0.actors.contains(actor) }.map(\.event)
    }

    /// The state after `event`, or the reason it is refused: not allowed in this state, not this actor's step, or a
    /// step that needs a reason given none.
    public func apply(_ event: Event, to state: State, by actor: WorkflowActor, reason: String? = nil) throws(WorkflowRefusal) -> State {
        guard let step = transition(from: state, on: event) else {
            throw .notAllowed(workflow: name, event: event.rawValue, state: state.rawValue)
        }
        guard step.actors.contains(actor) else {
            throw .notYourStep(workflow: name, event: event.rawValue, actor: actor)
        }
        if step.needsReason, (reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw .reasonRequired(workflow: name, event: event.rawValue)
        }
        return step.to
    }
}

public enum WorkflowRefusal: DomainError, Equatable {
    case notAllowed(workflow: String, event: String, state: String)
    case notYourStep(workflow: String, event: String, actor: WorkflowActor)
    case reasonRequired(workflow: String, event: String)

    public var kind: DomainErrorKind {
        switch self {
        case .reasonRequired: .invalid
        case .notAllowed, .notYourStep: .conflict
        }
    }

    public var code: String {
        switch self {
        case .notAllowed(let workflow, _, _): "\(workflow).not-allowed"
        case .notYourStep(let workflow, _, _): "\(workflow).not-your-step"
        case .reasonRequired(let workflow, _): "\(workflow).reason-required"
        }
    }

    public var chinese: String {
        switch self {
        case .notAllowed(_, let event, let state): "当前状态“\(WorkflowWords.chinese(state))”下不能执行“\(WorkflowWords.chinese(event))”"
        case .notYourStep(_, let event, _): "“\(WorkflowWords.chinese(event))”不由您这一方办理"
        case .reasonRequired(_, let event): "“\(WorkflowWords.chinese(event))”须填写理由"
        }
    }

    public var english: String {
        switch self {
        case .notAllowed(_, let event, let state): "“\(event)” is not allowed while the record is “\(state)”"
        case .notYourStep(_, let event, let actor): "“\(event)” is not a step for the \(actor.rawValue)"
        case .reasonRequired(_, let event): "“\(event)” needs a reason"
        }
    }
}

/// Chinese names of the workflow states and events, for messages made in Core (pages take theirs from the catalogue).
public enum WorkflowWords {
    public static let names: [String: String] = [
        // Filing
        "submitted": "已提交", "district-approved": "区县已审核", "returned": "已退回", "active": "备案有效",
        "rejected": "未通过", "suspended": "已暂停", "exited": "已退出",
        "resubmit": "重新提交", "district-approve": "区县审核通过", "district-return": "区县退回",
        "city-approve": "市局批准", "city-reject": "市局不予批准", "renew": "延续", "suspend": "暂停",
        "reinstate": "恢复", "exit": "退出",
        // Plan
        "filed": "已报备", "results-submitted": "成绩已提交", "in-notice": "公示中", "notice-concluded": "公示期满",
        "issued": "已发证", "cancelled": "已取消",
        "submit-results": "提交成绩", "publish-notice": "发布公示", "conclude-notice": "结束公示", "issue": "发证",
        "cancel": "取消",
        // Candidate
        "registered": "已报名", "passed": "合格", "failed": "不合格", "certified": "已取证", "withdrawn": "已撤回",
        "withdraw": "撤回", "pass": "判定合格", "fail": "判定不合格", "certify": "发证",
        // Apprenticeship
        "approve": "批准", "return": "退回", "approved": "已批准", "settle": "结算", "settled": "已结算", "complete": "结业",
        "completed": "已结业", "change": "变更协议", "assess": "阶段考核", "enrol": "登记学徒",
        // Programmes
        "draft": "草稿", "submit": "提交申报", "district-passed": "区县初审通过", "city-eligible": "资格审查通过",
        "expert-review": "专家评审中", "scored": "评审完成", "with-committee": "职称评委会评审中", "recommended": "已向上推荐",
        "not-selected": "未入选", "district-pass": "初审通过", "city-pass": "资格审查通过", "reject": "不予通过",
        "start-review": "提交专家评审", "close-scoring": "结束评分", "refer": "提交职称评委会", "committee-pass": "评委会通过",
        "committee-fail": "评委会未通过", "publish": "发布公示", "not-select": "不予入选", "uphold-objection": "异议成立",
        "conclude": "结束公示", "recommend": "向上推荐", "upstream-approve": "上级批准", "upstream-decline": "上级未批准",
        "revoked": "已撤销", "expired": "已期满", "ended": "已终止", "pass-assessment": "考核合格", "fail-assessment": "考核不合格",
        "revoke": "撤销", "expire": "期满", "leave-city": "调离本市",
    ]

    public static func chinese(_ code: String) -> String { names[code] ?? code }
}

import GongjiangCore
import Vapor

/// What a route asks of its caller. Every route states one; the access test matrix is generated from them.
enum Requirement: Sendable, Equatable, CustomStringConvertible {
    /// Anyone, signed in or not (the sign-in page, the stylesheet, the API description).
    case everyone
    /// Any signed-in account (its own password, tokens, sign-out).
    case signedIn
    /// A signed-in account whose role holds this permission.
    case permission(Permission)
    /// No one. What a route that states no requirement gets: forgetting to declare one closes the route.
    case nobody

    func allows(_ principal: Principal?) -> Bool {
        switch self {
        case .everyone: true
        case .signedIn: principal != nil
        case .permission(let permission): principal?.may(permission) ?? false
        case .nobody: false
        }
    }

    func allows(role: Role?) -> Bool {
        switch self {
        case .everyone: true
        case .signedIn: role != nil
        case .permission(let permission): role.map { AccessPolicy.allows($0, permission) } ?? false
        case .nobody: false
        }
    }

    var description: String {
        switch self {
        case .everyone: "everyone"
        case .signedIn: "signed-in"
        case .permission(let permission): permission.rawValue
        case .nobody: "nobody"
        }
    }
}

extension Route {
    static let requirementKey = "gongjiang.requirement"

    /// States who may call this route. `AccessMiddleware` enforces it.
    @discardableResult
    func requires(_ requirement: Requirement) -> Route {
        userInfo[Self.requirementKey] = requirement
        return self
    }

    var requirement: Requirement? { userInfo[Self.requirementKey] as? Requirement }
}

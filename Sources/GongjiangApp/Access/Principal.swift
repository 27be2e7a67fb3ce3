import Foundation
import GongjiangCore
import Vapor

/// Who is acting on a request: an account, by its role, through a session or an API token.
struct Principal: Sendable {
    enum Channel: Sendable {
        case session(UUID, csrfToken: String)
        case token(UUID)
    }

    let accountID: UUID
    let username: String
    let displayName: String
    let role: Role
    let districtCode: String?
    let organizationID: UUID?
    var personID: UUID? = nil
    let channel: Channel

    func may(_ permission: Permission) -> Bool { AccessPolicy.allows(role, permission) }

    /// What this principal reaches, decided in one place (`GongjiangCore.Scope.of`).
    var scope: Scope { Scope.of(role: role, districtCode: districtCode, organizationID: organizationID, personID: personID) }

    var sessionID: UUID? { if case .session(let id, _) = channel { id } else { nil } }
    var csrfToken: String? { if case .session(_, let token) = channel { token } else { nil } }
}

extension Request {
    private struct PrincipalKey: StorageKey { typealias Value = Principal }

    /// Set by `AccessMiddleware`; nil for an anonymous caller.
    var principal: Principal? {
        get { storage[PrincipalKey.self] }
        set { storage[PrincipalKey.self] = newValue }
    }

    /// The scope every query and write of this request runs in; an anonymous caller reaches nothing.
    var scope: Scope { principal?.scope ?? .nothing }

    /// The source address: the socket's peer, or — only when the server is told it sits behind a proxy
    /// (GONGJIANG_TRUST_PROXY=true) — the proxy's X-Forwarded-For, which a client could otherwise forge
    /// to dodge the per-address lockout.
    var sourceAddress: String {
        if application.settings.trustsProxy, let forwarded = headers.first(name: "X-Forwarded-For")?.split(separator: ",").first {
            let address = forwarded.trimmingCharacters(in: .whitespaces)
            if !address.isEmpty, address.count <= 64 { return address }
        }
        return remoteAddress?.ipAddress ?? "unknown"
    }
}

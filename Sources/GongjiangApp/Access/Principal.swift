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
    let channel: Channel

    func may(_ permission: Permission) -> Bool { AccessPolicy.allows(role, permission) }

    /// The part of the registry this principal reads and writes. One function, so scope is decided in one place.
    var registryScope: RegistryScope {
        switch role {
        case .cityAdmin: .city
        case .districtOfficer: RegistryScope(districtCodes: Set([districtCode].compactMap { $0 }), organizationID: nil)
        case .evaluationOrg, .trainingProvider, .school, .enterprise:
            // An organization sees itself and the persons it employs; with no organization on file it sees nothing.
            RegistryScope(districtCodes: nil, organizationID: organizationID ?? UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)))
        case .expert, .auditor, .systemAdmin, .securityAdmin:
            RegistryScope.nothing
        }
    }

    var sessionID: UUID? { if case .session(let id, _) = channel { id } else { nil } }
    var csrfToken: String? { if case .session(_, let token) = channel { token } else { nil } }
}

extension RegistryScope {
    /// No district at all: every registry query comes back empty.
    static let nothing = RegistryScope(districtCodes: [], organizationID: nil)
}

extension Request {
    private struct PrincipalKey: StorageKey { typealias Value = Principal }

    /// Set by `AccessMiddleware`; nil for an anonymous caller.
    var principal: Principal? {
        get { storage[PrincipalKey.self] }
        set { storage[PrincipalKey.self] = newValue }
    }

    /// The scope every registry query of this request runs in.
    var registryScope: RegistryScope { principal?.registryScope ?? .nothing }

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

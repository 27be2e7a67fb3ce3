import Foundation

/// What an audit record is about. Names are types, not string literals, so a typo fails to compile and the trail's
/// vocabulary can be read in one place; modules add theirs in an extension. The raw value is what the trail stores.
struct AuditEntity: Hashable, Sendable, CustomStringConvertible {
    let rawValue: String
    init(_ rawValue: String) { self.rawValue = rawValue }
    var description: String { rawValue }
}

/// What was done. As with `AuditEntity`, the raw value is what the trail stores and what the auditor searches for.
struct AuditAction: Hashable, Sendable, CustomStringConvertible {
    let rawValue: String
    init(_ rawValue: String) { self.rawValue = rawValue }
    var description: String { rawValue }

    /// The record of a denial's repeats within one window (`DenialLog`).
    var repeated: AuditAction { AuditAction(rawValue + "-repeated") }
}

extension AuditEntity {
    static let account = AuditEntity("account")
    static let person = AuditEntity("person")
    static let session = AuditEntity("session")
    static let registryImport = AuditEntity("registry-import")
    static let organization = AuditEntity("organization")
    static let apiToken = AuditEntity("api-token")
    static let route = AuditEntity("route")
    static let certificate = AuditEntity("certificate")
    static let securitySetting = AuditEntity("security-setting")
    static let key = AuditEntity("key")
    static let calendar = AuditEntity("calendar")
    static let auditTrail = AuditEntity("audit-trail")
    static let filing = AuditEntity("filing")
    static let plan = AuditEntity("certification-plan")
    static let candidate = AuditEntity("candidate")
    static let notice = AuditEntity("public-notice")
    static let objection = AuditEntity("objection")
    static let certificationPolicy = AuditEntity("certification-policy")
}

extension AuditAction {
    static let create = AuditAction("create")
    static let `import` = AuditAction("import")
    static let viewUnmasked = AuditAction("view-unmasked")
    static let update = AuditAction("update")
    static let secondFactorLocked = AuditAction("second-factor-locked")
    static let totpEnrol = AuditAction("totp-enrol")
    static let tokenRefused = AuditAction("token-refused")
    static let tokenOnPage = AuditAction("token-on-page")
    static let secondFactorReset = AuditAction("second-factor-reset")
    static let secondFactorFailed = AuditAction("second-factor-failed")
    static let secondFactor = AuditAction("second-factor")
    static let rotate = AuditAction("rotate")
    static let revoke = AuditAction("revoke")
    static let passwordChangeLocked = AuditAction("password-change-locked")
    static let passwordChangeFailed = AuditAction("password-change-failed")
    static let passwordChange = AuditAction("password-change")
    static let outOfScope = AuditAction("out-of-scope")
    static let logout = AuditAction("logout")
    static let loginLocked = AuditAction("login-locked")
    static let loginFailed = AuditAction("login-failed")
    static let login = AuditAction("login")
    static let export = AuditAction("export")
    static let disable = AuditAction("disable")
    static let enable = AuditAction("enable")
    static let demoCity = AuditAction("demo-city")
    static let csrfRefused = AuditAction("csrf-refused")
    static let accessDenied = AuditAction("access-denied")
    static let scopeDenied = AuditAction("scope-denied")
    static let approve = AuditAction("approve")
    static let reject = AuditAction("reject")
    static let amend = AuditAction("amend")
    static let scores = AuditAction("scores")
    static let supervise = AuditAction("supervise")
    static let resolve = AuditAction("resolve")
    static let issue = AuditAction("issue")
}

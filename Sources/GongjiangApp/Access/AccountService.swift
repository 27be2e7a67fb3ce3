import Fluent
import Foundation
import GongjiangCore
import Vapor

/// Creating accounts and changing passwords, with the password policy and the audit trail, for the pages and the commands.
enum AccountService {
    enum Refusal: Error, Equatable {
        case usernameTaken(String)
        case badUsername
        case districtRequired
        case organizationRequired
        case unknownDistrict(String)
        case unknownOrganization(String)
        case password(PasswordRefusal)
        case notPending
    }

    struct NewAccount {
        var username: String
        var displayName: String
        var role: Role
        var districtCode: String?
        var organizationID: UUID?
        /// For a worker: the registry person the account is.
        var personID: UUID? = nil
        var password: String
        var mustChangePassword = true
        var isDemo = false
        /// Made by an operator on the server's command line (or the demo city), who holds the database already:
        /// no approval is waited for. Through the pages, a privileged role always waits for the security administrator.
        var byOperator = false
    }

    static func create(_ new: NewAccount, by event: AuditEvent, on database: any Database, bcryptCost: Int) async throws -> Account {
        let username = new.username.trimmingCharacters(in: .whitespaces).lowercased()
        guard (3...40).contains(username.count),
              username.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) else { throw Refusal.badUsername }
        do { try PasswordPolicy().check(new.password, username: username) } catch { throw Refusal.password(error) }
        if new.role.isDistrictScoped {
            guard let code = new.districtCode else { throw Refusal.districtRequired }
            guard try await District.find(code, on: database) != nil else { throw Refusal.unknownDistrict(code) }
        }
        if new.role.isOrganizationScoped {
            guard let id = new.organizationID else { throw Refusal.organizationRequired }
            guard try await Organization.find(id, on: database) != nil else { throw Refusal.unknownOrganization(id.uuidString) }
        }
        guard try await Account.query(on: database).filter(\.$username == username).count() == 0 else {
            throw Refusal.usernameTaken(username)
        }
        let account = Account()
        account.username = username
        account.displayName = new.displayName.isEmpty ? username : new.displayName
        account.roleCode = new.role.rawValue
        account.districtCode = new.role.isDistrictScoped ? new.districtCode : nil
        account.organizationID = new.role.isOrganizationScoped ? new.organizationID : nil
        account.personID = new.role.isPersonScoped ? new.personID : nil
        account.passwordHash = try Bcrypt.hash(new.password, cost: bcryptCost)
        account.mustChangePassword = new.mustChangePassword
        account.isDisabled = false
        account.isDemo = new.isDemo
        let waits = new.role.needsApproval && !new.byOperator
        account.approvalCode = (waits ? AccountApproval.pending : .approved).rawValue
        account.requestedBy = waits ? event.actor : nil
        let created = account
        try await AuditTrail.transaction(on: database) { tx, log in
            try await created.create(on: tx)
            var audited = event
            audited.entity = .account
            audited.entityID = created.id?.uuidString
            audited.action = .create
            audited.after = AuditValues.json(["username": username, "role": new.role.rawValue, "approval": created.approvalCode,
                                              "district": created.districtCode, "organization": created.organizationID?.uuidString,
                                              "person": created.personID?.uuidString])
            log.record(audited)
        }
        return account
    }

    /// A new password ends the account's other sessions (`keepingSession` is the one that made the change, if any):
    /// whoever held the old password may have signed in with it.
    static func changePassword(of account: Account, to password: String, by event: AuditEvent, on database: any Database,
                               bcryptCost: Int, mustChangeNext: Bool = false, keepingSession: UUID?, now: Date) async throws {
        do { try PasswordPolicy().check(password, username: account.username) } catch { throw Refusal.password(error) }
        account.passwordHash = try Bcrypt.hash(password, cost: bcryptCost)
        account.mustChangePassword = mustChangeNext
        try await AuditTrail.transaction(on: database) { tx, log in
            try await account.update(on: tx)
            func others() -> QueryBuilder<UserSession> {
                let query = UserSession.query(on: tx).filter(\.$accountID == account.id!).filter(\.$endedAt == nil)
                if let keepingSession { query.filter(\.$id != keepingSession) }
                return query
            }
            let ended = try await others().count()
            try await others().set(\.$endedAt, to: now).update()
            var audited = event
            audited.entity = .account
            audited.entityID = account.id?.uuidString
            audited.action = .passwordChange
            audited.after = AuditValues.json(["otherSessionsEnded": String(ended)])
            log.record(audited)
        }
    }

    /// Disabling an account ends every session it has; its tokens stop working at once (they are checked per call).
    static func setDisabled(_ account: Account, _ disabled: Bool, by event: AuditEvent, on database: any Database, now: Date) async throws {
        try await AuditTrail.transaction(on: database) { tx, log in
            account.isDisabled = disabled
            try await account.update(on: tx)
            if disabled {
                try await UserSession.query(on: tx).filter(\.$accountID == account.id!).filter(\.$endedAt == nil)
                    .set(\.$endedAt, to: now).update()
            }
            var audited = event
            audited.entity = .account
            audited.entityID = account.id?.uuidString
            audited.action = disabled ? .disable : .enable
            log.record(audited)
        }
    }
}

extension AccountService {
    /// For an account whose authenticator is lost: forgets its TOTP secret, so that the next sign-in enrols a new one
    /// (when the role requires it), and ends its sessions, which were opened with the old one.
    static func resetSecondFactor(of account: Account, by event: AuditEvent, on database: any Database, now: Date) async throws {
        try await AuditTrail.transaction(on: database) { tx, log in
            account.totpSecretSealed = nil
            account.totpLastStep = nil
            try await account.update(on: tx)
            try await UserSession.query(on: tx).filter(\.$accountID == account.id!).filter(\.$endedAt == nil)
                .set(\.$endedAt, to: now).update()
            var audited = event
            audited.entity = .account
            audited.entityID = account.id?.uuidString
            audited.action = .secondFactorReset
            log.record(audited)
        }
    }
}

extension AccountService {
    /// The security administrator's decision on a privileged account that waits for it. Approving lets it sign in;
    /// rejecting keeps it out for good (enabling it again does not approve it).
    static func decideApproval(of account: Account, approve: Bool, by event: AuditEvent, on database: any Database) async throws {
        guard account.approval == .pending else { throw Refusal.notPending }
        try await AuditTrail.transaction(on: database) { tx, log in
            account.approvalCode = (approve ? AccountApproval.approved : .rejected).rawValue
            try await account.update(on: tx)
            var audited = event
            audited.entity = .account
            audited.entityID = account.id?.uuidString
            audited.action = approve ? .approve : .reject
            audited.before = AuditValues.json(["approval": AccountApproval.pending.rawValue, "requestedBy": account.requestedBy])
            audited.after = AuditValues.json(["approval": account.approvalCode, "role": account.roleCode, "username": account.username])
            log.record(audited)
        }
    }
}

extension AccountService.Refusal: DomainError {
    /// A taken username and an approval already decided conflict with the state; the rest is wrong input.
    var kind: DomainErrorKind {
        switch self {
        case .usernameTaken, .notPending: .conflict
        default: .invalid
        }
    }

    var code: String {
        switch self {
        case .usernameTaken: "account.username-taken"
        case .badUsername: "account.username-invalid"
        case .districtRequired: "account.district-required"
        case .organizationRequired: "account.organization-required"
        case .unknownDistrict: "account.district-unknown"
        case .unknownOrganization: "account.organization-unknown"
        case .password(let refusal): refusal.code
        case .notPending: "account.not-pending"
        }
    }
    var chinese: String {
        switch self {
        case .usernameTaken(let name): "用户名 \(name) 已被使用"
        case .badUsername: "用户名须为 3–40 个字母、数字或 - _ ."
        case .districtRequired: "区县经办人账号必须指定所属区县"
        case .organizationRequired: "该角色的账号必须指定所属单位"
        case .unknownDistrict(let code): "区县代码 \(code) 不存在"
        case .unknownOrganization: "所属单位不存在"
        case .password(let refusal): refusal.chinese
        case .notPending: "该账号没有待审批的角色"
        }
    }
    var english: String {
        switch self {
        case .usernameTaken(let name): "The username \(name) is taken"
        case .badUsername: "A username is 3–40 letters, digits or - _ ."
        case .districtRequired: "A district officer's account needs a district"
        case .organizationRequired: "This role's account needs an organization"
        case .unknownDistrict(let code): "No district \(code)"
        case .unknownOrganization: "No such organization"
        case .password(let refusal): refusal.english
        case .notPending: "This account has no role waiting for approval"
        }
    }
}

/// Canonical JSON for the audit trail's before and after values: keys sorted, nothing absent written as null.
enum AuditValues {
    /// A flat JSON object of the values present, keys sorted, written as Foundation's JSONSerialization writes one
    /// (`/` escaped as `\/`, a control character as `\u` with four hex digits or its short form) but directly: every audited change
    /// writes one or two, and JSONSerialization's general path was a twentieth of a claim's filing in a profile.
    static func json(_ values: [String: String?]) -> String {
        var out = "{"
        for (index, (key, value)) in values.compactMapValues({ $0 }).sorted(by: { $0.key < $1.key }).enumerated() {
            if index > 0 { out += "," }
            escape(key, into: &out)
            out += ":"
            escape(value, into: &out)
        }
        return out + "}"
    }

    private static func escape(_ text: String, into out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "/": out += "\\/"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case _ where scalar.value < 0x20:
                out += "\\u00" + String(scalar.value, radix: 16).leftPadded(to: 2)
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}

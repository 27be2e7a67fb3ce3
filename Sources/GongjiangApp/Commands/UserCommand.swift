import Fluent
import Foundation
import GongjiangCore
import Vapor

/// `gongjiang user add --username U --role R [--district CODE] [--org USCC]`; the password comes on standard input,
/// so it never appears in the shell history or the process list. The holder must change it at first sign-in.
struct UserCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "add")
        var action: String
        @Option(name: "username", help: "3–40 letters, digits or - _ .")
        var username: String?
        @Option(name: "role", help: Role.allCases.map(\.rawValue).joined(separator: ", "))
        var role: String?
        @Option(name: "district", help: "District code, for district-officer")
        var district: String?
        @Option(name: "org", help: "Organization's credit code, for evaluation-org, training-provider, school, enterprise")
        var org: String?
        @Option(name: "name", help: "Display name")
        var name: String?
    }
    var help: String { "Creates an account; the password is read from standard input / 创建账号（密码从标准输入读取）" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let console = context.console
        let app = context.application
        guard signature.action == "add" else { return fail(console, "未知操作 / unknown action: \(signature.action) (add)") }
        guard let username = signature.username else { return fail(console, "缺少 --username / --username is required") }
        guard let role = signature.role.flatMap(Role.init(rawValue:)) else {
            return fail(console, "--role 须为 / --role must be one of: \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        try await app.autoMigrate()
        var organizationID: UUID? = nil
        if let uscc = signature.org {
            guard let organization = try await Organization.query(on: app.db).filter(\.$uscc == uscc.uppercased()).first() else {
                return fail(console, "找不到单位 / no organization with credit code \(uscc)")
            }
            organizationID = organization.id
        }
        guard let password = readLine(strippingNewline: true), !password.isEmpty else {
            return fail(console, "请从标准输入提供密码 / give the password on standard input")
        }
        do {
            let account = try await AccountService.create(
                .init(username: username, displayName: signature.name ?? username, role: role, districtCode: signature.district,
                      organizationID: organizationID, password: password, mustChangePassword: true),
                by: AuditEvent(actor: "operator", entity: "account", action: "create"), on: app.db, bcryptCost: app.settings.bcryptCost)
            console.print("已创建账号 / account created: \(account.username) (\(role.rawValue))；首次登录须修改密码 / must change the password at first sign-in")
        } catch let refusal as AccountService.Refusal {
            fail(console, "\(refusal.chinese) / \(refusal.english)")
        }
    }

    private func fail(_ console: any Console, _ message: String) {
        console.error(message)
        ExitStatus.code = 1
    }
}

/// `gongjiang token create --username U [--expires-days N]`: prints a new API token once; only its hash is kept.
struct TokenCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "create")
        var action: String
        @Option(name: "username", help: "The account the token acts for")
        var username: String?
        @Option(name: "expires-days", help: "Days until it expires (1–366, default 90)")
        var days: Int?
        @Option(name: "name", help: "A name to tell tokens apart (default: cli)")
        var name: String?
    }
    var help: String { "Creates an API token for an account / 为账号生成 API 令牌" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard signature.action == "create", let username = signature.username else {
            context.console.error("用法 / usage: gongjiang token create --username U [--expires-days N]")
            ExitStatus.code = 1
            return
        }
        try await app.autoMigrate()
        guard let account = try await Account.query(on: app.db).filter(\.$username == username.lowercased()).first(),
              !account.isDisabled else {
            context.console.error("找不到可用的账号 / no active account \(username)")
            ExitStatus.code = 1
            return
        }
        let days = signature.days ?? 90
        guard (1...APITokens.maximumDays).contains(days) else {
            context.console.error("--expires-days 须为 1–366 / --expires-days must be 1–366")
            ExitStatus.code = 1
            return
        }
        let (secret, token) = try await APITokens.create(for: account.id!, name: signature.name ?? "cli", days: days,
                                                         event: AuditEvent(actor: "operator", entity: "api-token", action: "create"),
                                                         on: app.db)
        context.console.print(secret)
        FileHandle.standardError.write(Data("令牌只显示这一次，到期 / shown once; expires \(ISO8601DateFormatter().string(from: token.expiresAt))\n".utf8))
    }
}

/// `gongjiang audit verify`: checks the whole chain; exit 1 names the first bad record.
struct AuditCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "verify")
        var action: String
    }
    var help: String { "Verifies the audit trail's hash chain / 校验审计日志哈希链" }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "verify" else {
            context.console.error("用法 / usage: gongjiang audit verify")
            ExitStatus.code = 1
            return
        }
        try await context.application.autoMigrate()
        let (checked, problem) = try await AuditTrail.verify(on: context.application.db)
        if let problem {
            context.console.error("审计链断裂 / audit chain broken: \(problem.chinese) / \(problem.english)")
            ExitStatus.code = 1
        } else {
            context.console.print("审计链完整 / audit chain intact: \(checked) 条记录 records")
        }
    }
}

/// `gongjiang keys rotate`: a new current key; every sealed value is sealed again under it, batch by batch.
/// The new key is written first and old keys stay in the file, so a stop half-way leaves everything readable.
struct KeysCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "rotate")
        var action: String
    }
    var help: String { "Rotates the personal-data encryption key / 轮换个人信息加密密钥" }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "rotate" else {
            context.console.error("用法 / usage: gongjiang keys rotate")
            ExitStatus.code = 1
            return
        }
        let app = context.application
        try await app.autoMigrate()
        let path = app.settings.keyFile
        guard let data = FileManager.default.contents(atPath: path),
              var file = try? JSONDecoder().decode(PersonalDataVault.KeyFile.self, from: data) else {
            context.console.error("密钥文件无法读取 / cannot read the key file \(path)")
            ExitStatus.code = 1
            return
        }
        var number = file.keys.count + 1
        while file.keys["k\(number)"] != nil { number += 1 }
        let newID = "k\(number)"
        file.keys[newID] = PersonalDataVault.newKey()
        file.current = newID
        try PersonalDataVault.write(file, to: path)
        let vault = try PersonalDataVault(keyFile: file)
        app.vault = vault
        let count = try await KeyRotation.reseal(on: app.db, vault: vault)
        try await AuditTrail.record(AuditEvent(actor: "operator", entity: "key", entityID: newID, action: "rotate",
                                               after: AuditValues.json(["resealed": String(count)])), on: app.db)
        context.console.print("已轮换到密钥 \(newID)，重新加密 \(count) 个值 / rotated to key \(newID); \(count) values sealed again")
    }
}

enum KeyRotation {
    /// Seals again every value not yet under the vault's current key; returns how many it changed.
    static func reseal(on database: any Database, vault: PersonalDataVault, batch: Int = 500) async throws -> Int {
        var changed = 0
        var after: UUID? = nil
        while true {
            let query = Person.query(on: database).sort(\.$id).limit(batch)
            if let after { query.filter(\.$id > after) }
            let persons = try await query.all()
            guard let last = persons.last?.id else { break }
            after = last
            changed += try await database.transaction { tx in
                var resealed = 0
                for person in persons {
                    var dirty = false
                    if PersonalDataVault.keyID(of: person.idNumberSealed) != vault.currentKeyID {
                        person.idNumberSealed = try vault.seal(try vault.open(person.idNumberSealed))
                        dirty = true
                    }
                    if let phone = person.phoneSealed, PersonalDataVault.keyID(of: phone) != vault.currentKeyID {
                        person.phoneSealed = try vault.seal(try vault.open(phone))
                        dirty = true
                    }
                    if dirty {
                        try await person.update(on: tx)
                        resealed += 1
                    }
                }
                return resealed
            }
        }
        for account in try await Account.query(on: database).filter(\.$totpSecretSealed != nil).all() {
            guard let sealed = account.totpSecretSealed, PersonalDataVault.keyID(of: sealed) != vault.currentKeyID else { continue }
            account.totpSecretSealed = try vault.seal(try vault.open(sealed))
            try await account.update(on: database)
            changed += 1
        }
        return changed
    }
}

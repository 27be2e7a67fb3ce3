import Fluent
import Foundation
import GongjiangCore
import Vapor

/// `gongjiang keys rotate`: a new current key; every sealed value is sealed again under it, batch by batch.
/// The new key is written first and old keys stay in the file, so a stop half-way leaves everything readable.
/// `gongjiang keys rotate-signing`: a new certificate signing key signs from now on; the old ones stay in the file and
/// in the published JWK Set, so credentials signed before still verify.
struct KeysCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "rotate or rotate-signing")
        var action: String
    }
    var help: String { "Rotates the personal-data encryption key / 轮换个人信息加密密钥" }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "rotate" || signature.action == "rotate-signing" else {
            context.fail("用法 / usage: gongjiang keys rotate | gongjiang keys rotate-signing")
            return
        }
        let app = context.application
        try await app.autoMigrate()
        let path = app.settings.keyFile
        guard let data = FileManager.default.contents(atPath: path),
              var file = try? JSONDecoder().decode(PersonalDataVault.KeyFile.self, from: data) else {
            context.fail("密钥文件无法读取 / cannot read the key file \(path)")
            return
        }
        if signature.action == "rotate-signing" {
            var signing = file.signing ?? SigningKeys.File.new()
            let kid = signing.rotate()
            file.signing = signing
            try PersonalDataVault.write(file, to: path)
            app.signingKeys = try SigningKeys(file: signing)
            try await AuditTrail.record(AuditEvent(actor: "operator", entity: .key, entityID: kid, action: .rotate,
                                                   after: AuditValues.json(["purpose": "certificate-signing"])), on: app.db)
            context.console.print("已启用新的证书签名密钥 \(kid)，旧密钥继续公布 / certificates are now signed with \(kid); older keys stay published")
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
        try await AuditTrail.record(AuditEvent(actor: "operator", entity: .key, entityID: newID, action: .rotate,
                                               after: AuditValues.json(["resealed": String(count)])), on: app.db)
        context.console.print("已轮换到密钥 \(newID)，重新加密 \(count) 个值 / rotated to key \(newID); \(count) values sealed again")
    }
}

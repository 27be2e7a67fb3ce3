import Fluent
import Foundation
import GongjiangCore
import Vapor

/// Seals personal data again under the vault's current key (used by `keys rotate`).
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

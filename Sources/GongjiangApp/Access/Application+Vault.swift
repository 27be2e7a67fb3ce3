import Vapor

extension Application {
    private struct VaultKey: StorageKey { typealias Value = PersonalDataVault }

    /// The personal-data vault, loaded at start-up from `GONGJIANG_KEY_FILE`.
    var vault: PersonalDataVault {
        get {
            guard let vault = storage[VaultKey.self] else { fatalError("configure(_:settings:) loads the vault before any request") }
            return vault
        }
        set { storage[VaultKey.self] = newValue }
    }
}

extension Request {
    var vault: PersonalDataVault { application.vault }
}

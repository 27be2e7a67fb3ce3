import Crypto
import Foundation
import JWTKit
import Vapor

/// The Ed25519 keys that sign certificates as Verifiable Credentials. They live in the key file beside the
/// encryption keys (`GONGJIANG_KEY_FILE`), never in the database. The newest signs; every older one stays
/// published in the JWK Set, so a credential signed before a rotation still verifies.
struct SigningKeys: Sendable {
    /// The key file's part: the current key id and each key's 32-byte private seed, base64.
    struct File: Codable, Sendable {
        var current: String
        var keys: [String: String]

        static func new() -> File {
            File(current: "sig-1", keys: ["sig-1": Curve25519.Signing.PrivateKey().rawRepresentation.base64EncodedString()])
        }

        /// A new key, which becomes the current one; the old ones stay.
        mutating func rotate() -> String {
            var number = keys.count + 1
            while keys["sig-\(number)"] != nil { number += 1 }
            let kid = "sig-\(number)"
            keys[kid] = Curve25519.Signing.PrivateKey().rawRepresentation.base64EncodedString()
            current = kid
            return kid
        }
    }

    enum KeyError: Error, CustomStringConvertible {
        case unreadable(String)
        var description: String {
            switch self {
            case .unreadable(let kid): "签名密钥 \(kid) 无法读取 / signing key \(kid) is unreadable"
            }
        }
    }

    let currentID: String
    let privateKeys: [String: Curve25519.Signing.PrivateKey]

    init(file: File) throws {
        var keys: [String: Curve25519.Signing.PrivateKey] = [:]
        for (kid, text) in file.keys {
            guard let data = Data(base64Encoded: text), let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: data) else {
                throw KeyError.unreadable(kid)
            }
            keys[kid] = key
        }
        guard keys[file.current] != nil else { throw KeyError.unreadable(file.current) }
        currentID = file.current
        privateKeys = keys
    }

    /// Reads the signing part of the key file, adding one to a key file that has none yet (and saying so).
    static func load(path: String) throws -> (keys: SigningKeys, created: Bool) {
        guard let data = FileManager.default.contents(atPath: path),
              var file = try? JSONDecoder().decode(PersonalDataVault.KeyFile.self, from: data) else {
            throw PersonalDataVault.VaultError.unreadableKeyFile(path)
        }
        if let signing = file.signing { return (try SigningKeys(file: signing), false) }
        let signing = File.new()
        file.signing = signing
        try PersonalDataVault.write(file, to: path)
        return (try SigningKeys(file: signing), true)
    }

    /// The public keys as a JWK Set (RFC 7517; OKP keys of RFC 8037), sorted by key id.
    var jwks: JWKSet {
        JWKSet(keys: privateKeys.keys.sorted().map { kid in
            JWKSet.Key(kid: kid, x: Self.base64URL(privateKeys[kid]!.publicKey.rawRepresentation))
        })
    }

    struct JWKSet: Content, Equatable {
        struct Key: Content, Equatable {
            var kty = "OKP"
            var crv = "Ed25519"
            var alg = "EdDSA"
            var use = "sig"
            let kid: String
            let x: String
        }
        let keys: [Key]
    }

    /// A key collection holding every key, for signing with the current one and verifying with any.
    func collection() async -> JWTKeyCollection {
        let collection = JWTKeyCollection()
        for (kid, key) in privateKeys {
            await collection.add(eddsa: EdDSA.PrivateKey(backing: key), kid: JWKIdentifier(string: kid))
        }
        return collection
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}

extension Application {
    private struct SigningKeysKey: StorageKey { typealias Value = SigningKeys }

    /// The certificate signing keys, loaded at start-up from the key file.
    var signingKeys: SigningKeys {
        get {
            guard let keys = storage[SigningKeysKey.self] else { fatalError("configure(_:settings:) loads the signing keys before any request") }
            return keys
        }
        set { storage[SigningKeysKey.self] = newValue }
    }
}

import Crypto
import Foundation

/// Encrypts personal data at rest (AES-256-GCM) and computes keyed blind indexes (HMAC-SHA256) for exact look-up.
///
/// A sealed value is `KEYID:BASE64(nonce ‖ ciphertext ‖ tag)`, so each value names the key that sealed it and
/// `gongjiang keys rotate` can re-seal everything under a new key while old values stay readable. The index key
/// is separate and does not rotate with the encryption keys, so look-ups keep working during a rotation.
struct PersonalDataVault: Sendable {
    enum VaultError: Error, CustomStringConvertible {
        case missingKeyFile(String)
        case unreadableKeyFile(String)
        case unknownKey(String)
        case malformed
        var description: String {
            switch self {
            case .missingKeyFile(let path): "密钥文件不存在 / key file missing: \(path) (GONGJIANG_KEY_FILE)"
            case .unreadableKeyFile(let path): "密钥文件无法读取 / key file unreadable: \(path)"
            case .unknownKey(let id): "数据使用的密钥 \(id) 不在密钥文件中 / value sealed with key \(id), which the key file lacks"
            case .malformed: "加密数据格式不正确 / sealed value is malformed"
            }
        }
    }

    /// What the key file holds (JSON). Keys are 32 random bytes, base64.
    struct KeyFile: Codable {
        var current: String
        var keys: [String: String]
        var index: String
        /// The Ed25519 keys that sign certificates (`SigningKeys`), kept beside the encryption keys and never in the
        /// database. Absent in key files written before certificates were signed; added on first start.
        var signing: SigningKeys.File?
    }

    let currentKeyID: String
    private let keys: [String: SymmetricKey]
    private let indexKey: SymmetricKey

    init(keyFile: KeyFile) throws {
        var keys: [String: SymmetricKey] = [:]
        for (id, text) in keyFile.keys {
            guard let data = Data(base64Encoded: text), data.count == 32 else { throw VaultError.unreadableKeyFile(id) }
            keys[id] = SymmetricKey(data: data)
        }
        guard keys[keyFile.current] != nil, let index = Data(base64Encoded: keyFile.index), index.count == 32 else {
            throw VaultError.unreadableKeyFile("current/index")
        }
        self.currentKeyID = keyFile.current
        self.keys = keys
        self.indexKey = SymmetricKey(data: index)
        idNumberMAC = Self.keyedMAC(indexKey, purpose: "id-number")
        lastFourMAC = Self.keyedMAC(indexKey, purpose: "id-last4")
    }

    /// An HMAC already keyed and fed the purpose: copying it skips the key schedule, which an import would
    /// otherwise run twice a row (the struct copies its state on write, so each copy is independent).
    private let idNumberMAC: HMAC<SHA256>
    private let lastFourMAC: HMAC<SHA256>

    private static func keyedMAC(_ key: SymmetricKey, purpose: String) -> HMAC<SHA256> {
        var mac = HMAC<SHA256>(key: key)
        mac.update(data: Array((purpose + "\u{0}").utf8))
        return mac
    }

    private static func index(_ keyed: HMAC<SHA256>, _ value: String) -> String {
        var mac = keyed
        mac.update(data: Array(value.utf8))
        // The first 128 bits: collisions stay out of reach (2^64 values before one is likely), and the index
        // on 32 characters is half the size of one on 64, which a million-row import feels.
        return Secrets.hex(mac.finalize().prefix(16))
    }

    /// Reads the key file; outside production a missing file is created (the caller warns).
    static func load(path: String, createIfMissing: Bool) throws -> (vault: PersonalDataVault, created: Bool) {
        if !FileManager.default.fileExists(atPath: path) {
            guard createIfMissing else { throw VaultError.missingKeyFile(path) }
            let file = KeyFile(current: "k1", keys: ["k1": newKey()], index: newKey(), signing: SigningKeys.File.new())
            try write(file, to: path)
            return (try PersonalDataVault(keyFile: file), true)
        }
        guard let data = FileManager.default.contents(atPath: path),
              let file = try? JSONDecoder().decode(KeyFile.self, from: data) else { throw VaultError.unreadableKeyFile(path) }
        return (try PersonalDataVault(keyFile: file), false)
    }

    static func newKey() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }
    }

    /// Writes the key file readable by its owner only.
    static func write(_ file: KeyFile, to path: String) throws {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let temporary = path + ".tmp"
        FileManager.default.createFile(atPath: temporary, contents: try encoder.encode(file), attributes: [.posixPermissions: 0o600])
        // rename(2) replaces the old file in one step, so a crash never leaves half a key file.
        guard rename(temporary, path) == 0 else { throw VaultError.unreadableKeyFile(path) }
    }

    func seal(_ plaintext: String) throws -> String {
        // The nonce is 96 random bits, as AES.GCM.Nonce() makes it, but drawn from the pool (RandomPool).
        let box = try AES.GCM.seal(Data(plaintext.utf8), using: keys[currentKeyID]!,
                                   nonce: try AES.GCM.Nonce(data: RandomPool.bytes(12)))
        return currentKeyID + ":" + box.combined!.base64EncodedString()
    }

    func open(_ sealed: String) throws -> String {
        guard let colon = sealed.firstIndex(of: ":") else { throw VaultError.malformed }
        let id = String(sealed[..<colon])
        guard let key = keys[id] else { throw VaultError.unknownKey(id) }
        guard let data = Data(base64Encoded: String(sealed[sealed.index(after: colon)...])) else { throw VaultError.malformed }
        let plaintext = try AES.GCM.open(AES.GCM.SealedBox(combined: data), using: key)
        return String(decoding: plaintext, as: UTF8.self)
    }

    static func keyID(of sealed: String) -> String? {
        sealed.firstIndex(of: ":").map { String(sealed[..<$0]) }
    }

    /// A keyed, deterministic digest for equality look-ups. `purpose` keeps indexes of different fields apart,
    /// so equal values in two fields do not produce equal index entries.
    func blindIndex(_ value: String, purpose: String) -> String {
        Self.index(Self.keyedMAC(indexKey, purpose: purpose), value)
    }

    /// The index of a document number (type and number together).
    /// Equal to `blindIndex(type + "\u{0}" + number, purpose: "id-number")`.
    func idNumberIndex(type: String, number: String) -> String { Self.index(idNumberMAC, type + "\u{0}" + number) }
    /// The index of a document number's last four characters, for "search by the last digits".
    /// Equal to `blindIndex(lastFour.uppercased(), purpose: "id-last4")`.
    func lastFourIndex(_ lastFour: String) -> String { Self.index(lastFourMAC, lastFour.uppercased()) }

    /// A vault for tests and tools that need one in memory only.
    static func ephemeral() -> PersonalDataVault {
        try! PersonalDataVault(keyFile: KeyFile(current: "k1", keys: ["k1": newKey()], index: newKey()))
    }
}

/// Whether a certificate held still stands. A revoked certificate keeps its number forever
/// (人社鉴发〔2019〕2号: a number is never reused).
public enum CertificateStatus: String, Sendable, Codable, CaseIterable {
    case valid
    case revoked
}

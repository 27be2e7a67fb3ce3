import Foundation
import JWTKit

/// Checks a certificate credential (compact JWS) against a JWK Set, offline: the header must say `EdDSA` and
/// `vc+jwt` and name a key of the set; the signature must verify with that key; the payload must be a credential.
/// Used by `gongjiang certificate verify` and by the tests.
enum CredentialVerifier {
    enum Outcome: Equatable {
        case valid(CertificateCredential)
        case invalid(Reason)
    }

    enum Reason: Equatable, CustomStringConvertible {
        case malformed
        case wrongAlgorithm(String?)
        case wrongType(String?)
        case missingKeyID
        case unknownKeyID(String)
        case badSignature
        case notACredential

        var description: String {
            switch self {
            case .malformed: "不是紧凑格式的 JWT / not a compact JWT"
            case .wrongAlgorithm(let alg): "算法应为 EdDSA，实为 \(alg ?? "无") / alg must be EdDSA, not \(alg ?? "none")"
            case .wrongType(let typ): "类型应为 vc+jwt，实为 \(typ ?? "无") / typ must be vc+jwt, not \(typ ?? "none")"
            case .missingKeyID: "头部没有 kid / the header names no kid"
            case .unknownKeyID(let kid): "密钥 \(kid) 不在公钥集中（非本平台签发或密钥未公布）/ key \(kid) is not in the key set (signed elsewhere, or not published)"
            case .badSignature: "签名无效：内容被改动或并非此密钥签发 / the signature does not verify: altered, or not signed by this key"
            case .notACredential: "签名有效，但内容不是证书凭证 / signed, but the payload is not a certificate credential"
            }
        }
    }

    struct Header: Decodable {
        let alg: String?
        let typ: String?
        let kid: String?
    }

    static func verify(_ token: String, jwks: SigningKeys.JWKSet) async -> Outcome {
        let parts = token.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let headerData = Self.base64URLDecode(String(parts[0])),
              let header = try? JSONDecoder().decode(Header.self, from: headerData) else { return .invalid(.malformed) }
        guard header.alg == "EdDSA" else { return .invalid(.wrongAlgorithm(header.alg)) }
        guard header.typ == "vc+jwt" else { return .invalid(.wrongType(header.typ)) }
        guard let kid = header.kid else { return .invalid(.missingKeyID) }
        guard let key = jwks.keys.first(where: { $0.kid == kid }) else { return .invalid(.unknownKeyID(kid)) }
        let collection = JWTKeyCollection()
        do {
            await collection.add(eddsa: try EdDSA.PublicKey(x: key.x, curve: .ed25519), kid: JWKIdentifier(string: kid))
        } catch {
            return .invalid(.unknownKeyID(kid))
        }
        do {
            let credential = try await collection.verify(String(token.trimmingCharacters(in: .whitespacesAndNewlines)),
                                                         as: CertificateCredential.self)
            guard credential.type.contains("VerifiableCredential") else { return .invalid(.notACredential) }
            return .valid(credential)
        } catch let error as JWTError where error.errorType == .signatureVerificationFailed {
            return .invalid(.badSignature)
        } catch is DecodingError {
            return .invalid(.notACredential)
        } catch let error as JWTError where error.errorType == .claimVerificationFailure {
            return .invalid(.notACredential)
        } catch {
            return .invalid(.badSignature)
        }
    }

    static func base64URLDecode(_ text: String) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64)
    }
}

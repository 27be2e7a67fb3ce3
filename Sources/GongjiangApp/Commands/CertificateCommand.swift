import Foundation
import Vapor

/// `gongjiang certificate verify FILE [--jwks JWKS.json]`: checks a signed certificate credential offline, against a
/// JWK Set file (as published at /.well-known/jwks.json) or the keys in the key file. Exit 0 valid, 1 invalid,
/// naming why.
struct CertificateCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "verify")
        var action: String
        @Argument(name: "file", help: "The credential: a compact JWT (application/vc+jwt)")
        var file: String
        @Option(name: "jwks", help: "A JWK Set file; default: the public keys of GONGJIANG_KEY_FILE")
        var jwks: String?
    }
    var help: String { "Verifies a signed certificate credential offline / 离线校验证书电子凭证的签名" }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "verify" else {
            context.fail("用法 / usage: gongjiang certificate verify FILE [--jwks JWKS.json]")
            return
        }
        guard let data = FileManager.default.contents(atPath: signature.file), let token = String(data: data, encoding: .utf8) else {
            context.fail("无法读取凭证文件 / cannot read the credential file \(signature.file)")
            return
        }
        let keySet: SigningKeys.JWKSet
        if let path = signature.jwks {
            guard let json = FileManager.default.contents(atPath: path),
                  let set = try? JSONDecoder().decode(SigningKeys.JWKSet.self, from: json) else {
                context.fail("无法读取公钥集 / cannot read the JWK Set \(path)")
                return
            }
            keySet = set
        } else {
            keySet = context.application.signingKeys.jwks
        }
        switch await CredentialVerifier.verify(token, jwks: keySet) {
        case .valid(let credential):
            let achievement = credential.credentialSubject.achievement
            context.console.print("有效 / valid: \(credential.id) · \(achievement.name) · \(credential.issuer.name) · \(credential.validFrom)")
        case .invalid(let reason):
            context.fail("无效 / invalid: \(reason)")
        }
    }
}

import Crypto
import Fluent
import SQLKit
import Foundation
import GongjiangCore
import Vapor

/// Public certificate verification (证书查询): a number and the holder's name, no sign-in. Found and the name
/// matches: the status, the masked name, occupation, level, issue date and issuer, and nothing more. Otherwise the
/// same 404, so that an answer never confirms that a number exists. Rate-limited per address far below the
/// signed-in API, and cache-friendly (ETag, Cache-Control).
enum PublicVerification {
    struct Result: Content, Equatable {
        let number: String
        /// `valid` or `revoked`.
        let status: String
        let holderNameMasked: String
        let occupationCode: String
        let occupationName: String
        let level: String
        let levelName: String
        let issueDate: String
        let issuer: String
        /// `issued` here, or `imported` from an earlier system.
        let source: String
        let revokedOn: String?
    }

    /// How long a proxy or browser may reuse an answer: a revocation shows within five minutes.
    static let maxAge = 300

    /// Looks a certificate up; nil for an unknown number and for a name that does not match alike. One indexed
    /// query (the number is unique) joins the holder and the occupation: this is the city's most-called address.
    static func lookUp(number raw: String, name rawName: String, on database: any Database) async throws -> Result? {
        let name = rawName.halfWidthNormalized
        guard !name.isEmpty, name.count <= RegistryFieldRules.maximumPersonNameLength,
              let (result, holder) = try await record(number: raw, on: database), holder == name else { return nil }
        return result
    }

    /// The certificate of this number with its holder's full name, whatever name was asked with.
    static func record(number raw: String, on database: any Database) async throws -> (Result, holder: String)? {
        let number = raw.halfWidthNormalized.uppercased()
        guard (16...22).contains(number.count),
              // One statement written out, with the number bound: building it as an expression tree cost a tenth of
              // the time of a look-up in a profile of the benchmark.
              let row = try await database.sql.raw("""
                  SELECT c.number, c.status, c.occupation_code, c.level, c.issue_date, c.issuer_name, c.source, c.revoked_on,
                         p.name AS holder, o.name_zh AS occupation_name
                  FROM certificates c JOIN persons p ON p.id = c.person_id LEFT JOIN occupations o ON o.code = c.occupation_code
                  WHERE c.number = \(bind: number)
                  """).first()
        else { return nil }
        let holder = try row.decode(column: "holder", as: String.self)
        let occupationCode = try row.decode(column: "occupation_code", as: String.self)
        let level = SkillLevel(rawValue: try row.decode(column: "level", as: Int.self)) ?? .level5
        return (Result(number: try row.decode(column: "number", as: String.self), status: try row.decode(column: "status", as: String.self),
                      holderNameMasked: Masking.name(holder), occupationCode: occupationCode,
                      occupationName: try row.decode(column: "occupation_name", as: String?.self) ?? occupationCode,
                      level: level.code, levelName: level.chineseName, issueDate: try row.decode(column: "issue_date", as: String.self),
                      issuer: try row.decode(column: "issuer_name", as: String.self), source: try row.decode(column: "source", as: String.self),
                      revokedOn: try row.decode(column: "revoked_on", as: String?.self)), holder)
    }

    /// Counts an anonymous look-up against its address's allowance.
    static func admit(_ request: Request) throws {
        if let retry = request.application.publicLookupLimiter.hit("lookup:" + request.sourceAddress,
                                                                   limit: request.application.settings.rateLimitPublicLookups,
                                                                   now: request.now) {
            throw AccessProblem.rateLimited(retryAfter: retry)
        }
    }

    /// `GET /api/v1/public/certificates/{number}?name=…`
    static func api(_ request: Request) async throws -> Response {
        try admit(request)
        let number = (request.parameters.get("number") ?? "").halfWidthNormalized.uppercased()
        // Read from the query string as written (the contract middleware has checked it): Vapor's form decoder was a
        // fifth of this address's time in a profile.
        guard let name = QueryString.value(of: "name", in: request.url.query)?.halfWidthNormalized, !name.isEmpty else {
            throw RequestProblem.notFound
        }
        let cache = request.application.verificationCache
        let now = request.now
        let entry: VerificationCache.Entry
        if let cached = cache.entry(number, now: now) {
            entry = cached
        } else {
            guard let (result, holder) = try await record(number: number, on: request.db) else { throw RequestProblem.notFound }
            let body = try JSONEncoder.sorted.encode(result)
            let etag = "\"" + Secrets.hex(SHA256.hash(data: body).prefix(12)) + "\""
            entry = VerificationCache.Entry(holder: holder, body: body, etag: etag, stored: now)
            cache.store(number, entry)
        }
        guard entry.holder == name else { throw RequestProblem.notFound }
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .eTag, value: entry.etag)
        headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=\(maxAge)")
        if request.headers.first(name: .ifNoneMatch) == entry.etag { return Response(status: .notModified, headers: headers) }
        headers.contentType = .json
        return Response(status: .ok, headers: headers, body: .init(data: entry.body))
    }
}

extension JSONEncoder {
    /// Keys sorted, so the same answer is the same bytes and the same ETag.
    static let sorted: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()
}

extension Application {
    private struct PublicLookupLimiterKey: StorageKey { typealias Value = RateLimiter }

    /// The allowance of anonymous certificate look-ups, apart from the general per-address limit.
    var publicLookupLimiter: RateLimiter {
        get {
            guard let limiter = storage[PublicLookupLimiterKey.self] else { fatalError("configure(_:settings:) sets the limiter") }
            return limiter
        }
        set { storage[PublicLookupLimiterKey.self] = newValue }
    }
}

/// `/.well-known/jwks.json` and `/api/v1/certificates/{id}/credential`.
enum CredentialRoutes {
    static func jwks(_ request: Request) async throws -> Response {
        let response = try await request.application.signingKeys.jwks.encodeResponse(for: request)
        response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=3600")
        return response
    }

    static func credential(_ request: Request) async throws -> Response {
        let id = try request.uuidParameter()
        guard let certificate = try await CertificationAPI.certificateInReach(id, request) else {
            throw try await request.notInScope(Certificate.self, id, entity: .certificate)
        }
        let credential = try await CertificateCredential.of(certificate, on: request.db, vault: request.vault)
        let token = try await credential.sign(with: request.application.signingKeys)
        try await AuditTrail.record(AuditEvent(request, entity: .certificate, entityID: id.uuidString, action: .export,
                                               after: AuditValues.json(["format": "vc+jwt", "kid": request.application.signingKeys.currentID])),
                                    on: request.db)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: CertificateCredential.mediaType.serialize())
        return Response(status: .ok, headers: headers, body: .init(string: token))
    }
}

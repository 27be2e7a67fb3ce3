import Fluent
import Foundation
import GongjiangCore
import SQLKit
import Vapor

/// Requests that move money take an `Idempotency-Key` header. The first request with a key runs, and its answer is
/// kept with the key in the same transaction as its effect; the same key and the same request again get that answer
/// back (with `Idempotent-Replayed: true`) and change nothing; the same key with a different request is refused with
/// 422. Keys belong to the caller, so two callers' keys never meet. A request refused for its content keeps no
/// answer: nothing happened, and it may be sent again once put right.
enum Idempotent {
    static let header = "Idempotency-Key"
    static let replayedHeader = "Idempotent-Replayed"

    static func respond<T: Content>(_ request: Request, status: HTTPStatus = .created,
                                    _ work: @escaping @Sendable (LedgerContext) async throws -> T) async throws -> Response {
        guard let key = request.headers.first(name: header) else {
            throw RequestProblem.missingHeader(header)
        }
        guard Idempotency.validKey(key) else {
            throw RequestProblem.badParameter(header)
        }
        let caller = request.principal?.username ?? "anonymous"
        let body = request.body.data.map { Array($0.readableBytesView) } ?? []
        let fingerprint = Idempotency.fingerprint(method: request.method.rawValue,
                                                  path: request.url.path + "?" + (request.url.query ?? ""), body: body)
        let (code, text, replayed) = try await run(request, key: key, fingerprint: fingerprint, status: Int(status.code)) { context in
            String(decoding: try JSONEncoder.sorted.encode(try await work(context)), as: UTF8.self)
        }
        var headers = HTTPHeaders()
        headers.contentType = .json
        if replayed { headers.replaceOrAdd(name: replayedHeader, value: "true") }
        return Response(status: HTTPResponseStatus(statusCode: code), headers: headers, body: .init(string: text))
    }

    /// Runs `work` once per caller and key, in one audited transaction with the key's record: the first time, its
    /// answer is kept; the same fingerprint again gets that answer back unchanged; another fingerprint is refused.
    static func run(_ request: Request, key: String, fingerprint: String, status: Int,
                    _ work: @escaping @Sendable (LedgerContext) async throws -> String) async throws -> (status: Int, body: String, replayed: Bool) {
        let caller = request.principal?.username ?? "anonymous"
        let context = request.ledger
        let now = request.now
        return try await AuditTrail.transaction(on: request.db, now: now) { tx, log in
            if let row = try await tx.sql.raw("""
                SELECT fingerprint, status, body FROM idempotency_keys WHERE caller = \(bind: caller) AND key = \(bind: key)
                """).first() {
                guard try row.decode(column: "fingerprint", as: String.self) == fingerprint else {
                    throw RequestProblem.validation([FieldProblem(field: header, code: "idempotency.key-reused",
                                                                  chinese: "该 Idempotency-Key 已用于另一个不同的请求，请换一个新的键",
                                                                  english: "This Idempotency-Key was used for a different request; use a new key")])
                }
                return (try row.decode(column: "status", as: Int.self), try row.decode(column: "body", as: String.self), true)
            }
            var inner = context
            inner.within = LedgerContext.Within(tx: tx, log: log)
            let text = try await work(inner)
            try await tx.sql.insert(into: "idempotency_keys")
                .columns("id", "caller", "key", "fingerprint", "status", "body", "created_at")
                .values(SQLBind(UUID.timeOrdered(now: now)), SQLBind(caller), SQLBind(key), SQLBind(fingerprint), SQLBind(status),
                        SQLBind(text), SQLBind(now))
                .run()
            return (status, text, false)
        }
    }

    /// A form's key: the hidden field each money form carries, made when the form was drawn, so that a second press
    /// of its button (or the browser sending it again) has no second effect. The fingerprint is of the path and the
    /// form's fields.
    static let formField = "_idempotency"

    static func form(_ request: Request, fields: [String: String], _ work: @escaping @Sendable (LedgerContext) async throws -> String)
        async throws -> (url: String, replayed: Bool) {
        guard let key = try? request.content.get(String.self, at: formField), Idempotency.validKey(key) else {
            throw RequestProblem.missingHeader(formField)
        }
        let text = fields.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\n")
        let fingerprint = Idempotency.fingerprint(method: "FORM", path: request.url.path, body: Array(text.utf8))
        let (_, body, replayed) = try await run(request, key: key, fingerprint: fingerprint, status: 303, work)
        return (body, replayed)
    }
}

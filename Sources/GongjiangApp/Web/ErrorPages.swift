import Foundation
import GongjiangCore
import Plot
import Vapor

/// Turns every error into an answer the caller can use: problem+json under `/api`, an error page elsewhere.
/// Nothing escapes as a bare 500; an unexpected error is logged with the request id and shown generically.
struct ProblemMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            let described = Self.describe(error, request: request)
            if described.status == .internalServerError {
                request.logger.report(error: error)
            }
            if request.url.path.hasPrefix("/api/") {
                return Self.problemResponse(described, request: request)
            }
            return Self.page(described, request: request)
        }
    }

    struct Described {
        var status: HTTPResponseStatus
        var code: String
        var chinese: String
        var english: String
        var fields: [FieldProblem]? = nil
        var headers: HTTPHeaders = [:]
    }

    static func describe(_ error: any Error, request: Request) -> Described {
        switch error {
        case let problem as RequestProblem:
            return Described(status: problem.status, code: problem.code, chinese: problem.chinese,
                             english: problem.english, fields: problem.fields, headers: problem.headers)
        case let access as AccessProblem:
            return describe(access)
        case let domain as any DomainError:
            return Described(status: domain.kind == .conflict ? .conflict : .unprocessableEntity, code: domain.code,
                             chinese: domain.chinese, english: domain.english)
        case is DecodingError:
            return Described(status: .badRequest, code: "invalid-body", chinese: "请求内容格式不正确。",
                             english: "The request body is not in the expected format.")
        case let abort as any AbortError:
            let status = abort.status
            let (zh, en) = Self.standardText(status, reason: abort.reason)
            return Described(status: status, code: "http-\(status.code)", chinese: zh, english: en, headers: abort.headers)
        default:
            return Described(status: .internalServerError, code: "internal",
                             chinese: "服务器内部错误，已记录。请稍后再试。",
                             english: "Something went wrong on our side; it has been logged. Please try again later.")
        }
    }

    static func describe(_ problem: AccessProblem) -> Described {
        switch problem {
        case .unauthenticated:
            return Described(status: .unauthorized, code: "unauthenticated", chinese: "请先登录，或在 Authorization 头中提供 API 令牌。",
                             english: "Sign in, or send an API token in the Authorization header.",
                             headers: ["WWW-Authenticate": "Bearer"])
        case .badToken:
            return Described(status: .unauthorized, code: "token-refused", chinese: "API 令牌无效、已过期或已撤销。",
                             english: "The API token is invalid, expired or revoked.",
                             headers: ["WWW-Authenticate": "Bearer error=\"invalid_token\""])
        case .tokenOnPage:
            return Described(status: .unauthorized, code: "token-on-page", chinese: "API 令牌只能用于 /api/ 下的接口；页面请登录后使用。",
                             english: "API tokens are for the API under /api/ only; pages take a signed-in session.")
        case .forbidden:
            return Described(status: .forbidden, code: "forbidden", chinese: "您的角色无权执行此操作。", english: "Your role may not do this.")
        case .csrf:
            return Described(status: .forbidden, code: "csrf", chinese: "表单已失效，请刷新页面后重试。",
                             english: "The form has expired; reload the page and try again.")
        case .rateLimited(let seconds):
            return Described(status: .tooManyRequests, code: "rate-limited", chinese: "请求过于频繁，请 \(seconds) 秒后再试。",
                             english: "Too many requests; try again in \(seconds) s.", headers: ["Retry-After": String(seconds)])
        case .locked(let minutes):
            return Described(status: .tooManyRequests, code: "locked", chinese: "登录失败次数过多，已锁定，请 \(minutes) 分钟后再试。",
                             english: "Too many failed sign-ins; locked, try again in \(minutes) min.",
                             headers: ["Retry-After": String(minutes * 60)])
        case .secureConnectionRequired:
            return Described(status: .forbidden, code: "https-required", chinese: "生产环境只能通过 HTTPS 登录。",
                             english: "In production, sign-in requires HTTPS.")
        }
    }

    static func standardText(_ status: HTTPResponseStatus, reason: String) -> (String, String) {
        switch status.code {
        case 400: ("请求无效。", "Bad request: \(reason)")
        case 401: ("请先登录。", "Please sign in.")
        case 403: ("您无权执行此操作。", "You may not do this.")
        case 404: ("找不到该页面或记录。", "Page or record not found.")
        case 405: ("不支持该请求方法。", "Method not allowed.")
        case 413: ("上传的内容太大。", "The upload is too large.")
        case 415: ("不支持该内容类型。", "Unsupported media type.")
        case 429: ("请求过于频繁，请稍后再试。", "Too many requests; try again later.")
        default: ("请求无法完成（\(status.code)）。", "The request could not be completed (\(status.code)): \(reason)")
        }
    }

    static func problemResponse(_ described: Described, request: Request) -> Response {
        let problem = Problem(
            type: "https://gongjiang.invalid/problems/\(described.code)",
            title: described.status.reasonPhrase, status: Int(described.status.code),
            detail: described.chinese, detailEn: described.english, instance: request.url.path,
            code: described.code, errors: described.fields)
        var headers = described.headers
        headers.contentType = Problem.mediaType
        let data = (try? JSONEncoder().encode(problem)) ?? Data("{}".utf8)
        return Response(status: described.status, headers: headers, body: .init(data: data))
    }

    static func page(_ described: Described, request: Request) -> Response {
        let t = request.localizer
        let content = ComponentGroup {
            H1(t("error.title", described.status.code))
            Notice(kind: .error, text: t.pick(described.chinese, described.english))
            if let fields = described.fields {
                List(fields) { field in Text("\(field.field)：\(t.pick(field.message, field.messageEn))") }
            }
            Paragraph { Link(t("error.home"), url: PagePath.home.url()) }
        }
        let response = GongjiangApp.page(request, .home, content, title: t("error.title", described.status.code))
        response.status = described.status
        for (name, value) in described.headers where name.lowercased() != "content-type" { response.headers.replaceOrAdd(name: name, value: value) }
        return response
    }
}

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
                             english: problem.english, fields: problem.fields)
        case let domain as any DomainError:
            return Described(status: .unprocessableEntity, code: domain.code, chinese: domain.chinese, english: domain.english)
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
            Paragraph { Link(t("error.home"), url: "/") }
        }
        let response = Layout(request: request, title: t("error.title", described.status.code), section: .home).render(content)
        response.status = described.status
        for (name, value) in described.headers where name.lowercased() != "content-type" { response.headers.replaceOrAdd(name: name, value: value) }
        return response
    }
}

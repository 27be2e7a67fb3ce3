import GongjiangCore
import Vapor

/// A problem with one field of a request body, in both languages.
struct FieldProblem: Content, Equatable {
    let field: String
    let code: String
    let message: String
    let messageEn: String

    init(field: String, code: String, chinese: String, english: String) {
        self.field = field
        self.code = code
        self.message = chinese
        self.messageEn = english
    }

    init(field: String, _ error: some DomainError) {
        self.init(field: field, code: error.code, chinese: error.chinese, english: error.english)
    }
}

/// Errors a request can meet, each with its HTTP status and a message in Chinese and English.
enum RequestProblem: Error, Equatable {
    case notFound
    case badCursor
    case badParameter(String)
    case invalidBody(String)
    case validation([FieldProblem])
    case conflict(code: String, chinese: String, english: String)
    /// A parameter the API document does not declare for the operation.
    case unknownParameter(String)
    /// A documented path asked with a method it does not have.
    case methodNotAllowed(allowed: [String])
    /// A header the operation needs (`Idempotency-Key` on a request that moves money).
    case missingHeader(String)

    var status: HTTPResponseStatus {
        switch self {
        case .notFound: .notFound
        case .badCursor, .badParameter, .invalidBody, .unknownParameter, .missingHeader: .badRequest
        case .validation: .unprocessableEntity
        case .conflict: .conflict
        case .methodNotAllowed: .methodNotAllowed
        }
    }

    var headers: HTTPHeaders {
        if case .methodNotAllowed(let allowed) = self { return ["Allow": allowed.joined(separator: ", ")] }
        return [:]
    }

    var code: String {
        switch self {
        case .notFound: "not-found"
        case .badCursor: "bad-cursor"
        case .badParameter: "bad-parameter"
        case .invalidBody: "invalid-body"
        case .validation: "validation"
        case .conflict(let code, _, _): code
        case .unknownParameter: "unknown-parameter"
        case .methodNotAllowed: "method-not-allowed"
        case .missingHeader: "missing-header"
        }
    }

    var chinese: String {
        switch self {
        case .notFound: "找不到该记录，或您无权查看。"
        case .badCursor: "分页游标无效，请从第一页重新开始。"
        case .badParameter(let name): "参数 \(name) 无效。"
        case .invalidBody(let detail): "请求内容无法解析：\(detail)"
        case .validation(let problems): "有 \(problems.count) 项内容不符合要求。"
        case .conflict(_, let chinese, _): chinese
        case .unknownParameter(let name): "不接受参数 \(name)：接口文档没有为此操作声明它。"
        case .methodNotAllowed(let allowed): "此地址不支持该请求方法，可用：\(allowed.joined(separator: "、"))。"
        case .missingHeader(let name): "缺少请求头 \(name)：涉及资金的请求必须带它，重试时用同一个值。"
        }
    }

    var english: String {
        switch self {
        case .notFound: "Not found, or not yours to see."
        case .badCursor: "The page cursor is not valid; start again from the first page."
        case .badParameter(let name): "The parameter \(name) is not valid."
        case .invalidBody(let detail): "The request body could not be read: \(detail)"
        case .validation(let problems): "\(problems.count) field(s) are not valid."
        case .conflict(_, _, let english): english
        case .unknownParameter(let name): "The parameter \(name) is not declared for this operation in the API document."
        case .methodNotAllowed(let allowed): "This address does not take that method; it takes \(allowed.joined(separator: ", "))."
        case .missingHeader(let name): "The header \(name) is missing: a request that moves money needs it, and the same value on a retry."
        }
    }

    var fields: [FieldProblem]? {
        if case .validation(let problems) = self { problems } else { nil }
    }
}

/// RFC 9457 problem details, with the message in both languages and any field problems.
struct Problem: Content {
    static let mediaType = HTTPMediaType(type: "application", subType: "problem+json", parameters: ["charset": "utf-8"])

    let type: String
    let title: String
    let status: Int
    let detail: String
    let detailEn: String
    let instance: String?
    let code: String
    let errors: [FieldProblem]?
}

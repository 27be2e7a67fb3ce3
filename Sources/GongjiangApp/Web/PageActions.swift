import GongjiangCore
import Vapor

/// What every module's form does with its work: on success, back to a page (303); on a refusal, the page again with
/// the reason and the refusal's status, nothing changed (service methods commit whole or not at all). An error that is
/// no refusal goes on to the error page.
enum PageActions {
    static func act<M>(_ request: Request, back path: PagePath, reload: @escaping (String?) async throws -> M,
                       render: @escaping (M) -> Response, _ work: () async throws -> Void) async throws -> Response {
        try await act(request, to: path.url(try request.uuidParameter().uuidString), reload: reload, render: render, work)
    }

    /// Runs a form's work: on success, back to the page (303); on a refusal, the page again with the reason and the
    /// refusal's status, nothing changed (every service method commits whole or not at all).
    static func act<M>(_ request: Request, to url: String, reload: @escaping (String?) async throws -> M,
                       render: @escaping (M) -> Response, _ work: () async throws -> Void) async throws -> Response {
        do {
            try await work()
            return request.redirect(to: url, redirectType: .normal)
        } catch {
            let (code, text) = try refusalText(error, request)
            return status(render(try await reload(text)), code)
        }
    }

    /// What a refusal says on a page: its status, message and field problems. An error that is no refusal is thrown
    /// on, to the error page.
    static func refusal(_ error: any Error, _ request: Request) throws -> (HTTPResponseStatus, String?, [FieldProblem]) {
        let t = request.localizer
        switch error {
        case let problem as RequestProblem where problem != .notFound:
            return (problem.status, t.pick(problem.chinese, problem.english), problem.fields ?? [])
        case let domain as any DomainError:
            return (domain.kind == .conflict ? .conflict : .unprocessableEntity, t.pick(domain.chinese, domain.english), [])
        default:
            throw error
        }
    }

    /// A refusal as one line for a page's notice: the message, then each field's problem.
    static func refusalText(_ error: any Error, _ request: Request) throws -> (HTTPResponseStatus, String) {
        let (status, message, problems) = try refusal(error, request)
        let text = ([message] + problems.map { "\($0.field)：\(request.localizer.pick($0.message, $0.messageEn))" })
            .compactMap { $0 }.joined(separator: " ")
        return (status, text)
    }

    static func status(_ response: Response, _ status: HTTPResponseStatus) -> Response {
        response.status = status
        return response
    }
}

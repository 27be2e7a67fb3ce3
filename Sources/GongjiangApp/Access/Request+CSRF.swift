import Vapor

extension Request {
    private struct AnonymousCSRFKey: StorageKey { typealias Value = String }

    /// The token a form on this page must carry. Before sign-in it is the double-submit cookie's value,
    /// made on first use; `withAnonymousCSRFCookie` sets that cookie on the response.
    var csrfToken: String {
        if let token = principal?.csrfToken { return token }
        if let made = storage[AnonymousCSRFKey.self] { return made }
        let token = cookies[AccessMiddleware.anonymousCSRFCookie]?.string ?? Secrets.token()
        storage[AnonymousCSRFKey.self] = token
        return token
    }

    /// Sets the double-submit cookie when the page made a new anonymous token.
    func withAnonymousCSRFCookie(_ response: Response) -> Response {
        if principal == nil, let token = storage[AnonymousCSRFKey.self], cookies[AccessMiddleware.anonymousCSRFCookie]?.string != token {
            response.cookies[AccessMiddleware.anonymousCSRFCookie] = HTTPCookies.Value(
                string: token, path: PagePath.home.url(), isSecure: application.settings.mode == .production, isHTTPOnly: true, sameSite: .strict)
        }
        return response
    }
}

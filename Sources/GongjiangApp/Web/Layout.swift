import Foundation
import Plot
import Vapor

/// The frame every page shares: head, navigation, language switch, footer.
struct Layout {
    let request: Request
    let title: String
    let section: Section
    /// Seconds after which the browser reloads the page (a running import), without JavaScript.
    var refreshSeconds: Int? = nil

    func render(_ content: Component) -> Response {
        let t = request.localizer
        let html = HTML(
            .attribute(named: "lang", value: t.language.htmlCode),
            .head(
                .meta(.charset(.utf8)),
                .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
                .unwrap(refreshSeconds) { .meta(.attribute(named: "http-equiv", value: "refresh"), .content(String($0))) },
                .element(named: "title", text: "\(title) · \(t("app.name"))"),
                .stylesheet("/static/app.css")
            ),
            .body(.component(ComponentGroup {
                Header {
                    Div {
                        Link(t("app.name"), url: PagePath.home.url()).class("brand")
                        Span(t("app.tagline")).class("tagline")
                    }.class("masthead")
                    Navigation {
                        List(request.application.navigation.filter { !request.hasUnfinishedSignIn && $0.requirement.allows(request.principal) }) { item in
                            Link(t(item.messageKey), url: item.path)
                                .attribute(named: "aria-current", value: item.section == section ? "page" : nil, ignoreValueIfEmpty: true)
                        }
                    }.class("nav")
                    Paragraph {
                        Link("中文", url: switchURL(to: .chinese)).class(t.language == .chinese ? "current" : "")
                        Text(" · ")
                        Link("English", url: switchURL(to: .english)).class(t.language == .english ? "current" : "")
                    }.class("language-switch")
                    if let principal = request.principal {
                        Form(url: PagePath.logout.url(), method: .post) {
                            Link(principal.username, url: PagePath.account.url())
                            Span(" · " + t.pick(principal.role.chineseName, principal.role.englishName) + " ").class("muted")
                            CSRFField(request: request)
                            SubmitButton(t("common.logout"))
                        }.class("who")
                    }
                }
                Node<HTML.BodyContext>.element(named: "main", nodes: [.component(content)])
                Footer { Paragraph(t("app.footer")) }
            }))
        )
        var headers = HTTPHeaders()
        headers.contentType = .html
        let response = Response(status: .ok, headers: headers, body: .init(string: html.render()))
        if let asked = request.query[String.self, at: "lang"], let language = Language(code: asked) {
            response.cookies["lang"] = HTTPCookies.Value(string: language.rawValue, maxAge: 365 * 24 * 3600, path: PagePath.home.url(),
                                                        isHTTPOnly: true, sameSite: .lax)
        }
        return response
    }

    /// The current address with `lang` set, so switching keeps the user on the same page and query.
    private func switchURL(to language: Language) -> String {
        let components = URLComponents(string: request.url.string) ?? URLComponents()
        // Each value encoded whole (PagePath's encoding): a search for "a&b" must not come back as two parameters.
        let items = (components.queryItems ?? []).filter { $0.name != "lang" }.map { ($0.name, $0.value ?? "") } + [("lang", language.rawValue)]
        return (components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath) + "?"
            + items.map { PagePath.queryEncoded($0.0) + "=" + PagePath.queryEncoded($0.1) }.joined(separator: "&")
    }
}

/// The one way a page is rendered: its content in the layout, titled by its own title or its section's name, with the
/// double-submit cookie when the page made one.
func page(_ request: Request, _ section: Section, _ content: some Component, title: String? = nil,
          refreshSeconds: Int? = nil) -> Response {
    let t = request.localizer
    let response = Layout(request: request, title: title ?? t(section.titleKey), section: section, refreshSeconds: refreshSeconds)
        .render(content)
    return request.withAnonymousCSRFCookie(response)
}

import Foundation
import Plot
import Vapor

/// A two-column table of labelled values, as detail pages show a record.
struct FactTable: Component {
    let rows: [(String, String)]

    // Built from nodes: Plot's TableRow would wrap a header cell in a data cell.
    var body: Component {
        Node<HTML.BodyContext>.element(named: "table", nodes: [
            .class("facts"),
            .element(named: "tbody", nodes: rows.map { label, value in
                .element(named: "tr", nodes: [
                    .element(named: "th", nodes: [.attribute(named: "scope", value: "row"), .text(label)]),
                    .element(named: "td", nodes: [.text(value.isEmpty ? "—" : value)]),
                ])
            }),
        ])
    }
}

/// A `<select>` whose first option means "any".
struct SelectField: Component {
    let name: String
    let label: String
    let anyLabel: String
    let options: [(value: String, label: String)]
    let selected: String?

    var body: Component {
        Label(label) {
            Node<HTML.BodyContext>.element(named: "select", nodes: [
                .attribute(named: "name", value: name),
                .raw("<option value=\"\">\(anyLabel.htmlEscaped)</option>" + options.map { option in
                    "<option value=\"\(option.value.htmlEscaped)\"\(option.value == selected ? " selected" : "")>\(option.label.htmlEscaped)</option>"
                }.joined()),
            ])
        }
    }
}

/// "Next page" for keyset pagination, keeping the other query parameters.
struct Pager: Component {
    let path: String
    let query: [String: String]
    let next: Cursor?
    let isFirstPage: Bool
    let nextLabel: String
    let firstLabel: String

    var body: Component {
        Paragraph {
            if !isFirstPage { Link(firstLabel, url: url(cursor: nil)) }
            if !isFirstPage && next != nil { Text(" · ") }
            if let next { Link(nextLabel, url: url(cursor: next.encoded)).linkRelationship(.next) }
        }.class("pager")
    }

    private func url(cursor: String?) -> String {
        var components = URLComponents()
        components.path = path
        var items = query.filter { !$0.value.isEmpty && $0.key != "cursor" }.sorted { $0.key < $1.key }
            .map { URLQueryItem(name: $0.key, value: $0.value) }
        if let cursor { items.append(URLQueryItem(name: "cursor", value: cursor)) }
        components.queryItems = items.isEmpty ? nil : items
        return components.string ?? path
    }
}

/// A notice box: nothing found, an error, a success.
struct Notice: Component {
    enum Kind: String { case info, error, success }
    let kind: Kind
    let text: String

    var body: Component {
        Paragraph(text).class("notice notice-\(kind.rawValue)").attribute(named: "role", value: kind == .error ? "alert" : "status")
    }
}

extension String {
    /// Text made safe inside HTML element content and quoted attribute values.
    var htmlEscaped: String {
        var result = ""
        result.reserveCapacity(count)
        for character in self {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }
}

/// The hidden CSRF field every state-changing form carries: the session's token, or before sign-in the
/// double-submit cookie's (set by the page that shows the form).
struct CSRFField: Component {
    let request: Request

    var body: Component {
        Input(type: .hidden, name: AccessMiddleware.csrfField, value: request.csrfToken)
    }
}

/// A workflow step's button: the event it sends, with a reason field when the step needs one (and a money step's
/// idempotency key).
struct StepForm: Component {
    let action: String
    let event: String
    let label: String
    let needsReason: Bool
    let request: Request
    var style = "step"
    var idempotencyKey: String? = nil

    var body: Component {
        Form(url: action, method: .post) {
            CSRFField(request: request)
            if let idempotencyKey { IdempotencyField(key: idempotencyKey) }
            Input(type: .hidden, name: "event", value: event)
            if needsReason { Label(request.localizer("certification.reason")) { Input(type: .text, name: "reason", isRequired: true) } }
            SubmitButton(label)
        }.class(style)
    }
}

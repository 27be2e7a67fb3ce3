import Plot

// Plot escapes text but writes attribute values verbatim (`Attribute.render()` puts the value between double quotes
// as it is), so a `"` in a value ends the attribute and whatever follows becomes markup: a search term echoed into
// `<input value="…">` or the current address in the language links could add elements and forms to the page.
//
// The components below are the one place where the pages' attribute values are escaped. They carry the names of the
// Plot components that take a value or an address (`Link`, `Form`, `Input`) and, declared in this module, shadow
// Plot's within GongjiangApp: every `Link(…)`, `Form(…)` and `Input(…)` a page writes goes through here, so a new
// page cannot forget to escape. Other attribute values a page sets (`.class`, `.id`, `.attribute(named:value:)`)
// must be constants or go through `attributeEscaped`; `HostileInputPageTests` renders every page with hostile values
// in every parameter and path segment and fails on any injected element or attribute.

extension String {
    /// The value made safe between the double quotes of an HTML attribute. `&` is escaped too, so that a value
    /// such as `a&quot;b` shows as typed rather than as `a"b`.
    var attributeEscaped: String { htmlEscaped }
}

/// A link (`<a href>`), with its address escaped.
struct Link: Component {
    let url: String
    let label: Plot.Link.ContentProvider

    init(_ label: String, url: String) {
        self.init(url: url) { Text(label) }
    }

    init(url: String, @ComponentBuilder label: @escaping Plot.Link.ContentProvider) {
        self.url = url
        self.label = label
    }

    var body: Component {
        Plot.Link(url: url.attributeEscaped, label: label)
    }
}

/// A form, with its action escaped.
struct Form: Component {
    let url: String
    let method: HTMLFormMethod?
    let contentType: HTMLFormContentType?
    let content: Plot.Form.ContentProvider

    init(url: String, method: HTMLFormMethod? = nil, contentType: HTMLFormContentType? = nil,
         @ComponentBuilder content: @escaping Plot.Form.ContentProvider) {
        self.url = url
        self.method = method
        self.contentType = contentType
        self.content = content
    }

    var body: Component {
        Plot.Form(url: url.attributeEscaped, method: method, contentType: contentType, content: content)
    }
}

/// An input, with its name, value and placeholder escaped.
struct Input: Component {
    let type: HTMLInputType
    let name: String?
    let value: String?
    let isRequired: Bool
    let placeholder: String?

    init(type: HTMLInputType, name: String? = nil, value: String? = nil, isRequired: Bool = false, placeholder: String? = nil) {
        self.type = type
        self.name = name
        self.value = value
        self.isRequired = isRequired
        self.placeholder = placeholder
    }

    var body: Component {
        Plot.Input(type: type, name: name?.attributeEscaped, value: value?.attributeEscaped, isRequired: isRequired,
                   placeholder: placeholder?.attributeEscaped)
    }
}

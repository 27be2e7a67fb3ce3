import Foundation
import Vapor

/// The interface languages. Chinese is the default; English is a switch.
enum Language: String, CaseIterable, Sendable {
    case chinese = "zh-Hans"
    case english = "en"

    /// From `?lang=` first (the switch link), then the `lang` cookie, else Chinese.
    static func of(_ request: Request) -> Language {
        if let query = request.query[String.self, at: "lang"], let language = Language(code: query) { return language }
        if let cookie = request.cookies["lang"]?.string, let language = Language(code: cookie) { return language }
        return .chinese
    }

    init?(code: String) {
        switch code.lowercased() {
        case "zh", "zh-hans", "zh-cn": self = .chinese
        case "en", "en-us", "en-gb": self = .english
        default: return nil
        }
    }

    var htmlCode: String { self == .chinese ? "zh-Hans" : "en" }
}

/// Message catalogues (`Resources/I18n/<language>.json`), keyed by dotted names grouped by page.
struct Catalogue: Sendable {
    let messages: [String: String]

    /// Both catalogues, loaded once; a missing or broken catalogue is a packaging error caught by the tests.
    static let all: [Language: Catalogue] = {
        var result: [Language: Catalogue] = [:]
        for language in Language.allCases {
            let url = Bundle.module.url(forResource: language.rawValue, withExtension: "json", subdirectory: "Resources/I18n")
            let data = url.flatMap { try? Data(contentsOf: $0) } ?? Data("{}".utf8)
            let messages = (try? JSONDecoder().decode([String: String].self, from: data)) ?? [:]
            result[language] = Catalogue(messages: messages)
        }
        return result
    }()
}

/// Looks up interface text for one request's language.
struct Localizer: Sendable {
    let language: Language

    /// The message for `key`, with `{0}`, `{1}` … replaced by `arguments`. An unknown key shows itself,
    /// so a missing translation is visible on the page and in tests rather than silently blank.
    func callAsFunction(_ key: String, _ arguments: CustomStringConvertible...) -> String {
        var text = Catalogue.all[language]?.messages[key] ?? Catalogue.all[.chinese]?.messages[key] ?? key
        for (index, argument) in arguments.enumerated() {
            text = text.replacingOccurrences(of: "{\(index)}", with: argument.description)
        }
        return text
    }

    /// Picks the Chinese or the English of a pair that comes from data rather than from a catalogue.
    func pick(_ chinese: String, _ english: String) -> String {
        language == .chinese ? chinese : english
    }
}

extension Request {
    var localizer: Localizer { Localizer(language: Language.of(self)) }
}

import Foundation
@testable import GongjiangApp
import Testing

@Suite("Message catalogues")
struct CatalogueTests {
    @Test("Chinese and English catalogues have the same keys and no empty message")
    func cataloguesMatch() {
        let chinese = Catalogue.all[.chinese]?.messages ?? [:]
        let english = Catalogue.all[.english]?.messages ?? [:]
        #expect(chinese.count > 100)
        #expect(Set(chinese.keys) == Set(english.keys))
        #expect(chinese.values.allSatisfy { !$0.isEmpty })
        #expect(english.values.allSatisfy { !$0.isEmpty })
    }

    @Test("Every key the sources look up exists in the catalogue")
    func everyUsedKeyExists() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Sources/GongjiangApp").standardized
        let keys = Set(Catalogue.all[.chinese]?.messages.keys.map { $0 } ?? [])
        let pattern = try NSRegularExpression(pattern: #"\bt\("([a-z0-9.\-]+)""#)
        var missing: [String] = []
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)
        while let file = files?.nextObject() as? URL {
            guard file.pathExtension == "swift", let text = try? String(contentsOf: file, encoding: .utf8) else { continue }
            for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                let key = String(text[Range(match.range(at: 1), in: text)!])
                if !keys.contains(key) { missing.append(key) }
            }
        }
        #expect(missing.isEmpty, "missing keys: \(missing)")
    }
}

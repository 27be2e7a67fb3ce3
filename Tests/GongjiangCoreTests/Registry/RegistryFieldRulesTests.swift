import Testing
@testable import GongjiangCore

@Suite("Registry field rules (one set for the import and the API)")
struct RegistryFieldRulesTests {
    static let districts = DistrictDirectory(["320602": "崇川区", "320612": "通州区"])

    @Test("interchange.md: a person's name has 1–50 characters; an organization's 1–100", arguments: [
        (String(repeating: "张", count: 50), 50, nil as String?),
        (String(repeating: "张", count: 51), 50, "name.too-long"),
        (String(repeating: "a", count: 100), 100, nil),
        (String(repeating: "a", count: 101), 100, "name.too-long"),
        ("张\n伟", 50, "name.control-character"),
        ("张\u{202E}伟", 50, "name.control-character"),   // an invisible direction mark
        ("O'Brien<b>;", 50, nil),                          // only text: storage binds, pages escape
    ])
    func freeText(text: String, maximum: Int, code: String?) {
        do {
            #expect(try RegistryFieldRules.freeText(text, field: "name", maximumLength: maximum) == text)
            #expect(code == nil)
        } catch {
            #expect(error.code == code)
        }
    }

    @Test("Residence-permit and passport numbers: 5–30 letters, digits, brackets or hyphens", arguments: [
        ("E1234", true), ("e1234567", true), ("1234", false), (String(repeating: "A", count: 30), true),
        (String(repeating: "A", count: 31), false), ("G1234 567", false), ("H(123)-45", true),
    ])
    func otherIDNumbers(text: String, accepted: Bool) {
        let result = Result { () throws(FieldRefusal) in try RegistryFieldRules.otherIDNumber(text, type: .passport) }
        switch result {
        case .success(let value): #expect(accepted); #expect(value == text.uppercased())
        case .failure(let refusal): #expect(!accepted); #expect(refusal.code == "id-number.malformed")
        }
    }

    @Test("A district is one of the city's, by code or by name", arguments: [
        ("320602", "320602" as String?), ("崇川区", "320602"), ("通州区", "320612"), ("320000", nil), ("", nil),
    ])
    func districts(text: String, code: String?) {
        #expect((try? RegistryFieldRules.districtCode(text, in: Self.districts)) == code)
        if code == nil {
            #expect(throws: FieldRefusal.self) { try RegistryFieldRules.districtCode(text, in: Self.districts) }
        }
    }

    @Test("Document types and organization kinds are known by their codes")
    func typesAndKinds() throws {
        #expect(try RegistryFieldRules.idType("居民身份证") == .residentID)
        #expect(throws: FieldRefusal.self) { try RegistryFieldRules.idType("驾驶证") }
        #expect(try RegistryFieldRules.organizationKind("enterprise") == .enterprise)
        do { _ = try RegistryFieldRules.organizationKind("prefecture"); Issue.record("accepted") } catch {
            #expect(error.code == "kind.unknown")
        }
    }
}

import Testing
@testable import GongjiangCore

@Suite("Occupation code (职业分类大典)")
struct OccupationCodeTests {
    @Test("Codes of the form D-DD-DD-DD are accepted", arguments: [
        ("6-18-02-04", "6-18-02-04"),
        ("4-10-01-05", "4-10-01-05"),
        ("６－１８－０２－０４", "6-18-02-04"),
        (" 6-18-02-04\u{3000}", "6-18-02-04"),
        ("1-01-00-00", "1-01-00-00"),
    ])
    func wellFormedCodesAreAccepted(raw: String, value: String) throws {
        let code = try OccupationCode(raw)

        #expect(code.value == value)
        #expect(code.description == value)
    }

    @Test("Other shapes are refused as malformed", arguments: [
        "", "6", "6-18-02", "6-18-02-04-01", "618-02-04", "6-1-02-04", "6-18-2-04", "6-18-02-4",
        "06-18-02-04", "6-18-02-004", "a-18-02-04", "6-18-0b-04", "6—18—02—04", "6_18_02_04",
        "6-18-02-04-", "-6-18-02-04", "6--18-02-04", "6 18 02 04", "6-18-02-٠٤",
    ])
    func malformedCodesAreRefused(raw: String) {
        #expect(throws: OccupationCodeError.malformed(raw)) { try OccupationCode(raw) }
    }

    @Test("The major group is the first digit")
    func majorGroup() throws {
        #expect(try OccupationCode("6-18-02-04").majorGroup == 6)
    }

    @Test("Codes order as in the catalogue")
    func ordering() throws {
        let codes = try ["6-18-02-04", "4-10-01-05", "6-18-01-01", "4-01-02-02"].map(OccupationCode.init)

        #expect(codes.sorted().map(\.value) == ["4-01-02-02", "4-10-01-05", "6-18-01-01", "6-18-02-04"])
    }

    @Test("The error has a stable code and quotes the text")
    func errorMessage() {
        let error = OccupationCodeError.malformed("6-18")

        #expect(error.code == "occupation-code.malformed")
        #expect(error.chinese.contains("6-18") && error.english.contains("6-18"))
    }
}

import Testing
@testable import GongjiangCore

@Suite("Identity document type")
struct IDTypeTests {
    @Test("Chinese names, English codes and 身份证 are read", arguments: [
        ("居民身份证", IDType.residentID), ("身份证", .residentID), ("resident-id", .residentID),
        ("Resident_ID", .residentID), (" 居民身份证 ", .residentID),
        ("港澳台居民居住证", .residencePermit), ("residence-permit", .residencePermit),
        ("护照", .passport), ("passport", .passport), ("PASSPORT", .passport), ("ｐａｓｓｐｏｒｔ", .passport),
    ])
    func namesAreRead(text: String, type: IDType) {
        #expect(IDType(parsing: text) == type)
    }

    @Test("Other documents are not read", arguments: ["驾驶证", "", "id", "军官证", "resident id card"])
    func othersAreNotRead(text: String) {
        #expect(IDType(parsing: text) == nil)
    }

    @Test("Raw values are the Chinese names")
    func rawValues() {
        #expect(IDType.allCases.map(\.rawValue) == ["居民身份证", "港澳台居民居住证", "护照"])
        #expect(IDType.allCases.map(\.englishCode) == ["resident-id", "residence-permit", "passport"])
    }
}

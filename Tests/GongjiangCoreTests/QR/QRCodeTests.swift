import Foundation
import Testing
@testable import GongjiangCore

@Suite("QR code")
struct QRCodeTests {
    /// zbar's command-line decoder, where installed (CI installs Debian's zbar-tools).
    static let zbarimg: String? = ["/usr/bin/zbarimg", "/usr/local/bin/zbarimg"].first { FileManager.default.isExecutableFile(atPath: $0) }

    static func decode(_ code: QRCode) throws -> String? {
        guard let zbarimg else { return nil }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("qr-\(UUID().uuidString).pgm")
        try Data(code.pgm(scale: 4)).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: zbarimg)
        process.arguments = ["--raw", "-q", "-Sdisable", "-Sqrcode.enable", file.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        process.waitUntilExit()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return text.hasSuffix("\n") ? String(text.dropLast()) : text
    }

    @Test("An independent decoder (zbar) reads back what was encoded, from version 1 to version 10",
          arguments: [
              "https://gongjiang.example.cn/verify?number=S000032100001255000001",
              "A",
              "https://ntrs.example.gov.cn/verify?number=TJ00003220000325000001&lang=zh",
              String(repeating: "0123456789", count: 21),
              "证书查询 S000032100001255000001 张*丰",
          ])
    func decodesBack(text: String) throws {
        let code = try QRCode(text: text)
        #expect(code.size == code.version * 4 + 17)
        guard Self.zbarimg != nil else {
            withKnownIssue("zbarimg is not installed here; CI installs zbar-tools") { Issue.record("not decoded") }
            return
        }
        #expect(try Self.decode(code) == text)
    }

    @Test("Versions grow with the data; more than 213 bytes is refused")
    func versions() throws {
        #expect(try QRCode(text: String(repeating: "a", count: 14)).version == 1)
        #expect(try QRCode(text: String(repeating: "a", count: 15)).version == 2)
        #expect(try QRCode(text: String(repeating: "a", count: 213)).version == 10)
        #expect(throws: QRCode.Failure.tooLong(214)) { try QRCode(text: String(repeating: "a", count: 214)) }
    }

    @Test("Reed–Solomon: the codewords of the standard's worked example (ISO/IEC 18004 annex I, 1-M)")
    func reedSolomon() {
        let data: [UInt8] = [0x10, 0x20, 0x0C, 0x56, 0x61, 0x80, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11]
        let ecc = ReedSolomon.remainder(data, divisor: ReedSolomon.divisor(degree: 10))
        #expect(ecc == [0xA5, 0x24, 0xD4, 0xC1, 0xED, 0x36, 0xC7, 0x87, 0x2C, 0x55])
    }

    @Test("The SVG draws the quiet zone and one square per dark module")
    func svg() throws {
        let code = try QRCode(text: "A")
        let svg = code.svg(scale: 3)
        #expect(svg.hasPrefix("<svg") && svg.contains("viewBox=\"0 0 29 29\"") && svg.contains("width=\"87\""))
        #expect(svg.components(separatedBy: "h1v1h-1z").count - 1 == code.modules.joined().filter { $0 }.count)
    }
}

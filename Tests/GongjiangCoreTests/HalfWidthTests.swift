import Testing
@testable import GongjiangCore

@Suite("Half-width normalisation")
struct HalfWidthTests {
    @Test("Full-width forms become ASCII and surrounding whitespace goes", arguments: [
        ("１２３", "123"),
        ("ＡＢＣａｂｃ", "ABCabc"),
        ("！", "!"),                         // U+FF01, first of the block
        ("～", "~"),                         // U+FF5E, last of the block
        ("（高级工）", "(高级工)"),
        ("\u{3000}张三\u{3000}", "张三"),
        ("张\u{3000}三", "张 三"),
        (" \t\n x \r\n", "x"),
        ("中文", "中文"),
        ("", ""),
        ("\u{FF5F}", "\u{FF5F}"),            // just past the block: unchanged
        ("\u{FF00}", "\u{FF00}"),            // just before the block: unchanged
        ("￥", "￥"),                         // U+FFE5 is outside the ASCII variants
        ("·", "·"),
    ])
    func normalises(input: String, output: String) {
        #expect(input.halfWidthNormalized == output)
    }

    @Test("Every character of U+FF01…U+FF5E maps to the ASCII character 0xFEE0 below it")
    func wholeBlockMaps() {
        for value in UInt32(0xFF01)...0xFF5E {
            let fullWidth = String(Character(Unicode.Scalar(value)!))
            let ascii = String(Character(Unicode.Scalar(value - 0xFEE0)!))
            // Full-width space-like edges are not in this block, so nothing is trimmed away.
            #expect(("a" + fullWidth + "a").halfWidthNormalized == "a" + ascii + "a")
        }
    }
}

extension Unicode.Scalar {
    /// Cc (line breaks, tabs, NUL…) and Cf (zero-width and bidirectional-override characters,
    /// which can make a name display differently from what is stored).
    var isControlOrFormat: Bool {
        switch properties.generalCategory {
        case .control, .format: true
        default: false
        }
    }

    /// Printable ASCII and the CJK Unified Ideographs block: never control or format characters, and nearly every
    /// character of a Chinese name, so the check can skip the Unicode property look-up for them.
    var isPlainTextFastPath: Bool {
        (0x20..<0x7F).contains(value) || (0x4E00...0x9FFF).contains(value)
    }
}

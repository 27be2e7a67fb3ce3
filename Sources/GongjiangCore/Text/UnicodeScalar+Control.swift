extension Unicode.Scalar {
    /// Cc (line breaks, tabs, NUL…) and Cf (zero-width and bidirectional-override characters,
    /// which can make a name display differently from what is stored).
    var isControlOrFormat: Bool {
        switch properties.generalCategory {
        case .control, .format: true
        default: false
        }
    }
}

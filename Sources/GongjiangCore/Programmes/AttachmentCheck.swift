/// An application's attachment (PDF, JPEG or PNG), checked by its content and not its name (issue 13): the first
/// bytes must be the format's signature, the name's extension must agree with them, and the size stays within the
/// limit.
public enum AttachmentFormat: String, Sendable, Codable, CaseIterable {
    case pdf, jpeg, png

    /// 10 MB: a scanned certificate or a photographed page fits; a video does not.
    public static let maximumBytes = 10 * 1024 * 1024

    public var mediaType: String {
        switch self {
        case .pdf: "application/pdf"
        case .jpeg: "image/jpeg"
        case .png: "image/png"
        }
    }

    /// The format the bytes begin with, if any of the three.
    public static func sniff(_ bytes: some Collection<UInt8>) -> AttachmentFormat? {
        let head = Array(bytes.prefix(8))
        if head.starts(with: [0x25, 0x50, 0x44, 0x46, 0x2D]) { return .pdf } // %PDF-
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        return nil
    }

    /// The format a file name's extension claims.
    public static func claimed(by name: String) -> AttachmentFormat? {
        guard let dot = name.lastIndex(of: ".") else { return nil }
        switch name[name.index(after: dot)...].lowercased() {
        case "pdf": return .pdf
        case "jpg", "jpeg": return .jpeg
        case "png": return .png
        default: return nil
        }
    }

    /// The attachment's format, or why it is refused.
    public static func check(name: String, bytes: some Collection<UInt8>, maximumBytes: Int = maximumBytes) throws(ProgrammeRefusal) -> AttachmentFormat {
        guard !bytes.isEmpty else { throw .attachmentEmpty }
        guard bytes.count <= maximumBytes else { throw .attachmentTooLarge(bytes: bytes.count, maximum: maximumBytes) }
        guard let found = sniff(bytes) else { throw .attachmentNotAllowed }
        guard let claimed = claimed(by: name) else { throw .attachmentNotAllowed }
        guard claimed == found else { throw .attachmentMismatch(claimed: claimed, found: found) }
        return found
    }
}

import Foundation
import MultipartKit
import Vapor

/// Receives a multipart/form-data upload as it streams in: the file part goes straight to disk, small text
/// fields are kept. Memory stays flat whatever the file's size (a collected body would hold it whole, twice).
enum MultipartUpload {
    struct Received {
        var fileName: String?
        var fileBytes = 0
        var fields: [String: String] = [:]
    }

    enum Problem: Error { case notMultipart, tooLarge }

    static func receive(_ request: Request, fileField: String, to path: String, limit: Int) async throws -> Received {
        guard let boundary = request.headers.contentType?.parameters["boundary"],
              request.headers.contentType?.subType == "form-data" else { throw RequestProblem.invalidBody("multipart/form-data expected") }
        FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        guard let output = FileHandle(forWritingAtPath: path) else { throw RequestProblem.invalidBody("cannot store the upload") }
        defer { try? output.close() }

        let parser = MultipartParser(boundary: boundary)
        let state = State()
        parser.onHeader = { name, value in
            guard name.lowercased() == "content-disposition" else { return }
            state.currentName = Self.parameter("name", in: value)
            if state.currentName == fileField { state.received.fileName = Self.parameter("filename", in: value) }
        }
        parser.onBody = { buffer in
            if state.currentName == fileField {
                state.received.fileBytes += buffer.readableBytes
                state.pendingFileBytes.append(contentsOf: buffer.readableBytesView)
            } else if let name = state.currentName, state.fieldText[name, default: []].count < 4_096 {
                state.fieldText[name, default: []].append(contentsOf: buffer.readableBytesView)
            }
        }
        parser.onPartComplete = { state.currentName = nil }

        var total = 0
        for try await chunk in request.body {
            total += chunk.readableBytes
            guard total <= limit else { throw Abort(.payloadTooLarge) }
            try parser.execute(chunk)
            if !state.pendingFileBytes.isEmpty {
                try output.write(contentsOf: state.pendingFileBytes)
                state.pendingFileBytes.removeAll(keepingCapacity: true)
            }
        }
        for (name, bytes) in state.fieldText { state.received.fields[name] = String(decoding: bytes, as: UTF8.self) }
        return state.received
    }

    /// The parser calls back synchronously on the receiving task; this box carries its state between callbacks.
    private final class State: @unchecked Sendable {
        var currentName: String?
        var received = Received()
        var pendingFileBytes = Data()
        var fieldText: [String: [UInt8]] = [:]
    }

    /// `name="file"` out of a Content-Disposition header.
    static func parameter(_ key: String, in header: String) -> String? {
        for part in header.split(separator: ";") {
            let trimmed = part.trimmingCharacters(in: .whitespaces)
            guard trimmed.lowercased().hasPrefix(key + "=") else { continue }
            var value = String(trimmed.dropFirst(key.count + 1))
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return value
        }
        return nil
    }
}

import Vapor

extension Request {
    /// The `cursor` query parameter, or nil on the first page; a cursor this server did not make is a 400.
    func pageCursor() throws -> Cursor? {
        guard let text = query[String.self, at: "cursor"], !text.isEmpty else { return nil }
        guard let cursor = Cursor(encoded: text) else { throw RequestProblem.badCursor }
        return cursor
    }

    /// A path parameter that must be a UUID; anything else is simply not found.
    func uuidParameter(_ name: String = "id") throws -> UUID {
        guard let text = parameters.get(name), let id = UUID(uuidString: text) else { throw RequestProblem.notFound }
        return id
    }
}

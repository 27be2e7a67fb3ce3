import Vapor

extension CommandContext {
    /// Says why a command cannot go on, on standard error, and sets the exit status to 1 (`cli.md`).
    func fail(_ message: String) {
        console.error(message)
        ExitStatus.code = 1
    }
}

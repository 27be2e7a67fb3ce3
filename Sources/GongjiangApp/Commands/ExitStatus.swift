import NIOConcurrencyHelpers

/// The process exit status a command asks for (`cli.md` gives each command's codes).
/// Commands run inside Vapor's command runner, which has no exit code of its own, so the
/// entry point reads this after the application has shut down.
public enum ExitStatus {
    private static let box = NIOLockedValueBox<Int32>(0)

    public static var code: Int32 {
        get { box.withLockedValue { $0 } }
        set { box.withLockedValue { $0 = newValue } }
    }
}

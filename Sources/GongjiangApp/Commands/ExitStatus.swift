import NIOConcurrencyHelpers

/// The process exit status a command asks for (`cli.md` gives each command's codes).
/// Commands run inside Vapor's command runner, which has no exit code of its own, so the entry point
/// reads this after the application has shut down. Task-local, so that commands run side by side in
/// tests each keep their own.
public enum ExitStatus {
    public final class Box: Sendable {
        private let value = NIOLockedValueBox<Int32>(0)
        public init() {}
        public var code: Int32 {
            get { value.withLockedValue { $0 } }
            set { value.withLockedValue { $0 = newValue } }
        }
    }

    @TaskLocal public static var current = Box()

    public static var code: Int32 {
        get { current.code }
        set { current.code = newValue }
    }
}

import Fluent
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import Vapor

/// Denied requests (a refused token, a route the role may not use, a record outside the caller's scope, a locked
/// sign-in) go on the audit trail, but an attacker repeating one of them must not be able to flood the trail: 1,878
/// junk tokens sent to `/healthz` once wrote 1,886 records. So a denial is recorded once per source, actor and kind
/// in each window, as it happens, and the repeats within that window are counted and written as one more record with
/// the count when the window closes.
///
/// The counts are in memory, like the rate limiter's: a process that stops loses at most the count of its last
/// window, never the first record of one. Windows are closed by `flush` (every window, from `DenialLogFlusher`) and
/// all at shutdown.
final class DenialLog: Sendable {
    /// Repeats of one denial from one source are summed over this long. A minute keeps a sustained probe to one
    /// record a minute, while an occasional mistake still shows as its own record.
    static let window: TimeInterval = 60

    /// This log's window: `window`, or longer where a test must not see a window close while it runs.
    let windowLength: TimeInterval

    init(window: TimeInterval = DenialLog.window) {
        self.windowLength = window
    }
    /// How many of the repeated records' ids a summary lists, so that a summary stays small.
    static let sampledIDs = 20

    struct Key: Hashable {
        var address: String
        var actor: String
        var entity: AuditEntity
        var action: AuditAction
    }

    struct Window {
        var start: Date
        var first: AuditEvent
        var repeats = 0
        var ids: [String] = []
    }

    private let windows = NIOLockedValueBox<[Key: Window]>([:])

    /// Notes a denial. Returns the event to record now when it is the first of its window, nil when it only counts.
    func note(_ event: AuditEvent, now: Date) -> AuditEvent? {
        let key = Key(address: event.address ?? "", actor: event.actor, entity: event.entity, action: event.action)
        return windows.withLockedValue { windows in
            if var open = windows[key], now.timeIntervalSince(open.start) < windowLength {
                open.repeats += 1
                if let id = event.entityID, open.ids.count < Self.sampledIDs, !open.ids.contains(id) { open.ids.append(id) }
                windows[key] = open
                return nil
            }
            // A window that closed without a flush is summarised by the next flush; this one starts afresh.
            if let closed = windows[key], closed.repeats > 0 { pendingSummaries.withLockedValue { $0.append(closed) } }
            windows[key] = Window(start: now, first: event)
            return event
        }
    }

    private let pendingSummaries = NIOLockedValueBox<[Window]>([])

    /// The summary records of every window that has closed by `now` (every window, when `all`), removed from memory.
    func closedSummaries(now: Date, all: Bool = false) -> [AuditEvent] {
        var closed = pendingSummaries.withLockedValue { pending in
            defer { pending = [] }
            return pending
        }
        windows.withLockedValue { windows in
            for (key, window) in windows where all || now.timeIntervalSince(window.start) >= windowLength {
                windows[key] = nil
                if window.repeats > 0 { closed.append(window) }
            }
        }
        return closed.sorted { $0.start < $1.start }.map { window in
            var summary = window.first
            summary.action = window.first.action.repeated
            summary.entityID = nil
            summary.before = nil
            summary.occurredAt = nil   // written when the window is closed
            let formatter = ISO8601DateFormatter()
            var values: [String: String?] = [
                "count": String(window.repeats),
                "windowStart": formatter.string(from: window.start),
                "windowSeconds": String(Int(windowLength)),
            ]
            if !window.ids.isEmpty { values["ids"] = window.ids.joined(separator: " ") }
            summary.after = AuditValues.json(values)
            return summary
        }
    }

    /// Writes the summaries of the windows that have closed.
    func flush(on database: any Database, now: Date, all: Bool = false) async throws {
        let summaries = closedSummaries(now: now, all: all)
        guard !summaries.isEmpty else { return }
        try await AuditTrail.transaction(on: database, now: now) { _, log in summaries.forEach(log.record) }
    }
}

/// Closes the denial log's windows once a window, and all of them at shutdown.
struct DenialLogFlusher: LifecycleHandler {
    private let task = NIOLockedValueBox<RepeatedTask?>(nil)

    func didBootAsync(_ application: Application) async throws {
        let log = application.denials
        let database = application.db
        let clock = application.clock
        let logger = application.logger
        let loop = application.eventLoopGroup.next()
        let repeated = loop.scheduleRepeatedAsyncTask(
            initialDelay: .seconds(Int64(log.windowLength)), delay: .seconds(Int64(log.windowLength))
        ) { _ in
            loop.makeFutureWithTask {
                do { try await log.flush(on: database, now: clock.now()) } catch { logger.report(error: error) }
            }
        }
        task.withLockedValue { $0 = repeated }
    }

    func shutdownAsync(_ application: Application) async {
        task.withLockedValue { $0?.cancel(); $0 = nil }
        do { try await application.denials.flush(on: application.db, now: application.clock.now(), all: true) } catch {
            application.logger.report(error: error)
        }
    }
}

extension Application {
    private struct DenialLogKey: StorageKey { typealias Value = DenialLog }

    var denials: DenialLog {
        if let log = storage[DenialLogKey.self] { return log }
        let log = DenialLog(window: settings.denialWindowSeconds)
        storage[DenialLogKey.self] = log
        return log
    }
}

extension AuditTrail {
    /// Records a denied request through the application's denial log: the first of its window now, repeats as a count.
    static func recordDenial(_ event: AuditEvent, request: Request) async throws {
        guard let first = request.application.denials.note(event, now: request.now) else { return }
        try await record(first, on: request.db)
    }
}

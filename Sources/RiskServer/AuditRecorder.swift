import Foundation
import RiskAccess
import RiskDomain
import Synchronization

/// Collects audit rows and writes them in batches (one transaction per batch), so a busy
/// server does not commit once per request.
///
/// Rows are written when ``maxPending`` are waiting (on the ``Blocking`` queue: the request
/// that fills the batch does not wait for the write), by the flush loop of the server every
/// ``flushInterval`` seconds, and on shutdown. A crash can lose at most the rows of the last
/// interval.
final class AuditRecorder: Sendable {
    let log: AuditLog
    let clock: @Sendable () -> Date
    let maxPending = 256
    let flushInterval: Double = 0.25
    private let pending = Mutex<[AuditEntry]>([])
    /// True while a flush started by ``record`` is queued or running.
    private let flushQueued = Atomic<Bool>(false)
    /// The last audit timestamp and the whole second it was made for (one format per second).
    private let lastStamp = Mutex<(second: Int, text: String)>((Int.min, ""))

    init(log: AuditLog, clock: @escaping @Sendable () -> Date) { self.log = log; self.clock = clock }

    /// The token name of a row for a request without a valid token (401).
    static let noToken = TokenStore.unauthenticatedName

    /// Records one request.
    func record(token: AccessToken, method: String, path: String, what: String, resultCount: Int, status: Int) {
        record(tokenName: token.name, method: method, path: path, what: what, resultCount: resultCount, status: status)
    }

    /// Records one request under `tokenName` (``noToken`` when it had no valid token). `what`
    /// is kept on one line, each control character as its control picture (``SingleLine``):
    /// a NUL as `␀`, where SQLite's text binding cut `a%00b` to `a`.
    func record(tokenName: String, method: String, path: String, what: String, resultCount: Int, status: Int) {
        let entry = AuditEntry(tokenName: tokenName, at: timestamp(clock()), method: method, path: Self.bounded(path),
                               what: SingleLine.text(what), resultCount: resultCount, status: status)
        let full = pending.withLock { rows -> Bool in
            rows.append(entry)
            return rows.count >= maxPending
        }
        if full, flushQueued.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged {
            Blocking.queue.async {
                try? self.flush()
                self.flushQueued.store(false, ordering: .releasing)
            }
        }
    }

    /// The longest path recorded whole (a 200-character name percent-encoded takes 1,800).
    static let maxPathBytes = 2_048

    /// `path`, cut after ``maxPathBytes`` with `…` (an over-long path is refused, 400 or 404,
    /// but still recorded).
    static func bounded(_ path: String) -> String {
        guard path.utf8.count > maxPathBytes else { return path }
        return String(decoding: path.utf8.prefix(maxPathBytes), as: UTF8.self) + "…"
    }

    /// `AuditLog.timestamp(date)`, formatted once per second.
    func timestamp(_ date: Date) -> String {
        let second = Int(date.timeIntervalSince1970.rounded(.down))
        if let text = lastStamp.withLock({ $0.second == second ? $0.text : nil }) { return text }
        let text = AuditLog.timestamp(date)
        lastStamp.withLock { $0 = (second, text) }
        return text
    }

    /// Writes every pending row.
    func flush() throws {
        let rows = pending.withLock { rows -> [AuditEntry] in
            let taken = rows
            rows.removeAll(keepingCapacity: true)
            return taken
        }
        guard !rows.isEmpty else { return }
        do {
            try log.append(rows)
        } catch {
            // Keep the rows for the next attempt rather than lose them.
            pending.withLock { $0.insert(contentsOf: rows, at: 0) }
            throw error
        }
    }
}

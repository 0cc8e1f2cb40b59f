import Foundation
import RiskAccess
import Synchronization

/// Collects audit rows and writes them in batches (one transaction per batch), so a busy
/// server does not commit once per request.
///
/// Rows are written when ``maxPending`` are waiting, by the flush loop of the server every
/// ``flushInterval`` seconds, and on shutdown. A crash can lose at most the rows of the last
/// interval.
final class AuditRecorder: Sendable {
    let log: AuditLog
    let clock: @Sendable () -> Date
    let maxPending = 256
    let flushInterval: Double = 0.25
    private let pending = Mutex<[AuditEntry]>([])

    init(log: AuditLog, clock: @escaping @Sendable () -> Date) { self.log = log; self.clock = clock }

    /// Records one request.
    func record(token: AccessToken, method: String, path: String, what: String, resultCount: Int, status: Int) {
        let entry = AuditEntry(tokenName: token.name, at: AuditLog.timestamp(clock()), method: method, path: path,
                               what: what, resultCount: resultCount, status: status)
        let full = pending.withLock { rows -> Bool in
            rows.append(entry)
            return rows.count >= maxPending
        }
        if full { try? flush() }
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

import Foundation
import GRDB
import RiskGraph
import RiskScoring
import RiskStore
import Synchronization

/// The data the server answers from: the current ``ServingSnapshot``, swapped atomically when
/// an import finishes.
///
/// Requests read ``snapshot`` (a lock-guarded pointer copy). ``refreshIfChanged()`` compares
/// the database's last import batch with the snapshot's; when they differ it builds a new
/// graph while the old one keeps serving, then swaps. At most one rebuild runs at a time.
final class ServingState: Sendable {
    let database: RiskDatabase
    private let current: Mutex<ServingSnapshot>
    private let rebuilding = Mutex<Bool>(false)

    /// Loads the first snapshot (graph build and fingerprint: seconds at 1M companies).
    init(database: RiskDatabase) throws {
        self.database = database
        current = Mutex(try Self.load(database))
    }

    /// The snapshot to answer the current request from.
    var snapshot: ServingSnapshot { current.withLock { $0 } }

    /// The snapshot of the database's current state: its fingerprint and graph made at one
    /// state (an import committed between the two reads is tried again, three times).
    static func load(_ database: RiskDatabase) throws -> ServingSnapshot {
        for attempt in 1...3 {
            do {
                // The graph from the snapshot beside the database when one was saved at this state.
                let (fingerprint, state, graph) = try ScoringState.fingerprintAndGraph(database)
                // Former names (曾用名) resolve entities too: read at the graph's state.
                let (namesState, formerNames) = try database.writer.read { db in
                    (try EntityGraph.importState(db), try EntityResolver.formerNames(db))
                }
                guard namesState == state else { throw DataChangedError() }
                return ServingSnapshot(importState: state, graph: graph, fingerprint: fingerprint, formerNames: formerNames)
            } catch is DataChangedError where attempt < 3 {
                continue
            }
        }
        throw DataChangedError()
    }

    /// Rebuilds and swaps the snapshot when the last import batch changed. Returns true when
    /// it swapped. Concurrent callers while a rebuild runs return false at once.
    @discardableResult
    func refreshIfChanged() async throws -> Bool {
        let state = try await database.writer.read { db in try ImportState.current(db) }
        guard state != snapshot.importState else { return false }
        let started = rebuilding.withLock { busy -> Bool in
            if busy { return false }
            busy = true
            return true
        }
        guard started else { return false }
        defer { rebuilding.withLock { $0 = false } }
        let database = self.database
        let fresh = try await Blocking.run { try Self.load(database) }
        current.withLock { $0 = fresh }
        return true
    }
}

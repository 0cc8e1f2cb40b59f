import Foundation
import RiskGraph

/// A pool of ``GraphScratch`` buffers for one graph: each is O(nodes) memory, so requests
/// borrow one instead of allocating their own.
///
/// `@unchecked Sendable`: the free list is guarded by `lock`, and a scratch is used by one
/// request at a time between taking it from the list and putting it back.
final class ScratchPool: @unchecked Sendable {
    private let graph: EntityGraph
    private let lock = NSLock()
    private var free: [GraphScratch] = []

    init(graph: EntityGraph) { self.graph = graph }

    /// Runs `body` with a scratch for the graph (a new one when none is free).
    func with<Result>(_ body: (GraphScratch) throws -> Result) rethrows -> Result {
        let scratch = lock.withLock { free.popLast() } ?? GraphScratch(for: graph)
        defer { lock.withLock { free.append(scratch) } }
        return try body(scratch)
    }
}

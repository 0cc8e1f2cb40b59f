/// Reusable per-thread scratch memory for graph queries: epoch-stamped marks and
/// per-node slots, so a query costs time in proportion to what it touches, never an
/// n-sized allocation or clearing pass.
///
/// Allocated once per graph (O(n) memory: six arrays, plus four frontier queues on first
/// use by a ``GraphView`` traversal); each query starts a new epoch in
/// O(1) (a full clear only when the 32-bit epoch wraps). Not thread-safe: give each
/// thread its own. A reference type so that the query functions can keep using it
/// across calls; it holds no graph data.
public final class GraphScratch {
    var stamp: [UInt32]
    var stamp2: [UInt32]
    var epoch: UInt32 = 0
    var intSlot: [Int32]
    var intSlot2: [Int32]
    var doubleSlot: [Double]
    var doubleSlot2: [Double]
    /// Nodes touched in the current query (for sparse result collection).
    var touched: [Int32] = []
    /// Four n-sized BFS frontier queues (allocated on first use by ``frontierQueues()``),
    /// so a traversal appends without capacity checks or allocations.
    private var queues: UnsafeMutablePointer<Int32>?
    private let nodeCount: Int

    /// Scratch for a graph of `nodeCount` nodes.
    public init(nodeCount: Int) {
        self.nodeCount = nodeCount
        stamp = [UInt32](repeating: 0, count: nodeCount)
        stamp2 = [UInt32](repeating: 0, count: nodeCount)
        intSlot = [Int32](repeating: 0, count: nodeCount)
        intSlot2 = [Int32](repeating: 0, count: nodeCount)
        doubleSlot = [Double](repeating: 0, count: nodeCount)
        doubleSlot2 = [Double](repeating: 0, count: nodeCount)
    }

    deinit { queues?.deallocate() }

    /// Four frontier queues of `nodeCount` entries each (uninitialised, reused across queries).
    func frontierQueues() -> (UnsafeMutablePointer<Int32>, UnsafeMutablePointer<Int32>, UnsafeMutablePointer<Int32>, UnsafeMutablePointer<Int32>) {
        let base: UnsafeMutablePointer<Int32>
        if let queues { base = queues } else {
            base = UnsafeMutablePointer<Int32>.allocate(capacity: 4 * max(1, nodeCount))
            queues = base
        }
        let n = max(1, nodeCount)
        return (base, base + n, base + 2 * n, base + 3 * n)
    }

    /// Runs `body` with the two mark/slot pairs as raw buffers (`stamp`, `intSlot`,
    /// `stamp2`, `intSlot2`): a hot loop then indexes memory directly, without the
    /// exclusivity checks every access to a class's array property costs.
    func withMarks<R>(_ body: (UnsafeMutableBufferPointer<UInt32>, UnsafeMutableBufferPointer<Int32>,
                               UnsafeMutableBufferPointer<UInt32>, UnsafeMutableBufferPointer<Int32>) throws -> R) rethrows -> R {
        try stamp.withUnsafeMutableBufferPointer { stampA in
            try intSlot.withUnsafeMutableBufferPointer { slotA in
                try stamp2.withUnsafeMutableBufferPointer { stampB in
                    try intSlot2.withUnsafeMutableBufferPointer { slotB in try body(stampA, slotA, stampB, slotB) }
                }
            }
        }
    }

    /// Scratch sized for `graph`.
    public convenience init(for graph: EntityGraph) { self.init(nodeCount: graph.nodeCount) }

    /// Starts a new query: every mark reads as unset afterwards. O(1) amortised.
    func begin() {
        touched.removeAll(keepingCapacity: true)
        if epoch == UInt32.max - 2 {
            for i in stamp.indices { stamp[i] = 0; stamp2[i] = 0 }
            epoch = 0
        }
        epoch += 1
    }
}

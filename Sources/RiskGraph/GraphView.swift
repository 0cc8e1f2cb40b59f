/// A filtered, undirected, simple view of an ``EntityGraph`` as one CSR (offsets and
/// neighbour ids): the layout whole-graph analytics and repeated traversals of one view
/// want (one adjacency array instead of seven parallel ones).
///
/// Build it once per filter with ``init(graph:filter:)`` (O(n + m log d)); the traversal
/// functions mirror the graph's own and give the same answers for that filter.
public struct GraphView: Sendable {
    /// `offsets[v] ..< offsets[v + 1]` index ``neighbours``.
    public let offsets: GraphArray<Int32>
    /// Distinct neighbours of each node, ascending.
    public let neighbours: GraphArray<Int32>

    /// The view of `graph` over the edges `filter` admits (its arrays on huge pages, as a
    /// built graph's: see ``GraphMemory``).
    public init(graph: EntityGraph, filter: EdgeFilter) {
        let (offsets, neighbours) = graph.undirectedSimpleCSR(filter: filter)
        self.offsets = GraphArray(offsets)
        self.neighbours = GraphArray(neighbours)
    }

    /// Links of the view (each undirected pair once).
    public var linkCount: Int { neighbours.count / 2 }

    /// Bidirectional BFS distance between `a` and `b`, -1 beyond `maxHops`; see
    /// ``EntityGraph/shortestPathLength(from:to:maxHops:filter:scratch:)``.
    /// - Complexity: O(edges inside the two balls).
    public func shortestPathLength(from a: Int32, to b: Int32, maxHops: Int = 6, scratch: GraphScratch) -> Int {
        if a == b { return 0 }
        scratch.begin()
        let epoch = scratch.epoch
        let (q1, q2, q3, q4) = scratch.frontierQueues()
        return offsets.withUnsafeBufferPointer { offsetBuffer in
            neighbours.withUnsafeBufferPointer { neighbourBuffer in
                scratch.stamp.withUnsafeMutableBufferPointer { stampABuffer in
                    scratch.stamp2.withUnsafeMutableBufferPointer { stampBBuffer in
                        scratch.intSlot.withUnsafeMutableBufferPointer { distABuffer in
                            scratch.intSlot2.withUnsafeMutableBufferPointer { distBBuffer in
            // Raw pointers in the loop: no bounds checks (every id comes from the CSR).
            guard let off = offsetBuffer.baseAddress, let nb = neighbourBuffer.baseAddress,
                  let stampA = stampABuffer.baseAddress, let stampB = stampBBuffer.baseAddress,
                  let distA = distABuffer.baseAddress, let distB = distBBuffer.baseAddress else { return -1 }
            var frontA = q1, frontB = q2, nextA = q3, nextB = q4
            var countA = 1, countB = 1, depthA = 0, depthB = 0
            frontA[0] = a; frontB[0] = b
            stampA[Int(a)] = epoch; distA[Int(a)] = 0
            stampB[Int(b)] = epoch; distB[Int(b)] = 0
            while depthA + depthB < maxHops, countA > 0, countB > 0 {
                // Expand the smaller frontier by one full level.
                let expandA = countA <= countB
                let front = expandA ? frontA : frontB, next = expandA ? nextA : nextB
                let count = expandA ? countA : countB
                let stampMine = expandA ? stampA : stampB, distMine = expandA ? distA : distB
                let stampOther = expandA ? stampB : stampA, distOther = expandA ? distB : distA
                let depth32 = Int32((expandA ? depthA : depthB) + 1)
                var best = Int32.max, produced = 0
                for i in 0..<count {
                    let v = Int(front[i])
                    var p = Int(off[v])
                    let end = Int(off[v + 1])
                    while p < end {
                        let w = Int(nb[p])
                        p += 1
                        if stampMine[w] == epoch { continue }
                        stampMine[w] = epoch; distMine[w] = depth32
                        if stampOther[w] == epoch, depth32 + distOther[w] < best { best = depth32 + distOther[w] }
                        next[produced] = Int32(w); produced += 1
                    }
                }
                if expandA { swap(&frontA, &nextA); countA = produced; depthA += 1 }
                else { swap(&frontB, &nextB); countB = produced; depthB += 1 }
                if best != Int32.max { return Int(best) <= maxHops ? Int(best) : -1 }
            }
            return -1
                            }
                        }
                    }
                }
            }
        }
    }

    /// Number of nodes at distance 1 … `hops` from `source`.
    /// - Complexity: O(edges of the nodes within `hops - 1` links).
    public func neighbourhoodSize(of source: Int32, hops: Int = 3, scratch: GraphScratch) -> Int {
        scratch.begin()
        let epoch = scratch.epoch
        let (q1, q2, _, _) = scratch.frontierQueues()
        return offsets.withUnsafeBufferPointer { offsetBuffer in
            neighbours.withUnsafeBufferPointer { neighbourBuffer in
                scratch.stamp.withUnsafeMutableBufferPointer { stampBuffer in
                    guard let off = offsetBuffer.baseAddress, let nb = neighbourBuffer.baseAddress,
                          let stamp = stampBuffer.baseAddress else { return 0 }
                    var frontier = q1, next = q2
                    var frontierCount = 1, total = 0
                    frontier[0] = source
                    stamp[Int(source)] = epoch
                    for _ in 0..<hops {
                        var produced = 0
                        for i in 0..<frontierCount {
                            let v = Int(frontier[i])
                            var p = Int(off[v])
                            let end = Int(off[v + 1])
                            while p < end {
                                let w = Int(nb[p])
                                p += 1
                                if stamp[w] != epoch { stamp[w] = epoch; next[produced] = Int32(w); produced += 1 }
                            }
                        }
                        total += produced
                        if produced == 0 { break }
                        swap(&frontier, &next)
                        frontierCount = produced
                    }
                    return total
                }
            }
        }
    }

    /// Weakly connected components of the view, starting only from nodes `included` (all
    /// when nil): their number, the largest one's size, and each node's component (-1 for
    /// a node no component reached). The same answer as
    /// ``EntityGraph/connectedComponents(filter:included:)`` for the view's filter, from
    /// the one adjacency array (no per-edge filter test, a preallocated queue): the
    /// benchmark's whole-graph task.
    /// - Complexity: O(n + m).
    public func connectedComponents(included: [Bool]? = nil) -> (count: Int, largest: Int, labels: [Int32]) {
        let n = offsets.count - 1
        var labels = [Int32](repeating: -1, count: max(0, n))
        var count = 0, largest = 0
        let queue = UnsafeMutablePointer<Int32>.allocate(capacity: max(1, n))
        defer { queue.deallocate() }
        offsets.withUnsafeBufferPointer { off in
            neighbours.withUnsafeBufferPointer { nb in
                labels.withUnsafeMutableBufferPointer { label in
                    for start in 0..<max(0, n) where label[start] < 0 && (included?[start] ?? true) {
                        let id = Int32(count)
                        count += 1
                        label[start] = id
                        queue[0] = Int32(start)
                        var head = 0, tail = 1
                        while head < tail {
                            let v = Int(queue[head])
                            head += 1
                            for p in Int(off[v])..<Int(off[v + 1]) {
                                let w = Int(nb[p])
                                if label[w] < 0 { label[w] = id; queue[tail] = Int32(w); tail += 1 }
                            }
                        }
                        largest = max(largest, tail)
                    }
                }
            }
        }
        return (count, largest, labels)
    }
}

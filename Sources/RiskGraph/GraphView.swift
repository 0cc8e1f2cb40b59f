/// A filtered, undirected, simple view of an ``EntityGraph`` as one CSR (offsets and
/// neighbour ids): the layout whole-graph analytics and repeated traversals of one view
/// want (one adjacency array instead of seven parallel ones).
///
/// Build it once per filter with ``init(graph:filter:)`` (O(n + m log d)); the traversal
/// functions mirror the graph's own and give the same answers for that filter.
public struct GraphView: Sendable {
    /// `offsets[v] ..< offsets[v + 1]` index ``neighbours``.
    public let offsets: [Int32]
    /// Distinct neighbours of each node, ascending.
    public let neighbours: [Int32]

    /// The view of `graph` over the edges `filter` admits.
    public init(graph: EntityGraph, filter: EdgeFilter) {
        (offsets, neighbours) = graph.undirectedSimpleCSR(filter: filter)
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
        var frontA: [Int32] = [a], frontB: [Int32] = [b], next: [Int32] = []
        var depthA = 0, depthB = 0
        return offsets.withUnsafeBufferPointer { off in
            neighbours.withUnsafeBufferPointer { nb in
                scratch.stamp.withUnsafeMutableBufferPointer { stampA in
                    scratch.stamp2.withUnsafeMutableBufferPointer { stampB in
                        scratch.intSlot.withUnsafeMutableBufferPointer { distA in
                            scratch.intSlot2.withUnsafeMutableBufferPointer { distB in
            stampA[Int(a)] = epoch; distA[Int(a)] = 0
            stampB[Int(b)] = epoch; distB[Int(b)] = 0
            while depthA + depthB < maxHops, !frontA.isEmpty, !frontB.isEmpty {
                let expandA = frontA.count <= frontB.count
                var best = Int.max
                next.removeAll(keepingCapacity: true)
                let newDepth = (expandA ? depthA : depthB) + 1
                let depth32 = Int32(newDepth)
                if expandA {
                    for v in frontA {
                        for p in Int(off[Int(v)])..<Int(off[Int(v) + 1]) {
                            let w = Int(nb[p])
                            if stampA[w] == epoch { continue }
                            stampA[w] = epoch; distA[w] = depth32
                            if stampB[w] == epoch { best = min(best, newDepth + Int(distB[w])) }
                            next.append(Int32(w))
                        }
                    }
                    depthA = newDepth; swap(&frontA, &next)
                } else {
                    for v in frontB {
                        for p in Int(off[Int(v)])..<Int(off[Int(v) + 1]) {
                            let w = Int(nb[p])
                            if stampB[w] == epoch { continue }
                            stampB[w] = epoch; distB[w] = depth32
                            if stampA[w] == epoch { best = min(best, newDepth + Int(distA[w])) }
                            next.append(Int32(w))
                        }
                    }
                    depthB = newDepth; swap(&frontB, &next)
                }
                if best != Int.max { return best <= maxHops ? best : -1 }
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
        var frontier: [Int32] = [source], next: [Int32] = []
        var count = 0
        offsets.withUnsafeBufferPointer { off in
            neighbours.withUnsafeBufferPointer { nb in
                scratch.stamp.withUnsafeMutableBufferPointer { stamp in
                    stamp[Int(source)] = epoch
                    for _ in 0..<hops {
                        next.removeAll(keepingCapacity: true)
                        for v in frontier {
                            for p in Int(off[Int(v)])..<Int(off[Int(v) + 1]) {
                                let w = Int(nb[p])
                                if stamp[w] != epoch { stamp[w] = epoch; next.append(Int32(w)) }
                            }
                        }
                        count += next.count
                        if next.isEmpty { break }
                        swap(&frontier, &next)
                    }
                }
            }
        }
        return count
    }
}

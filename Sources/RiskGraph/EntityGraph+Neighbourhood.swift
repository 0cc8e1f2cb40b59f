/// A node reached by ``EntityGraph/neighbourhood(of:hops:filter:maxNodes:scratch:)``.
public struct NeighbourNode: Sendable, Equatable {
    /// The node.
    public var node: Int32
    /// Links from the centre (0 for the centre itself).
    public var distance: Int
    /// The node it was first reached from (-1 for the centre).
    public var from: Int32
    /// The edge it came by (-1 for the centre).
    public var edge: Int32
}

/// The result of a neighbourhood query.
public struct Neighbourhood: Sendable, Equatable {
    /// Nodes in breadth-first order (centre first), each with its distance and arrival link.
    public var nodes: [NeighbourNode]
    /// Hubs met and not expanded, with their degree, in order of discovery.
    public var truncatedHubs: [(node: Int32, degree: Int)]
    /// True when `maxNodes` stopped the search.
    public var truncated: Bool

    public static func == (lhs: Neighbourhood, rhs: Neighbourhood) -> Bool {
        lhs.nodes == rhs.nodes && lhs.truncated == rhs.truncated
            && lhs.truncatedHubs.map(\.node) == rhs.truncatedHubs.map(\.node)
    }
}

extension EntityGraph {
    /// The nodes within `hops` links of `centre`, breadth first, each with its distance and
    /// the link it came by. Hubs other than the centre are listed but not expanded (they
    /// appear in `truncatedHubs`); the search stops at `maxNodes` nodes besides the centre
    /// (so `maxNodes: 1` finds one neighbour, not none).
    /// - Complexity: O(edges of the expanded nodes).
    public func neighbourhood(of centre: Int32, hops: Int = 2, filter: EdgeFilter = .current, maxNodes: Int = 500,
                              expandHubs: Bool = false, scratch: GraphScratch) -> Neighbourhood {
        scratch.begin()
        let epoch = scratch.epoch
        var result = Neighbourhood(nodes: [NeighbourNode(node: centre, distance: 0, from: -1, edge: -1)], truncatedHubs: [], truncated: false)
        scratch.stamp[Int(centre)] = epoch
        scratch.intSlot[Int(centre)] = 0  // each stamped node's index in `result.nodes`
        var head = 0
        while head < result.nodes.count {
            let current = result.nodes[head]; head += 1
            if current.distance >= hops { continue }
            if current.node != centre && !expandHubs && isHub(current.node, filter: filter) {
                result.truncatedHubs.append((current.node, admittedDegree(current.node, filter: filter)))
                continue
            }
            var stop = false
            forEachNeighbour(of: current.node, filter: filter) { w, e, _ in
                if stop { return }
                if scratch.stamp[Int(w)] == epoch {
                    // Met again at the same distance by a current link where a former one had
                    // brought it: the current link is how it is reached (a legal representative
                    // who had also held a former stake read as one who had left; found by
                    // review). Not yet expanded, so nothing else changes.
                    let at = Int(scratch.intSlot[Int(w)])
                    if at > 0, at < result.nodes.count, result.nodes[at].distance == current.distance + 1, !isCurrent(result.nodes[at].edge), isCurrent(e) {
                        result.nodes[at].from = current.node
                        result.nodes[at].edge = e
                    }
                    return
                }
                if result.nodes.count > maxNodes { stop = true; return }  // nodes[0] is the centre
                scratch.stamp[Int(w)] = epoch
                scratch.intSlot[Int(w)] = Int32(result.nodes.count)
                result.nodes.append(NeighbourNode(node: w, distance: current.distance + 1, from: current.node, edge: e))
            }
            if stop { result.truncated = true; break }
        }
        return result
    }

    /// Number of distinct nodes at distance 1 … `hops` from `source` (the benchmark's `khop`);
    /// no hub capping.
    /// - Complexity: O(edges of the nodes within `hops - 1` links).
    public func neighbourhoodSize(of source: Int32, hops: Int = 3, filter: EdgeFilter = .benchmarkView,
                                  scratch: GraphScratch) -> Int {
        scratch.begin()
        let epoch = scratch.epoch
        scratch.stamp[Int(source)] = epoch
        var frontier: [Int32] = [source], next: [Int32] = []
        var count = 0
        outOffsets.withUnsafeBufferPointer { outOff in
            inOffsets.withUnsafeBufferPointer { inOff in
                edgeTargets.withUnsafeBufferPointer { targets in
                    inSources.withUnsafeBufferPointer { inSrc in
                        inKinds.withUnsafeBufferPointer { inK in
                            edgeKinds.withUnsafeBufferPointer { kinds in
                                edgeCurrent.withUnsafeBufferPointer { current in
                                    scratch.stamp.withUnsafeMutableBufferPointer { stamp in
            for _ in 0..<hops {
                next.removeAll(keepingCapacity: true)
                for v in frontier {
                    let vi = Int(v)
                    for e in Int(outOff[vi])..<Int(outOff[vi + 1]) where filter.admits(kind: kinds[e], current: current[e] != 0) {
                        let w = Int(targets[e])
                        if stamp[w] != epoch { stamp[w] = epoch; next.append(Int32(w)) }
                    }
                    for p in Int(inOff[vi])..<Int(inOff[vi + 1]) {
                        guard filter.admits(kind: inK[p], current: inCurrent[p] != 0) else { continue }
                        let w = Int(inSrc[p])
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
                        }
                    }
                }
            }
        }
        return count
    }
}

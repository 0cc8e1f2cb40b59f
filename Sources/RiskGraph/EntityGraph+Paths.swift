/// One step of a chain: the edge walked and the direction it was walked in.
public struct ChainLink: Sendable, Equatable {
    /// The node the step leaves.
    public var from: Int32
    /// The node the step reaches.
    public var to: Int32
    /// The edge walked.
    public var edge: Int32
    /// True when the edge points `from → to`; false when it was walked against its direction.
    public var forward: Bool
}

/// A chain of links between two entities.
public struct Chain: Sendable, Equatable {
    /// The links, from the first entity to the second.
    public var links: [ChainLink]
    /// Number of links.
    public var hops: Int { links.count }
}

extension EntityGraph {
    /// Length of a shortest path between `a` and `b` over the undirected view of the edges
    /// `filter` admits, or -1 when there is none of at most `maxHops` links.
    ///
    /// Bidirectional breadth-first search, expanding the smaller frontier one full level at
    /// a time and stopping once the two balls' radii reach `maxHops`.
    /// - Complexity: O(edges inside the two balls), no allocation beyond `scratch`.
    public func shortestPathLength(from a: Int32, to b: Int32, maxHops: Int = 6, filter: EdgeFilter = .current,
                                   scratch: GraphScratch) -> Int {
        if a == b { return 0 }
        scratch.begin()
        let epoch = scratch.epoch
        var frontA: [Int32] = [a], frontB: [Int32] = [b], next: [Int32] = []
        scratch.stamp[Int(a)] = epoch; scratch.intSlot[Int(a)] = 0
        scratch.stamp2[Int(b)] = epoch; scratch.intSlot2[Int(b)] = 0
        var depthA = 0, depthB = 0
        return outOffsets.withUnsafeBufferPointer { outOff in
            inOffsets.withUnsafeBufferPointer { inOff in
                edgeTargets.withUnsafeBufferPointer { targets in
                        inSources.withUnsafeBufferPointer { inSrc in
                            edgeKinds.withUnsafeBufferPointer { kinds in
                                edgeCurrent.withUnsafeBufferPointer { current in
                                    inKinds.withUnsafeBufferPointer { inK in
                                        inCurrent.withUnsafeBufferPointer { inC in
                                            scratch.stamp.withUnsafeMutableBufferPointer { stampA in
                                                scratch.stamp2.withUnsafeMutableBufferPointer { stampB in
                                                    scratch.intSlot.withUnsafeMutableBufferPointer { distA in
                                                        scratch.intSlot2.withUnsafeMutableBufferPointer { distB in
            while depthA + depthB < maxHops, !frontA.isEmpty, !frontB.isEmpty {
                let expandA = frontA.count <= frontB.count
                var best = Int.max
                next.removeAll(keepingCapacity: true)
                let newDepth = (expandA ? depthA : depthB) + 1
                @inline(__always) func visit(_ w: Int32) {
                    let wi = Int(w)
                    if expandA {
                        if stampA[wi] == epoch { return }
                        stampA[wi] = epoch; distA[wi] = Int32(newDepth)
                        if stampB[wi] == epoch { best = min(best, newDepth + Int(distB[wi])) }
                    } else {
                        if stampB[wi] == epoch { return }
                        stampB[wi] = epoch; distB[wi] = Int32(newDepth)
                        if stampA[wi] == epoch { best = min(best, newDepth + Int(distA[wi])) }
                    }
                    next.append(w)
                }
                for v in (expandA ? frontA : frontB) {
                    let vi = Int(v)
                    for e in Int(outOff[vi])..<Int(outOff[vi + 1]) where filter.admits(kind: kinds[e], current: current[e] != 0) {
                        visit(targets[e])
                    }
                    for p in Int(inOff[vi])..<Int(inOff[vi + 1]) where filter.admits(kind: inK[p], current: inC[p] != 0) {
                        visit(inSrc[p])
                    }
                }
                if expandA { depthA = newDepth; swap(&frontA, &next) } else { depthB = newDepth; swap(&frontB, &next) }
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
                        }
                    }
                }
            }
        }
    }

    /// The shortest chains between `a` and `b`, then the next shortest, up to `limit`
    /// chains of at most `maxHops` links each, shortest first (ties in node-key order).
    ///
    /// A breadth-first search from `b` gives every node's distance to `b` (within
    /// `maxHops`); a depth-first enumeration of simple paths from `a` then follows only
    /// links that can still reach `b` within the length being enumerated (lengths d, d+1, …).
    /// Hubs (``isHub(_:)``) other than the endpoints are not passed through unless
    /// `throughHubs`. Parallel edges (a holder who is also legal representative) give
    /// separate chains. Enumeration stops after `stepLimit` expansions.
    /// - Complexity: O(ball of `b`) + O(expansions), bounded by `stepLimit`.
    public func shortestChains(from a: Int32, to b: Int32, maxHops: Int = 6, filter: EdgeFilter = .current,
                               limit: Int = 5, throughHubs: Bool = false, stepLimit: Int = 2_000_000,
                               scratch: GraphScratch) -> [Chain] {
        guard limit > 0 else { return [] }
        if a == b { return [Chain(links: [])] }
        // No path within maxHops even through hubs means no chain: the bidirectional search
        // answers that from two small balls, where the distances below fill b's whole ball.
        if shortestPathLength(from: a, to: b, maxHops: maxHops, filter: filter, scratch: scratch) < 0 { return [] }
        scratch.begin()
        let epoch = scratch.epoch
        // Distances to b, one breadth-first level at a time and only as deep as the chain
        // length being enumerated needs (a chain of length L only steps on nodes within
        // L - 1 of b): near pairs never pay for b's whole ball.
        var frontier: [Int32] = [b], next: [Int32] = []
        scratch.stamp2[Int(b)] = epoch; scratch.intSlot2[Int(b)] = 0
        var depth = 0
        func deepen(to target: Int) {
            while depth < target, !frontier.isEmpty {
                depth += 1
                next.removeAll(keepingCapacity: true)
                for v in frontier {
                    if v != b && v != a && !throughHubs && isHub(v) { continue }
                    forEachNeighbour(of: v, filter: filter) { w, _, _ in
                        if scratch.stamp2[Int(w)] != epoch {
                            scratch.stamp2[Int(w)] = epoch; scratch.intSlot2[Int(w)] = Int32(depth); next.append(w)
                        }
                    }
                }
                swap(&frontier, &next)
            }
        }
        while scratch.stamp2[Int(a)] != epoch, depth < maxHops, !frontier.isEmpty { deepen(to: depth + 1) }
        guard scratch.stamp2[Int(a)] == epoch else { return [] }
        let shortest = Int(scratch.intSlot2[Int(a)])
        var chains: [Chain] = []
        var steps = 0
        var path: [Int32] = [a]
        var links: [ChainLink] = []
        var wanted = limit
        func extend(_ v: Int32, length: Int, found: inout [Chain]) {
            if found.count >= wanted || steps >= stepLimit { return }
            steps += 1
            let k = links.count
            if v != a && !throughHubs && isHub(v) { return }
            forEachNeighbour(of: v, filter: filter) { w, e, forward in
                if found.count >= wanted { return }
                let wi = Int(w)
                guard scratch.stamp2[wi] == epoch, k + 1 + Int(scratch.intSlot2[wi]) <= length else { return }
                if w == b {
                    if k + 1 == length { found.append(Chain(links: links + [ChainLink(from: v, to: w, edge: e, forward: forward)])) }
                    return
                }
                if path.contains(w) { return }
                path.append(w); links.append(ChainLink(from: v, to: w, edge: e, forward: forward))
                extend(w, length: length, found: &found)
                path.removeLast(); links.removeLast()
            }
        }
        var length = shortest
        while length <= maxHops, chains.count < limit, steps < stepLimit {
            var found: [Chain] = []
            wanted = limit - chains.count
            deepen(to: length)
            extend(a, length: length, found: &found)
            found.sort { lhs, rhs in
                for (l, r) in zip(lhs.links, rhs.links) where l.to != r.to || l.edge != r.edge {
                    if l.to != r.to { return key(l.to) < key(r.to) }
                    return l.edge < r.edge
                }
                return false
            }
            chains.append(contentsOf: found.prefix(limit - chains.count))
            length += 1
        }
        return chains
    }
}

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

    public init(from: Int32, to: Int32, edge: Int32, forward: Bool) {
        self.from = from; self.to = to; self.edge = edge; self.forward = forward
    }
}

/// A chain of links between two entities.
public struct Chain: Sendable, Equatable {
    /// The links, from the first entity to the second.
    public var links: [ChainLink]
    /// Number of links.
    public var hops: Int { links.count }

    public init(links: [ChainLink]) { self.links = links }
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
    /// chains of at most `maxHops` links each, shortest first; among chains of one length,
    /// with history included, those of current links first, then those through a former
    /// link; each group in node-key order.
    ///
    /// Lengths d, d + 1, … are enumerated in turn by a depth-first search of simple paths
    /// from `a`. Two breadth-first balls, one around each end, are grown level by level
    /// (always the side with the smaller frontier, as a bidirectional search does) until
    /// their radii `ra + rb` reach L - 1 for the length L being enumerated: a step that
    /// still has `r ≤ rb` links to go must land on a node of b's ball within `r` of b,
    /// and the first `ra` steps are walked without that test. So a chain of six links
    /// costs two balls of radius about three, never b's whole six-hop ball (tens of
    /// thousands of nodes at 1M companies). The test only cuts dead branches, so the
    /// chains found, and their order, are those of an unpruned enumeration.
    ///
    /// Hubs (``isHub(_:)``) other than the endpoints are not passed through unless
    /// `throughHubs`. Parallel edges (a holder who is also legal representative) give
    /// separate chains. Enumeration stops after `stepLimit` expansions.
    /// - Complexity: O(the two balls) + O(expansions), bounded by `stepLimit`.
    public func shortestChains(from a: Int32, to b: Int32, maxHops: Int = 6, filter: EdgeFilter = .current,
                               limit: Int = 5, throughHubs: Bool = false, stepLimit: Int = 2_000_000,
                               scratch: GraphScratch) -> [Chain] {
        guard limit > 0 else { return [] }
        if a == b { return [Chain(links: [])] }
        // No path within maxHops even through hubs means no chain: the bidirectional search
        // answers that from two small balls. Its length is where enumeration starts.
        let shortest = shortestPathLength(from: a, to: b, maxHops: maxHops, filter: filter, scratch: scratch)
        if shortest < 0 { return [] }
        scratch.begin()
        let epoch = scratch.epoch
        return scratch.withMarks { stampA, distA, stampB, distB in
            var ballA = BallGrowth(centre: a), ballB = BallGrowth(centre: b)
            stampA[Int(a)] = epoch; distA[Int(a)] = 0
            stampB[Int(b)] = epoch; distB[Int(b)] = 0
            func grow(_ ball: inout BallGrowth, _ stamp: UnsafeMutableBufferPointer<UInt32>, _ dist: UnsafeMutableBufferPointer<Int32>) {
                ball.radius += 1
                ball.next.removeAll(keepingCapacity: true)
                let depth = Int32(ball.radius)
                for v in ball.frontier {
                    if v != a && v != b && !throughHubs && isHub(v, filter: filter) { continue }
                    forEachNeighbour(of: v, filter: filter) { w, _, _ in
                        let wi = Int(w)
                        if stamp[wi] != epoch { stamp[wi] = epoch; dist[wi] = depth; ball.next.append(w) }
                    }
                }
                swap(&ball.frontier, &ball.next)
            }
            var chains: [Chain] = []
            var steps = 0
            var path: [Int32] = [a]
            var links: [ChainLink] = []
            var wanted = limit
            // b's ball is exact up to `rb` links (all of it once its frontier is empty).
            var rb = 0
            // `walk` is the filter whose links are followed (`filter`, or its current links
            // only); with `needFormer`, only chains with a former link are kept.
            func extend(_ v: Int32, length: Int, walk: EdgeFilter, needFormer: Bool, found: inout [Chain]) {
                if found.count >= wanted || steps >= stepLimit { return }
                steps += 1
                if v != a && !throughHubs && isHub(v, filter: filter) { return }
                let remaining = length - links.count - 1
                let tested = remaining <= rb
                forEachNeighbour(of: v, filter: walk) { w, e, forward in
                    if found.count >= wanted { return }
                    if w == b {
                        guard remaining == 0 else { return }
                        let chain = Chain(links: links + [ChainLink(from: v, to: w, edge: e, forward: forward)])
                        if !needFormer || chain.links.contains(where: { !isCurrent($0.edge) }) { found.append(chain) }
                        return
                    }
                    let wi = Int(w)
                    if tested, stampB[wi] != epoch || Int(distB[wi]) > remaining { return }
                    if remaining == 0 || path.contains(w) { return }
                    path.append(w); links.append(ChainLink(from: v, to: w, edge: e, forward: forward))
                    extend(w, length: length, walk: walk, needFormer: needFormer, found: &found)
                    path.removeLast(); links.removeLast()
                }
            }
            func byKeys(_ lhs: Chain, _ rhs: Chain) -> Bool {
                for (l, r) in zip(lhs.links, rhs.links) where l.to != r.to || l.edge != r.edge {
                    if l.to != r.to { return key(l.to) < key(r.to) }
                    return l.edge < r.edge
                }
                return false
            }
            var currentLinks = filter
            currentLinks.includeHistory = false
            var length = shortest
            while length <= maxHops, chains.count < limit, steps < stepLimit {
                // Grow the balls until every step of a length-L chain is either among the
                // first ra (untested) or within rb of b (tested).
                while ballA.radius + ballB.radius < length - 1, !ballB.frontier.isEmpty {
                    if !ballA.frontier.isEmpty, ballA.frontier.count < ballB.frontier.count {
                        grow(&ballA, stampA, distA)
                    } else {
                        grow(&ballB, stampB, distB)
                    }
                }
                rb = ballB.frontier.isEmpty ? Int.max : ballB.radius
                var found: [Chain] = []
                wanted = limit - chains.count
                // With history, a length's chains of current links come first, then those
                // through a former link (a current legal representative's chain came after his
                // former stake's; found by review).
                extend(a, length: length, walk: filter.includeHistory ? currentLinks : filter, needFormer: false, found: &found)
                found.sort(by: byKeys)
                chains.append(contentsOf: found.prefix(limit - chains.count))
                if filter.includeHistory, chains.count < limit, steps < stepLimit {
                    found = []
                    wanted = limit - chains.count
                    extend(a, length: length, walk: filter, needFormer: true, found: &found)
                    found.sort(by: byKeys)
                    chains.append(contentsOf: found.prefix(limit - chains.count))
                }
                length += 1
            }
            return chains
        }
    }
}

/// One end's breadth-first ball in ``EntityGraph/shortestChains(from:to:maxHops:filter:limit:throughHubs:stepLimit:scratch:)``:
/// its radius so far and the nodes at that distance.
private struct BallGrowth {
    var radius = 0
    var frontier: [Int32]
    var next: [Int32] = []
    init(centre: Int32) { frontier = [centre] }
}

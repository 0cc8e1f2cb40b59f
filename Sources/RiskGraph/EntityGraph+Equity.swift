/// Which way equity penetration walks the shareholding edges.
public enum EquityDirection: Sendable {
    /// From a company up to its owners (股权穿透, `owners`).
    case upstream
    /// From a holder down to what it holds (`holdings`).
    case downstream
}

/// One owner (upstream) or holding (downstream) found by equity penetration.
public struct EquityShare: Sendable, Equatable {
    /// The owner or the held company.
    public var node: Int32
    /// Σ over simple paths with known percentages of Π pct/100, on the 0–100 scale.
    public var integratedPct: Double
    /// The same sum with every unknown percentage read as 100%: what the share could be
    /// at most if the unknown links were whole. Equal to ``integratedPct`` when all links are known.
    public var upperPct: Double
    /// The percentage of the direct link, nil when there is none or it is unknown.
    public var directPct: Double?
    /// True when there is a direct link.
    public var isDirect: Bool
    /// Number of simple paths found (all of them, also those not stored in ``paths``).
    public var pathCount: Int
    /// Up to `maxPathsPerEntry` paths, each listed owner first (owner → … → company).
    public var paths: [[Int32]]
    /// True when some path has a link of unknown percentage.
    public var hasUnknownLinks: Bool
    /// With history, for an owner that still holds: its paths through former links, listed
    /// apart from ``paths`` (the current ones; ``withCurrentShares(from:)``).
    public var formerPaths: [[Int32]] = []
}

/// The result of equity penetration from one node.
public struct EquityPenetration: Sendable, Equatable {
    /// The company (upstream) or holder (downstream) the search started from.
    public var root: Int32
    /// Owners or holdings, largest integrated share first (then upper bound, then key).
    public var entries: [EquityShare]
    /// Cross-holding cycles met (nodes where a path came back onto itself), in order met.
    public var cycleNodes: [Int32]
    /// True when the depth limit stopped some path.
    public var depthLimited: Bool
    /// True when the step limit stopped the enumeration.
    public var stepLimited: Bool

    /// This penetration with history, its shares made those of `current` (the same search
    /// on current links) for every entry `current` has: a holder who still holds through
    /// current links is shown with what it holds now, and its former paths only as paths.
    /// Found by review: a current 30% owner who had held 40% directly until 2019 read 70%,
    /// "current", with the former 40% as its direct stake. Entries only former links reach
    /// keep their shares (they are marked former by the caller), and the order is `current`'s
    /// order first, then the former-only entries in their order.
    public func withCurrentShares(from current: EquityPenetration) -> EquityPenetration {
        let now = Dictionary(current.entries.map { ($0.node, $0) }, uniquingKeysWith: { first, _ in first })
        var merged: [EquityShare] = []
        var formerOnly: [EquityShare] = []
        for entry in entries {
            guard let present = now[entry.node] else { formerOnly.append(entry); continue }
            var share = present
            share.pathCount = entry.pathCount
            // The current paths as such, the former ones apart (found by review: a sold
            // direct stake's path was listed as if current).
            let current = Set(present.paths)
            share.formerPaths = entry.paths.filter { !current.contains($0) }
            merged.append(share)
        }
        let rank = Dictionary(current.entries.enumerated().map { ($1.node, $0) }, uniquingKeysWith: { first, _ in first })
        merged.sort { rank[$0.node, default: 0] < rank[$1.node, default: 0] }
        var result = self
        result.entries = merged + formerOnly
        return result
    }
}

extension EntityGraph {
    /// Equity penetration: every owner (or holding) reachable over shareholding edges
    /// within `maxDepth` links, with its integrated share = the sum over all simple paths
    /// of the product of the percentages along the path.
    ///
    /// Cross-holdings (A holds B holds A) are handled by enumerating simple paths only: a
    /// path that would revisit a node is cut there and the node is reported in
    /// `cycleNodes` (the geometric series a cycle would add is not summed). Paths with an
    /// unknown percentage count towards ``EquityShare/upperPct`` only.
    /// - Complexity: O(number of simple paths × depth), bounded by `stepLimit`.
    public func equityPenetration(of root: Int32, direction: EquityDirection = .upstream, maxDepth: Int = 10,
                                  includeHistory: Bool = false, maxPathsPerEntry: Int = 10,
                                  stepLimit: Int = 1_000_000, scratch: GraphScratch) -> EquityPenetration {
        scratch.begin()
        let epoch = scratch.epoch
        let filter = EdgeFilter(kinds: [.shareholding], includeHistory: includeHistory)
        var result = EquityPenetration(root: root, entries: [], cycleNodes: [], depthLimited: false, stepLimited: false)
        var pathCount: [Int32: Int] = [:]
        var paths: [Int32: [[Int32]]] = [:]
        var direct: [Int32: Double] = [:]
        var unknownLinks: Set<Int32> = []
        var directSeen: Set<Int32> = []
        var cycleSeen: Set<Int32> = []
        var stack: [Int32] = [root]
        scratch.stamp2[Int(root)] = epoch        // stamp2 = on the current path
        var steps = 0

        // With history, a holder's former stake in a company it still holds is superseded by
        // the current one (a former 20% and a current 30% are 30%, not 50%); a former stake
        // counts alone only where no current one remains. The edges of one pair are adjacent,
        // the current one first (see `GraphBuilder.sortKey`), in both CSR directions.
        func edges(of v: Int32) -> [(Int32, Int32)] {
            var list: [(Int32, Int32)] = []
            var lastCurrent: Int32 = -1
            func admit(_ w: Int32, _ e: Int) {
                let current = edgeCurrent[e] != 0
                guard filter.admits(kind: edgeKinds[e], current: current) else { return }
                if current { lastCurrent = w } else if w == lastCurrent { return }
                list.append((w, Int32(e)))
            }
            switch direction {
            case .upstream:
                for p in inRange(v) { let e = Int(inEdge[p]); admit(edgeSources[e], e) }
            case .downstream:
                for e in outRange(v) { admit(edgeTargets[e], e) }
            }
            return list
        }

        // What a stake of unknown percentage in `company` can be at most: what the company's
        // known stakes leave, 100 − their sum (0 when they reach 100). Read as a whole 100%,
        // a holder who could have 10% at most was a "possible" 25% beneficial owner and a
        // rival of a 45% legal representative (found by review).
        var residuals: [Int32: Double] = [:]
        func residual(_ company: Int32) -> Double {
            if let known = residuals[company] { return known }
            var sum = 0.0
            for p in inRange(company) {
                let e = Int(inEdge[p])
                // The current stakes (a former one is not there to leave room).
                guard edgeKinds[e] == EdgeKind.shareholding.rawValue, edgeCurrent[e] != 0 else { continue }
                let pct = edgePct[e]
                if !pct.isNaN { sum += Double(pct) }
            }
            let value = max(0, 100 - sum) / 100
            residuals[company] = value
            return value
        }

        func walk(_ v: Int32, known: Double, upper: Double, depth: Int) {
            for (w, e) in edges(of: v) {
                steps += 1
                if steps > stepLimit { result.stepLimited = true; return }
                let wi = Int(w)
                if scratch.stamp2[wi] == epoch {
                    if cycleSeen.insert(w).inserted { result.cycleNodes.append(w) }
                    continue
                }
                let pctValue = edgePct[Int(e)]
                let factorKnown = pctValue.isNaN ? Double.nan : Double(pctValue) / 100
                let nextKnown = known * factorKnown
                // (A former stake of unknown size is not capped by today's stakes.)
                let nextUpper = upper * (pctValue.isNaN ? (edgeCurrent[Int(e)] != 0 ? residual(direction == .upstream ? v : w) : 1) : Double(pctValue) / 100)
                if scratch.stamp[wi] != epoch {
                    scratch.stamp[wi] = epoch
                    scratch.doubleSlot[wi] = 0; scratch.doubleSlot2[wi] = 0
                    scratch.touched.append(w)
                }
                if !nextKnown.isNaN { scratch.doubleSlot[wi] += nextKnown } else { unknownLinks.insert(w) }
                scratch.doubleSlot2[wi] += nextUpper
                pathCount[w, default: 0] += 1
                if depth == 1 {
                    directSeen.insert(w)
                    if !pctValue.isNaN { direct[w, default: 0] += Double(pctValue) }
                }
                stack.append(w)
                if paths[w, default: []].count < maxPathsPerEntry {
                    paths[w, default: []].append(direction == .upstream ? stack.reversed() : stack)
                }
                if depth < maxDepth {
                    scratch.stamp2[wi] = epoch
                    walk(w, known: nextKnown, upper: nextUpper, depth: depth + 1)
                    scratch.stamp2[wi] = 0
                } else {
                    // At the limit: a link back onto the path is the cycle, not a deeper
                    // owner (a 3-company ring at --depth 2 said the limit was reached).
                    for (u, _) in edges(of: w) {
                        if scratch.stamp2[Int(u)] == epoch {
                            if cycleSeen.insert(u).inserted { result.cycleNodes.append(u) }
                        } else {
                            result.depthLimited = true
                        }
                    }
                }
                stack.removeLast()
                if result.stepLimited { return }
            }
        }
        walk(root, known: 1, upper: 1, depth: 1)
        scratch.stamp2[Int(root)] = 0

        for w in scratch.touched where w != root {
            let wi = Int(w)
            result.entries.append(EquityShare(
                node: w, integratedPct: scratch.doubleSlot[wi] * 100, upperPct: scratch.doubleSlot2[wi] * 100,
                directPct: direct[w], isDirect: directSeen.contains(w), pathCount: pathCount[w] ?? 0,
                paths: paths[w] ?? [], hasUnknownLinks: unknownLinks.contains(w)))
        }
        result.entries.sort {
            if $0.integratedPct != $1.integratedPct { return $0.integratedPct > $1.integratedPct }
            if $0.upperPct != $1.upperPct { return $0.upperPct > $1.upperPct }
            return key($0.node) < key($1.node)
        }
        return result
    }

    /// The benchmark's `equity` answer for `target`: over every directed simple path
    /// o → … → target of 1 … `maxDepth` current shareholding edges with known
    /// percentages, Π pct/100 is added to owner o; returns (distinct owners, Σ shares).
    /// - Complexity: O(simple paths × depth); no allocation beyond `scratch`.
    public func equitySummary(of target: Int32, maxDepth: Int = 10, scratch: GraphScratch) -> (owners: Int, share: Double) {
        scratch.begin()
        let epoch = scratch.epoch
        var owners = 0
        var total = 0.0
        scratch.stamp2[Int(target)] = epoch
        let shareholding = EdgeKind.shareholding.rawValue
        inOffsets.withUnsafeBufferPointer { inOffBuffer in
            inSources.withUnsafeBufferPointer { sourceBuffer in
                inKinds.withUnsafeBufferPointer { kindBuffer in
                    inCurrent.withUnsafeBufferPointer { currentBuffer in
                        inPct.withUnsafeBufferPointer { pctBuffer in
                            scratch.stamp.withUnsafeMutableBufferPointer { seenBuffer in
                                scratch.stamp2.withUnsafeMutableBufferPointer { onPathBuffer in
            // Raw pointers and the in-CSR's parallel arrays only: every read in the walk is
            // sequential within a node's in-edges (ids all come from the CSR).
            guard let inOff = inOffBuffer.baseAddress, let sources = sourceBuffer.baseAddress, let kinds = kindBuffer.baseAddress,
                  let current = currentBuffer.baseAddress, let pcts = pctBuffer.baseAddress,
                  let seen = seenBuffer.baseAddress, let onPath = onPathBuffer.baseAddress else { return }
            func walk(_ v: Int, _ share: Double, _ depth: Int) {
                for p in Int(inOff[v])..<Int(inOff[v + 1]) {
                    guard kinds[p] == shareholding, current[p] != 0 else { continue }
                    let pct = pcts[p]
                    guard !pct.isNaN else { continue }
                    let w = Int(sources[p])
                    if onPath[w] == epoch { continue }
                    let s = share * Double(pct) / 100
                    if seen[w] != epoch { seen[w] = epoch; owners += 1 }
                    total += s
                    if depth < maxDepth {
                        onPath[w] = epoch
                        walk(w, s, depth + 1)
                        onPath[w] = 0
                    }
                }
            }
            walk(Int(target), 1, 1)
                                }
                            }
                        }
                    }
                }
            }
        }
        scratch.stamp2[Int(target)] = 0
        return (owners, total)
    }
}

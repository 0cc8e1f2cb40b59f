import Foundation

/// Whole-graph analytics: connected components and PageRank, over the undirected view of
/// the edges a filter admits.
extension EntityGraph {
    /// Weakly connected components: (count, size of the largest, component label per node).
    /// An isolated node is a component. Breadth-first search from every unlabelled node.
    /// - Complexity: O(n + m).
    /// With `included`, only those nodes are counted (the others never have admitted edges
    /// in the benchmark's view and are left unlabelled, -1).
    public func connectedComponents(filter: EdgeFilter = .benchmarkView, included: [Bool]? = nil) -> (count: Int, largest: Int, labels: [Int32]) {
        let n = nodeCount
        var label = [Int32](repeating: -1, count: n)
        var queue = [Int32](); queue.reserveCapacity(1024)
        var count = 0, largest = 0
        outOffsets.withUnsafeBufferPointer { outOff in
            inOffsets.withUnsafeBufferPointer { inOff in
                edgeTargets.withUnsafeBufferPointer { targets in
                    inSources.withUnsafeBufferPointer { inSrc in
                        inKinds.withUnsafeBufferPointer { inK in
                            edgeKinds.withUnsafeBufferPointer { kinds in
                                edgeCurrent.withUnsafeBufferPointer { current in
                                    label.withUnsafeMutableBufferPointer { label in
            for start in 0..<n where label[start] < 0 && (included?[start] ?? true) {
                let id = Int32(count); count += 1
                label[start] = id
                queue.removeAll(keepingCapacity: true); queue.append(Int32(start))
                var head = 0
                while head < queue.count {
                    let v = Int(queue[head]); head += 1
                    for e in Int(outOff[v])..<Int(outOff[v + 1]) where filter.admits(kind: kinds[e], current: current[e] != 0) {
                        let w = Int(targets[e]); if label[w] < 0 { label[w] = id; queue.append(Int32(w)) }
                    }
                    for p in Int(inOff[v])..<Int(inOff[v + 1]) {
                        guard filter.admits(kind: inK[p], current: inCurrent[p] != 0) else { continue }
                        let w = Int(inSrc[p]); if label[w] < 0 { label[w] = id; queue.append(Int32(w)) }
                    }
                }
                largest = max(largest, queue.count)
            }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return (count, largest, label)
    }

    /// The undirected simple graph of the admitted edges as CSR (no self-loops, no
    /// duplicate links): (offsets, neighbours). Used by ``pageRank(filter:iterations:damping:)``.
    /// - Complexity: O(n + m log d).
    public func undirectedSimpleCSR(filter: EdgeFilter = .benchmarkView) -> (offsets: [Int32], neighbours: [Int32]) {
        let n = nodeCount
        var offsets = [Int32](repeating: 0, count: n + 1)
        var neighbours: [Int32] = []
        neighbours.reserveCapacity(edgeCount * 2)
        var row: [Int32] = []
        for v in 0..<n {
            row.removeAll(keepingCapacity: true)
            forEachNeighbour(of: Int32(v), filter: filter) { w, _, _ in if Int(w) != v { row.append(w) } }
            if row.count > 1 {
                row.sort()
                var last: Int32 = -1
                for w in row where w != last { neighbours.append(w); last = w }
            } else {
                neighbours.append(contentsOf: row)
            }
            offsets[v + 1] = Int32(neighbours.count)
        }
        return (offsets, neighbours)
    }

    /// PageRank on the undirected simple view, as the benchmark defines it: d = `damping`,
    /// r₀ = 1/N, `iterations` rounds of r′(v) = (1−d)/N + d·(Σ_{u∼v} r(u)/deg(u) + D/N),
    /// D = Σ over isolated u of r(u) (pull formulation). Returns the scores.
    /// - Complexity: O(iterations × (n + m)).
    /// With `included`, N counts only those nodes and the others keep score 0. `view`, when
    /// given, is `filter`'s ``GraphView`` already built (the benchmark builds it once).
    ///
    /// Each pass runs on `threads` threads (default: the machine's cores, at most 2), each
    /// on its own range of nodes split where half the links are. Every score is still the
    /// same sum in the same order as on one thread, and D is summed over the isolated nodes
    /// in ascending order as before, so the scores do not depend on the thread count (a test
    /// compares them bit for bit).
    public func pageRank(filter: EdgeFilter = .benchmarkView, iterations: Int = 20, damping: Double = 0.85,
                         view: GraphView? = nil, included: [Bool]? = nil, threads: Int? = nil) -> [Double] {
        let csr = view ?? GraphView(graph: self, filter: filter)
        let (offsets, neighbours) = (csr.offsets, csr.neighbours)
        let n = nodeCount
        let total = included.map { $0.reduce(0) { $0 + ($1 ? 1 : 0) } } ?? n
        guard total > 0 else { return [Double](repeating: 0, count: n) }
        let member = included ?? [Bool](repeating: true, count: n)
        let count = Double(total)
        let parts = max(1, min(threads ?? min(2, ProcessInfo.processInfo.activeProcessorCount), max(1, n)))
        // Raw buffers for the 20 passes over n nodes (no bounds or exclusivity checks in the
        // inner loops). They are backed by huge pages: the contributions are read at random,
        // one per link, and with 4 KiB pages the TLB misses made a run's time vary by two.
        let memory = (HugePageBuffer<Double>(capacity: max(1, n)), HugePageBuffer<Double>(capacity: max(1, n)),
                      HugePageBuffer<Double>(capacity: max(1, n)))
        let contribution = UnsafeSendablePointer(memory.0.base)
        var current = memory.1.base, next = memory.2.base
        for v in 0..<n { current[v] = member[v] ? 1 / count : 0 }
        // Node ranges with about equal work (a node and its links), and the isolated nodes.
        var bounds = [0]
        var isolated: [Int32] = []
        offsets.withUnsafeBufferPointer { off in
            for v in 0..<n where off[v + 1] == off[v] { isolated.append(Int32(v)) }
            let work = n + Int(off[n])
            var v = 0
            for part in 1..<parts {
                while v < n, v + Int(off[v]) < work * part / parts { v += 1 }
                bounds.append(v)
            }
        }
        bounds.append(n)
        let ranges = bounds
        offsets.withUnsafeBufferPointer { offBuffer in
            neighbours.withUnsafeBufferPointer { nbBuffer in
                member.withUnsafeBufferPointer { memberBuffer in
                    let off = UnsafeSendablePointer(UnsafeMutablePointer(mutating: offBuffer.baseAddress))
                    let nb = UnsafeSendablePointer(UnsafeMutablePointer(mutating: nbBuffer.baseAddress))
                    let isMember = UnsafeSendablePointer(UnsafeMutablePointer(mutating: memberBuffer.baseAddress))
                    // One pass: each part's range on its own thread (inline when there is one part).
                    let pass = { (body: @escaping @Sendable (Int) -> Void) in
                        if parts == 1 { body(0) } else { DispatchQueue.concurrentPerform(iterations: parts, execute: body) }
                    }
                    for _ in 0..<iterations {
                        let from = UnsafeSendablePointer(current), to = UnsafeSendablePointer(next)
                        pass { part in
                            guard let off = off.pointer, let c = contribution.pointer, let r = from.pointer else { return }
                            for v in ranges[part]..<ranges[part + 1] {
                                let degree = Int(off[v + 1] - off[v])
                                c[v] = degree == 0 ? 0 : r[v] / Double(degree)
                            }
                        }
                        var dangling = 0.0
                        for v in isolated { dangling += current[Int(v)] }
                        let base = (1 - damping) / count + damping * dangling / count
                        pass { part in
                            guard let off = off.pointer, let nb = nb.pointer, let c = contribution.pointer,
                                  let out = to.pointer, let isMember = isMember.pointer else { return }
                            for v in ranges[part]..<ranges[part + 1] {
                                guard isMember[v] else { out[v] = 0; continue }
                                var sum = 0.0
                                for p in Int(off[v])..<Int(off[v + 1]) { sum += c[Int(nb[p])] }
                                out[v] = base + damping * sum
                            }
                        }
                        swap(&current, &next)
                    }
                }
            }
        }
        return withExtendedLifetime(memory) { Array(UnsafeBufferPointer(start: current, count: n)) }
    }

    /// The nodes of the benchmark's view: every company, and every other node with at
    /// least one edge `filter` admits. O(n + m).
    public func viewMembership(filter: EdgeFilter = .benchmarkView) -> [Bool] {
        var member = nodeKinds.map { $0 == NodeKind.company.rawValue }
        for e in 0..<edgeCount where filter.admits(kind: edgeKinds[e], current: edgeCurrent[e] != 0) {
            member[Int(edgeSources[e])] = true
            member[Int(edgeTargets[e])] = true
        }
        return member
    }
}

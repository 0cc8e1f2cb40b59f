/// Spreads risk from high-risk companies over a ``RiskNetwork`` (顺藤摸瓜).
///
/// Every company whose own score reaches `sourceMinScore` is a source with that score.
/// A path's value is `source score × Π tie weights × decay^(hops − 1)`; each company keeps
/// its best path (value, source, predecessor tie) within `maxHops`. Because weights and
/// decay are at most 1, values only fall along a path, so a best-first search (Dijkstra's
/// algorithm on max-product paths, with a binary heap) settles each company once; a hub
/// (more than `hubDegree` ties) receives risk but does not pass it on. Sources keep their own
/// score and receive no network value (they are already high).
/// - Complexity: O((V' + E') log V') over the companies and ties reached, not the whole network.
public struct NetworkPropagation: Sendable {
    /// Best propagated value per company (0 when none reached it).
    public var value: [Double]
    /// The source company of the best path, -1 when none.
    public var source: [Int32]
    /// The tie (index into the network's tie arrays) by which the best path entered, -1 for none.
    public var enteringTie: [Int]
    /// The company the best path came from, -1 for none.
    public var predecessor: [Int32]
    public var hops: [UInt8]

    /// Values below this are not propagated further (keeps the search local).
    public static let floor = 1.0

    /// Runs the propagation from `ownScores` (one per company).
    public init(network: RiskNetwork, ownScores: [Double], parameters: RiskModel.NetworkParameters, asOfDay: Int) {
        let n = network.nodeCount
        var best = [Double](repeating: 0, count: n)
        source = [Int32](repeating: -1, count: n)
        enteringTie = [Int](repeating: -1, count: n)
        predecessor = [Int32](repeating: -1, count: n)
        hops = [UInt8](repeating: 0, count: n)
        var settled = [Bool](repeating: false, count: n)
        var heap = MaxHeap()
        for i in 0..<n where ownScores[i] >= parameters.sourceMinScore {
            best[i] = ownScores[i]
            source[i] = Int32(i)
            heap.push(ownScores[i], i)
        }
        while let (current, u) = heap.pop() {
            if settled[u] || current < best[u] { continue }
            settled[u] = true
            let uHops = Int(hops[u])
            guard uHops < parameters.maxHops else { continue }
            let ties = network.ties(of: u)
            if uHops > 0 && ties.count > parameters.hubDegree { continue }
            let factor = uHops > 0 ? parameters.decayPerHop : 1
            for t in ties {
                let v = Int(network.other[t])
                if settled[v] { continue }
                let candidate = current * network.weight(t, parameters: parameters, asOfDay: asOfDay) * factor
                if candidate < Self.floor { continue }
                if candidate > best[v] {
                    best[v] = candidate
                    source[v] = source[u]
                    enteringTie[v] = t
                    predecessor[v] = Int32(u)
                    hops[v] = UInt8(uHops + 1)
                    heap.push(candidate, v)
                }
            }
        }
        // Sources report no network value of their own.
        value = best
        for i in 0..<n where source[i] == Int32(i) { value[i] = 0 }
    }

    /// The chain from the source to `node`, as named links in path order (empty when none).
    public func chain(to node: Int, network: RiskNetwork, names: (Int) -> String) -> [ChainLink] {
        var steps: [(from: Int, tie: Int)] = []
        var current = node
        while enteringTie[current] >= 0, predecessor[current] >= 0, steps.count < 64 {
            let from = Int(predecessor[current])
            steps.append((from, enteringTie[current]))
            current = from
        }
        return steps.reversed().flatMap { network.chain(from: $0.from, tie: $0.tie, names: names) }
    }
}

/// A binary max-heap of (value, node); ties broken by the smaller node for determinism.
struct MaxHeap {
    private var values: [Double] = []
    private var nodes: [Int] = []

    private func above(_ i: Int, _ j: Int) -> Bool {
        values[i] > values[j] || (values[i] == values[j] && nodes[i] < nodes[j])
    }

    mutating func push(_ value: Double, _ node: Int) {
        values.append(value); nodes.append(node)
        var i = values.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard above(i, parent) else { break }
            values.swapAt(i, parent); nodes.swapAt(i, parent); i = parent
        }
    }

    mutating func pop() -> (Double, Int)? {
        guard let top = values.first, let node = nodes.first else { return nil }
        let last = values.count - 1
        values.swapAt(0, last); nodes.swapAt(0, last)
        values.removeLast(); nodes.removeLast()
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < values.count, above(l, m) { m = l }
            if r < values.count, above(r, m) { m = r }
            if m == i { break }
            values.swapAt(i, m); nodes.swapAt(i, m); i = m
        }
        return (top, node)
    }
}

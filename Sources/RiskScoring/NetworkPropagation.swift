/// Spreads risk from high-risk companies over a ``RiskNetwork`` (顺藤摸瓜).
///
/// Every company whose own score reaches `sourceMinScore` is a source with that score.
/// A path's value is `source score × Π tie weights × decay^(hops − 1)`; each company keeps
/// its best path (value, source, predecessor tie) within `maxHops` links. A hub (more than
/// `hubDegree` ties) receives risk but does not pass it on. Sources keep their own score and
/// receive no network value (they are already high).
///
/// The search is best-first over states (company, hops): because weights and decay are at
/// most 1, values only fall along a path, so states come off the heap in falling value, and
/// a state is kept unless one of the same company with no more hops came first (that one is
/// at least as good, and can reach at least as far). A company's best path is its first
/// state. Keeping one state per company instead (Dijkstra on the company alone) lost a
/// weaker but shorter path that could still go further: adding a tie could *lower* a
/// company's risk, and a list's scores differed from a province-wide run's.
/// - Complexity: O(H (V' + E') log(H E')) over the companies and ties reached, H = `maxHops`
///   + 1; memory O(H n) for the per-state bests.
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
    /// Per company, the state of its best path (index into the state arrays), -1 none.
    private var bestState: [Int32]
    /// The kept states: company, the state it was reached from (-1 for a source) and the tie.
    private var stateNode: [Int32] = [], stateFrom: [Int32] = [], stateTie: [Int] = []

    /// Values below this are not propagated further (keeps the search local).
    public static let floor = 1.0

    /// The as-of date the ties were weighed at (chains name links as they were then).
    public let asOfDay: Int

    /// Runs the propagation from `ownScores` (one per company). A company marked in `absent`
    /// (founded after the as-of date) neither receives nor passes on risk, nor do ties that
    /// go through it as their holder or controller: it did not exist.
    ///
    /// Of two sources whose paths to a company are worth the same (two ring companies at the
    /// score cap, one tie each), the one with more `weight` (its uncapped points) is the
    /// company's source: the company that raised the money, not its sales arm, which the
    /// credit-code order picked (found by review). Without weights, the lower position wins.
    public init(network: RiskNetwork, ownScores: [Double], parameters: RiskModel.NetworkParameters, asOfDay: Int,
                absent: [Bool] = [], weight: [Double] = []) {
        self.asOfDay = asOfDay
        let n = network.nodeCount
        let layers = parameters.maxHops + 1
        var best = [Double](repeating: 0, count: n)
        source = [Int32](repeating: -1, count: n)
        enteringTie = [Int](repeating: -1, count: n)
        predecessor = [Int32](repeating: -1, count: n)
        hops = [UInt8](repeating: 0, count: n)
        bestState = [Int32](repeating: -1, count: n)
        // The fewest hops of a kept state per company, and the best value pushed per state.
        var fewestHops = [Int](repeating: Int.max, count: n)
        var pushed = [Double](repeating: 0, count: n * layers)
        var pushedWeight = [Double](repeating: 0, count: weight.isEmpty ? 0 : n * layers)
        var heap = StateHeap()
        for i in 0..<n where ownScores[i] >= parameters.sourceMinScore {
            pushed[i * layers] = ownScores[i]
            let rank = weight.isEmpty ? 0 : weight[i]
            if !weight.isEmpty { pushedWeight[i * layers] = rank }
            heap.push(StateHeap.Entry(value: ownScores[i], rank: rank, node: Int32(i), hops: 0, from: -1, tie: -1, source: Int32(i)))
        }
        while let entry = heap.pop() {
            let u = Int(entry.node), uHops = Int(entry.hops)
            if fewestHops[u] <= uHops || entry.value < pushed[u * layers + uHops] { continue }
            fewestHops[u] = uHops
            let state = Int32(stateNode.count)
            stateNode.append(entry.node); stateFrom.append(entry.from); stateTie.append(entry.tie)
            if bestState[u] < 0 {
                bestState[u] = state
                best[u] = entry.value
                source[u] = entry.source
                enteringTie[u] = entry.tie
                predecessor[u] = entry.from >= 0 ? stateNode[Int(entry.from)] : -1
                hops[u] = UInt8(uHops)
            }
            guard uHops < parameters.maxHops else { continue }
            let ties = network.ties(of: u)
            if uHops > 0 && ties.count > parameters.hubDegree { continue }
            let factor = uHops > 0 ? parameters.decayPerHop : 1
            let vHops = uHops + 1
            for t in ties {
                let v = Int(network.other[t])
                if fewestHops[v] <= vHops { continue }
                // A company founded after the as-of date, or a tie through one as its holder.
                if !absent.isEmpty, absent[v] || (network.viaCompany[t] >= 0 && absent[Int(network.viaCompany[t])]) { continue }
                let candidate = entry.value * network.weight(t, parameters: parameters, asOfDay: asOfDay) * factor
                let slot = v * layers + vHops
                if candidate < Self.floor || candidate < pushed[slot] { continue }
                // An equal value passes only from a source of more weight.
                if candidate == pushed[slot], weight.isEmpty || entry.rank <= pushedWeight[slot] { continue }
                pushed[slot] = candidate
                if !weight.isEmpty { pushedWeight[slot] = entry.rank }
                heap.push(StateHeap.Entry(value: candidate, rank: entry.rank, node: Int32(v), hops: UInt8(vHops), from: state, tie: t, source: entry.source))
            }
        }
        // Sources report no network value of their own.
        value = best
        for i in 0..<n where source[i] == Int32(i) { value[i] = 0 }
    }

    /// The companies on `node`'s best path before it, nearest first (empty when none).
    public func predecessors(of node: Int) -> [Int] {
        var nodes: [Int] = []
        var state = bestState[node]
        while state >= 0, stateFrom[Int(state)] >= 0 {
            state = stateFrom[Int(state)]
            nodes.append(Int(stateNode[Int(state)]))
        }
        return nodes
    }

    /// The chain from the source to `node`, as named links in path order (empty when none).
    public func chain(to node: Int, network: RiskNetwork, names: (Int) -> String) -> [ChainLink] {
        var steps: [(from: Int, tie: Int)] = []
        var state = bestState[node]
        while state >= 0, stateFrom[Int(state)] >= 0 {
            let from = stateFrom[Int(state)]
            steps.append((Int(stateNode[Int(from)]), stateTie[Int(state)]))
            state = from
        }
        return steps.reversed().flatMap { network.chain(from: $0.from, tie: $0.tie, names: names, asOfDay: asOfDay) }
    }
}

/// A binary max-heap of propagation states; equal values are ordered by their source's
/// weight (more first), then company, hops, predecessor state and tie, so the search is
/// deterministic.
struct StateHeap {
    struct Entry {
        var value: Double
        /// The source's weight (``NetworkPropagation/init(network:ownScores:parameters:asOfDay:absent:weight:)``).
        var rank: Double
        var node: Int32
        var hops: UInt8
        var from: Int32
        var tie: Int
        var source: Int32

        func above(_ other: Entry) -> Bool {
            if value != other.value { return value > other.value }
            if rank != other.rank { return rank > other.rank }
            if node != other.node { return node < other.node }
            if hops != other.hops { return hops < other.hops }
            if from != other.from { return from < other.from }
            return tie < other.tie
        }
    }
    private var entries: [Entry] = []

    mutating func push(_ entry: Entry) {
        entries.append(entry)
        var i = entries.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard entries[i].above(entries[parent]) else { break }
            entries.swapAt(i, parent); i = parent
        }
    }

    mutating func pop() -> Entry? {
        guard let top = entries.first else { return nil }
        entries.swapAt(0, entries.count - 1)
        entries.removeLast()
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < entries.count, entries[l].above(entries[m]) { m = l }
            if r < entries.count, entries[r].above(entries[m]) { m = r }
            if m == i { break }
            entries.swapAt(i, m); i = m
        }
        return top
    }
}

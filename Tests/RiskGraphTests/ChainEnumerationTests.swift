import Testing
@testable import RiskGraph

/// `shortestChains` against a brute-force oracle: every simple path from `a`, unpruned,
/// in the same depth-first (neighbour) order. The pruned search must find the same chains
/// in the same order on graphs with cycles, parallel links, shared contacts, former links
/// and hubs.
@Suite struct ChainEnumerationTests {
    /// A small deterministic generator (64-bit LCG), so the random graphs are the same on every run.
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    /// The chains `shortestChains` should return, from an exhaustive enumeration: for each
    /// length in turn, the first `limit - found` chains in depth-first order, sorted by node
    /// key then edge, as the method documents.
    func oracle(_ g: EntityGraph, from a: Int32, to b: Int32, maxHops: Int, filter: EdgeFilter, limit: Int,
                throughHubs: Bool) -> [Chain] {
        var byLength = [[Chain]](repeating: [], count: maxHops + 1)
        var path: [Int32] = [a], links: [ChainLink] = []
        func walk(_ v: Int32) {
            if v != a && !throughHubs && g.isHub(v) { return }
            g.forEachNeighbour(of: v, filter: filter) { w, e, forward in
                let link = ChainLink(from: v, to: w, edge: e, forward: forward)
                if w == b { byLength[links.count + 1].append(Chain(links: links + [link])); return }
                if links.count + 1 >= maxHops || path.contains(w) { return }
                path.append(w); links.append(link)
                walk(w)
                path.removeLast(); links.removeLast()
            }
        }
        walk(a)
        func byKeys(_ lhs: Chain, _ rhs: Chain) -> Bool {
            for (l, r) in zip(lhs.links, rhs.links) where l.to != r.to || l.edge != r.edge {
                if l.to != r.to { return g.key(l.to) < g.key(r.to) }
                return l.edge < r.edge
            }
            return false
        }
        var chains: [Chain] = []
        for length in 1...maxHops where chains.count < limit {
            // Chains of current links first, then those through a former link (in walk order,
            // the first that fit the limit, each group sorted).
            let current = byLength[length].filter { $0.links.allSatisfy { g.isCurrent($0.edge) } }
            let former = byLength[length].filter { !$0.links.allSatisfy { g.isCurrent($0.edge) } }
            chains += current.prefix(limit - chains.count).sorted(by: byKeys)
            chains += former.prefix(limit - chains.count).sorted(by: byKeys)
        }
        return chains
    }

    /// 王五 held a former stake in 乙 and is its legal representative now. With history
    /// included, `links` reached him by the former stake (read as one who had left) and
    /// `chain` listed the former stake's chain first (found by review): the current link is
    /// his way in, and the current chain comes first.
    @Test func aCurrentLinkGoesBeforeAFormerOneToTheSameNode() throws {
        let f = try GraphFixture()
        let a = f.company(1, "甲"), b = f.company(2, "乙")
        f.hold(a, "甲", type: "company", of: b, pct: 80)
        f.hold("P3", "王五", of: b, pct: 20, until: "2021-06-01")
        f.officer("P3", "王五", of: b, role: "legal_rep")
        let g = try f.graph()
        let scratch = GraphScratch(for: g)
        let p3 = try #require(g.node(forKey: "P3")), nb = try #require(g.node(forKey: b)), na = try #require(g.node(forKey: a))
        let history = EdgeFilter(includeHistory: true)
        // Queries before leave the scratch's slots set (the main job crashed on a stale one).
        for node in 0..<g.nodeCount { scratch.intSlot[node] = 999 }
        let around = g.neighbourhood(of: nb, hops: 2, filter: history, scratch: scratch)
        let via = try #require(around.nodes.first { $0.node == p3 })
        #expect(g.isCurrent(via.edge) && g.edgeKind(via.edge) == .officer)
        let chains = g.shortestChains(from: p3, to: na, filter: history, limit: 5, scratch: scratch)
        #expect(chains.count == 2)
        #expect(chains.first.map { $0.links.allSatisfy { g.isCurrent($0.edge) } } == true)
        #expect(chains.last.map { $0.links.contains { !g.isCurrent($0.edge) } } == true)
        // Current links only: the officer link alone, as before.
        #expect(g.shortestChains(from: p3, to: na, limit: 5, scratch: scratch).count == 1)
    }

    @Test(arguments: [1, 2, 3, 4])
    func prunedSearchFindsWhatExhaustiveSearchFinds(seed: Int) throws {
        var random = Generator(state: UInt64(seed) &* 0x9E37_79B9_7F4A_7C15)
        let f = try GraphFixture()
        let phones = ["0571-1", "0571-2", "0571-3"], addresses = ["杭州市某路1号", "杭州市某路2号"]
        var codes: [String] = []
        for tag in 1...24 {
            let phone = random.next(4) == 0 ? phones[random.next(phones.count)] : nil
            let address = random.next(3) == 0 ? addresses[random.next(addresses.count)] : nil
            codes.append(f.company(tag, "公司\(tag)", phone: phone, address: address))
        }
        for _ in 0..<30 {
            let holder = codes[random.next(codes.count)], company = codes[random.next(codes.count)]
            f.hold(holder, "股东", type: "company", of: company, pct: Double(1 + random.next(99)))
        }
        for person in 0..<10 {
            for _ in 0..<(1 + random.next(3)) {
                let role = ["legal_rep", "director", "supervisor"][random.next(3)]
                f.officer("P\(person)", "人\(person)", of: codes[random.next(codes.count)], role: role,
                          until: random.next(5) == 0 ? "2020-01-01" : nil)
            }
        }
        let g = try f.graph(hubThreshold: 5)
        let scratch = GraphScratch(for: g)
        let nodes = (0..<Int32(g.nodeCount)).map { $0 }
        var compared = 0, withChains = 0
        for _ in 0..<150 {
            let a = nodes[random.next(nodes.count)], b = nodes[random.next(nodes.count)]
            for (filter, throughHubs) in [(EdgeFilter.current, false), (EdgeFilter(includeHistory: true), true)] {
                let maxHops = 3 + random.next(4), limit = 1 + random.next(6)
                let got = g.shortestChains(from: a, to: b, maxHops: maxHops, filter: filter, limit: limit,
                                           throughHubs: throughHubs, scratch: scratch)
                let want = a == b ? [Chain(links: [])]
                    : oracle(g, from: a, to: b, maxHops: maxHops, filter: filter, limit: limit, throughHubs: throughHubs)
                #expect(got == want, "\(g.key(a)) → \(g.key(b)), max \(maxHops) hops, limit \(limit)")
                compared += 1
                if !got.isEmpty { withChains += 1 }
            }
        }
        // The graphs are dense enough that most pairs are connected.
        #expect(compared == 300 && withChains > 100)
    }
}

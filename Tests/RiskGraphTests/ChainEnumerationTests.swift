import Testing
import RiskGraph

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
        var chains: [Chain] = []
        for length in 1...maxHops where chains.count < limit {
            let taken = byLength[length].prefix(limit - chains.count).sorted { lhs, rhs in
                for (l, r) in zip(lhs.links, rhs.links) where l.to != r.to || l.edge != r.edge {
                    if l.to != r.to { return g.key(l.to) < g.key(r.to) }
                    return l.edge < r.edge
                }
                return false
            }
            chains += taken
        }
        return chains
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

import Testing
import RiskGraph
import RiskDomain

/// Chains, neighbourhoods, hubs, groups, name resolution and the benchmark view.
@Suite struct GraphQueryTests {
    @Test func chainIsWrittenAsNamedLinksShortestFirst() throws {
        let f = try GraphFixture()
        let holding = f.company(1, "杭州某某控股有限公司"), net = f.company(2, "杭州某某网络科技有限公司")
        let other = f.company(3, "杭州某某贸易有限公司")
        f.hold(holding, "杭州某某控股有限公司", type: "company", of: net, pct: 90)
        f.officer("P1", "张三", of: net, role: "legal_rep")
        // A longer alternative: 控股 → 贸易 (60%) ← 张三 (director).
        f.hold(holding, "杭州某某控股有限公司", type: "company", of: other, pct: 60)
        f.officer("P1", "张三", of: other, role: "director")
        let g = try f.graph()
        let a = try #require(g.node(forKey: holding)), b = try #require(g.node(forKey: "P1"))
        let chains = g.shortestChains(from: a, to: b, limit: 3, scratch: GraphScratch(for: g))
        #expect(chains.map(\.hops) == [2, 2])
        #expect(g.shortestPathLength(from: a, to: b, scratch: GraphScratch(for: g)) == 2)
        let text = chains.map { chain -> String in
            var out = g.name(chain.links[0].from)
            for link in chain.links { out += link.forward ? " —\(g.arrowLabel(link.edge))→ " : " ←\(g.arrowLabel(link.edge))— "; out += g.name(link.to) }
            return out
        }
        #expect(text == ["杭州某某控股有限公司 —股东 90%→ 杭州某某网络科技有限公司 ←法定代表人— 张三",
                         "杭州某某控股有限公司 —股东 60%→ 杭州某某贸易有限公司 ←董事— 张三"])
        // Only shareholding links: no chain to the person.
        let none = g.shortestChains(from: a, to: b, filter: EdgeFilter(kinds: [.shareholding]), scratch: GraphScratch(for: g))
        #expect(none.isEmpty)
        #expect(g.shortestPathLength(from: a, to: b, maxHops: 1, scratch: GraphScratch(for: g)) == -1)
    }

    @Test func nextShortestChainsFollowTheShortest() throws {
        // A–B directly, and A–C–D–B: with limit 2 the 1-hop chain comes first, then the 3-hop one.
        let f = try GraphFixture()
        let a = f.company(1, "A"), b = f.company(2, "B"), c = f.company(3, "C"), d = f.company(4, "D")
        f.hold(a, "A", type: "company", of: b, pct: 10)
        f.hold(a, "A", type: "company", of: c, pct: 10)
        f.hold(c, "C", type: "company", of: d, pct: 10)
        f.hold(d, "D", type: "company", of: b, pct: 10)
        let g = try f.graph()
        let chains = g.shortestChains(from: g.node(forKey: a)!, to: g.node(forKey: b)!, limit: 2, scratch: GraphScratch(for: g))
        #expect(chains.map(\.hops) == [1, 3])
        #expect(chains[1].links.map { g.key($0.to) } == [c, d, b])
    }

    @Test func samePhoneIsATwoHopChainAndHistoryIsOptIn() throws {
        let f = try GraphFixture()
        let a = f.company(1, "甲", phone: "0571-88"), b = f.company(2, "乙", phone: "0571-88")
        let c = f.company(3, "丙")
        f.officer("P", "王五", of: a, role: "director", until: "2019-01-01")
        f.officer("P", "王五", of: c, role: "director")
        let g = try f.graph()
        let scratch = GraphScratch(for: g)
        let ab = g.shortestChains(from: g.node(forKey: a)!, to: g.node(forKey: b)!, scratch: scratch)
        #expect(ab.first?.links.map { g.relation($0.edge).relation } == ["同电话", "同电话"])
        let ac = g.shortestChains(from: g.node(forKey: a)!, to: g.node(forKey: c)!, scratch: scratch)
        #expect(ac.isEmpty)
        let history = g.shortestChains(from: g.node(forKey: a)!, to: g.node(forKey: c)!,
                                       filter: EdgeFilter(includeHistory: true), scratch: scratch)
        #expect(history.first?.hops == 2)
        #expect(history.first.map { g.isCurrent($0.links[0].edge) } == false)
    }

    @Test func hubsAreSummarisedNotExpanded() throws {
        let f = try GraphFixture()
        let codes = (1...5).map { f.company($0, "公司\($0)", address: "杭州市西湖区某某大厦1001室") }
        let g = try f.graph(hubThreshold: 3)
        let centre = try #require(g.node(forKey: codes[0]))
        let address = try #require(g.node(forKey: "addr:杭州市西湖区某某大厦1001室"))
        #expect(g.isHub(address))
        let capped = g.neighbourhood(of: centre, hops: 2, scratch: GraphScratch(for: g))
        #expect(capped.nodes.map(\.node) == [centre, address])
        #expect(capped.truncatedHubs.map(\.node) == [address])
        #expect(capped.truncatedHubs.first?.degree == 5)
        let open = g.neighbourhood(of: centre, hops: 2, expandHubs: true, scratch: GraphScratch(for: g))
        #expect(open.nodes.count == 6)
        #expect(open.nodes.last?.distance == 2)
        #expect(open.nodes.last?.from == address)
        // Chains do not pass through the hub unless asked.
        let other = try #require(g.node(forKey: codes[1]))
        #expect(g.shortestChains(from: centre, to: other, scratch: GraphScratch(for: g)).isEmpty)
        #expect(g.shortestChains(from: centre, to: other, throughHubs: true, scratch: GraphScratch(for: g)).first?.hops == 2)
        // max-nodes truncation: the cap counts the nodes found, not the centre.
        let small = g.neighbourhood(of: centre, hops: 2, maxNodes: 3, expandHubs: true, scratch: GraphScratch(for: g))
        #expect(small.nodes.count == 4 && small.truncated)
        let one = g.neighbourhood(of: centre, hops: 2, maxNodes: 1, expandHubs: true, scratch: GraphScratch(for: g))
        #expect(one.nodes.map(\.node) == [centre, address] && one.truncated)
        let exact = g.neighbourhood(of: centre, hops: 2, maxNodes: 5, expandHubs: true, scratch: GraphScratch(for: g))
        #expect(exact.nodes.count == 6 && !exact.truncated)
    }

    /// A person with many *former* offices is no hub in the current view (the default): the
    /// hub test counts the edges the query follows, and reports that count.
    @Test func formerLinksDoNotMakeAHubInTheCurrentView() throws {
        let f = try GraphFixture()
        let codes = (1...6).map { f.company(30 + $0, "公司\($0)") }
        f.officer("P1", "张三", of: codes[0], role: "director")
        f.officer("P1", "张三", of: codes[1], role: "director")
        for code in codes[2...] { f.officer("P1", "张三", of: code, role: "director", until: "2019-01-01") }
        let g = try f.graph(hubThreshold: 3)
        let centre = try #require(g.node(forKey: codes[0])), person = try #require(g.node(forKey: "P1"))
        let other = try #require(g.node(forKey: codes[1]))
        #expect(g.isHub(person) && !g.isHub(person, filter: .current) && g.isHub(person, filter: EdgeFilter(includeHistory: true)))
        let now = g.neighbourhood(of: centre, hops: 2, scratch: GraphScratch(for: g))
        #expect(now.truncatedHubs.isEmpty && now.nodes.map(\.node).contains(other))
        #expect(g.shortestChains(from: centre, to: other, scratch: GraphScratch(for: g)).first?.hops == 2)
        let history = g.neighbourhood(of: centre, hops: 2, filter: EdgeFilter(includeHistory: true), scratch: GraphScratch(for: g))
        #expect(history.truncatedHubs.map(\.node) == [person])
        #expect(history.truncatedHubs.first?.degree == 6)
    }

    @Test func resolverFindsKeysNamesAndListsAmbiguity() throws {
        let f = try GraphFixture()
        let net = f.company(1, "杭州某某网络科技有限公司")
        let fund = f.company(2, "深圳（前海）某某基金管理有限公司")
        f.officer("P1", "张三", of: net, role: "legal_rep")
        f.officer("P2", "张三", of: fund, role: "director")
        let g = try f.graph()
        let resolver = EntityResolver(graph: g)
        #expect(resolver.resolve(net) == .found(g.node(forKey: net)!, .key))
        #expect(resolver.resolve(" P2 ") == .found(g.node(forKey: "P2")!, .key))
        #expect(resolver.resolve("杭州某某网络科技有限公司") == .found(g.node(forKey: net)!, .exactName))
        #expect(resolver.resolve("杭州某某网络科技有限责任公司") == .found(g.node(forKey: net)!, .normalisedName))
        #expect(resolver.resolve("深圳(前海)某某基金管理有限公司") == .found(g.node(forKey: fund)!, .normalisedName))
        #expect(resolver.resolve("某某基金") == .found(g.node(forKey: fund)!, .fuzzy))
        // Two persons named 张三: never merged, both listed.
        #expect(resolver.resolve("张三") == .ambiguous([g.node(forKey: "P1")!, g.node(forKey: "P2")!], .exactName))
        #expect(resolver.resolve("某某") == .ambiguous([g.node(forKey: net)!, g.node(forKey: fund)!], .fuzzy))
        #expect(resolver.resolve("完全无关") == .notFound)
    }

    /// Person and holder ids are case-sensitive (`AB12` and `ab12` are two persons: a query
    /// `Ab12` named one of them silently); only a credit-code-shaped text is tried in upper
    /// case. An 18-character ASCII name that is no key is still looked up as a name.
    @Test func resolverKeepsIdCaseAndLooksUpCodeShapedNames() throws {
        let f = try GraphFixture()
        let code = f.company(1, "甲公司")
        f.hold("AB12", "张三", of: code, pct: 50)
        f.hold("ab12", "李四", of: code, pct: 30)
        f.hold("HK001", "TENCENTHOLDINGSLTD", type: "company", of: code, pct: 20)
        let g = try f.graph()
        let resolver = EntityResolver(graph: g)
        #expect(resolver.resolve("AB12") == .found(g.node(forKey: "AB12")!, .key))
        #expect(resolver.resolve("ab12") == .found(g.node(forKey: "ab12")!, .key))
        #expect(resolver.resolve("Ab12") == .notFound)
        #expect(resolver.resolve(code.lowercased()) == .found(g.node(forKey: code)!, .key))
        #expect(resolver.resolve("TENCENTHOLDINGSLTD") == .found(g.node(forKey: "HK001")!, .exactName))
        #expect(CreditCode.hasCodeShape("TENCENTHOLDINGSLTD") && !CreditCode.hasCodeShape("HK001"))
    }

    @Test func groupCollectsControlledCompaniesAndTies() throws {
        let f = try GraphFixture()
        let g1 = f.company(1, "系一"), g2 = f.company(2, "系二", region: "310101", phone: "021-1")
        let g3 = f.company(3, "系三", region: "440300", phone: "021-1")
        let g4 = f.company(4, "系四"), outsider = f.company(5, "无关")
        f.hold("BOSS", "老板", of: g1, pct: 80)
        f.hold("BOSS", "老板", of: g2, pct: 70)
        f.hold("BOSS", "老板", of: outsider, pct: 10)
        f.officer("X", "共同董事", of: g1, role: "director")
        f.officer("X", "共同董事", of: g4, role: "director")
        let g = try f.graph()
        let group = g.group(of: g.node(forKey: g1)!, scratch: GraphScratch(for: g))
        #expect(group.controller.map { g.key($0.node) } == "BOSS")
        // Ties come after the controlled companies, in key order (330106… before 440300…).
        #expect(group.members.map { g.key($0.node) } == [g1, g2, g4, g3])
        #expect(group.members.map(\.relation) == ["查询对象", "同一实际控制人", "共同高管", "同电话"])
        #expect(g.key(group.members[2].through) == "X")
        #expect(g.key(group.members[3].from) == g2)
        #expect(g.key(group.members[3].through) == "tel:021-1")
        #expect(group.regions.map(\.code) == ["310101", "330106", "440300"])
        #expect(group.regions.map(\.count) == [1, 2, 1])
    }

    /// Branches (分公司) were left out of their head office's group, and a branch's own
    /// group had no controller. (Found by review.)
    @Test func aGroupIncludesBranchesAndABranchJoinsItsHeadOfficesGroup() throws {
        let f = try GraphFixture()
        let head = f.company(1, "鑫源集团"), wealth = f.company(2, "鑫源财富")
        let branch = f.company(3, "鑫源集团深圳分公司", region: "440305", parent: 1)
        let wealthBranch = f.company(4, "鑫源财富武汉分公司", region: "420106", parent: 2)
        f.hold("Q1", "钱一", of: head, pct: 60)
        f.hold(head, "鑫源集团", type: "company", of: wealth, pct: 90)
        let g = try f.graph()
        let group = g.group(of: try #require(g.node(forKey: wealth)), scratch: GraphScratch(for: g))
        #expect(group.members.map { g.key($0.node) } == [wealth, head, wealthBranch, branch])
        #expect(group.members.map(\.relation) == ["查询对象", "同一实际控制人", "分支机构", "分支机构"])
        #expect(group.members.map { $0.from < 0 ? "" : g.key($0.from) } == ["", "Q1", wealth, head])
        let fromBranch = g.group(of: try #require(g.node(forKey: branch)), scratch: GraphScratch(for: g))
        #expect(fromBranch.controller.map { g.key($0.node) } == "Q1")
        #expect(Set(fromBranch.members.map { g.key($0.node) }) == Set(group.members.map { g.key($0.node) }))
        // Without a controller the head office joins through its branch.
        let f2 = try GraphFixture()
        let lone = f2.company(1, "无主总公司"), loneBranch = f2.company(2, "无主总公司分公司", parent: 1)
        let g2 = try f2.graph()
        let alone = g2.group(of: try #require(g2.node(forKey: loneBranch)), scratch: GraphScratch(for: g2))
        #expect(alone.members.map { g2.key($0.node) } == [loneBranch, lone])
        #expect(alone.members.map(\.relation) == ["查询对象", "总公司"])
    }

    /// `group --include-history` showed a tie through an officer who left as current.
    /// (Found by review.)
    @Test func groupWithHistoryMarksFormerTies() throws {
        let f = try GraphFixture()
        let a = f.company(1, "财富"), b = f.company(2, "深圳丙"), c = f.company(3, "现任同事")
        f.officer("QE", "钱二", of: a, role: "director", until: "2020-01-01")
        f.officer("QE", "钱二", of: b, role: "director")
        f.officer("QN", "钱三", of: a, role: "director")
        f.officer("QN", "钱三", of: c, role: "director")
        let g = try f.graph()
        let node = try #require(g.node(forKey: a))
        #expect(g.group(of: node, scratch: GraphScratch(for: g)).members.map { g.key($0.node) } == [a, c])
        let history = g.group(of: node, includeHistory: true, scratch: GraphScratch(for: g))
        #expect(history.members.map { g.key($0.node) } == [a, b, c])
        #expect(history.members.map(\.current) == [true, false, true])
    }

    /// Found by review (rv16-owners D9): a controlling company was listed as a member of its
    /// own group "同一实际控制人, via itself". It is the group's head: 实际控制人本身.
    @Test func aControllingCompanyIsTheGroupsHeadNotItsOwnMember() throws {
        /// 外围, held 50/50 by 甲 and 乙 (no controller of its own), in a fixture of its own.
        func headless() throws -> (GraphFixture, String) {
            let f = try GraphFixture()
            let top = f.company(1, "外围")
            f.hold("A", "甲", of: top, pct: 50)
            f.hold("B", "乙", of: top, pct: 50)
            return (f, top)
        }
        let (f, top) = try headless()
        let target = f.company(2, "目标"), sister = f.company(3, "姐妹")
        f.hold(top, "外围", type: "company", of: target, pct: 60)
        f.hold(top, "外围", type: "company", of: sister, pct: 70)
        let g = try f.graph()
        let group = g.group(of: try #require(g.node(forKey: target)), scratch: GraphScratch(for: g))
        #expect(group.controller.map { g.key($0.node) } == top)
        #expect(group.members.map { g.key($0.node) } == [target, top, sister])
        #expect(group.members.map(\.relation) == ["查询对象", "实际控制人本身", "同一实际控制人"])
        #expect(group.members.map(\.from) == [-1, -1, g.node(forKey: top)!])
        // Asked for, the head lists what it controls (rv16-diff L6: it listed only itself),
        // through a chain too (60% of 60%: 36% integrated, controlled all the same).
        let (f2, top2) = try headless()
        let mid = f2.company(2, "中层"), low = f2.company(3, "底层")
        f2.hold(top2, "外围", type: "company", of: mid, pct: 60)
        f2.hold(mid, "中层", type: "company", of: low, pct: 60)
        let g2 = try f2.graph()
        let head = g2.group(of: try #require(g2.node(forKey: top2)), scratch: GraphScratch(for: g2))
        #expect(head.controller == nil)
        #expect(head.members.map { g2.key($0.node) } == [top2, mid, low])
        #expect(head.members.map(\.relation) == ["查询对象", "受查询对象控制", "受查询对象控制"])
    }

    @Test func benchmarkViewAnswers() throws {
        // A path P1–A–B–C plus an isolated company and a former link that must not count.
        let f = try GraphFixture()
        let a = f.company(1, "A", phone: "1"), b = f.company(2, "B", phone: "1"), c = f.company(3, "C")
        let lonely = f.company(4, "D")
        f.hold("P1", "张三", of: a, pct: 50)
        f.officer("P9", "旧人", of: c, role: "director", until: "2020-01-01")
        f.hold(b, "B", type: "company", of: c, pct: 25)
        let g = try f.graph()
        let s = GraphScratch(for: g)
        let aNode = g.node(forKey: a)!, cNode = g.node(forKey: c)!
        #expect(g.shortestPathLength(from: aNode, to: cNode, filter: .benchmarkView, scratch: s) == 3) // A–tel–B–C
        #expect(g.neighbourhoodSize(of: aNode, hops: 3, scratch: s) == 4)   // P1, tel, B, C
        #expect(g.shortestPathLength(from: aNode, to: g.node(forKey: lonely)!, filter: .benchmarkView, scratch: s) == -1)
        let view = GraphView(graph: g, filter: .benchmarkView)
        #expect(view.linkCount == 4)        // P1–A, A–tel, B–tel, B–C
        #expect(view.shortestPathLength(from: aNode, to: cNode, scratch: s) == 3)
        #expect(view.shortestPathLength(from: aNode, to: cNode, maxHops: 2, scratch: s) == -1)
        #expect(view.neighbourhoodSize(of: aNode, hops: 3, scratch: s) == 4)
        #expect(view.neighbourhoodSize(of: aNode, hops: 1, scratch: s) == 2)
        let components = g.connectedComponents()
        #expect(components.count == 3)      // {P1,A,tel,B,C}, {D}, {P9}
        #expect(components.largest == 5)
        let viewComponents = view.connectedComponents()
        #expect(viewComponents.count == 3 && viewComponents.largest == 5 && viewComponents.labels == components.labels)
        let member = g.viewMembership()
        let memberComponents = view.connectedComponents(included: member)
        #expect(memberComponents.labels == g.connectedComponents(included: member).labels)
        #expect(memberComponents.count == 2)  // P9's only link is former: not in the view
        let rank = g.pageRank(iterations: 20)
        #expect(abs(rank.reduce(0, +) - 1) < 1e-9)
    }

    /// PageRank splits each pass over threads; the scores must equal, bit for bit, the
    /// one-thread run, and the benchmark's formula computed directly, on a graph of several
    /// components, isolated companies and former links (generated from a fixed seed).
    @Test func pageRankOnThreadsEqualsTheFormula() throws {
        let f = try GraphFixture()
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        var codes: [String] = []
        for tag in 1...80 { codes.append(f.company(tag, "公司\(tag)", phone: next(5) == 0 ? "tel-\(next(4))" : nil)) }
        for k in 0..<90 {
            let company = codes[next(codes.count)]
            if next(3) == 0 {
                let holder = codes[next(codes.count)]
                if holder != company { f.hold(holder, "股东", type: "company", of: company, pct: Double(1 + next(99)), until: next(6) == 0 ? "2020-01-01" : nil) }
            } else {
                f.hold("P\(next(50))", "人\(k)", of: company, pct: Double(1 + next(99)), until: next(6) == 0 ? "2020-01-01" : nil)
            }
        }
        let g = try f.graph()
        let n = g.nodeCount
        let member = g.viewMembership()
        #expect(member.contains(false))
        let (offsets, neighbours) = g.undirectedSimpleCSR()
        #expect((0..<n).contains { member[$0] && offsets[$0 + 1] == offsets[$0] })   // isolated companies
        let total = Double(member.filter { $0 }.count)
        var rank = member.map { $0 ? 1 / total : 0 }
        for _ in 0..<20 {
            var dangling = 0.0
            for v in 0..<n where offsets[v + 1] == offsets[v] { dangling += rank[v] }
            rank = (0..<n).map { v in
                guard member[v] else { return 0 }
                var sum = 0.0
                for p in Int(offsets[v])..<Int(offsets[v + 1]) {
                    let w = Int(neighbours[p]); sum += rank[w] / Double(offsets[w + 1] - offsets[w])
                }
                return (1 - 0.85) / total + 0.85 * (sum + dangling / total)
            }
        }
        let one = g.pageRank(iterations: 20, included: member, threads: 1)
        for v in 0..<n { #expect(abs(one[v] - rank[v]) < 1e-12) }
        for threads in [2, 3, 7] { #expect(g.pageRank(iterations: 20, included: member, threads: threads) == one) }
        #expect(g.pageRank(iterations: 20, included: member) == one)
    }
}

import Testing
import RiskDomain
import RiskGraph

/// Building the graph: nodes, merged edges, contact nodes, history, self-holdings.
@Suite struct EntityGraphBuildTests {
    @Test func buildsNodesEdgesAndContactNodes() throws {
        let f = try GraphFixture()
        let a = f.company(1, "甲公司", phone: "0571-1", email: "A@x.cn", address: "杭州市 西湖区 文三路1号")
        let b = f.company(2, "乙公司", phone: " 0571-1 ", email: "a@x.cn", address: "杭州市西湖区文三路１号")
        let c = f.company(3, "丙公司", phone: "0571-9", parent: 1)
        f.hold("P1", "张三", of: a, pct: 40)
        f.hold("P1", "张三", of: a, pct: 10.5)          // same holder twice: one edge, 50.5%
        f.hold(b, "乙公司", type: "company", of: a, pct: 30)
        f.hold("HK001", "香港某某公司", type: "company", of: c, pct: 100)
        f.officer("P1", "张三", of: a, role: "legal_rep")
        f.officer("P1", "张三", of: a, role: "manager")  // second role: same edge
        let g = try f.graph()

        // 3 companies, P1, HK001, one phone, one e-mail, one address node (0571-9 is not shared).
        #expect(g.nodeCount == 8)
        let p1 = try #require(g.node(forKey: "P1"))
        let hk = try #require(g.node(forKey: "HK001"))
        #expect(g.kind(p1) == .person)
        #expect(g.kind(hk) == .external)
        let phone = try #require(g.node(forKey: "tel:0571-1"))
        #expect(g.kind(phone) == .phone)
        #expect(g.node(forKey: "tel:0571-9") == nil)
        #expect(g.node(forKey: "mail:a@x.cn") != nil)
        #expect(g.node(forKey: "addr:杭州市西湖区文三路1号") != nil)
        let aNode = try #require(g.node(forKey: a))
        #expect(g.regionCode(aNode) == "330106")
        #expect(g.regionCode(p1) == nil)

        // P1 → A: one shareholding edge (50.5%) and one officer edge with two roles.
        let outOfP1 = g.outRange(p1).map { Int32($0) }
        #expect(outOfP1.count == 2)
        let share = try #require(outOfP1.first { g.edgeKind($0) == .shareholding })
        #expect(g.pct(share) == 50.5)
        let office = try #require(outOfP1.first { g.edgeKind($0) == .officer })
        #expect(g.roles(office) == [.legalRep, .manager])
        #expect(g.arrowLabel(office) == "法定代表人、经理")
        // Branch edge parent → branch.
        let cNode = try #require(g.node(forKey: c))
        let branch = g.inRange(cNode).map { g.inEdge[$0] }.filter { g.edgeKind($0) == .branch }
        #expect(branch.count == 1)
        #expect(g.edgeSource(branch[0]) == aNode)
        // 2 shareholding + 1 officer + 1 external + 2 phone + 2 email + 2 address + 1 branch
        #expect(g.edgeCount == 11)
    }

    @Test func formerLinksAreKeptAndMarked() throws {
        let f = try GraphFixture()
        let e = f.company(10, "戊公司")
        f.hold("P1", "张三", of: e, pct: 70, since: "2015-01-01", until: "2020-06-30")
        f.hold("P2", "李四", of: e, pct: 30, since: "2020-06-30")
        let g = try f.graph()
        let p1 = try #require(g.node(forKey: "P1"))
        let edge = Int32(try #require(g.outRange(p1).first))
        #expect(!g.isCurrent(edge))
        #expect(g.until(edge) == LocalDate(year: 2020, month: 6, day: 30))
        #expect(g.since(edge) == LocalDate(year: 2015, month: 1, day: 1))
        let scratch = GraphScratch(for: g)
        let target = try #require(g.node(forKey: e))
        let current = g.equityPenetration(of: target, scratch: scratch)
        #expect(current.entries.map { g.key($0.node) } == ["P2"])
        let history = g.equityPenetration(of: target, includeHistory: true, scratch: scratch)
        #expect(history.entries.map { g.key($0.node) } == ["P1", "P2"])
        #expect(history.entries[0].integratedPct == 70)
    }

    /// With history, a holder's former stake in a company it still holds is superseded by the
    /// current one: a former 20% and a current 30% were summed into one 50% owner (found by
    /// review). A former stake alone still counts, downstream too.
    @Test func historyDoesNotAddAFormerStakeToTheCurrentOne() throws {
        let f = try GraphFixture()
        let c = f.company(11, "己公司")
        f.hold("P1", "张三", of: c, pct: 20, until: "2020-05-01")
        f.hold("P1", "张三", of: c, pct: 30)
        f.hold("P3", "孙三", of: c, pct: 10, until: "2019-01-01")
        let g = try f.graph()
        let scratch = GraphScratch(for: g)
        let target = try #require(g.node(forKey: c))
        let history = g.equityPenetration(of: target, includeHistory: true, scratch: scratch)
        #expect(history.entries.map { g.key($0.node) } == ["P1", "P3"])
        #expect(history.entries.map(\.integratedPct) == [30, 10])
        #expect(history.entries.map(\.directPct) == [30, 10])
        let p1 = try #require(g.node(forKey: "P1"))
        let down = g.equityPenetration(of: p1, direction: .downstream, includeHistory: true, scratch: scratch)
        #expect(down.entries.map(\.integratedPct) == [30])
    }

    @Test func selfHoldingIsLeftOutAndNoted() throws {
        let f = try GraphFixture()
        let c = f.company(20, "自持公司")
        f.hold(c, "自持公司", type: "company", of: c, pct: 5)
        f.hold("P1", "张三", of: c, pct: 95)
        let g = try f.graph()
        let node = try #require(g.node(forKey: c))
        #expect(g.selfHoldings[node] == 5)
        #expect(g.buildStats.selfHoldings == 1)
        let report = g.ownershipReport(of: node, scratch: GraphScratch(for: g))
        #expect(report.penetration.entries.map { g.key($0.node) } == ["P1"])
        #expect(report.notes.contains { $0.contains("自持股") && $0.contains("5%") })
    }

    /// Successive former stakes of one holder (20% in 2015–2018, then 25% to 2020) are not
    /// one 45% stake: the latest counts. Duplicate rows (same dates) still add up, as
    /// current rows do. (Found by review.)
    @Test func successiveFormerStakesAreNotSummed() throws {
        let f = try GraphFixture()
        let a = f.company(1, "多次历史"), b = f.company(2, "重复历史")
        f.hold("PM", "多次", of: a, pct: 20, since: "2015-01-01", until: "2018-01-01")
        f.hold("PM", "多次", of: a, pct: 25, since: "2018-01-01", until: "2020-01-01")
        f.hold("PN", "现任", of: a, pct: 100, since: "2020-01-01")
        f.hold("PD", "重复", of: b, pct: 10, since: "2015-01-01", until: "2018-01-01")
        f.hold("PD", "重复", of: b, pct: 10, since: "2015-01-01", until: "2018-01-01")
        let g = try f.graph()
        func pct(_ holder: String, _ company: String) throws -> Double? {
            let node = try #require(g.node(forKey: holder))
            let edge = try #require(g.outRange(node).map { Int32($0) }.first { g.key(g.edgeTarget($0)) == company })
            return g.pct(edge)
        }
        #expect(try pct("PM", a) == 25)
        #expect(try pct("PD", b) == 20)
        let report = g.ownershipReport(of: try #require(g.node(forKey: a)), includeHistory: true, scratch: GraphScratch(for: g))
        #expect(report.penetration.entries.map { EntityGraph.percentText($0.integratedPct) } == ["100%", "25%"])
    }
}

import Testing
@testable import RiskGraph

/// The indexed resolver must answer exactly as the full scan it replaced.
@Suite struct EntityNameIndexTests {
    /// The pre-index resolver: every stage a scan over all named nodes.
    static func scan(_ graph: EntityGraph, _ text: String, maxCandidates: Int = 20) -> EntityResolver.Resolution {
        let query = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !query.isEmpty else { return .notFound }
        if let node = graph.node(forKey: query) ?? graph.node(forKey: query.uppercased()) { return .found(node, .key) }
        if query.count == 18, query.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) { return .notFound }
        func answer(_ nodes: [Int32], _ kind: EntityResolver.MatchKind) -> EntityResolver.Resolution? {
            nodes.isEmpty ? nil : nodes.count == 1 ? .found(nodes[0], kind) : .ambiguous(Array(nodes.prefix(maxCandidates)), kind)
        }
        let named = (0..<graph.nodeCount).map(Int32.init).filter { !graph.kind($0).isAttribute }
        if let a = answer(named.filter { graph.name($0) == query }.sorted { graph.key($0) < graph.key($1) }, .exactName) { return a }
        let q = EntityNameNormaliser.name(query)
        let normalised = named.map { ($0, EntityNameNormaliser.name(graph.name($0))) }
        if let a = answer(normalised.filter { $0.1 == q }.map(\.0).sorted { graph.key($0) < graph.key($1) }, .normalisedName) { return a }
        var fuzzy: [(node: Int32, score: Int)] = []
        for (node, name) in normalised where !name.isEmpty {
            if q.count >= 2 && name.contains(q) { fuzzy.append((node, name.count - q.count)) }
            else if name.count >= 2 && q.contains(name) && name.count * 2 >= q.count { fuzzy.append((node, q.count - name.count)) }
            else if q.count <= 16, abs(name.count - q.count) <= 1, EntityResolver.withinOneEdit(name, q) { fuzzy.append((node, 1)) }
        }
        fuzzy.sort { $0.score != $1.score ? $0.score < $1.score : graph.key($0.node) < graph.key($1.node) }
        return answer(fuzzy.map(\.node), .fuzzy) ?? .notFound
    }

    @Test func indexedLookupEqualsTheScan() throws {
        let f = try GraphFixture()
        let names = ["杭州某某网络科技有限公司", "杭州某某网络科技有限责任公司", "深圳（前海）某某基金管理有限公司", "某某基金",
                     "杭州某某网络", "ABC Trading 有限公司", "abc trading有限公司", "张记", "网络科技", "杭州莫某网络科技有限公司"]
        var codes: [String] = []
        for (i, name) in names.enumerated() { codes.append(f.company(i + 1, name)) }
        f.officer("P1", "张三", of: codes[0], role: "legal_rep")
        f.officer("P2", "张三", of: codes[1], role: "director")
        f.officer("P3", "张三丰", of: codes[2], role: "supervisor")
        f.officer("P4", "李四", of: codes[3], role: "manager")
        f.hold("H1", "王五", of: codes[4], pct: 10)
        let g = try f.graph()
        let resolver = EntityResolver(graph: g)
        let queries = names + ["张三", "张四", "张", "三", "李", "李四", "王五六", "某某", "某某基金管理", "杭州某某网络科技有限公",
                               "杭州某某网络科技有限公司分公司", "ＡＢＣ　Ｔｒａｄｉｎｇ有限公司", "abc", "网络", "完全无关", "杭州某某网络科技",
                               "深圳前海", "(前海)", "张记网络", "张三丰 ", "P9", codes[2]]
        for query in queries {
            #expect(resolver.resolve(query) == Self.scan(g, query), "query \(query)")
        }
    }
}

/// A 10 KB name (`riskbrain links "某某…"`) ran for minutes: the resolver looked up every
/// substring of every length of the query, O(|query|³), though no name is that long.
@Suite struct LongQueryTests {
    @Test func longQueryTriesOnlyTheLengthsNamesHave() throws {
        let f = try GraphFixture()
        let fund = f.company(1, "某某基金")
        _ = f.company(2, "杭州某某网络")
        f.officer("P1", "张三", of: fund, role: "legal_rep")
        let g = try f.graph()
        #expect(EntityNameIndex(graph: g).nameLengths == [2, 4, 6])
        let resolver = EntityResolver(graph: g)
        #expect(resolver.resolve(String(repeating: "某", count: 10_240)) == .notFound)
        // A name inside a query at most twice its length is still found.
        #expect(resolver.resolve("杭州某某网络科技") == EntityNameIndexTests.scan(g, "杭州某某网络科技"))
        #expect(resolver.resolve("某某基金管理") == .found(try #require(g.node(forKey: fund)), .fuzzy))
    }
}

@Suite struct EntityNameNormaliserFastPathTests {
    @Test func namesNormaliseAsDocumented() {
        // 股份有限公司 is another legal form than 有限公司 and stays (found by review).
        #expect(EntityNameNormaliser.name("深圳（前海）某某基金管理股份有限公司") == "深圳(前海)某某基金管理股份有限公司")
        #expect(EntityNameNormaliser.name("ＡＢＣ　Trading\u{00A0}[HK] 有限责任公司") == "abctrading(hk)有限公司")
        #expect(EntityNameNormaliser.name("【测试】《名称》{x}<y>\t有限公司") == "(测试)(名称)(x)(y)有限公司")
        #expect(EntityNameNormaliser.name("有限责任有限公司") == "有限责任有限公司")
        #expect(EntityNameNormaliser.name("股份有限责任公司") == "股份有限公司")
        // Invisible format characters pasted from web pages are dropped.
        #expect(EntityNameNormaliser.name("杭州\u{200B}远景\u{200D}咨询\u{2060}有限\u{FEFF}公司") == "杭州远景咨询有限公司")
        #expect(EntityNameNormaliser.name("张 三\u{2003}丰") == "张三丰")
    }
}

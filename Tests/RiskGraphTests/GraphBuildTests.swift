import Foundation
import Testing
import GRDB
import RiskDomain
@testable import RiskGraph
import RiskStore

/// The concurrent graph build (company on one thread, shareholding and officer on another)
/// makes exactly the graph of the serial build, and the key table finds every key it holds.
@Suite struct GraphBuildTests {
    /// Every rule that decides a node's id, name or kind, or an edge's merged attributes.
    static func fixture() throws -> GraphFixture {
        let f = try GraphFixture()
        let a = f.company(1, "甲控股有限公司", phone: "0571-1", email: "A@x.cn", address: "文三路1号")
        let b = f.company(2, "乙科技有限公司", phone: "0571-1", email: "a@x.cn", address: "文三路1号")
        let c = f.company(3, "丙分公司", phone: "0571-2", parent: 1)
        let d = f.company(4, "丁贸易有限公司", phone: "0571-2", parent: 999)
        // Holders first seen in different tables and orders; one name per first use.
        f.hold("P9", "王五", of: d, pct: 10)
        f.hold("P1", "张三", of: a, pct: 60)
        f.hold("P1", "张三（重复）", of: a, pct: 15, since: "2019-05-01")     // merges: pct 75
        f.hold("P1", "张三", of: a, pct: nil, since: "2018-01-01")             // unknown pct: still 75
        f.hold(a, "甲控股有限公司", type: "company", of: b, pct: 90)
        f.hold(b, "乙科技有限公司", type: "company", of: b, pct: 5)            // self-holding
        f.hold("HK1", "香港某某公司", type: "company", of: c, pct: 100, until: "2023-01-01")
        f.hold("HK1", "香港某某公司", type: "company", of: d, pct: 20)
        f.hold("EXT-2", "外部股东", type: "company", of: d, pct: 30)           // external, later an officer: a person
        f.hold("A-very-long-holder-identifier-0001", "长号股东", of: c, pct: 40)  // arena key
        f.hold("外资股东编号十七", "非 ASCII 键", type: "company", of: c, pct: 1)  // 24 bytes, not ASCII
        f.hold("ABCDEFGHIJKLMNOPQ", "十七字节", of: c, pct: 2)                   // 17 ASCII bytes, packed
        f.hold("ABCDEFGHIJKLMNOPQR", "十八字节", of: c, pct: 3)                  // 18 ASCII bytes, packed
        f.hold("ABCDEFGHIJKLMNOP", "十六字节", of: c, pct: 4)                    // 16 bytes, raw
        f.officer("P2", "李四", of: b, role: "legal_rep", since: "2020-01-01")
        f.officer("P2", "李四", of: b, role: "executive_director", since: "2019-01-01")
        f.officer("P1", "张三", of: b, role: "supervisor")
        f.officer("EXT-2", "外部股东", of: a, role: "director")
        f.officer("P3", "赵六", of: c, role: "manager", until: "2021-06-30")
        f.officer(a, "甲控股有限公司", of: a, role: "other")                    // self-officer row
        _ = try f.graph()
        return f
    }

    @Test func concurrentBuildEqualsSerialBuild() throws {
        let f = try Self.fixture()
        let database = f.database.database
        let pool = try #require(database.writer as? DatabasePool)
        let concurrent = try #require(try EntityGraph.buildConcurrently(pool, options: GraphBuildOptions()))
        let serial = try EntityGraph.buildSerially(database, options: GraphBuildOptions())
        GraphSnapshotTests.expectSame(serial, concurrent)
        #expect(serial.inPct.map(\.bitPattern) == concurrent.inPct.map(\.bitPattern))
        #expect(serial.contentDigest() == concurrent.contentDigest())
        // The rules, read back.
        let p1 = try #require(concurrent.node(forKey: "P1"))
        let a = try #require(concurrent.node(forKey: GraphFixture.code(1)))
        let holding = try #require(concurrent.outRange(p1).first { concurrent.edgeTargets[$0] == a })
        #expect(concurrent.pct(Int32(holding)) == 75)
        #expect(concurrent.name(p1) == "张三")          // the smallest of its spellings
        #expect(concurrent.kind(try #require(concurrent.node(forKey: "EXT-2"))) == .person)
        #expect(concurrent.kind(try #require(concurrent.node(forKey: "HK1"))) == .external)
        for key in ["A-very-long-holder-identifier-0001", "外资股东编号十七", "ABCDEFGHIJKLMNOPQ", "ABCDEFGHIJKLMNOPQR", "ABCDEFGHIJKLMNOP"] {
            let node = try #require(concurrent.node(forKey: key), "\(key)")
            #expect(concurrent.key(node) == key)
        }
        #expect(concurrent.node(forKey: "ABCDEFGHIJKLMNOPQRS") == nil)
        #expect(concurrent.buildStats.selfHoldings == 1 && concurrent.buildStats.unknownParents == 1)
    }

    /// A person or outside holder spelt two ways was named by the first row met, so the
    /// files' row order chose the name in chains, controllers and owners under one data
    /// fingerprint (found by review). The smallest spelling names the node, in both builds
    /// and whichever spelling comes first (also on a row of the same person right after).
    @Test func aNodeIsNamedByItsSmallestSpellingInAnyRowOrder() throws {
        for reversed in [false, true] {
            let f = try GraphFixture()
            let a = f.company(1, "甲有限公司"), b = f.company(2, "乙有限公司")
            var rows = [("P901", "甲某某", a), ("P901", "甲某", b), ("HK1", "香港甲有限公司", a), ("HK1", "香港甲公司", b)]
            if reversed { rows.reverse() }
            for (key, name, company) in rows { f.hold(key, name, type: key == "HK1" ? "company" : "person", of: company, pct: 10) }
            f.officer("P902", reversed ? "乙某" : "乙某某", of: a, role: "director")
            f.officer("P902", reversed ? "乙某某" : "乙某", of: a, role: "supervisor")
            _ = try f.graph()
            let database = f.database.database
            let pool = try #require(database.writer as? DatabasePool)
            let concurrent = try #require(try EntityGraph.buildConcurrently(pool, options: GraphBuildOptions()))
            let serial = try EntityGraph.buildSerially(database, options: GraphBuildOptions())
            for graph in [concurrent, serial] {
                #expect(graph.name(try #require(graph.node(forKey: "P901"))) == "甲某", "reversed \(reversed)")
                #expect(graph.name(try #require(graph.node(forKey: "HK1"))) == "香港甲公司", "reversed \(reversed)")
                #expect(graph.name(try #require(graph.node(forKey: "P902"))) == "乙某", "reversed \(reversed)")
            }
        }
    }

    @Test func rowsOfUnknownCompaniesFallBackToTheSerialBuild() throws {
        let f = try Self.fixture()
        let database = f.database.database
        try database.writer.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            try db.execute(sql: """
                INSERT INTO shareholding (company, holder_id, holder_name, holder_type, pct, occurrence, batch_id, src_file, src_line)
                VALUES ('91330106MISSING001', 'P77', '孤儿', 'person', 10, 0, 1, 'x', 99)
                """)
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        let pool = try #require(database.writer as? DatabasePool)
        #expect(try EntityGraph.buildConcurrently(pool, options: GraphBuildOptions()) == nil)
        let built = try EntityGraph.build(from: database)
        let serial = try EntityGraph.buildSerially(database, options: GraphBuildOptions())
        GraphSnapshotTests.expectSame(serial, built)
        #expect(built.buildStats.danglingRows == 1)
        #expect(built.node(forKey: "P77") == nil)
    }

    @Test(arguments: [0, 1, 15, 16, 17, 18, 19, 40])
    func keyTableFindsEveryKeyOfEveryLength(length: Int) {
        // Start small so the table grows several times.
        var table = ByteStringTable(expectedCount: 4)
        var keys: [[UInt8]] = []
        for i in 0..<500 {
            var key = Array(String(format: "%040d", i).utf8.suffix(length))
            if i % 3 == 0, length >= 2 { key[0] = 0xE4 }          // not ASCII: 17–18 bytes go to the arena
            keys.append(key)
        }
        var ids: [Int32] = []
        for key in keys { ids.append(key.withUnsafeBufferPointer { table.intern($0).id }) }
        for (key, id) in zip(keys, ids) {
            #expect(key.withUnsafeBufferPointer { table.find($0) } == id, "length \(length)")
            #expect(table.withBytes(id) { Array($0) } == key)
            #expect(key.withUnsafeBufferPointer { table.intern($0) } == (id, false))
        }
        #expect(table.count == Set(keys).count)
        var absent = Array(repeating: UInt8(ascii: "x"), count: length)
        #expect(length == 0 || absent.withUnsafeMutableBufferPointer { table.find(UnsafeBufferPointer($0)) } == nil)
    }
}

/// `GraphBuilder.finish()` (two-thread counting sorts, per-source sorts, merge of duplicate
/// rows, in-CSR) against a plain reference computed here from the same raw rows.
@Suite struct GraphFinishTests {
    struct Merged: Equatable {
        var source: Int32, target: Int32, kind: UInt8, current: UInt8
        var pct: UInt32, roles: UInt8, since: Int32, until: Int32
    }

    /// The reference: rows grouped by (source, target, kind, current) in row order, merged
    /// as the builder documents, listed by source then (target, kind, current first). A
    /// former group's pct is the sum over its rows with the latest dates (by until, then
    /// since) only: successive stakes are not added up.
    static func reference(_ rows: [RawEdge]) -> [Merged] {
        var groups: [[Int]: Merged] = [:]
        var latest: [[Int]: (Int32, Int32)] = [:]
        for row in rows where row.current == 0 {
            let key = [Int(row.src), Int(row.dst), Int(row.kind), Int(row.current)]
            if let dates = latest[key], dates >= (row.until, row.since) { continue }
            latest[key] = (row.until, row.since)
        }
        func stakePct(_ row: RawEdge, _ key: [Int]) -> Float? {
            guard row.current == 0, let dates = latest[key] else { return row.pct }
            return (row.until, row.since) == dates ? row.pct : nil       // nil: an earlier stake, not counted
        }
        for row in rows {
            let key = [Int(row.src), Int(row.dst), Int(row.kind), Int(row.current)]
            let rowPct = stakePct(row, key)
            if var m = groups[key] {
                let pct = Float(bitPattern: m.pct)
                if let rowPct, !rowPct.isNaN { m.pct = (pct.isNaN ? rowPct : pct + rowPct).bitPattern }
                m.roles |= row.roles
                if row.since != EntityGraph.unknownDay && (m.since == EntityGraph.unknownDay || row.since < m.since) { m.since = row.since }
                if row.until > m.until { m.until = row.until }
                groups[key] = m
            } else {
                groups[key] = Merged(source: row.src, target: row.dst, kind: row.kind, current: row.current,
                                     pct: (rowPct ?? .nan).bitPattern, roles: row.roles, since: row.since, until: row.until)
            }
        }
        return groups.values.sorted { a, b in
            (a.source, a.target, a.kind, 1 - a.current) < (b.source, b.target, b.kind, 1 - b.current)
        }
    }

    @Test(arguments: [0, 1, 2, 7, 400])
    func finishMatchesTheReference(nodes: Int) throws {
        var random = ChainEnumerationTests.Generator(state: UInt64(nodes) &+ 11)
        var builder = GraphBuilder(options: GraphBuildOptions(), expectedCompanies: 16)
        for i in 0..<nodes {
            let key = Array("n\(i)".utf8), name = Array("节点\(i)".utf8)
            _ = key.withUnsafeBufferPointer { k in name.withUnsafeBufferPointer { builder.addNode(k, name: $0, kind: .company) } }
        }
        let rowCount = nodes == 0 ? 0 : nodes * 6
        for _ in 0..<rowCount {
            // Few distinct targets per source, so that rows repeat a key and merge.
            let s = Int32(random.next(nodes)), d = Int32(random.next(min(nodes, 5)))
            let kind: EdgeKind = random.next(2) == 0 ? .shareholding : .officer
            let pct: Float = random.next(3) == 0 ? .nan : Float(random.next(100))
            let since: Int32 = random.next(4) == 0 ? EntityGraph.unknownDay : Int32(random.next(50))
            let until: Int32 = random.next(3) == 0 ? Int32(random.next(50)) + 60 : EntityGraph.unknownDay
            builder.addEdge(s, d, kind, pct: pct, roles: UInt8(1) << UInt8(random.next(8)), since: since, until: until)
        }
        let rows = builder.raw
        let graph = builder.finish()
        let expected = Self.reference(rows)
        #expect(graph.edgeCount == expected.count)
        var actual: [Merged] = []
        for e in 0..<graph.edgeCount {
            actual.append(Merged(source: graph.edgeSources[e], target: graph.edgeTargets[e], kind: graph.edgeKinds[e],
                                 current: graph.edgeCurrent[e], pct: graph.edgePct[e].bitPattern, roles: graph.edgeRoles[e],
                                 since: graph.edgeSince[e], until: graph.edgeUntil[e]))
        }
        #expect(actual == expected)
        // Out offsets: each source's edges are the run of its rows.
        for v in 0..<nodes {
            #expect(graph.outRange(Int32(v)).allSatisfy { graph.edgeSources[$0] == Int32(v) })
        }
        // In CSR: every edge once, under its target, in ascending edge order, fields copied.
        var seen = [Int32]()
        for t in 0..<nodes {
            let range = Int(graph.inOffsets[t])..<Int(graph.inOffsets[t + 1])
            let inbound = range.map { Int(graph.inEdge[$0]) }
            #expect(inbound == inbound.sorted())
            #expect(inbound == (0..<graph.edgeCount).filter { graph.edgeTargets[$0] == Int32(t) })
            for p in range {
                let e = Int(graph.inEdge[p])
                #expect(graph.inSources[p] == graph.edgeSources[e] && graph.inKinds[p] == graph.edgeKinds[e]
                        && graph.inCurrent[p] == graph.edgeCurrent[e] && graph.inPct[p].bitPattern == graph.edgePct[e].bitPattern)
                seen.append(Int32(e))
            }
        }
        #expect(seen.sorted() == (0..<Int32(graph.edgeCount)).map { $0 })
    }

    @Test func twoThreadCountingSortIsStable() {
        for count in [0, 1, 2, 3, 10, 1001] {
            let keys = (0..<count).map { ($0 * 7919 + 13) % 5 }
            var offsets = [Int32](repeating: -1, count: 6)
            final class Placed: @unchecked Sendable { var at: [Int]; init(_ n: Int) { at = Array(repeating: -1, count: n) } }
            let placed = Placed(count)
            // Each item is placed once, at a distinct position: the two threads never share one.
            placed.at.withUnsafeMutableBufferPointer { buffer in
                let out = UnsafeSendablePointer(buffer.baseAddress)
                GraphBuilder.parallelCountingSort(count: count, buckets: 5, offsets: &offsets, key: { keys[$0] }) { item, position in
                    out.pointer.unsafelyUnwrapped[position] = item
                }
            }
            let order = placed.at
            #expect(order == (0..<count).sorted { (keys[$0], $0) < (keys[$1], $1) })
            #expect(offsets == (0...5).map { b in Int32(keys.filter { $0 < b }.count) })
        }
    }
}

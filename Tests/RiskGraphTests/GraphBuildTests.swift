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
        #expect(concurrent.name(p1) == "张三")          // the name of its first row
        #expect(concurrent.kind(try #require(concurrent.node(forKey: "EXT-2"))) == .person)
        #expect(concurrent.kind(try #require(concurrent.node(forKey: "HK1"))) == .external)
        for key in ["A-very-long-holder-identifier-0001", "外资股东编号十七", "ABCDEFGHIJKLMNOPQ", "ABCDEFGHIJKLMNOPQR", "ABCDEFGHIJKLMNOP"] {
            let node = try #require(concurrent.node(forKey: key), "\(key)")
            #expect(concurrent.key(node) == key)
        }
        #expect(concurrent.node(forKey: "ABCDEFGHIJKLMNOPQRS") == nil)
        #expect(concurrent.buildStats.selfHoldings == 1 && concurrent.buildStats.unknownParents == 1)
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

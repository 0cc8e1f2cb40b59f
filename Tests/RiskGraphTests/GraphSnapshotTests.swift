import Foundation
import Testing
import GRDB
import RiskDomain
import RiskGraph
import RiskStore

/// The graph snapshot beside the database: saved on the first load, loaded while the data is
/// unchanged, rebuilt after an import, and never trusted when damaged.
@Suite struct GraphSnapshotTests {
    /// A small graph with every node and edge kind, history and a self-holding.
    static func fixture() throws -> (GraphFixture, EntityGraph, [String]) {
        let f = try GraphFixture()
        let a = f.company(1, "甲控股有限公司", phone: "0571-1", email: "a@x.cn", address: "文三路1号")
        let b = f.company(2, "乙科技有限公司", phone: "0571-1", email: "a@x.cn", address: "文三路1号")
        let c = f.company(3, "丙分公司", parent: 1)
        f.hold("P1", "张三", of: a, pct: 60)
        f.hold(a, "甲控股有限公司", type: "company", of: b, pct: 90)
        f.hold(b, "乙科技有限公司", type: "company", of: b, pct: 5)
        f.hold("HK1", "香港某某公司", type: "company", of: c, pct: 100, until: "2023-01-01")
        f.officer("P2", "李四", of: b, role: "legal_rep", since: "2020-01-01")
        return (f, try f.graph(), [a, b, c])
    }

    /// Every array and answer of two graphs, compared.
    static func expectSame(_ x: EntityGraph, _ y: EntityGraph) {
        #expect(x.nodeCount == y.nodeCount && x.edgeCount == y.edgeCount)
        #expect(x.nodeKinds == y.nodeKinds && x.regionCodes == y.regionCodes)
        #expect(x.outOffsets == y.outOffsets && x.edgeTargets == y.edgeTargets && x.edgeSources == y.edgeSources)
        #expect(x.edgeKinds == y.edgeKinds && x.edgeCurrent == y.edgeCurrent && x.edgeRoles == y.edgeRoles)
        #expect(x.edgePct.map(\.bitPattern) == y.edgePct.map(\.bitPattern))
        #expect(x.edgeSince == y.edgeSince && x.edgeUntil == y.edgeUntil)
        #expect(x.inOffsets == y.inOffsets && x.inEdge == y.inEdge && x.inSources == y.inSources)
        #expect(x.inKinds == y.inKinds && x.inCurrent == y.inCurrent)
        #expect(x.buildStats == y.buildStats && x.selfHoldings == y.selfHoldings)
        #expect(x.companyRecords == y.companyRecords && x.importState == y.importState)
        for node in 0..<Int32(x.nodeCount) {
            #expect(x.key(node) == y.key(node) && x.name(node) == y.name(node))
            #expect(y.node(forKey: x.key(node)) == node)
        }
    }

    @Test func savedOnceThenLoadedWithTheSameContent() throws {
        let (f, built, codes) = try Self.fixture()
        let database = f.database.database
        let path = GraphSnapshot.path(forDatabase: database.path)
        #expect(!FileManager.default.fileExists(atPath: path))
        let first = try EntityGraph.cached(from: database, options: GraphBuildOptions(hubThreshold: 7))
        #expect(!first.loaded)
        #expect(FileManager.default.fileExists(atPath: path))
        let second = try EntityGraph.cached(from: database, options: GraphBuildOptions(hubThreshold: 7))
        #expect(second.loaded)
        #expect(second.graph.hubThreshold == 7)
        Self.expectSame(built, second.graph)
        // Queries on the loaded graph answer as on the built one.
        let scratch = GraphScratch(for: second.graph)
        let b = try #require(second.graph.node(forKey: codes[1]))
        let owners = second.graph.ownershipReport(of: b, scratch: scratch)
        #expect(owners.actualController.map { second.graph.key($0.node) } == "P1")
        #expect(second.graph.node(forKey: "tel:0571-1") != nil)
        // Other build options are another snapshot.
        #expect(!(try EntityGraph.cached(from: database, options: GraphBuildOptions(contactNodes: false))).loaded)
    }

    @Test func anImportMakesTheSnapshotStale() throws {
        let (f, _, codes) = try Self.fixture()
        let database = f.database.database
        _ = try EntityGraph.cached(from: database)
        #expect(try EntityGraph.cached(from: database).loaded)
        try database.writer.write { db in
            try db.execute(sql: "INSERT INTO import_batch (id, started_at, finished_at) VALUES (2, '2026-02-01T00:00:00Z', '2026-02-01T00:00:01Z')")
            try db.execute(sql: """
                INSERT INTO officer (company, person_id, person_name, role, occurrence, batch_id, src_file, src_line)
                VALUES (?, 'P3', '王五', 'supervisor', 0, 2, 'officers.csv', 2)
                """, arguments: [codes[2]])
        }
        let after = try EntityGraph.cached(from: database)
        #expect(!after.loaded)
        #expect(after.graph.node(forKey: "P3") != nil)
        #expect(try EntityGraph.cached(from: database).loaded)
    }

    /// A snapshot left beside a database that was then replaced by another one, whose last
    /// batch has the same id, the same finish second and the same row counts (two databases
    /// each given one import in the same second), was trusted: another database's graph gave
    /// wrong network scores under the right fingerprint (found by review). The batch's random
    /// nonce (schema v6) is part of the state now.
    @Test func aSnapshotOfAnotherDatabaseWithTheSameBatchIsNotTrusted() throws {
        let (f, _, codes) = try Self.fixture()
        let database = f.database.database
        try database.writer.write { db in
            try db.execute(sql: "UPDATE import_batch SET finished_at = '2026-01-01T00:00:01Z', nonce = 'first'")
        }
        #expect(!(try EntityGraph.cached(from: database)).loaded)
        #expect(try EntityGraph.cached(from: database).loaded)
        // "The other database": one stake changed, same batch id, finish time and counts.
        try database.writer.write { db in
            try db.execute(sql: "UPDATE shareholding SET pct = 5 WHERE holder_id = 'P1'")
            try db.execute(sql: "UPDATE import_batch SET nonce = 'second'")
        }
        let other = try EntityGraph.cached(from: database)
        #expect(!other.loaded)
        let a = try #require(other.graph.node(forKey: codes[0]))
        let p1 = try #require(other.graph.node(forKey: "P1"))
        #expect(other.graph.outRange(p1).contains { other.graph.edgeTargets[$0] == a && other.graph.edgePct[$0] == 5 })
    }

    @Test func aDamagedSnapshotIsRebuiltNotTrusted() throws {
        let (f, built, _) = try Self.fixture()
        let database = f.database.database
        _ = try EntityGraph.cached(from: database)
        let path = GraphSnapshot.path(forDatabase: database.path)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        // Cut short, a flipped length field, and garbage: each is rebuilt.
        for damaged in [bytes.prefix(bytes.count / 2), bytes.prefix(40) + Data(repeating: 0xFF, count: 8) + bytes.dropFirst(48),
                        Data("not a graph".utf8)] {
            try damaged.write(to: URL(fileURLWithPath: path))
            let again = try EntityGraph.cached(from: database)
            #expect(!again.loaded)
            Self.expectSame(built, again.graph)
        }
    }

    /// The key table is mapped unchecked (checking every slot would read it all): a damaged
    /// slot must make a lookup miss, never read outside the arena or loop forever.
    @Test func damagedKeySlotsMissInsteadOfCrashing() throws {
        let (f, built, codes) = try Self.fixture()
        let database = f.database.database
        _ = try EntityGraph.cached(from: database)
        let path = GraphSnapshot.path(forDatabase: database.path)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        // Walk the sections: magic, then each array as an 8-aligned 64-bit count and its elements.
        var position = 8
        func skip(stride: Int) -> Range<Int> {
            position = (position + 7) / 8 * 8
            let count = bytes[position..<position + 8].reversed().reduce(0) { $0 << 8 | Int($1) }
            position += 8
            defer { position += count * stride }
            return position..<(position + count * stride)
        }
        _ = skip(stride: 1)                    // key
        _ = skip(stride: 1)                    // key arena
        _ = skip(stride: 4)                    // key offsets
        let slots = skip(stride: 24)           // key slots
        #expect(!slots.isEmpty)
        let original = bytes
        // Damage: occupied slots' ids out of range; arena slots' offsets past the arena; every
        // slot occupied (no empty slot ends a probe).
        let damages: [(inout [UInt8], Int) -> Void] = [
            { b, slot in if b[slot + 23] < 0x80 { for i in 20..<24 { b[slot + i] = 0x7F } } },
            { b, slot in if b[slot + 19] & 0x80 != 0, b[slot + 23] < 0x80 { for i in 8..<16 { b[slot + i] = 0x7F } } },
            { b, slot in for i in 0..<24 { b[slot + i] = 0 } },
        ]
        for damage in damages {
            bytes = original
            for slot in stride(from: slots.lowerBound, to: slots.upperBound, by: 24) { damage(&bytes, slot) }
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let loaded = try EntityGraph.cached(from: database)
            #expect(loaded.loaded)
            for code in codes + ["P1", "nobody", "addr:文三路1号", "mail:a@x.cn"] {
                if let node = loaded.graph.node(forKey: code) { #expect(Int(node) < built.nodeCount) }
            }
        }
    }
}

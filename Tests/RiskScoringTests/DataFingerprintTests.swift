import Foundation
import GRDB
import RiskGraph
import RiskScoring
import RiskStore
import RiskTestSupport
import Testing

/// The data fingerprint depends on the records, not on the order an import met them in
/// (found by review: `occurrence` and the first-met spelling of a person's name were hashed).
@Suite("Data fingerprint")
struct DataFingerprintTests {
    static let company = "91330110J71FUMN496"

    /// The fingerprint of a fresh database holding the records `sql` inserts (after one
    /// company and one import batch).
    static func fingerprint(_ sql: String) throws -> String {
        let store = try TestDatabase()
        defer { store.remove() }
        return try store.database.writer.write { db in
            try db.execute(sql: """
                INSERT INTO import_batch (id, started_at, finished_at) VALUES (1, '2025-01-01T00:00:00Z', '2025-01-01T00:00:01Z');
                INSERT INTO company (credit_code, name, region_code, batch_id, src_file, src_line)
                  VALUES ('\(company)', '杭州耀静宁机械设备有限公司', '330110', 1, 'companies.csv', 2);
                """)
            try db.execute(sql: sql)
            return try DataFingerprint.compute(db)
        }
    }

    /// Two rows of one product, as imported from a file in either order.
    static func products(first: (yield: Int, investors: Int), second: (yield: Int, investors: Int)) -> String {
        """
        INSERT INTO product (company, product, promised_yield, investors, occurrence, batch_id, src_file, src_line) VALUES
          ('\(company)', '理财计划', \(first.yield), \(first.investors), 0, 1, 'products.csv', 2),
          ('\(company)', '理财计划', \(second.yield), \(second.investors), 1, 1, 'products.csv', 3);
        """
    }

    /// One person whose id comes with two spellings; `first` is the one the import met first.
    static func person(first: String, then other: String) -> String {
        """
        INSERT INTO person (person_id, name, batch_id, src_file, src_line) VALUES ('P1', '\(first)', 1, 'officers.csv', 2);
        INSERT INTO person_alias (person_id, name) VALUES ('P1', '\(other)');
        INSERT INTO officer (company, person_id, person_name, role, batch_id, src_file, src_line) VALUES
          ('\(company)', 'P1', '王凤怡', 'director', 1, 'officers.csv', 2),
          ('\(company)', 'P1', '王凤仪', 'supervisor', 1, 'officers.csv', 3);
        """
    }

    @Test("rows that share a key give one fingerprint in either row order")
    func rowOrderWithinAKeyDoesNotMatter() throws {
        let inOrder = try Self.fingerprint(Self.products(first: (8, 300), second: (15, 900)))
        let swapped = try Self.fingerprint(Self.products(first: (15, 900), second: (8, 300)))
        #expect(inOrder == swapped)
        let changed = try Self.fingerprint(Self.products(first: (8, 300), second: (15, 901)))
        #expect(changed != inOrder, "a changed record still changes the fingerprint")
    }

    @Test("a person's spellings give one fingerprint whichever the import met first")
    func firstSpellingDoesNotMatter() throws {
        let one = try Self.fingerprint(Self.person(first: "王凤怡", then: "王凤仪"))
        let other = try Self.fingerprint(Self.person(first: "王凤仪", then: "王凤怡"))
        #expect(one == other)
        let renamed = try Self.fingerprint(Self.person(first: "王凤怡", then: "王凤义"))
        #expect(renamed != one, "another spelling is another set of names")
    }

    @Test("rows that share a key with a NULL in it or in their content are ordered too")
    func nullsOrderDeterministically() throws {
        func compliance(_ rows: [(reason: String, authority: String)]) -> String {
            "INSERT INTO compliance (company, kind, date, reason, authority, occurrence, batch_id, src_file, src_line) VALUES "
                + rows.enumerated().map { index, row in
                    "('\(Self.company)', 'abnormal_operation', '2024-06-01', \(row.reason), \(row.authority), \(index), 1, 'compliance.csv', \(index + 2))"
                }.joined(separator: ", ") + ";"
        }
        let rows = [(reason: "NULL", authority: "'西湖区市监局'"), (reason: "NULL", authority: "NULL"), (reason: "'未报送年报'", authority: "NULL")]
        let forward = try Self.fingerprint(compliance(rows))
        let backward = try Self.fingerprint(compliance(rows.reversed()))
        #expect(forward == backward)
    }

    @Test("a fingerprint cached by an older way of hashing is not reused")
    func cacheKeyNamesTheHashingVersion() throws {
        let store = try TestDatabase()
        defer { store.remove() }
        try store.database.writer.write { db in
            try db.execute(sql: "INSERT INTO import_batch (id, started_at, finished_at) VALUES (1, '2025-01-01T00:00:00Z', '2025-01-01T00:00:01Z')")
            let state = try DataFingerprint.state(db)
            #expect(state.hasPrefix("fingerprint v2, "))
            // The state an earlier release wrote for these same records, with its fingerprint.
            let oldState = String(state.dropFirst("fingerprint v2, ".count))
            try db.execute(sql: "INSERT INTO data_fingerprint_cache (state, fingerprint) VALUES (?, ?)",
                           arguments: [oldState, String(repeating: "a", count: 64)])
            #expect(try DataFingerprint.cached(db) == DataFingerprint.compute(db))
        }
    }

    /// A score's fingerprint, graph and records come from one state of the database: an
    /// import committed after the fingerprint was read, or a graph built at another state,
    /// is refused with DataChangedError (found by review: the CLI took the fingerprint, the
    /// graph and the records in three transactions, and an import in between mixed them).
    @Test("an import between a score's reads is refused, never mixed")
    func anImportBetweenTheReadsOfAScoreIsRefused() throws {
        let store = try TestDatabase()
        defer { store.remove() }
        let database = store.database
        try database.writer.write { db in
            try db.execute(sql: "INSERT INTO import_batch (id, started_at, finished_at, nonce) VALUES (1, '2025-01-01T00:00:00Z', '2025-01-01T00:00:01Z', 'a')")
            try db.execute(sql: """
                INSERT INTO company (credit_code, name, region_code, batch_id, src_file, src_line)
                  VALUES ('\(Self.company)', '杭州耀静宁机械设备有限公司', '330110', 1, 'companies.csv', 2)
                """)
        }
        let (fingerprint, state) = try ScoringState.fingerprint(database)
        #expect(state == "1 2025-01-01T00:00:01Z a")
        #expect(fingerprint == (try database.writer.read { db in try DataFingerprint.compute(db) }))
        let graph = try EntityGraph.build(from: database)
        #expect(graph.importState == state)
        try ScoringState.check(database, state: state, graph: graph)
        try database.writer.write { db in
            try db.execute(sql: "INSERT INTO import_batch (id, started_at, finished_at, nonce) VALUES (2, '2025-01-02T00:00:00Z', '2025-01-02T00:00:01Z', 'b')")
        }
        #expect(throws: DataChangedError()) { try ScoringState.check(database, state: state, graph: graph) }
        let (_, newState) = try ScoringState.fingerprint(database)
        #expect(throws: DataChangedError()) { try ScoringState.check(database, state: newState, graph: graph) }
        try ScoringState.check(database, state: newState, graph: try EntityGraph.build(from: database))
    }
}

import Foundation
import GRDB
import Testing
import RiskTestSupport
@testable import RiskStore

@Suite("Store migrations")
struct MigrationTests {
    @Test func freshDatabaseIsMigratedAndInWAL() throws {
        let test = try TestDatabase()
        defer { test.remove() }
        #expect(try test.database.schemaVersion() == Schema.knownMigrations.count)
        let mode = try test.database.writer.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
        let status = try test.database.status()
        #expect(status.counts.map(\.0) == ["companies", "persons", "shareholdings", "officers", "compliance",
                                            "litigation", "news", "products", "licences", "labels"])
        #expect(status.counts.allSatisfy { $0.1 == 0 })
    }

    @Test func reopeningIsIdempotent() throws {
        let test = try TestDatabase()
        defer { test.remove() }
        let again = try RiskDatabase.open(path: test.path)
        #expect(try again.schemaVersion() == Schema.knownMigrations.count)
    }

    @Test func newerDatabaseIsRefused() throws {
        let test = try TestDatabase()
        defer { test.remove() }
        try test.database.writer.write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')")
        }
        #expect(throws: StoreError.newerSchema(unknown: ["v99-from-the-future"])) {
            try RiskDatabase.open(path: test.path)
        }
    }

    @Test func foreignDatabaseIsRefused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.url.appendingPathComponent("other.sqlite").path
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: "CREATE TABLE t (x)") }
        try queue.close()
        #expect(throws: StoreError.notRiskBrain(path: path)) { try RiskDatabase.open(path: path) }
        // Another GRDB application's database, with its own migrations and none of ours, is
        // not "written by a newer version of riskbrain" (found by review).
        let grdb = directory.url.appendingPathComponent("grdb.sqlite").path
        let other = try DatabaseQueue(path: grdb)
        var migrator = DatabaseMigrator()
        migrator.registerMigration("createUsers") { db in try db.execute(sql: "CREATE TABLE users (id INTEGER PRIMARY KEY)") }
        try migrator.migrate(other)
        try other.close()
        #expect(throws: StoreError.notRiskBrain(path: grdb)) { try RiskDatabase.open(path: grdb) }
        // A folder is named as one (SQLite said "disk I/O error").
        let folder = directory.url.path
        let reason = "it is a folder (give the database file, e.g. \(folder)/riskbrain.sqlite)"
        #expect(throws: StoreError.cannotOpen(path: folder, reason: reason)) { try RiskDatabase.open(path: folder) }
        #expect(throws: StoreError.cannotOpen(path: folder, reason: reason)) { try RiskDatabase.openExisting(path: folder) }
    }

    @Test func constraintsDefendTheData() throws {
        let test = try TestDatabase()
        defer { test.remove() }
        try test.database.writer.write { db in
            try db.execute(sql: "INSERT INTO import_batch (id, started_at) VALUES (1, '2026-01-01T00:00:00Z')")
            try db.execute(sql: """
                INSERT INTO company (credit_code, name, region_code, batch_id, src_file, src_line)
                VALUES ('91440300708461136T', '腾讯', '440300', 1, 'companies.csv', 2)
                """)
        }
        // pct out of range
        #expect(throws: DatabaseError.self) {
            try test.database.writer.write { db in
                try db.execute(sql: """
                    INSERT INTO shareholding (company, holder_id, holder_name, holder_type, pct, batch_id, src_file, src_line)
                    VALUES ('91440300708461136T', 'P1', '张三', 'person', 120, 1, 's.csv', 2)
                    """)
            }
        }
        // a record about an unknown company
        #expect(throws: DatabaseError.self) {
            try test.database.writer.write { db in
                try db.execute(sql: """
                    INSERT INTO officer (company, person_id, person_name, role, batch_id, src_file, src_line)
                    VALUES ('914403001922038216', 'P1', '张三', 'legal_rep', 1, 'o.csv', 2)
                    """)
            }
        }
    }

    /// A database made before v5 has the five company indexes no query used; opening it
    /// drops them and keeps the rows and the indexes that are used.
    @Test func olderDatabaseLosesTheUnusedCompanyIndexes() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.url.appendingPathComponent("v4.sqlite").path
        let queue = try DatabaseQueue(path: path)
        try Schema.migrator.migrate(queue, upTo: "v4-access")
        try queue.write { db in
            try db.execute(sql: "INSERT INTO import_batch (id, started_at) VALUES (1, '2026-01-01T00:00:00Z')")
            try db.execute(sql: """
                INSERT INTO company (credit_code, name, region_code, phone, batch_id, src_file, src_line)
                VALUES ('91440300708461136T', '腾讯', '440300', '0755-1', 1, 'companies.csv', 2)
                """)
        }
        let unused = ["company_address", "company_email", "company_parent", "company_phone", "company_region"]
        func indexes(_ reader: any DatabaseReader) throws -> [String] {
            try reader.read { db in
                try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'company' AND sql IS NOT NULL ORDER BY name")
            }
        }
        #expect(try indexes(queue) == ["company_address", "company_email", "company_name", "company_parent", "company_phone", "company_region"])
        try queue.close()

        let database = try RiskDatabase.open(path: path)
        #expect(try database.schemaVersion() == Schema.knownMigrations.count)
        let left = try indexes(database.writer)
        #expect(left == ["company_name"])
        #expect(Set(left).isDisjoint(with: unused))
        #expect(try database.status().counts.first { $0.0 == "companies" }?.1 == 1)
    }

    /// A database made before v7 has `officer_person` and `person_name`, which no query
    /// reads; opening it drops them and keeps the rows and the officer key the reports use.
    @Test func olderDatabaseLosesTheUnusedPersonIndexes() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.url.appendingPathComponent("v6.sqlite").path
        let queue = try DatabaseQueue(path: path)
        try Schema.migrator.migrate(queue, upTo: "v6-import-batch-nonce")
        try queue.write { db in
            try db.execute(sql: "INSERT INTO import_batch (id, started_at) VALUES (1, '2026-01-01T00:00:00Z')")
            try db.execute(sql: """
                INSERT INTO company (credit_code, name, region_code, batch_id, src_file, src_line)
                VALUES ('91440300708461136T', '腾讯', '440300', 1, 'companies.csv', 2);
                INSERT INTO person (person_id, name, batch_id, src_file, src_line) VALUES ('P1', '张三', 1, 'officers.csv', 2);
                INSERT INTO officer (company, person_id, person_name, role, batch_id, src_file, src_line)
                VALUES ('91440300708461136T', 'P1', '张三', 'legal_rep', 1, 'officers.csv', 2);
                """)
        }
        func indexes(_ reader: any DatabaseReader) throws -> [String] {
            try reader.read { db in
                try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('officer', 'person') AND sql IS NOT NULL ORDER BY name")
            }
        }
        #expect(try indexes(queue) == ["officer_key", "officer_person", "person_name"])
        try queue.close()

        let database = try RiskDatabase.open(path: path)
        #expect(try database.schemaVersion() == Schema.knownMigrations.count)
        #expect(try indexes(database.writer) == ["officer_key"])
        let counts = Dictionary(uniqueKeysWithValues: try database.status().counts.map { ($0.0, $0.1) })
        #expect(counts["officers"] == 1 && counts["persons"] == 1)
    }

    @Test func pathResolution() {
        #expect(RiskDatabase.resolvePath("x.sqlite", environment: ["RISKBRAIN_DB": "y.sqlite"]) == "x.sqlite")
        #expect(RiskDatabase.resolvePath(nil, environment: ["RISKBRAIN_DB": "y.sqlite"]) == "y.sqlite")
        #expect(RiskDatabase.resolvePath(nil, environment: [:]) == "riskbrain.sqlite")
    }
}

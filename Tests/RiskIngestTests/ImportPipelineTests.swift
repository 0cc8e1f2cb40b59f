import Foundation
import GRDB
import Testing
import RiskDomain
@testable import RiskStore
@testable import RiskIngest

/// The bulk-load machinery: companies sorted by credit code before they are written
/// (spilling to temporary files), constraints verified from the schema's own text, the
/// parser thread, and the rollback journal of an initial load.
@Suite("Import pipeline")
struct ImportPipelineTests {
    @Test func theSpoolReturnsRowsInKeyOrderAcrossSpilledRuns() throws {
        // A tiny run size forces a sorted run file every few rows: the merge must still
        // give every row back once, in key order, with its line and values.
        let spool = SortedRowSpool(columnCount: 3, runBytes: 64)
        var expected: [(UInt64, Int, String)] = []
        var row = ImportRow(count: 3)
        for line in 2..<200 {
            let key = UInt64((line * 7919) % 1009)
            row.reset()
            row.setText(0, "名\(line)")
            if line % 3 == 0 { row.setNull(1) } else { row.setReal(1, Double(line) / 4) }
            row.setInteger(2, Int64(line))
            try spool.append(row, line: line, key: (key, UInt64(line)))
            expected.append((key, line, "名\(line)"))
        }
        #expect(spool.spilledRuns > 10)
        expected.sort { ($0.0, $0.1) < ($1.0, $1.1) }
        var seen: [(Int, String, StoredValue, Int64)] = []
        try spool.drain { row, line in seen.append((line, row.text(0) ?? "", row.value(1), row.integer(2))) }
        #expect(seen.map(\.0) == expected.map(\.1))
        #expect(seen.map(\.1) == expected.map(\.2))
        for (line, _, value, integer) in seen {
            #expect(value == (line % 3 == 0 ? .null : .real(Double(line) / 4)))
            #expect(integer == Int64(line))
        }
    }

    @Test func theSpoolKeepsSmallLoadsInMemory() throws {
        let spool = SortedRowSpool(columnCount: 1)
        var row = ImportRow(count: 1)
        for (line, key) in [(2, 30), (3, 10), (4, 20)] {
            row.reset()
            row.setText(0, "k\(key)")
            try spool.append(row, line: line, key: (0, UInt64(key)))
        }
        var lines: [Int] = []
        try spool.drain { _, line in lines.append(line) }
        #expect(spool.spilledRuns == 0)
        #expect(lines == [3, 4, 2])
    }

    @Test func creditCodeKeysSortLikeTheCodes() {
        let codes = [Codes.a, Codes.b, Codes.tencent, Codes.make(123, region: "110108"), Codes.make(77, region: "440305"),
                     "91330106MA2B0XYZ7Q"].compactMap { CreditCodeKey(validating: $0) != nil ? $0 : nil }
        let byKey = codes.sorted { lhs, rhs in
            let left = CreditCodeKey(validating: lhs)!, right = CreditCodeKey(validating: rhs)!
            return (left.high, left.low) < (right.high, right.low)
        }
        #expect(byKey == codes.sorted())
        #expect(codes.count >= 5)
    }

    @Test func constraintChecksAreReadFromTheCreateTableText() {
        let sql = """
            CREATE TABLE t (a TEXT CHECK (a IN ('x)', 'y''s')), "end" TEXT check("end" IS NULL OR length("end") = 10),
            checked INTEGER, rechecks TEXT, CHECK (a <> 'CHECK (no)'))
            """
        #expect(ConstraintCheck.checkExpressions(in: sql) == [
            "a IN ('x)', 'y''s')", "\"end\" IS NULL OR length(\"end\") = 10", "a <> 'CHECK (no)'",
        ])
    }

    @Test func everyCheckOfTheShareholdingTableIsVerified() throws {
        let database = try RiskDatabase.inMemory()
        let check = try database.writer.read { db in try ConstraintCheck(db, table: "shareholding") }
        let descriptions = try #require(check).conditions.map(\.0)
        #expect(descriptions.filter { $0.hasPrefix("CHECK") }.count == 8)
        #expect(descriptions.contains("CHECK (pct IS NULL OR (pct >= 0 AND pct <= 100))"))
        #expect(descriptions.contains("NOT NULL holder_name"))
    }

    @Test func anInitialLoadUsesARollbackJournalAndLeavesTheDatabaseInWALMode() throws {
        let bench = try ImportBench()
        try bench.write("companies.csv", "credit_code,name\n\(Codes.a),甲\n")
        var modeDuringLoad: String?
        _ = try bench.database.importTransaction(startedAt: "2026-01-01T00:00:00Z", strict: false) { writer in
            modeDuringLoad = try String.fetchOne(writer.db, sql: "PRAGMA journal_mode")
        }
        #expect(modeDuringLoad == "delete")
        _ = try bench.run(["companies.csv"])
        // A later import keeps the WAL (readers go on reading the previous state).
        _ = try bench.database.importTransaction(startedAt: "2026-01-01T00:00:00Z", strict: false) { writer in
            modeDuringLoad = try String.fetchOne(writer.db, sql: "PRAGMA journal_mode")
        }
        #expect(modeDuringLoad == "wal")
        let mode = try bench.database.writer.write { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
    }

    /// The files of a database as a killed process leaves them: copied in the middle of
    /// the import's transaction, after SQLite has written pages to the database file.
    private static func snapshotMidTransaction(of bench: ImportBench, into copy: String, rows: Int) throws {
        #expect(throws: ImportError.injectedFailure(afterRows: rows)) {
            try bench.database.importTransaction(startedAt: "2026-01-01T00:00:00Z", strict: false) { writer in
                for serial in 100..<(100 + rows) {
                    try writer.insert(.companies, ImportWriterTests.company(Codes.make(serial)), file: "c.csv", line: serial)
                }
                try writer.db.execute(sql: "PRAGMA cache_size = 2")
                try writer.db.execute(sql: "PRAGMA cache_spill = ON")
                for serial in 100_000..<100_200 {
                    try writer.insert(.companies, ImportWriterTests.company(Codes.make(serial)), file: "c.csv", line: serial)
                }
                let manager = FileManager.default
                for suffix in ["", "-journal", "-wal"] where manager.fileExists(atPath: bench.databasePath + suffix) {
                    try manager.copyItem(atPath: bench.databasePath + suffix, toPath: copy + suffix)
                }
                throw ImportError.injectedFailure(afterRows: rows)
            }
        }
    }

    @Test func aKilledInitialLoadOpensAsTheEmptyDatabase() throws {
        let bench = try ImportBench()
        let copy = bench.path("killed.sqlite")
        try Self.snapshotMidTransaction(of: bench, into: copy, rows: 300)
        // The journal was hot and the database file already held new pages.
        #expect(FileManager.default.fileExists(atPath: copy + "-journal"))
        let reopened = try RiskDatabase.open(path: copy)
        let counts = try reopened.writer.read { db in
            [try Int.fetchOne(db, sql: "SELECT count(*) FROM company"), try Int.fetchOne(db, sql: "SELECT count(*) FROM import_batch")]
        }
        #expect(counts == [0, 0])
        #expect(try reopened.writer.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") } == ["ok"])
    }

    @Test func aKilledLaterImportOpensAsTheDatabaseBefore() throws {
        let bench = try ImportBench()
        try bench.write("companies.csv", "credit_code,name\n\(Codes.a),甲\n")
        _ = try bench.run(["companies.csv"])
        let copy = bench.path("killed.sqlite")
        try Self.snapshotMidTransaction(of: bench, into: copy, rows: 300)
        let reopened = try RiskDatabase.open(path: copy)
        let codes = try reopened.writer.read { db in try String.fetchAll(db, sql: "SELECT credit_code FROM company") }
        #expect(codes == [Codes.a])
        #expect(try reopened.writer.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") } == ["ok"])
    }

    @Test func aLargeCompanyFileIsStoredWithItsLinesWhateverTheOrder() throws {
        let bench = try ImportBench()
        var text = "credit_code,name,region_code\n"
        var expected: [String: Int] = [:]
        for index in 0..<500 {
            let code = Codes.make((index * 389) % 997 + 1)
            text += "\(code),公司\(index),\n"
            expected[code] = index + 2
        }
        try bench.write("companies.csv", text)
        let report = try bench.run(["companies.csv"])
        #expect(report.files.first?.imported == 500)
        let stored = try bench.database.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT credit_code, src_line, region_code FROM company")
        }
        #expect(stored.count == 500)
        for row in stored {
            let code: String = row["credit_code"]
            #expect(expected[code] == row["src_line"])
            #expect(row["region_code"] == "330106")
        }
    }
}

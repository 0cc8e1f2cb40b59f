import GRDB
import Foundation
import Testing
import RiskTestSupport

/// A folder holding a copy of the bench fixture as `data/`.
private func fixtureFolder() throws -> TemporaryDirectory {
    let directory = try TemporaryDirectory(prefix: "riskbrain-cli-import")
    try FileManager.default.copyItem(at: RepositoryPaths.benchFixture, to: directory.url.appendingPathComponent("data"))
    return directory
}

private let sqlite3Available = ["/usr/bin/sqlite3", "/usr/local/bin/sqlite3", "/bin/sqlite3"].contains {
    FileManager.default.isExecutableFile(atPath: $0)
}

@Suite("CLI: import")
struct ImportCommandTests {
    static let summary = """
        import batch #1 into t.sqlite
        file                    kind           encoding     read  imported  updated  unchanged  duplicates  rejected
        data/companies.csv      companies      utf-8 (BOM)    15        11        0          0           0         4
        data/shareholdings.csv  shareholdings  utf-8          19        13        0          0           0         6
        data/officers.csv       officers       gb18030         8         6        0          0           0         2
        total                                                 42        30        0          0           0        12
        12 rejected rows written to t.sqlite.rejects.csv

        """

    @Test func importsTheFixtureWithRejectsAndWarnings() throws {
        let directory = try fixtureFolder()
        defer { directory.remove() }
        let result = try runRiskBrain(["import", "data", "--db", "t.sqlite"], in: directory.path)
        #expect(result.status == 0)
        #expect(result.stdout == Self.summary)
        let errors = result.stderr.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(errors.first == "warning: data/companies.csv: unknown column ignored: extra")
        #expect(errors.contains("data/shareholdings.csv:7:5: rejected: pct \"abc\": expected a percentage between 0 and 100"))
        #expect(errors.contains("data/companies.csv:10:4: rejected: credit_code \"913301060000000110\": not a valid credit code: wrong check character (expected 4)"))
        // The caret line sits under the offending text.
        #expect(result.stderr.contains("\n    1e2\n    ^^^\n"))
        // Nothing of a progress bar when standard error is not a terminal.
        #expect(!result.stderr.contains("rows/s"))
        let rejects = try String(contentsOfFile: directory.url.appendingPathComponent("t.sqlite.rejects.csv").path, encoding: .utf8)
        #expect(rejects.split(separator: "\n").count == 13)

        // Again: nothing changes.
        let again = try runRiskBrain(["import", "data", "--db", "t.sqlite"], in: directory.path)
        #expect(again.status == 0)
        #expect(again.stdout.contains("data/companies.csv      companies      utf-8 (BOM)    15         0        0         11           0         4"))
        let status = try runRiskBrain(["status", "--db", "t.sqlite", "--format", "json"], in: directory.path)
        #expect(status.stdout.contains("\"companies\": 11"))
        #expect(status.stdout.contains("\"persons\": 7"))
    }

    @Test func strictStopsAtTheFirstRejectionAndWritesNothing() throws {
        let directory = try fixtureFolder()
        defer { directory.remove() }
        let result = try runRiskBrain(["import", "data", "--strict", "--db", "t.sqlite"], in: directory.path)
        #expect(result.status == 1)
        #expect(result.stdout == "")
        #expect(result.stderr == "error: data/companies.csv:6:4: credit_code \"913301060000000026\": this credit code is already given at line 5 with different fields (--strict: nothing was imported)\n")
        // A first import that fails leaves no database; into an existing one it writes nothing.
        #expect(!FileManager.default.fileExists(atPath: directory.url.appendingPathComponent("t.sqlite").path))
        _ = try directory.write("ok/companies.csv", "credit_code,name\n91440300708461136T,腾讯\n")
        #expect(try runRiskBrain(["import", "ok", "--db", "t.sqlite"], in: directory.path).status == 0)
        #expect(try runRiskBrain(["import", "data", "--strict", "--db", "t.sqlite"], in: directory.path).status == 1)
        let status = try runRiskBrain(["status", "--db", "t.sqlite", "--format", "json"], in: directory.path)
        #expect(status.stdout.contains("\"companies\": 1"), "\(status.stdout)")
        #expect(status.stdout.contains("\"shareholdings\": 0"), "\(status.stdout)")
    }

    /// A rejected cell holding a line break is reported on one line (the break shown as its
    /// control picture, no caret line), with --strict and without.
    @Test func aMultiLineRejectedCellIsShownOnOneLine() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        _ = try directory.write("companies.csv", "credit_code,name,status\r\n91440300708461136T,腾讯,\"存续\r\n注销\"\r\n")
        let result = try runRiskBrain(["import", "companies.csv", "--db", "t.sqlite"], in: directory.path)
        #expect(result.status == 0)
        #expect(result.stderr.hasPrefix("companies.csv:2:3: rejected: status \"存续␍␊注销\": expected active/存续"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        let strict = try runRiskBrain(["import", "companies.csv", "--strict", "--db", "s.sqlite"], in: directory.path)
        #expect(strict.status == 1)
        #expect(strict.stderr.hasPrefix("error: companies.csv:2:3: status \"存续␍␊注销\": "), "\(strict.stderr)")
    }

    /// A first import that fails leaves no database behind (a later `status` says there is no
    /// database, not that it is empty); a failed import into an existing database keeps it
    /// as it was. The same for `score --data` and `report --data`.
    @Test func aFailedFirstImportLeavesNoDatabase() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        _ = try directory.write("bad.csv", "credit_code,name\n")
        _ = try directory.write("companies.csv", "credit_code,name\n91440300708461136T,腾讯\n")
        _ = try directory.write("list.csv", "name\n腾讯\n")
        let failed = try runRiskBrain(["import", "bad.csv", "--db", "t.sqlite"], in: directory.path)
        #expect(failed.status == 1)
        #expect(failed.stderr.hasPrefix("error: bad.csv: unknown file name"), "\(failed.stderr)")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix("t.sqlite") }
        #expect(leftovers.isEmpty, "\(leftovers)")
        for command in [["score", "list.csv"], ["report", "list.csv", "--output", "r.html"]] {
            let withData = try runRiskBrain(command + ["--data", "bad.csv", "--db", "d.sqlite", "--as-of", "2026-06-30"], in: directory.path)
            #expect(withData.status == 1, "\(command)")
            #expect(!FileManager.default.fileExists(atPath: directory.url.appendingPathComponent("d.sqlite").path), "\(command)")
        }
        #expect(try runRiskBrain(["import", "companies.csv", "--db", "t.sqlite"], in: directory.path).status == 0)
        #expect(try runRiskBrain(["import", "bad.csv", "--db", "t.sqlite"], in: directory.path).status == 1)
        let status = try runRiskBrain(["status", "--format", "json", "--db", "t.sqlite"], in: directory.path)
        #expect(status.status == 0)
        #expect(status.stdout.contains("\"companies\": 1"), "\(status.stdout)")
    }

    /// An import into a database another process is writing to stops after the 10 s wait
    /// with the import's message, also when the wait happens while opening it (the
    /// migration check): it lacked "nothing was imported" there (found by review).
    @Test func anImportIntoABusyDatabaseSaysNothingWasImported() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        _ = try directory.write("companies.csv", "credit_code,name\n91440300708461136T,腾讯\n")
        #expect(try runRiskBrain(["import", "companies.csv", "--db", "t.sqlite"], in: directory.path).status == 0)
        var configuration = Configuration()
        configuration.allowsUnsafeTransactions = true   // the lock is held across accesses on purpose
        let holder = try DatabaseQueue(path: directory.url.appendingPathComponent("t.sqlite").path, configuration: configuration)
        try holder.writeWithoutTransaction { db in try db.execute(sql: "BEGIN IMMEDIATE") }
        defer { try? holder.writeWithoutTransaction { db in try db.execute(sql: "ROLLBACK") } }
        let busy = try runRiskBrain(["import", "companies.csv", "--db", "t.sqlite"], in: directory.path)
        #expect(busy.status == 1)
        #expect(busy.stderr == "error: t.sqlite: another process is writing to this database (waited 10 s); nothing was imported\n", "\(busy.stderr)")
    }

    @Test func singleFilesWithKindAndEncoding() throws {
        let directory = try fixtureFolder()
        defer { directory.remove() }
        try FileManager.default.copyItem(atPath: directory.url.appendingPathComponent("data/companies.csv").path,
                                         toPath: directory.url.appendingPathComponent("registry-export.csv").path)
        let unnamed = try runRiskBrain(["import", "registry-export.csv", "--db", "t.sqlite"], in: directory.path)
        #expect(unnamed.status == 1)
        #expect(unnamed.stderr.hasPrefix("error: registry-export.csv: unknown file name: name it after its record kind"))
        let named = try runRiskBrain(["import", "registry-export.csv", "--kind", "companies", "--db", "t.sqlite"], in: directory.path)
        #expect(named.status == 0)
        #expect(named.stdout.contains("registry-export.csv  companies  utf-8 (BOM)    15        11"))
        let forced = try runRiskBrain(["import", "data/officers.csv", "--encoding", "utf8", "--db", "t.sqlite"], in: directory.path)
        #expect(forced.status == 1)
        #expect(forced.stderr == "error: data/officers.csv:1:1: invalid utf-8 byte sequence (if the file is GB18030, pass --encoding gb18030)\n")
    }

    @Test func usageAndInputErrors() throws {
        let directory = try TemporaryDirectory(prefix: "riskbrain-cli-import")
        defer { directory.remove() }
        #expect(try runRiskBrain(["import"], in: directory.path).status == 64)
        #expect(try runRiskBrain(["import", "x.csv", "--encoding", "latin1"], in: directory.path).status == 64)
        #expect(try runRiskBrain(["import", "x.csv", "--kind", "people"], in: directory.path).status == 64)
        let missing = try runRiskBrain(["import", "nowhere"], in: directory.path)
        #expect(missing.status == 1)
        #expect(missing.stderr == "error: nowhere: no such file or folder\n")
        try directory.write("companies.csv", "")
        let empty = try runRiskBrain(["import", "companies.csv"], in: directory.path)
        #expect(empty.stderr == "error: companies.csv: empty file (no header row)\n")
        try directory.write("news.csv", "id,title\n1,x\n")
        let lacking = try runRiskBrain(["import", "news.csv"], in: directory.path)
        #expect(lacking.status == 1)
        #expect(lacking.stderr == "error: news.csv:1: the header lacks required columns company, date for news.csv\n")
    }

    /// Errors at a place in a file name its line and column, as rejects do: a NUL byte, a
    /// quote never closed and a bad GB18030 sequence named only the line (found by review).
    @Test func inputErrorsNameLineAndColumn() throws {
        let directory = try TemporaryDirectory(prefix: "riskbrain-cli-import")
        defer { directory.remove() }
        let cases: [([UInt8], String)] = [
            (Array("credit_code,name\n91330106MA2CDE8E6N,ab".utf8) + [0] + Array("c\n".utf8),
             "companies.csv:2:2: not a CSV file: binary data (a NUL byte)"),
            (Array("credit_code,name\n91330106MA2CDE8E6N,\"abc\n".utf8),
             "companies.csv:2:2: not a CSV file: a quoted field starting here is never closed"),
            (Array("credit_code,name\n91330106MA2CDE8E6N,".utf8) + [0xD5, 0xC5, 0xFF, 0x0A],
             "companies.csv:2:2: invalid gb18030 byte sequence"),
        ]
        for (bytes, message) in cases {
            try directory.write("companies.csv", bytes: Data(bytes))
            let result = try runRiskBrain(["import", "companies.csv", "--db", "t.sqlite"], in: directory.path)
            #expect(result.status == 1)
            #expect(result.stderr == "error: \(message)\n")
        }
    }

    /// A file with classic Mac OS line ends (a bare CR) imported 0 rows with exit 0, its rows
    /// in an "unknown columns" warning (found by review).
    @Test func bareCRLineEndsAreAnError() throws {
        let directory = try TemporaryDirectory(prefix: "riskbrain-cli-import")
        defer { directory.remove() }
        try directory.write("companies.csv", "credit_code,name,phone\r91330106MA2CDE8E6N,甲,1\r913301067YQH1XAW23,乙,2\r")
        let result = try runRiskBrain(["import", "companies.csv", "--db", "t.sqlite"], in: directory.path)
        #expect(result.status == 1)
        #expect(result.stderr == "error: companies.csv:1:3: line ends are a bare CR (classic Mac OS): convert the file to LF or CRLF\n")
        #expect(!FileManager.default.fileExists(atPath: directory.url.appendingPathComponent("t.sqlite").path))
    }

    @Test(.enabled(if: sqlite3Available)) func benchImportPrintsItsTable() throws {
        let directory = try fixtureFolder()
        defer { directory.remove() }
        let result = try runRiskBrain(["bench", "import", "data", "--out", "bench.json"], in: directory.path)
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "import benchmark: data")
        #expect(lines.count == 9)
        #expect(lines[1].hasPrefix("file               rows  imported  rejected  seconds"))
        #expect(lines[2].hasPrefix("companies.csv        15        11         4"))
        #expect(lines[2].hasSuffix("  15"))   // sqlite3 read the same 15 rows
        #expect(lines[5].hasPrefix("total                42        30        12"))
        #expect(lines[8].hasPrefix("ratio riskbrain / sqlite3: "))
        let json = try String(contentsOfFile: directory.url.appendingPathComponent("bench.json").path, encoding: .utf8)
        #expect(json.contains("\"rows\": 42"))
        #expect(json.contains("\"peak_rss_bytes\": "))
    }
}

import Foundation
import Testing
import RiskTestSupport

@Suite("CLI: status and errors")
struct StatusCommandTests {
    /// A 0-byte file (`touch`, a failed copy) or an SQLite file with nothing in it is not an
    /// empty RiskBrain database: read commands refuse it and leave it as it was (status said
    /// 0 of everything, score and report wrote empty results; found by review).
    @Test func anEmptyFileIsNotADatabase() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let empty = try directory.write("z.sqlite", "")
        _ = try directory.write("list.csv", "credit_code\n91440300708461136T\n")
        for command in [["status"], ["score", "list.csv"], ["links", "91440300708461136T"]] {
            let result = try runRiskBrain(command + ["--db", empty], in: directory.path)
            #expect(result.status == 1, "\(command)")
            #expect(result.stderr == "error: \(empty) is empty, not a RiskBrain database yet: run `riskbrain import` into it first\n", "\(result.stderr)")
        }
        #expect(try FileManager.default.attributesOfItem(atPath: empty)[.size] as? Int == 0)
        #expect(!FileManager.default.fileExists(atPath: empty + ".graph"))
        // An import makes it one.
        _ = try directory.write("companies.csv", "credit_code,name\n91440300708461136T,腾讯\n")
        #expect(try runRiskBrain(["import", "companies.csv", "--db", empty], in: directory.path).status == 0)
        #expect(try runRiskBrain(["status", "--db", empty], in: directory.path).status == 0)
    }

    /// What the records keep of the past: a rename's former name, a holder who left and an
    /// officer who left are counted under `history` (JSON) and "history kept" (table).
    @Test func historyCountsFormerNamesHoldersAndOfficers() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let a = TestCreditCode.make(1), b = TestCreditCode.make(2)
        let db = directory.url.appendingPathComponent("h.sqlite").path
        _ = try directory.write("one/companies.csv", "credit_code,name\n\(a),甲投资有限公司\n\(b),乙科技有限公司\n")
        _ = try directory.write("one/shareholdings.csv", """
            company,holder_id,holder_name,holder_type,pct,until
            \(b),\(a),甲投资有限公司,company,60,
            \(b),P1,张三,person,40,2024-05-01
            \(b),P2,李四,person,40,

            """)
        _ = try directory.write("one/officers.csv", """
            company,person_id,person_name,role,until
            \(b),P1,张三,supervisor,2023-01-01
            \(b),P2,李四,legal_rep,

            """)
        #expect(try runRiskBrain(["import", "one", "--db", db], in: directory.path).status == 0)
        func history() throws -> String {
            let result = try runRiskBrain(["status", "--db", db, "--format", "json"], in: directory.path)
            #expect(result.status == 0)
            guard let start = result.stdout.range(of: "\"history\": {"), let end = result.stdout.range(of: "}", range: start.upperBound..<result.stdout.endIndex) else { return "" }
            return String(result.stdout[start.upperBound..<end.lowerBound]).filter { !$0.isWhitespace }
        }
        #expect(try history() == "\"former_names\":0,\"former_shareholdings\":1,\"former_officers\":1")
        // A later export renames 甲: its old name is kept as a former name.
        _ = try directory.write("two/companies.csv", "credit_code,name\n\(a),甲控股集团有限公司\n")
        #expect(try runRiskBrain(["import", "two", "--db", db], in: directory.path).status == 0)
        #expect(try history() == "\"former_names\":1,\"former_shareholdings\":1,\"former_officers\":1")
        let table = try runRiskBrain(["status", "--db", db], in: directory.path)
        #expect(table.stdout.contains("history kept:\n  former names          1  曾用名\n  former shareholdings  1  历史股东\n  former officers       1  离任董监高\n"), "\(table.stdout)")
    }

    @Test func helpListsCommands() throws {
        let result = try runRiskBrain(["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("status"))
    }

    /// A command of subcommands given none printed its help and exited 0 (found by review):
    /// a usage error, help on standard error, exit 64.
    @Test func aBareCommandGroupIsAUsageError() throws {
        for arguments in [[], ["bench"], ["model"], ["token"]] {
            let result = try runRiskBrain(arguments)
            #expect(result.status == 64, "\(arguments)")
            #expect(result.stdout.isEmpty && result.stderr.contains("USAGE:"), "\(arguments)")
        }
    }

    @Test func usageErrorExits64() throws {
        let result = try runRiskBrain(["status", "--format", "yaml"])
        #expect(result.status == 64)
    }

    @Test func missingDatabaseIsARuntimeError() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let result = try runRiskBrain(["status"], in: directory.path)
        #expect(result.status == 1)
        #expect(result.stderr == "error: no database at riskbrain.sqlite: run `riskbrain import` first (or pass --db / set RISKBRAIN_DB)\n")
    }

    @Test func environmentVariableNamesTheDatabase() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.url.appendingPathComponent("env.sqlite").path
        _ = try TestDatabaseAt(path: path)
        let result = try runRiskBrain(["status", "--format", "json"], in: directory.path, environment: ["RISKBRAIN_DB": path])
        #expect(result.status == 0)
        #expect(result.stdout.contains("\"schema_version\": \(Schema.knownMigrations.count)"))
        #expect(result.stdout.contains("\"companies\": 0"))
    }
}

import RiskStore
/// Creates a migrated database file at `path`.
func TestDatabaseAt(path: String) throws -> RiskDatabase { try RiskDatabase.open(path: path) }

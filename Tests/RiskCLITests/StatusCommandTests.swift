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

    @Test func helpListsCommands() throws {
        let result = try runRiskBrain(["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("status"))
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

import Foundation
import Testing
import RiskTestSupport

@Suite("CLI: status and errors")
struct StatusCommandTests {
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

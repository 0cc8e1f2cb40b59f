import Foundation
import Testing
import RiskTestSupport

/// `riskbrain import FILE.json` reads BODS 0.4 and the graph answers the declared shares.
@Suite("CLI: BODS import")
struct BODSImportCommandTests {
    static let finland = RepositoryPaths.sharedData("bods-examples").appendingPathComponent("bods-package-fi-soe.json").path

    @Test func finnishStateHoldingIsOneHundredPercentThroughTwoPaths() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.url.appendingPathComponent("b.sqlite").path
        let imported = try runRiskBrain(["import", Self.finland, "--db", db])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("companies.csv"))
        #expect(imported.stdout.contains("shareholdings.csv"))
        // Converted files are kept beside the database so provenance points at them.
        #expect(FileManager.default.fileExists(atPath: db + ".bods/bods-package-fi-soe.json/companies.csv"))

        let owners = try runRiskBrain(["owners", "Gasgrid Finland Oy", "--db", db, "--format", "json"])
        #expect(owners.status == 0, "\(owners.stderr)")
        // The ministry: 76.5% via Suomen Kaasuverkko (held 100%) + 23.5% directly = 100%.
        let json = try #require(try JSONSerialization.jsonObject(with: Data(owners.stdout.utf8)) as? [String: Any])
        let list = try #require(json["owners"] as? [[String: Any]])
        let ministry = try #require(list.first { ($0["name"] as? String) == "Valtiovarainministerio" })
        #expect((ministry["integrated_pct"] as? Double).map { abs($0 - 100) < 1e-9 } == true)
        #expect((ministry["direct_pct"] as? Double) == 23.5)
        #expect((ministry["paths"] as? [[String]])?.count == 2)

        // Importing the same file again changes nothing.
        let again = try runRiskBrain(["import", Self.finland, "--db", db])
        #expect(again.status == 0)
        let status = try runRiskBrain(["status", "--db", db, "--format", "json"])
        #expect(status.stdout.contains("\"companies\": 3"))
        #expect(status.stdout.contains("\"shareholdings\": 4"))
    }

    @Test func notBODSIsAClearError() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let bad = try directory.write("x.json", "{\"not\": \"an array\"}")
        let result = try runRiskBrain(["import", bad, "--db", directory.url.appendingPathComponent("b.sqlite").path])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("error: "))
        #expect(result.stderr.contains("x.json"))
        #expect(result.stderr.contains("top level is not an array"))
    }

    @Test func kindWithJSONIsAUsageError() throws {
        let result = try runRiskBrain(["import", Self.finland, "--kind", "companies", "--db", "/nonexistent/x.sqlite"])
        #expect(result.status == 64)
    }
}

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
        let folders = try FileManager.default.contentsOfDirectory(atPath: db + ".bods")
        #expect(folders.count == 1 && folders[0].hasPrefix("bods-package-fi-soe.json-"), "\(folders)")
        #expect(FileManager.default.fileExists(atPath: db + ".bods/\(folders[0])/companies.csv"))

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

    /// Two BODS files of one name from different folders are converted into folders of
    /// their own: importing both together stores what importing each alone stores (the
    /// second conversion used to overwrite the first's companies).
    @Test func twoFilesOfOneNameAreBothImported() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let examples = RepositoryPaths.sharedData("bods-examples")
        var inputs: [String] = []
        for (folder, example) in [("a", "bods-package-fi-soe.json"), ("b", "indirect-ownership.json")] {
            let target = directory.url.appendingPathComponent(folder)
            try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
            let file = target.appendingPathComponent("statements.json")
            try FileManager.default.copyItem(at: examples.appendingPathComponent(example), to: file)
            inputs.append(file.path)
        }
        func counts(_ files: [String], _ name: String) throws -> [String: Int] {
            let db = directory.url.appendingPathComponent(name).path
            let imported = try runRiskBrain(["import"] + files + ["--db", db])
            #expect(imported.status == 0, "\(imported.stderr)")
            let status = try runRiskBrain(["status", "--db", db, "--format", "json"])
            let json = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
            return try #require(json["counts"] as? [String: Int])
        }
        let first = try counts([inputs[0]], "a.sqlite"), second = try counts([inputs[1]], "b.sqlite")
        let both = try counts(inputs, "both.sqlite")
        #expect(first["companies"]! > 0 && second["companies"]! > 0)
        for kind in ["companies", "persons", "shareholdings"] {
            #expect(both[kind] == first[kind]! + second[kind]!, "\(kind)")
        }
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

    /// A wrong credit code became a second 杭州甲公司 with a made-up code holding 张三's
    /// 60%, exit 0, no warning. Now: a warning and the entity left out; under --strict an
    /// error and nothing written; a file left with nothing to import says why.
    @Test func aWrongCreditCodeIsNeverAcceptedSilently() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let companies = try directory.write("companies.csv", "credit_code,name\n91330106MA2CDE8E6N,杭州甲公司\n")
        let wrong = """
            [{"recordId":"e1","recordType":"entity","recordDetails":{"name":"杭州甲公司","identifiers":[{"id":"91330106MA2CDE8E6C","scheme":"CN-USCC"}]}},
             {"recordId":"p1","recordType":"person","recordDetails":{"names":[{"fullName":"张三"}]}},
             {"recordId":"r1","recordType":"relationship","recordDetails":{"subject":"e1","interestedParty":"p1","interests":[{"type":"shareholding","share":{"exact":60}}]}}
            """
        let bad = try directory.write("bad.json", wrong + "]")
        let mixed = try directory.write("mixed.json", wrong + """
            ,{"recordId":"e2","recordType":"entity","recordDetails":{"name":"Other Ltd"}},
             {"recordId":"r2","recordType":"relationship","recordDetails":{"subject":"e2","interestedParty":"p1","interests":[{"type":"shareholding","share":{"exact":40}}]}}]
            """)
        let reason = #"statement 0 (entity e1): identifier CN-USCC "91330106MA2CDE8E6C" is not a valid credit code: wrong check character (expected N)"#
        let db = directory.url.appendingPathComponent("r.sqlite").path

        let strict = try runRiskBrain(["import", companies, mixed, "--db", db, "--strict"])
        #expect(strict.status == 1)
        #expect(strict.stderr.hasSuffix("error: \(mixed): \(reason) (--strict: nothing was imported)\n"), "\(strict.stderr)")
        #expect(!FileManager.default.fileExists(atPath: db) && !FileManager.default.fileExists(atPath: db + ".bods"))

        let alone = try runRiskBrain(["import", companies, bad, "--db", db])
        #expect(alone.status == 1)
        #expect(alone.stderr.contains("\(bad): cannot read: the BODS file holds no company, shareholding or officer to import (left out: \(reason))"), "\(alone.stderr)")
        #expect(!FileManager.default.fileExists(atPath: db))

        let imported = try runRiskBrain(["import", companies, mixed, "--db", db])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stderr.contains("warning: \(mixed): \(reason); the entity and its relationships are not imported\n"))
        #expect(imported.stderr.contains("warning: \(mixed): statement 2 (relationship r1): subject e1 has a wrong credit code (statement 0); skipped\n"))
        let status = try runRiskBrain(["status", "--db", db, "--format", "json"])
        // 杭州甲公司 from the registry file and Other Ltd; one holding, 张三's 40% in Other Ltd.
        #expect(status.stdout.contains("\"companies\": 2") && status.stdout.contains("\"shareholdings\": 1"), "\(status.stdout)")
    }

    @Test func kindWithJSONIsAUsageError() throws {
        let result = try runRiskBrain(["import", Self.finland, "--kind", "companies", "--db", "/nonexistent/x.sqlite"])
        #expect(result.status == 64)
    }
}

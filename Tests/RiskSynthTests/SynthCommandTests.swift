import Foundation
import Testing
import RiskStore
import RiskTestSupport

/// End-to-end: the `riskbrain synth` command, and the committed sample-data.
@Suite struct SynthCommandTests {
    /// The exact command that generated sample-data (also written in sample-data/README.md).
    static let sampleArguments = ["synth", "--companies", "1500", "--seed", "2026", "--watchlist", "40"]

    @Test func rejectsAScaleOutsideTheRange() throws {
        let directory = try TemporaryDirectory(prefix: "riskbrain-synth")
        defer { directory.remove() }
        let result = try runRiskBrain(["synth", "--companies", "10", "--out", directory.path])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--companies must be between 1000 and 3000000, got 10"))
        let badDate = try runRiskBrain(["synth", "--companies", "1000", "--as-of", "2026-13-01", "--out", directory.path])
        #expect(badDate.status == 64)
        #expect(badDate.stderr.contains("--as-of must be a date YYYY-MM-DD"))
    }

    /// A negative number is the option's value (not read as a flag), so it gets the
    /// option's own range error rather than ArgumentParser's "Missing value".
    @Test(arguments: [
        (["--companies", "-5"], "--companies must be between 1000 and 3000000, got -5"),
        (["--companies", "1000", "--watchlist", "-3"], "--watchlist must be between 0 and 1000, got -3"),
        (["--companies", "1000", "--seed", "-1"], "The value '-1' is invalid for '--seed <s>'"),
    ])
    func negativeNumbersAreRefusedByTheirOption(_ arguments: [String], _ message: String) throws {
        let directory = try TemporaryDirectory(prefix: "riskbrain-synth")
        defer { directory.remove() }
        let result = try runRiskBrain(["synth"] + arguments + ["--out", directory.path])
        #expect(result.status == 64)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    @Test func reportsAnUnwritableFolderAsARuntimeError() throws {
        let directory = try TemporaryDirectory(prefix: "riskbrain-synth")
        defer { directory.remove() }
        let file = try directory.write("occupied", "not a folder")
        let result = try runRiskBrain(["synth", "--companies", "1000", "--out", file])
        #expect(result.status == 1)
        #expect(result.stderr == "error: cannot write into \(file): it exists and is not a folder\n")
        let empty = try runRiskBrain(["synth", "--companies", "1000", "--out", ""], in: directory.path)
        #expect(empty.status == 64)
        #expect(empty.stderr.hasPrefix("Error: --out must name a folder\n"), "\(empty.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["occupied"])
    }

    /// Files in the folder are overwritten; a watch list from an earlier run with
    /// `--watchlist` would pass for the new data's, so a run without it removes that file
    /// (and only that file).
    @Test func aRunWithoutAWatchListRemovesAnEarlierOne() throws {
        let directory = try TemporaryDirectory(prefix: "riskbrain-synth")
        defer { directory.remove() }
        let notes = try directory.write("notes.txt", "kept")
        let first = try runRiskBrain(["synth", "--companies", "1000", "--watchlist", "5", "--out", directory.path])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(FileManager.default.fileExists(atPath: directory.url.appendingPathComponent("watchlist.csv").path))
        let second = try runRiskBrain(["synth", "--companies", "1000", "--out", directory.path])
        #expect(second.status == 0, "\(second.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(names == ["companies.csv", "compliance.csv", "labels.csv", "licences.csv", "litigation.csv", "news.csv",
                          "notes.txt", "officers.csv", "planted.csv", "products.csv", "shareholdings.csv"])
        #expect(try String(contentsOfFile: notes, encoding: .utf8) == "kept")
    }

    @Test func printsTheSummary() throws {
        let directory = try TemporaryDirectory(prefix: "riskbrain-synth")
        defer { directory.remove() }
        let result = try runRiskBrain(["synth", "--companies", "1000", "--seed", "4", "--out", directory.path, "--format", "json"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("{\n  \"files\": [\n    {\n      \"name\": \"companies.csv\",\n      \"rows\": 1000,"))
        #expect(result.stdout.contains("\"rings\": 4,\n  \"decoy_blocks\": 2,\n  \"hubs\": 2\n}"))
    }

    @Test func regeneratingSampleDataGivesTheCommittedFiles() throws {
        let directory = try TemporaryDirectory(prefix: "riskbrain-sample")
        defer { directory.remove() }
        let result = try runRiskBrain(Self.sampleArguments + ["--out", directory.path])
        #expect(result.status == 0, "\(result.stderr)")
        let sample = RepositoryPaths.packageRoot.appendingPathComponent("sample-data")
        let generated = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(generated.count == 11)
        for name in generated {
            let committed = sample.appendingPathComponent(name).path
            #expect(FileManager.default.fileExists(atPath: committed), "sample-data/\(name) is missing")
            guard FileManager.default.fileExists(atPath: committed) else { continue }
            #expect(try Digest.sha256(fileAt: committed) == Digest.sha256(fileAt: directory.url.appendingPathComponent(name).path),
                    "sample-data/\(name) differs from what the generator writes now; regenerate it with: riskbrain \(Self.sampleArguments.joined(separator: " ")) --out sample-data")
        }
    }
}

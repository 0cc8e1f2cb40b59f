import Foundation
import RiskStore
import Testing
import RiskTestSupport

/// End-to-end tests of `riskbrain evaluate` on the small database of ``ScoringCommandTests``.
@Suite("CLI: evaluate")
struct EvaluateCommandTests {
    static var modelPath: String { ScoringCommandTests.modelPath }

    /// A company labelled 1 then 0 kept the last row in file order (found by review): the row
    /// with the latest date is used and stderr names the company and its lines.
    @Test func conflictingLabelsUseTheLatestDateAndWarn() throws {
        let (directory, db) = try ScoringCommandTests().setUp()
        defer { directory.remove() }
        let source = ScoringCommandTests.source, plain = ScoringCommandTests.plain
        try directory.write("labels-conflict.csv", """
            company,label,date,source
            \(source),1,2024-12-01,立案
            \(plain),0,2024-12-01,核查
            \(source),0,2024-01-15,核查
            """)
        let result = try runRiskBrain(["evaluate", "--labels", "labels-conflict.csv", "--db", db, "--model", Self.modelPath,
                                       "--as-of", "2025-01-01", "--format", "json"], in: directory.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr == "warning: labels-conflict.csv: company \(source) has conflicting labels on lines 2, 4; using line 2, the latest (2024-12-01)\n")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(json["positives"] as? Int == 1)
        #expect(json["negatives"] as? Int == 1)
    }

    /// With no negative label the lift is undefined (0/0), not infinite: `-` and `null`; with
    /// negatives none of which an indicator hit, `∞` and `"lift_infinite": true` (found by
    /// review: every indicator that fired read ∞ with positives only).
    @Test func liftIsUndefinedWithoutNegativesAndInfiniteWithoutNegativeHits() throws {
        let (directory, db) = try ScoringCommandTests().setUp()
        defer { directory.remove() }
        let source = ScoringCommandTests.source, plain = ScoringCommandTests.plain
        try directory.write("positives.csv", "company,label\n\(source),1\n")
        try directory.write("both.csv", "company,label\n\(source),1\n\(plain),0\n")
        func indicators(_ labels: String) throws -> (table: String, json: [[String: Any]]) {
            let table = try runRiskBrain(["evaluate", "--labels", labels, "--db", db, "--model", Self.modelPath, "--as-of", "2025-01-01"],
                                         in: directory.path)
            let json = try runRiskBrain(["evaluate", "--labels", labels, "--db", db, "--model", Self.modelPath, "--as-of", "2025-01-01",
                                         "--format", "json"], in: directory.path)
            #expect(table.status == 0 && json.status == 0, "\(table.stderr)\(json.stderr)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            return (table.stdout, object["indicators"] as? [[String: Any]] ?? [])
        }
        let positives = try indicators("positives.csv")
        let hit = positives.json.filter { ($0["positive_hits"] as? Int ?? 0) > 0 }
        #expect(!hit.isEmpty)
        #expect(hit.allSatisfy { $0["lift"] is NSNull && $0["lift_infinite"] == nil }, "\(hit)")
        // The negative hit rate is 0/0 too: null and `-`, not 0 (review).
        #expect(positives.json.allSatisfy { $0["negative_rate"] is NSNull && $0["positive_rate"] is NSNumber }, "\(positives.json)")
        #expect(positives.table.contains(" - (0)"), "\(positives.table)")
        #expect(!positives.table.contains("∞"), "\(positives.table)")
        let both = try indicators("both.csv")
        let infinite = both.json.filter { ($0["positive_hits"] as? Int ?? 0) > 0 && ($0["negative_hits"] as? Int ?? 0) == 0 }
        #expect(!infinite.isEmpty && infinite.allSatisfy { $0["lift"] is NSNull && $0["lift_infinite"] as? Bool == true }, "\(infinite)")
        #expect(both.json.filter { ($0["positive_hits"] as? Int ?? 0) == 0 }.allSatisfy { $0["lift_infinite"] == nil })
        let names = infinite.compactMap { $0["indicator"] as? String }
        #expect(both.table.split(separator: "\n").filter { line in names.contains { line.hasPrefix($0 + " ") } }.allSatisfy { $0.hasSuffix("∞") },
                "\(both.table)")
    }

    /// As of a date before the companies were founded (2015-01-01) the label rows name
    /// companies that did not exist yet: said so, not "not in the database" (found by review).
    @Test func labelsOfCompaniesNotYetFoundedAreNamedSo() throws {
        let (directory, db) = try ScoringCommandTests().setUp()
        defer { directory.remove() }
        let result = try runRiskBrain(["evaluate", "--labels", "labels.csv", "--db", db, "--model", Self.modelPath,
                                       "--as-of", "2010-01-01"], in: directory.path)
        #expect(result.status == 0, "\(result.stderr)")
        let first = result.stdout.split(separator: "\n").dropFirst(2).first.map(String.init) ?? ""
        #expect(first == "labelled companies scored: 0 positive, 0 negative; 2 label row(s) name companies founded after the as-of date (not scored)", "\(first)")
        let json = try runRiskBrain(["evaluate", "--labels", "labels.csv", "--db", db, "--model", Self.modelPath,
                                     "--as-of", "2010-01-01", "--format", "json"], in: directory.path)
        #expect(json.stdout.contains("\"unknown_label_lines\": []") && json.stdout.contains("\"not_established_label_lines\": ["), "\(json.stdout)")
    }

    /// The evaluation JSON carried no data fingerprint (it passed ""): it carries the one
    /// `score` reports for the same database.
    @Test func evaluationJSONCarriesTheDataFingerprint() throws {
        let (directory, db) = try ScoringCommandTests().setUp()
        defer { directory.remove() }
        let evaluation = try runRiskBrain(["evaluate", "--labels", "labels.csv", "--db", db, "--model", Self.modelPath,
                                           "--as-of", "2025-01-01", "--format", "json"], in: directory.path)
        let score = try runRiskBrain(["score", "watchlist.csv", "--db", db, "--model", Self.modelPath, "--as-of", "2025-01-01",
                                      "--format", "json"], in: directory.path)
        #expect(evaluation.status == 0 && score.status == 0)
        let evaluated = try #require(try JSONSerialization.jsonObject(with: Data(evaluation.stdout.utf8)) as? [String: Any])
        let scored = try #require(try JSONSerialization.jsonObject(with: Data(score.stdout.utf8)) as? [String: Any])
        let fingerprint = try #require(evaluated["data_fingerprint"] as? String)
        #expect(fingerprint.count == 64)
        #expect(fingerprint == scored["data_fingerprint"] as? String)
    }

    /// Two evaluations with different label files carried the same provenance (the data
    /// fingerprint leaves labels out), and the table carried none (found by review): the JSON
    /// names the label file with its sha256, and the table starts with the model, as-of and
    /// data line `score` prints, then the label file's.
    @Test func evaluationNamesItsLabelFileAndTheTableItsProvenance() throws {
        let (directory, db) = try ScoringCommandTests().setUp()
        defer { directory.remove() }
        let arguments = ["evaluate", "--labels", "labels.csv", "--db", db, "--model", Self.modelPath, "--as-of", "2025-01-01"]
        let json = try runRiskBrain(arguments + ["--format", "json"], in: directory.path)
        #expect(json.status == 0, "\(json.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let labels = try #require(object["labels"] as? [String: String])
        let sha = try Digest.sha256(fileAt: directory.url.appendingPathComponent("labels.csv").path)
        #expect(labels == ["path": "labels.csv", "sha256": sha])
        let fingerprint = try #require(object["data_fingerprint"] as? String)
        let table = try runRiskBrain(arguments, in: directory.path)
        let lines = table.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first?.hasPrefix("model illegal-fundraising ") == true && lines.first?.contains("as of 2025-01-01  data \(fingerprint.prefix(12))…") == true, "\(lines)")
        #expect(lines.dropFirst().first == "labels labels.csv (sha256 \(sha.prefix(12))…)")
    }
}

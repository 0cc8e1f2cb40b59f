import Foundation
import Testing
import RiskTestSupport

/// End-to-end tests of `riskbrain report` on the repository's sample-data.
@Suite("CLI: report")
struct ReportCommandTests {
    static let regenerate = """
        swift run riskbrain report sample-data/watchlist.csv --data sample-data --as-of 2026-06-30 \
        --db /tmp/x.sqlite --output reports/sample-watchlist.html   (with /tmp/x.sqlite removed first)
        """

    /// Runs the README's job command into a temporary database and output file.
    func report(format: String, in directory: TemporaryDirectory) throws -> (CommandResult, String) {
        let output = directory.url.appendingPathComponent("report.\(format)").path
        let result = try runRiskBrain(["report", "sample-data/watchlist.csv", "--data", "sample-data", "--as-of", "2026-06-30",
                                       "--db", directory.url.appendingPathComponent("x.sqlite").path, "--output", output,
                                       "--format", format],
                                      in: RepositoryPaths.packageRoot.path)
        return (result, output)
    }

    @Test("regenerating the sample report gives the committed reports/sample-watchlist.html byte for byte")
    func committedSampleIsCurrent() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (result, output) = try report(format: "html", in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let generated = try Data(contentsOf: URL(fileURLWithPath: output))
        let committed = try Data(contentsOf: RepositoryPaths.packageRoot.appendingPathComponent("reports/sample-watchlist.html"))
        #expect(generated == committed, """
            reports/sample-watchlist.html is out of date (the model, scoring, data or report format changed). \
            Regenerate it from the repository root with: \(Self.regenerate)
            """)
    }

    @Test("report prints the ranked table and linked warnings, writes the file and the import summary")
    func printsTableAndWritesFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (result, output) = try report(format: "md", in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("40 scored: high 8, medium 0, low 32"))
        #expect(result.stdout.contains("linked warnings (16)"), "12 out-of-city affiliates and the 4 holding companies")
        #expect(result.stderr.contains("import batch #1"))
        #expect(result.stderr.contains("report written to \(output)"))
        let markdown = try String(contentsOfFile: output, encoding: .utf8)
        #expect(markdown.hasPrefix("# 非法集资风险排查报告"))
        #expect(markdown.contains("（2026）京0108民初1150号"))
    }

    @Test("json has the same content; a bad --as-of is a usage error; a missing database without --data is an error")
    func jsonAndErrors() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (result, output) = try report(format: "json", in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output))) as? [String: Any]
        #expect((json?["results"] as? [Any])?.count == 40)
        let bad = try runRiskBrain(["report", "sample-data/watchlist.csv", "--as-of", "30/06/2026"], in: RepositoryPaths.packageRoot.path)
        #expect(bad.status == 64)
        let missing = try runRiskBrain(["report", "sample-data/watchlist.csv", "--db", directory.url.appendingPathComponent("none.sqlite").path],
                                       in: RepositoryPaths.packageRoot.path)
        #expect(missing.status == 1)
        #expect(missing.stderr.hasPrefix("error: "))
        // An output under a plain file: one line naming it, not Foundation's error dump.
        let file = try directory.write("plain", "x")
        let unwritable = try runRiskBrain(["report", "sample-data/watchlist.csv", "--db", directory.url.appendingPathComponent("x.sqlite").path,
                                           "--as-of", "2026-06-30", "--output", file + "/r.html"], in: RepositoryPaths.packageRoot.path)
        #expect(unwritable.status == 1)
        #expect(unwritable.stderr.hasPrefix("error: cannot write \(file)/r.html: "), "\(unwritable.stderr)")
        #expect(!unwritable.stderr.contains("NSCocoaErrorDomain"))
        #expect(unwritable.stderr.split(separator: "\n").count == 1)
    }

    /// `report --data` listed only the count of rejected rows, where `score --data` and
    /// `import` list each with its file:line:column and reason (found by review).
    @Test func reportWithDataListsTheRejectedRows() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let companies = try String(contentsOf: RepositoryPaths.packageRoot.appendingPathComponent("sample-data/companies.csv"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: true)
        let code = String(companies[1].prefix(18))
        try directory.write("data/companies.csv", companies[0] + "\n" + companies[1] + "\n" + "91330106MA27XXXXX1,坏码公司\n")
        try directory.write("list.csv", "credit_code\n\(code)\n")
        let result = try runRiskBrain(["report", "list.csv", "--data", "data", "--db", "r.sqlite", "--as-of", "2026-06-30",
                                       "--model", RepositoryPaths.packageRoot.appendingPathComponent("models/illegal-fundraising.yaml").path,
                                       "--output", "r.md", "--format", "md"], in: directory.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("data/companies.csv:3:1: rejected: credit_code"), "\(result.stderr)")
    }

    /// 异地 was judged against the source company's city while the README promised the
    /// bureau's jurisdiction, and the report never said which (found by review):
    /// `--jurisdiction 33` marks what lies outside Zhejiang, and the report says what 异地 means.
    @Test func jurisdictionDecidesWhatIsRemoteAndTheReportSaysSo() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let root = RepositoryPaths.packageRoot.path
        func report(_ extra: [String]) throws -> (CommandResult, String) {
            let output = directory.url.appendingPathComponent("r\(extra.count).md").path
            let result = try runRiskBrain(["report", "sample-data/watchlist.csv", "--data", "sample-data", "--as-of", "2026-06-30",
                                           "--db", directory.url.appendingPathComponent("r.sqlite").path, "--format", "md",
                                           "--output", output] + extra, in: root)
            return (result, (try? String(contentsOfFile: output, encoding: .utf8)) ?? "")
        }
        let (plain, text) = try report([])
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(text.contains("异地：与其关联的名单企业不在同一城市（行政区划代码前四位不同）；本报告未指定辖区。"))
        let (zhejiang, local) = try report(["--jurisdiction", "33"])
        #expect(zhejiang.status == 0, "\(zhejiang.stderr)")
        #expect(local.contains("异地：注册地不在本辖区（浙江 33）内，建议通报属地金融管理部门。"))
        let rows = local.split(separator: "\n").filter { $0.hasPrefix("| ") && $0.contains("| 77.0 |") }
        #expect(!rows.isEmpty)
        for row in rows {
            let cells = row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            // cells: name, code, region, 异地, …: outside Zhejiang exactly when the region is not 浙江.
            #expect((cells[3] == "异地") == !cells[2].hasPrefix("浙江"), "\(row)")
        }
        #expect(try runRiskBrain(["report", "sample-data/watchlist.csv", "--jurisdiction", "3x"], in: root).status == 64)
        #expect(try runRiskBrain(["report", "sample-data/watchlist.csv", "--jurisdiction", "331"], in: root).status == 64)
    }
}

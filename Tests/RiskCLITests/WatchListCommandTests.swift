import Foundation
import GRDB
import Testing
import RiskDomain
import RiskStore
import RiskTestSupport

/// End-to-end tests of what `score`, `report` and `evaluate` make of a watch list's file and
/// rows, and of `score --all` / `--compare` summaries (eleventh review's findings), on the
/// database of ``ScoringCommandTests``.
@Suite("CLI: watch-list files, rows and screening summaries")
struct WatchListCommandTests {
    typealias Base = ScoringCommandTests

    func score(_ arguments: [String], in directory: TemporaryDirectory, db: String) throws -> CommandResult {
        try runRiskBrain(["score"] + arguments + ["--db", db, "--model", Base.modelPath, "--as-of", "2025-01-01"], in: directory.path)
    }

    /// A list (and a labels file) with classic Mac OS line ends read as 0 rows: "0 scored",
    /// an all-clear report, exit 0. A header with no rows was accepted too (found by review).
    @Test func bareCRAndEmptyListsAreRefused() throws {
        let (directory, db) = try Base().setUp()
        defer { directory.remove() }
        let watchlist = try String(contentsOfFile: directory.url.appendingPathComponent("watchlist.csv").path, encoding: .utf8)
        try directory.write("mac.csv", watchlist.replacingOccurrences(of: "\n", with: "\r") + "\r")
        let mac = try score(["mac.csv"], in: directory, db: db)
        #expect(mac.status == 1 && mac.stdout.isEmpty)
        #expect(mac.stderr == "error: mac.csv:1:4: line ends are a bare CR (classic Mac OS): convert the file to LF or CRLF\n", "\(mac.stderr)")
        let report = try runRiskBrain(["report", "mac.csv", "--db", db, "--model", Base.modelPath, "--as-of", "2025-01-01",
                                       "--format", "md", "--output", "mac.md"], in: directory.path)
        #expect(report.status == 1, "\(report.stdout)")
        #expect(!FileManager.default.fileExists(atPath: directory.url.appendingPathComponent("mac.md").path))
        try directory.write("empty.csv", "referral_no,credit_code,name\n")
        let empty = try score(["empty.csv"], in: directory, db: db)
        #expect(empty.status == 1)
        #expect(empty.stderr == "error: empty.csv:1: the watch list names no company (a header and no rows with a credit code or name)\n")
        try directory.write("maclabels.csv", "company,label\r\(Base.source),1\r")
        let labels = try runRiskBrain(["evaluate", "--labels", "maclabels.csv", "--db", db, "--model", Base.modelPath, "--as-of", "2025-01-01"],
                                      in: directory.path)
        #expect(labels.status == 1)
        #expect(labels.stderr == "error: maclabels.csv:1:2: line ends are a bare CR (classic Mac OS): convert the file to LF or CRLF\n")
    }

    /// A code copied from another row scored the code's company under the referral of the
    /// company the row named; an invalid or unknown code fell back to the name without a
    /// word (found by review).
    @Test func codeAndNameAreCheckedAgainstEachOther() throws {
        let (directory, db) = try Base().setUp()
        defer { directory.remove() }
        let badCheck = String(Base.plain.dropLast()) + (Base.plain.last == "0" ? "1" : "0")
        try directory.write("rows.csv", """
            referral_no,credit_code,name
            R1,\(Base.source),杭州青山软件有限公司
            R2,\(badCheck),杭州青山软件有限公司
            R3,\(Base.code(77)),不存在的公司
            """)
        let table = try score(["rows.csv"], in: directory, db: db)
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("1 scored: high 0, medium 0, low 1"), "\(table.stdout)")
        #expect(table.stdout.contains("""
            line 2: \(Base.source) 杭州青山软件有限公司 — code_name_mismatch: the credit code \(Base.source) is 杭州鑫盛财富管理有限公司 \
            in the registry, not 杭州青山软件有限公司 as the row names it; not scored; \
            candidates: \(Base.source) 杭州鑫盛财富管理有限公司, \(Base.plain) 杭州青山软件有限公司
            """), "\(table.stdout)")
        let invalid = "matched by name; the credit code \(badCheck) is invalid: wrong check character (expected \(Base.plain.last!))"
        #expect(table.stdout.contains("notes (1):\n  #1 \(Base.plain) 杭州青山软件有限公司 — \(invalid)"), "\(table.stdout)")
        #expect(table.stdout.contains("line 4: \(Base.code(77)) 不存在的公司 — not_found (the credit code \(Base.code(77)) is unknown (not in the registry)); no candidates"),
                "\(table.stdout)")

        let json = try score(["rows.csv", "--format", "json"], in: directory, db: db)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((document["results"] as? [[String: Any]])?.map { $0["note"] as? String } == [invalid])
        let unmatched = try #require(document["unmatched"] as? [[String: Any]])
        #expect(unmatched.map { $0["reason"] as? String } == ["code_name_mismatch", "not_found"])
        #expect((unmatched[0]["candidates"] as? [[String: String]])?.map { $0["credit_code"] } == [Base.source, Base.plain])
        #expect((unmatched[0]["note"] as? String)?.contains("is 杭州鑫盛财富管理有限公司 in the registry, not 杭州青山软件有限公司") == true)

        let csv = try score(["rows.csv", "--format", "csv"], in: directory, db: db)
        #expect(csv.stdout.contains(",R2,\(badCheck),杭州青山软件有限公司,scored,,\(invalid),"), "\(csv.stdout)")
        #expect(csv.stdout.contains(",code_name_mismatch,2,\"the credit code \(Base.source) is 杭州鑫盛财富管理有限公司 in the registry, not 杭州青山软件有限公司 as the row names it; not scored: \(Base.source) 杭州鑫盛财富管理有限公司; \(Base.plain) 杭州青山软件有限公司\","), "\(csv.stdout)")

        let report = try runRiskBrain(["report", "rows.csv", "--db", db, "--model", Base.modelPath, "--as-of", "2025-01-01",
                                       "--format", "md", "--output", "rows.md"], in: directory.path)
        #expect(report.status == 0, "\(report.stderr)")
        let markdown = try String(contentsOfFile: directory.url.appendingPathComponent("rows.md").path, encoding: .utf8)
        #expect(markdown.contains("统一社会信用代码与企业名称不符，未予评分"))
        #expect(markdown.contains("按企业名称匹配，名单信用代码无效或不在登记库中 (matched by name;"))
    }

    /// `score --all --limit 2` said "2 scored: high 2" of a run of 5 and "linked warnings:
    /// none"; the JSON had no totals (found by review).
    @Test func aScreeningSummaryCountsTheWholeRun() throws {
        let (directory, db) = try Base().setUp()
        defer { directory.remove() }
        let table = try score(["--all", "--limit", "2"], in: directory, db: db)
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.hasSuffix("\n5 scored: high 2, medium 0, low 3 (stored run 1); the top 2 listed above\n"), "\(table.stdout)")
        #expect(!table.stdout.contains("linked warnings"))
        let json = try score(["--all", "--limit", "1", "--format", "json"], in: directory, db: db)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let screening = try #require(document["screening"] as? [String: Int])
        #expect(screening == ["run_id": 2, "companies": 5, "high": 2, "medium": 0, "low": 3, "listed": 1])
        #expect((document["results"] as? [Any])?.count == 1)
    }

    /// A failed `score --all` (an --output it cannot write) stored its run, then exited 1
    /// (found by review): the place is checked before anything is scored.
    @Test func aScreeningThatCannotWriteItsOutputStoresNothing() throws {
        let (directory, db) = try Base().setUp()
        defer { directory.remove() }
        // A file where the output's folder would be made (a missing folder is made).
        try directory.write("in-the-way", "x")
        let missing = directory.url.appendingPathComponent("in-the-way/top.txt").path
        let failed = try score(["--all", "--output", missing], in: directory, db: db)
        #expect(failed.status == 1)
        #expect(failed.stderr.hasPrefix("error: cannot write \(missing)"), "\(failed.stderr)")
        let runs = try runRiskBrain(["score", "--runs", "--db", db], in: directory.path)
        #expect(runs.stdout == "no stored runs: run `riskbrain score --all` first\n", "\(runs.stdout)")
    }

    /// `--compare` of runs at different as-of dates counted companies not yet founded at the
    /// earlier date as level changes (`low → absent`; found by review): counted and listed
    /// apart.
    @Test func compareCountsCompaniesInOneRunApart() throws {
        let (directory, db) = try Base().setUp()
        defer { directory.remove() }
        _ = try runRiskBrain(["score", "--all", "--db", db, "--model", Base.modelPath, "--as-of", "2010-01-01"], in: directory.path)
        _ = try score(["--all"], in: directory, db: db)
        let table = try runRiskBrain(["score", "--compare", "1,2", "--db", db], in: directory.path)
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.hasPrefix("run 1 → run 2: 0 companies changed level; 5 companies in one run only (0 only in run 1, 5 only in run 2)\n"),
                "\(table.stdout)")
        #expect(table.stdout.contains("\nin one run only (not founded by the other's as-of date, or not in its data):\n  "), "\(table.stdout)")
        #expect(table.stdout.components(separatedBy: "\n").contains { $0.hasPrefix("  \(Base.source)") && $0.contains("absent") }, "\(table.stdout)")
        let json = try runRiskBrain(["score", "--compare", "1,2", "--db", db, "--format", "json"], in: directory.path)
        let pair = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((pair["changes"] as? [Any])?.isEmpty == true)
        #expect((pair["absent"] as? [[String: Any]])?.count == 5)
        let csv = try runRiskBrain(["score", "--compare", "1,2", "--db", db, "--format", "csv"], in: directory.path)
        #expect(csv.stdout.hasPrefix("credit_code,before_level,before_score,after_level,after_score,change\n"))
        #expect(csv.stdout.split(separator: "\n").dropFirst().allSatisfy { $0.hasSuffix(",only_in_to") }, "\(csv.stdout)")
    }
}

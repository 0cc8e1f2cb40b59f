import Foundation
import GRDB
import Testing
import RiskTestSupport
import RiskDomain
import RiskGraph
import RiskStore
@testable import RiskScoring

/// How watch-list rows are matched to companies: codes exactly, names exactly, then by their
/// normalised form (as `riskbrain links NAME` resolves them); never guessed.
@Suite("Scoring: watch-list matching")
struct WatchListMatchingTests {
    static func code(_ n: Int) -> String { TestCreditCode.make(n) }

    @Test func namesMatchExactlyThenNormalisedAndOtherwiseAreListed() throws {
        let database = try RiskDatabase.inMemory()
        try database.writer.write { db in
            try db.execute(sql: "INSERT INTO import_batch (id, started_at) VALUES (1, '2025-01-01T00:00:00Z')")
            for (n, name) in [(1, "杭州永静晨企业管理咨询有限公司"), (2, "同名（杭州）商贸有限公司"), (3, "同名（杭州）商贸有限公司"),
                              (4, "杭州青山软件有限公司")] {
                try db.execute(sql: """
                    INSERT INTO company (credit_code, name, region_code, status, batch_id, src_file, src_line)
                    VALUES (?, ?, '330106', 'active', 1, 'companies.csv', ?)
                    """, arguments: [Self.code(n), name, n + 1])
            }
        }
        let names = ["杭州永静晨企业管理咨询有限责任公司", "杭州 永静晨企业管理咨询有限公司", "同名(杭州)商贸有限责任公司",
                     "杭州青山软件有限公司", "青山软件", "不存在的公司"]
        let list = WatchList(entries: names.enumerated().map { index, name in
            WatchList.Entry(line: index + 2, creditCode: nil, name: name, input: [("name", name)])
        })
        let (matched, unmatched) = try database.writer.read { db in try list.resolve(db) }
        #expect(matched.map(\.code) == [Self.code(1), Self.code(1), Self.code(4)])
        #expect(matched.map { $0.entry.input[0].1 } == [names[0], names[1], names[3]])
        #expect(unmatched.map(\.line) == [4, 6, 7])
        #expect(unmatched.map(\.reason) == ["ambiguous", "not_found", "not_found"])
        #expect(unmatched[0].candidates.map(\.code) == [Self.code(2), Self.code(3)])
        #expect(unmatched[1].candidates.map(\.code) == [Self.code(4)])
        #expect(unmatched[2].candidates.isEmpty)
    }

    /// A second row naming a listed company (another referral of it) vanished from the output:
    /// the company is scored once, under its first row, and the repeat is reported with its
    /// own input and the line it repeats (found by review).
    @Test func aRepeatedCompanyIsScoredOnceAndTheRepeatReported() throws {
        let f = try ScoringFixture()
        let a = try f.company(ScoringFixture.code(1), "杭州甲有限公司"), b = try f.company(ScoringFixture.code(2), "杭州乙有限公司")
        let rows: [(String?, String?, String)] = [(a, nil, "A-001"), (b, nil, "A-002"), (nil, "杭州甲有限公司", "A-003")]
        let list = WatchList(entries: rows.enumerated().map { index, row in
            WatchList.Entry(line: index + 2, creditCode: row.0, name: row.1, input: [("referral_no", row.2)])
        })
        let scorer = try #require(ScoringFixture.defaultScorer)
        let graph = try EntityGraph.build(from: f.database)
        let report = try f.database.writer.read { db in try scorer.scoreList(db, list: list, fingerprint: "", graph: graph) }
        #expect(report.results.map(\.creditCode) == [a, b].sorted())
        #expect(report.result(a)?.input.first?.1 == "A-001")
        let repeated = try #require(report.unmatched.first)
        #expect(report.unmatched.count == 1)
        #expect(repeated.line == 4 && repeated.reason == "duplicate" && repeated.duplicateOf == 2)
        #expect(repeated.input.first?.1 == "A-003")
        #expect(repeated.candidates.map(\.code) == [a])
        let json = try JSONSerialization.jsonObject(with: Data(report.json().serialized().utf8)) as? [String: Any]
        let entry = try #require((json?["unmatched"] as? [[String: Any]])?.first)
        #expect(entry["reason"] as? String == "duplicate" && entry["duplicate_of"] as? Int == 2)
    }

    /// A database of four companies (codes 1–4) for the code-and-name rules.
    static func registry() throws -> RiskDatabase {
        let database = try RiskDatabase.inMemory()
        try database.writer.write { db in
            try db.execute(sql: "INSERT INTO import_batch (id, started_at) VALUES (1, '2025-01-01T00:00:00Z')")
            for (n, name) in [(1, "苏州鼎鑫财富管理有限公司"), (2, "北京聚财金融信息服务有限公司"), (3, "杭州青山软件有限公司")] {
                try db.execute(sql: """
                    INSERT INTO company (credit_code, name, region_code, status, batch_id, src_file, src_line)
                    VALUES (?, ?, '330106', 'active', 1, 'companies.csv', ?)
                    """, arguments: [Self.code(n), name, n + 1])
            }
        }
        return database
    }

    static func entries(_ rows: [(String?, String?)]) -> WatchList {
        WatchList(entries: rows.enumerated().map { index, row in
            WatchList.Entry(line: index + 2, creditCode: row.0, name: row.1, input: [("credit_code", row.0 ?? ""), ("name", row.1 ?? "")])
        })
    }

    /// A row's code and name were never compared: a code copied from the wrong row scored
    /// the code's company and said nothing of the company the row named (found by review).
    /// Now the row is `code_name_mismatch`, unscored, with both companies as candidates; a
    /// name that is the registry's under normalisation still matches.
    @Test func aCodeWhoseCompanyHasAnotherNameIsNotScored() throws {
        let database = try Self.registry()
        let list = Self.entries([(Self.code(1), "北京聚财金融信息服务有限公司"), (Self.code(1), "苏州鼎鑫财富管理有限责任公司"),
                                 (Self.code(1), nil), (Self.code(3), "不存在的公司")])
        let (matched, unmatched) = try database.writer.read { db in try list.resolve(db) }
        #expect(matched.map(\.code) == [Self.code(1), Self.code(1), Self.code(3)])
        #expect(matched.map(\.entry.line) == [3, 4, 5])
        #expect(matched[0].entry.matchNote == "matched by credit code; the row's name 苏州鼎鑫财富管理有限责任公司 is the registry's 苏州鼎鑫财富管理有限公司 in another spelling")
        #expect(WatchList.chineseLabel(forMatchNote: matched[0].entry.matchNote ?? "") == "按统一社会信用代码匹配，名单名称与登记名称写法不同")
        #expect(matched[1].entry.matchNote == nil)
        #expect(matched.last?.entry.matchNote?.hasPrefix("matched by credit code; the row's name 不存在的公司") == true)
        #expect(unmatched.map(\.line) == [2])
        #expect(unmatched.map(\.reason) == ["code_name_mismatch"])
        #expect(unmatched[0].candidates.map(\.code) == [Self.code(1), Self.code(2)])
        #expect(unmatched[0].note == "the credit code \(Self.code(1)) is 苏州鼎鑫财富管理有限公司 in the registry, not 北京聚财金融信息服务有限公司 as the row names it; not scored")
    }

    /// Found by review: a code beside *another company's exact name* was scored silently as the
    /// code's company when the two names differed only in legal form (股份有限公司 folded to
    /// 有限公司) or spelling; a name-only 股份有限公司 matched the 有限公司 of the same words; a
    /// match in another spelling said nothing; a typo or a zero-width space gave no candidates.
    @Test func legalFormsAreDistinctAndOtherSpellingsAreSaid() throws {
        let database = try RiskDatabase.inMemory()
        try database.writer.write { db in
            try db.execute(sql: "INSERT INTO import_batch (id, started_at) VALUES (1, '2025-01-01T00:00:00Z')")
            for (n, name) in [(1, "宁波金汇财富管理有限公司"), (2, "宁波金汇财富管理股份有限公司"), (3, "杭州（西湖）鑫盛投资有限公司"),
                              (4, "杭州远景咨询有限公司"), (5, "同名（杭州）商贸有限公司"), (6, "同名(杭州)商贸有限公司")] {
                try db.execute(sql: "INSERT INTO company (credit_code, name, region_code, status, batch_id, src_file, src_line) VALUES (?, ?, '330106', 'active', 1, 'companies.csv', ?)",
                               arguments: [Self.code(n), name, n + 1])
            }
        }
        let list = Self.entries([
            (Self.code(1), "宁波金汇财富管理股份有限公司"),   // 2: another company's exact name
            (Self.code(5), "同名(杭州)商贸有限公司"),          // 3: the same, differing only in brackets
            (nil, "杭州(西湖)鑫盛投资有限责任公司"),           // 4: another spelling of 3's name
            (nil, "杭州远景咨询股份有限公司"),                 // 5: no such joint-stock company
            (nil, "杭州远景咨询有限公同"),                     // 6: a typo
            (nil, "杭州远景\u{200B}咨询有限公司"),              // 7: a zero-width space pasted in
        ])
        let (matched, unmatched) = try database.writer.read { db in try list.resolve(db) }
        #expect(matched.map(\.code) == [Self.code(3), Self.code(4)])
        #expect(matched[0].entry.matchNote == "matched by name in another spelling: registered as 杭州（西湖）鑫盛投资有限公司")
        #expect(WatchList.chineseLabel(forMatchNote: matched[0].entry.matchNote ?? "") == "按企业名称匹配，名单名称与登记名称写法不同")
        #expect(matched[1].entry.line == 7 && matched[1].entry.matchNote == "matched by name in another spelling: registered as 杭州远景咨询有限公司")
        #expect(unmatched.map(\.line) == [2, 3, 5, 6])
        #expect(unmatched.map(\.reason) == ["code_name_mismatch", "code_name_mismatch", "not_found", "not_found"])
        #expect(unmatched[0].candidates.map(\.code) == [Self.code(1), Self.code(2)])
        #expect(unmatched[0].note == "the credit code \(Self.code(1)) is 宁波金汇财富管理有限公司 in the registry, not 宁波金汇财富管理股份有限公司 as the row names it; not scored")
        #expect(unmatched[1].candidates.map(\.code) == [Self.code(5), Self.code(6)])
        #expect(unmatched[1].note == "the credit code \(Self.code(5)) is 同名（杭州）商贸有限公司 in the registry, not 同名(杭州)商贸有限公司 as the row names it, the registered name of \(Self.code(6)); not scored")
        #expect(unmatched[2].candidates.map(\.code) == [Self.code(4)])
        #expect(unmatched[3].candidates.map(\.code) == [Self.code(4)])
    }

    /// A name no company has next to a registered code (a former name, a typo) was refused as
    /// a mismatch like another company's name, so a renamed company was never scored (found
    /// by review of the fix above): it is scored by the code and says so.
    @Test func aCodeWithANameNoCompanyHasIsScoredWithANote() throws {
        let database = try Self.registry()
        let list = Self.entries([(Self.code(3), "苏州鼎鑫投资管理有限公司")])
        let (matched, unmatched) = try database.writer.read { db in try list.resolve(db) }
        #expect(unmatched.isEmpty)
        #expect(matched.map(\.code) == [Self.code(3)])
        let registryName = try database.writer.read { db in try String.fetchOne(db, sql: "SELECT name FROM company WHERE credit_code = ?", arguments: [Self.code(3)]) }
        #expect(matched.first?.entry.matchNote == "matched by credit code; the row's name 苏州鼎鑫投资管理有限公司 is not the registry's \(registryName ?? "") (a former name?)")
        #expect(WatchList.chineseLabel(forMatchNote: matched.first?.entry.matchNote ?? "") == "按统一社会信用代码匹配，名单名称与登记名称不符")
    }

    /// A code that is invalid or not in the registry fell back to the row's name without a
    /// word (found by review): the row is matched by its name and says why.
    @Test func aRowMatchedByNameDespiteItsCodeSaysSo() throws {
        let database = try Self.registry()
        let good = Self.code(2)
        let badCheck = String(good.dropLast()) + (good.last == "0" ? "1" : "0")
        let unknown = Self.code(99)
        let list = Self.entries([(badCheck, "北京聚财金融信息服务有限公司"), (unknown, "苏州鼎鑫财富管理有限公司"), (unknown, "不存在的公司"),
                                 (badCheck, nil)])
        let (matched, unmatched) = try database.writer.read { db in try list.resolve(db) }
        #expect(matched.map(\.code) == [Self.code(2), Self.code(1)])
        let expected = try #require(CreditCode.checkCharacter(for: String(good.prefix(17))))
        #expect(matched[0].entry.matchNote == "matched by name; the credit code \(badCheck) is invalid: wrong check character (expected \(expected))")
        #expect(matched[1].entry.matchNote == "matched by name; the credit code \(unknown) is unknown (not in the registry)")
        #expect(unmatched.map(\.reason) == ["not_found", "bad_credit_code"])
        #expect(unmatched[0].note == "the credit code \(unknown) is unknown (not in the registry)")
        // What is wrong with a bare invalid code is said too (found by review: no note).
        #expect(unmatched[1].note == "the credit code \(badCheck) is invalid: wrong check character (expected \(expected))")
    }

    /// A name cell over 50,000 bytes (a stray quote swallowing rows) failed the whole list with
    /// SQLite's "LIKE or GLOB pattern too complex" (found by review): it is an unmatched row.
    @Test func aHugeNameIsUnmatchedNotAnSQLError() throws {
        let database = try Self.registry()
        let huge = String(repeating: "某", count: 17_000)
        let list = Self.entries([(nil, huge), (nil, "杭州青山软件有限公司")])
        let (matched, unmatched) = try database.writer.read { db in try list.resolve(db) }
        #expect(matched.map(\.code) == [Self.code(3)])
        #expect(unmatched.map(\.reason) == ["not_found"] && unmatched[0].candidates.isEmpty)
    }

    /// A repeat of a row whose company was not established by the as-of date said
    /// "duplicate of line 2, scored there" although nothing was scored (found by review).
    @Test func aRepeatOfAnUnscoredRowSaysSo() throws {
        let f = try ScoringFixture()
        let late = try f.company(ScoringFixture.code(1), "杭州晚成立有限公司", established: "2030-01-01")
        let list = WatchList(entries: [(late, "A-1"), (late, "A-2")].enumerated().map { index, row in
            WatchList.Entry(line: index + 2, creditCode: row.0, name: nil, input: [("referral_no", row.1)])
        })
        let scorer = try #require(ScoringFixture.defaultScorer)
        let graph = try EntityGraph.build(from: f.database)
        let report = try f.database.writer.read { db in try scorer.scoreList(db, list: list, fingerprint: "", graph: graph) }
        #expect(report.results.isEmpty)
        #expect(report.unmatched.map(\.reason) == ["not_established", "duplicate"])
        #expect(report.unmatched[1].established == LocalDate(iso: "2030-01-01"))
        let table = report.table(model: scorer.model)
        #expect(table.contains("line 3: \(late) — duplicate of line 2, which is not established by the as-of date (founded 2030-01-01), not scored;"), "\(table)")
        #expect(!table.contains("scored there"))
        #expect(!report.csv().contains("scored there"))
    }

    /// The note of a row matched by name reaches the table, the JSON and the CSV.
    @Test func theMatchNoteIsInEveryOutput() throws {
        let f = try ScoringFixture()
        let code = try f.company(ScoringFixture.code(1), "杭州甲有限公司")
        let unknown = ScoringFixture.code(2)
        let list = WatchList(entries: [WatchList.Entry(line: 2, creditCode: unknown, name: "杭州甲有限公司", input: [("credit_code", unknown)])])
        let scorer = try #require(ScoringFixture.defaultScorer)
        let graph = try EntityGraph.build(from: f.database)
        let report = try f.database.writer.read { db in try scorer.scoreList(db, list: list, fingerprint: "", graph: graph) }
        let note = "matched by name; the credit code \(unknown) is unknown (not in the registry)"
        #expect(report.result(code)?.note == note)
        #expect(report.table(model: scorer.model).contains("notes (1):\n  #1 \(code) 杭州甲有限公司 — \(note)"))
        let json = try JSONSerialization.jsonObject(with: Data(report.json().serialized().utf8)) as? [String: Any]
        #expect((json?["results"] as? [[String: Any]])?.first?["note"] as? String == note)
        #expect(report.csv().contains(",scored,,\(note),"))
    }
}

import Foundation
import GRDB
import Testing
import RiskDomain
import RiskGraph
import RiskStore
@testable import RiskScoring

/// How watch-list rows are matched to companies: codes exactly, names exactly, then by their
/// normalised form (as `riskbrain links NAME` resolves them); never guessed.
@Suite("Scoring: watch-list matching")
struct WatchListMatchingTests {
    static func code(_ n: Int) -> String {
        let serial = String(n)
        let body = "91330106" + String(repeating: "0", count: 9 - serial.count) + serial
        return body + String(CreditCode.checkCharacter(for: body)!)
    }

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
}

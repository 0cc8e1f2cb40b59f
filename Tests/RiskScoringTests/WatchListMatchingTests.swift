import Foundation
import GRDB
import Testing
import RiskDomain
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
        #expect(matched.map { $0.input[0].1 } == [names[0], names[1], names[3]])
        #expect(unmatched.map(\.line) == [4, 6, 7])
        #expect(unmatched.map(\.reason) == ["ambiguous", "not_found", "not_found"])
        #expect(unmatched[0].candidates.map(\.code) == [Self.code(2), Self.code(3)])
        #expect(unmatched[1].candidates.map(\.code) == [Self.code(4)])
        #expect(unmatched[2].candidates.isEmpty)
    }
}

import Foundation
import GRDB
import Testing
import RiskDomain
import RiskStore
@testable import RiskGraph
import RiskScoring

@Suite("Scoring: reproducibility and stored runs")
struct ReproducibilityTests {
    func fixture() throws -> (ScoringFixture, [String]) {
        let f = try ScoringFixture()
        let codes = (1...4).map { ScoringFixture.code($0) }
        try f.company(codes[0], "甲财富管理有限公司", scope: "财富管理")
        try f.product(codes[0], "甲盈", yield: 15, guaranteed: true, channel: "app", investors: 500)
        try f.company(codes[1], "乙贸易有限公司")
        try f.holding(codes[0], holder: "P", name: "刘某", pct: 90)
        try f.holding(codes[1], holder: "P", name: "刘某", pct: 90)
        try f.company(codes[2], "丙科技有限公司")
        try f.news("N1", codes[2], title: "丙科技荣获创新奖")
        try f.company(codes[3], "丁餐饮店")
        return (f, codes)
    }

    @Test func sameInputsGiveByteIdenticalJSON() throws {
        let (f, codes) = try fixture()
        let first = try f.score(codes).json().serialized()
        let second = try f.score(codes.reversed()).json().serialized()
        #expect(first == second)
        #expect(first.contains("\"as_of\": \"2025-01-01\""))
    }

    @Test func fingerprintIgnoresProvenanceButSeesEveryChange() throws {
        let (f, codes) = try fixture()
        let fingerprint = { try f.database.writer.read { db in try DataFingerprint.compute(db) } }
        let before = try fingerprint()
        #expect(try fingerprint() == before)
        try f.database.writer.write { db in try db.execute(sql: "UPDATE company SET src_line = src_line + 100") }
        #expect(try fingerprint() == before)
        try f.database.writer.write { db in try db.execute(sql: "UPDATE product SET investors = 501 WHERE company = ?", arguments: [codes[0]]) }
        #expect(try fingerprint() != before)
    }

    @Test func screeningStoresARunThatCanBeCompared() throws {
        let (f, codes) = try fixture()
        let scorer = try #require(ScoringFixture.defaultScorer)
        let store = ScoreRunStore(database: f.database)
        func screen() throws -> Int64 {
            let graph = try EntityGraph.build(from: f.database)
            let (report, all) = try f.database.writer.read { db in try scorer.scoreAll(db, fingerprint: try DataFingerprint.compute(db), limit: 2, graph: graph) }
            #expect(report.results.map(\.creditCode) == [codes[0], codes[1]])
            #expect(!report.results[0].reasons.isEmpty && !report.results[0].reasons[0].evidence.isEmpty)
            return try store.save(createdAt: "2025-01-01T00:00:00Z", modelID: scorer.model.id, modelVersion: scorer.model.version,
                                  modelSHA256: scorer.model.sha256, asOf: "2025-01-01", dataFingerprint: report.dataFingerprint,
                                  codes: all.codes, scores: all.score, levels: all.levels, dimensions: all.dimensions, topReasons: all.topReason)
        }
        let first = try screen()
        try f.database.writer.write { db in try db.execute(sql: "DELETE FROM product") }
        let second = try screen()
        let runs = try store.runs()
        #expect(runs.map(\.companies) == [4, 4])
        #expect(runs[0].high == 2)
        #expect(runs[0].dataFingerprint != runs[1].dataFingerprint)
        let results = try store.results(run: first)
        #expect(results.first?.creditCode == codes[0])
        #expect(results.first?.topReason == "unlicensed_financial_products" || results.first?.topReason == "high_promised_yield")
        // The stored top reason is the first of the company's ranked reasons.
        let graph = try EntityGraph.build(from: f.database)
        let listed = try f.database.writer.read { db in
            try scorer.scoreAll(db, fingerprint: try DataFingerprint.compute(db), limit: 4, graph: graph).report.results
        }
        let stored = Dictionary(try store.results(run: second).map { ($0.creditCode, $0.topReason) }, uniquingKeysWith: { a, _ in a })
        #expect(!listed.isEmpty)
        for result in listed { #expect(stored[result.creditCode] == (result.reasons.first?.indicator ?? ""), "\(result.creditCode)") }
        let changes = try store.compare(first, second)
        #expect(changes.map(\.creditCode) == [codes[0], codes[1]])
        #expect(changes.allSatisfy { $0.before?.level == "high" && $0.after?.level == "low" })
    }

    @Test func cachedFingerprintHoldsUntilTheNextImport() throws {
        let (f, codes) = try fixture()
        let computed = try f.database.writer.read { db in try DataFingerprint.compute(db) }
        #expect(try f.database.writer.write { db in try DataFingerprint.cached(db) } == computed)
        #expect(try f.database.writer.read { db in try String.fetchOne(db, sql: "SELECT fingerprint FROM data_fingerprint_cache") } == computed)
        #expect(try f.database.writer.write { db in try DataFingerprint.cached(db) } == computed)
        // An import (a new batch) that changes a record makes the cache miss.
        try f.database.writer.write { db in
            try db.execute(sql: "INSERT INTO import_batch (id, started_at, finished_at) VALUES (2, '2025-02-01T00:00:00Z', '2025-02-01T00:01:00Z')")
            try db.execute(sql: "UPDATE product SET investors = 501, batch_id = 2 WHERE company = ?", arguments: [codes[0]])
        }
        let changed = try f.database.writer.write { db in try DataFingerprint.cached(db) }
        #expect(changed != computed)
        #expect(changed == (try f.database.writer.read { db in try DataFingerprint.compute(db) }))
    }
}

import Dispatch
import GRDB
import RiskGraph

/// Reads a watch list's neighbourhood — the companies' rows and their features — on two
/// database connections at once, one half of the companies each.
///
/// A 40-company list at 1M companies has a neighbourhood of ~40,000 companies: ~200,000
/// index probes, the larger part of the list's time, and they split cleanly by company.
/// The second connection is a reader of the same `DatabasePool`; it is used only when it
/// shows the same data as `db` (the same last import batch: every change to the records
/// is an import), else everything is read on `db`. Each call holds two readers of the pool
/// at once, so it suits a command, not a server answering many lists at a time (the
/// server scores on one connection: it would otherwise exhaust the pool's readers).
struct NeighbourhoodRows {
    let extractor: FeatureExtractor
    /// Below this many companies one connection is used (``RiskScorer/parallelRowsMinimum``).
    var parallelMinimum = 2_000
    /// The entity graph the neighbourhood came from: its record flags
    /// (``RiskGraph/EntityGraph/companyRecords``) spare the probes of tables a company has
    /// no rows in, when it was built from the data `db` shows (same import state).
    var graph: EntityGraph? = nil
    /// The graph nodes of the codes being read, in the same order (when given, the flags
    /// are looked up by node, not by key).
    var nodes: [Int32]? = nil

    /// The record flags of `companies` by position, nil when the graph has none or was
    /// built from other data than `db` shows.
    func records(_ db: Database, of companies: CompanyIndex, codes: [String]) throws -> [UInt8]? {
        guard let graph, graph.hasRecordFlags, !graph.importState.isEmpty, try EntityGraph.importState(db) == graph.importState else { return nil }
        // The index holds exactly `codes` unless a company was missing from the database.
        if let nodes, nodes.count == companies.count, companies.codes == codes {
            return nodes.map { graph.recordTables(of: $0).rawValue }
        }
        var flags = [UInt8](repeating: 0xFF, count: companies.count)
        for position in 0..<companies.count {
            if let node = graph.node(forKey: companies.codes[position]) { flags[position] = graph.recordTables(of: node).rawValue }
        }
        return flags
    }

    /// The company index of `codes` (ascending) and the features of all of them, with
    /// evidence for the companies `evidence` picks from the index.
    func read(_ db: Database, reader: (any DatabaseReader)?, codes: [String],
              evidence: (CompanyIndex) -> Set<Int>) throws -> (companies: CompanyIndex, features: FeatureTable) {
        guard let pool = reader as? DatabasePool, codes.count >= max(2, parallelMinimum) else {
            return try sequential(db, codes: codes, evidence: evidence)
        }
        let half = codes.count / 2
        let first = Array(codes[..<half]), second = Array(codes[half...])
        let batch = try Self.lastBatch(db)
        let exchange = Exchange()
        let extractor = self.extractor
        DispatchQueue.global().async {
            // Both semaphores the caller waits on are signalled on every path (a different
            // batch, an error, even a pool that cannot give a reader), so it never waits forever.
            var signalled = false
            defer {
                if !signalled { exchange.secondIndexReady.signal() }
                exchange.finished.signal()
            }
            do {
                try pool.read { other in
                    guard try Self.lastBatch(other) == batch else { return }
                    exchange.secondIndex = try CompanyIndex.load(other, codes: second)
                    signalled = true
                    exchange.secondIndexReady.signal()
                    exchange.mergedReady.wait()
                    guard let merged = exchange.merged else { return }
                    exchange.secondFeatures = try extractor.extract(other, companies: merged, subset: Set(half..<merged.count),
                                                                    evidenceFor: exchange.evidence, records: exchange.records)
                }
            } catch {
                exchange.error = error
            }
        }
        var firstIndex: CompanyIndex?
        var firstError: (any Error)?
        do { firstIndex = try CompanyIndex.load(db, codes: first) } catch { firstError = error }
        exchange.secondIndexReady.wait()
        if var merged = firstIndex, let secondIndex = exchange.secondIndex, merged.count == half, secondIndex.count == second.count {
            merged.append(contentsOf: secondIndex)
            exchange.evidence = evidence(merged)
            do { exchange.records = try records(db, of: merged, codes: codes) } catch { firstError = error }
            exchange.merged = merged
        }
        exchange.mergedReady.signal()
        if let firstError { exchange.finished.wait(); throw firstError }
        guard let companies = exchange.merged else {
            exchange.finished.wait()
            return try sequential(db, codes: codes, evidence: evidence)
        }
        var features = try extractor.extract(db, companies: companies, subset: Set(0..<half), evidenceFor: exchange.evidence,
                                             records: exchange.records)
        exchange.finished.wait()
        guard let secondFeatures = exchange.secondFeatures else {
            if let error = exchange.error { throw error }
            return try sequential(db, codes: codes, evidence: evidence)
        }
        features.take(half..<companies.count, from: secondFeatures)
        return (companies, features)
    }

    private func sequential(_ db: Database, codes: [String], evidence: (CompanyIndex) -> Set<Int>) throws -> (companies: CompanyIndex, features: FeatureTable) {
        let companies = try CompanyIndex.load(db, codes: codes)
        let features = try extractor.extract(db, companies: companies, subset: Set(0..<companies.count), evidenceFor: evidence(companies),
                                             records: try records(db, of: companies, codes: codes))
        return (companies, features)
    }

    /// The last import batch a connection sees (nil before any import).
    static func lastBatch(_ db: Database) throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT max(id) FROM import_batch")
    }

    /// What the two threads hand each other. Each field is written by one thread before the
    /// semaphore signal that lets the other read it, so no two threads touch it at once.
    private final class Exchange: @unchecked Sendable {
        let secondIndexReady = DispatchSemaphore(value: 0)
        let mergedReady = DispatchSemaphore(value: 0)
        let finished = DispatchSemaphore(value: 0)
        var secondIndex: CompanyIndex?
        var merged: CompanyIndex?
        var evidence: Set<Int> = []
        var records: [UInt8]?
        var secondFeatures: FeatureTable?
        var error: (any Error)?
    }
}

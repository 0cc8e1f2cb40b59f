import Foundation
import GRDB
import RiskDomain
import RiskGraph
import RiskScoring
import RiskStore
import RiskTestSupport
import Testing

/// Builds small scoring fixtures by inserting rows into a temporary database with SQL
/// (one import batch; every record carries batch_id, src_file and src_line).
final class ScoringFixture {
    let test: TestDatabase
    var database: RiskDatabase { test.database }
    private var line = 1

    init() throws {
        test = try TestDatabase()
        try database.writer.write { db in
            try db.execute(sql: "INSERT INTO import_batch (id, started_at) VALUES (1, '2025-01-01T00:00:00Z')")
        }
    }

    deinit { test.remove() }

    /// A valid credit code in `region` with serial `n`.
    static func code(_ n: Int, region: String = "330106") -> String { TestCreditCode.make(n, region: region) }

    private func insert(_ table: String, _ values: [String: (any DatabaseValueConvertible)?]) throws {
        line += 1
        var values = values
        values["batch_id"] = 1
        values["src_file"] = "\(table).csv"
        values["src_line"] = line
        let columns = values.keys.sorted()
        let sql = "INSERT INTO \(table) (\(columns.map { $0 == "end" ? "\"end\"" : $0 }.joined(separator: ", "))) VALUES (\(columns.map { _ in "?" }.joined(separator: ", ")))"
        let arguments = StatementArguments(columns.map { values[$0]! })
        try database.writer.write { db in try db.execute(sql: sql, arguments: arguments) }
    }

    @discardableResult
    func company(_ code: String, _ name: String, region: String? = nil, status: String = "active", established: String? = "2015-01-01",
                 reg: Double? = 100, paid: Double? = 100, scope: String? = nil, address: String? = nil, phone: String? = nil,
                 email: String? = nil, parent: String? = nil) throws -> String {
        try insert("company", ["credit_code": code, "name": name, "region_code": region ?? String(Array(code)[2..<8]), "status": status,
                               "established": established, "reg_capital": reg, "paid_capital": paid, "scope": scope,
                               "address": address, "phone": phone, "email": email, "parent_code": parent])
        return code
    }

    func product(_ company: String, _ name: String, yield: Double? = nil, guaranteed: Bool? = nil, channel: String? = nil,
                 investors: Int? = nil, minInvestment: Double? = nil, start: String? = "2024-01-01", end: String? = nil) throws {
        try insert("product", ["company": company, "product": name, "promised_yield": yield, "guaranteed": guaranteed.map { $0 ? 1 : 0 },
                               "channel": channel, "investors": investors, "min_investment": minInvestment, "start": start, "end": end])
    }

    func licence(_ company: String, _ kind: String, granted: String? = "2016-01-01", revoked: String? = nil) throws {
        try insert("licence", ["company": company, "licence": kind, "granted": granted, "revoked": revoked])
    }

    func litigation(_ caseNo: String, _ company: String, role: String, cause: String, filed: String = "2024-06-01",
                    counterparty: String? = nil, caseType: String? = nil, outcome: String? = nil) throws {
        try insert("litigation", ["case_no": caseNo, "company": company, "role": role, "cause": cause, "filed": filed,
                                  "counterparty": counterparty, "case_type": caseType, "outcome": outcome])
    }

    func compliance(_ company: String, _ kind: String, date: String = "2024-05-01", reason: String? = nil, removed: String? = nil) throws {
        try insert("compliance", ["company": company, "kind": kind, "date": date, "reason": reason, "removed": removed])
    }

    func news(_ id: String, _ company: String, title: String, content: String? = nil, date: String = "2024-12-01", sentiment: Double? = nil) throws {
        try insert("news", ["id": id, "company": company, "date": date, "title": title, "content": content, "sentiment": sentiment])
    }

    func holding(_ company: String, holder: String, name: String, type: String = "person", pct: Double?, since: String? = nil,
                 until: String? = nil) throws {
        try insert("shareholding", ["company": company, "holder_id": holder, "holder_name": name, "holder_type": type, "pct": pct,
                                    "since": since, "until": until])
    }

    func officer(_ company: String, person: String, name: String, role: String, since: String? = nil, until: String? = nil) throws {
        try insert("officer", ["company": company, "person_id": person, "person_name": name, "role": role, "since": since, "until": until])
    }

    /// The default model of the repository.
    static func model() throws -> RiskModel {
        try ModelLoader.load(path: RepositoryPaths.packageRoot.appendingPathComponent("models/illegal-fundraising.yaml").path)
    }

    static let asOf = LocalDate(year: 2025, month: 1, day: 1)!

    /// The default model's scorer as of 2025-01-01, built once (the sentiment automaton is
    /// the slow part of a debug build).
    static let defaultScorer: RiskScorer? = (try? model()).map { RiskScorer(model: $0, asOf: asOf) }

    /// Scores a list of credit codes with the default model as of 2025-01-01.
    func score(_ codes: [String], model: RiskModel? = nil, asOf: LocalDate? = nil) throws -> ScoreReport {
        let scorer = try asOf.map { RiskScorer(model: try model ?? Self.model(), asOf: $0) }
            ?? model.map { RiskScorer(model: $0, asOf: Self.asOf) } ?? #require(Self.defaultScorer)
        let list = WatchList(entries: codes.enumerated().map { WatchList.Entry(line: $0 + 2, creditCode: $1, name: nil, input: [("credit_code", $1)]) })
        let graph = try EntityGraph.build(from: database)
        return try database.writer.read { db in try scorer.scoreList(db, list: list, fingerprint: try DataFingerprint.compute(db), graph: graph) }
    }

    /// The risk network over every company, with its ties read off the entity graph.
    func network(model: RiskModel) throws -> RiskNetwork {
        let graph = try EntityGraph.build(from: database)
        let companies = try database.writer.read { db in try CompanyIndex.load(db) }
        return RiskNetwork.fromGraph(graph, ties: GraphTies(graph: graph, parameters: model.network), companies: companies)
    }

    /// The feature table for every company.
    func features() throws -> (FeatureTable, CompanyIndex) {
        let extractor = try #require(Self.defaultScorer).extractor
        return try database.writer.read { db in
            let companies = try CompanyIndex.load(db)
            return (try extractor.extract(db, companies: companies, evidenceFor: Set(0..<companies.count)), companies)
        }
    }

    func feature(_ feature: Feature, _ code: String) throws -> Double {
        let (table, companies) = try features()
        return table[feature, companies.position(of: code)!]
    }
}

extension ScoreReport {
    func result(_ code: String) -> ScoredCompany? { results.first { $0.creditCode == code } }
}

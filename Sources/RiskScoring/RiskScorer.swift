import Foundation
import GRDB
import RiskDomain
import RiskGraph
import RiskStore

/// Scores companies with a ``RiskModel``: features, own dimension scores, network
/// propagation, combined score, level, reasons and linked warnings.
///
/// The as-of date is injected; nothing reads the clock. Same data, model and as-of give the
/// same report.
public struct RiskScorer: Sendable {
    public let model: RiskModel
    public let asOf: LocalDate
    public let analyzer: TextAnalyzer
    public let extractor: FeatureExtractor

    public init(model: RiskModel, asOf: LocalDate) {
        self.model = model
        self.asOf = asOf
        analyzer = TextAnalyzer(model: model)
        extractor = FeatureExtractor(model: model, analyzer: analyzer, asOf: asOf)
    }

    /// Scores for a set of companies (dense arrays over the whole company index).
    public struct Scores: Sendable {
        public var score: [Double]
        /// `dimensions[d][company]`.
        public var dimensions: [[Double]]
        public var propagation: NetworkPropagation
        public var features: FeatureTable
    }

    /// Computes scores for `subset` (all companies when nil) over `network`.
    /// Companies outside the subset score 0 (they neither receive nor send risk).
    /// - Complexity: O(companies × indicators) plus the propagation.
    public func computeScores(features: FeatureTable, network: RiskNetwork, companies: CompanyIndex, subset: Set<Int>?) -> Scores {
        let n = companies.count
        let dimensionCount = RiskModel.Dimension.allCases.count
        var dimensions = Array(repeating: [Double](repeating: 0, count: n), count: dimensionCount)
        let own = model.indicators.filter { $0.dimension != .network && $0.feature != .networkRisk }
        let networked = model.indicators.filter { $0.dimension == .network || $0.feature == .networkRisk }
        var ownScore = [Double](repeating: 0, count: n)
        var dims = [Double](repeating: 0, count: dimensionCount)   // reused: no allocation per company
        func visitOwn(_ c: Int) {
            for d in 0..<dimensionCount { dims[d] = 0 }
            for indicator in own {
                dims[indicator.dimension.index] += indicator.scoring.points(for: features[indicator.feature, c])
            }
            for d in 0..<dimensionCount { dims[d] = min(100, dims[d]); dimensions[d][c] = dims[d] }
            ownScore[c] = model.combine(dims)
        }
        if let subset { for c in subset { visitOwn(c) } } else { for c in 0..<n { visitOwn(c) } }

        let propagation = NetworkPropagation(network: network, ownScores: ownScore, parameters: model.network, asOfDay: asOf.dayNumber)
        var features = features
        var score = ownScore
        func visitNetwork(_ c: Int) {
            let value = propagation.value[c]
            features[.networkRisk, c] = value
            guard value > 0 else { return }
            for d in 0..<dimensionCount { dims[d] = dimensions[d][c] }
            for indicator in networked {
                dims[indicator.dimension.index] += indicator.scoring.points(for: features[indicator.feature, c])
            }
            for d in 0..<dimensionCount { dims[d] = min(100, dims[d]); dimensions[d][c] = dims[d] }
            score[c] = model.combine(dims)
        }
        if let subset { for c in subset { visitNetwork(c) } } else { for c in 0..<n { visitNetwork(c) } }
        return Scores(score: score, dimensions: dimensions, propagation: propagation, features: features)
    }

    /// The reasons of company `c`: every indicator with points, with its evidence.
    public func reasons(_ c: Int, scores: Scores, network: RiskNetwork, companies: CompanyIndex) -> [ScoreReason] {
        var reasons: [ScoreReason] = []
        for indicator in model.indicators {
            let value = scores.features[indicator.feature, c]
            let points = RiskModel.round1(indicator.scoring.points(for: value))
            guard points > 0 else { continue }
            var evidence = scores.features.evidence(c, indicator.feature)
            var description = indicator.chinese
            if indicator.feature == .networkRisk, scores.propagation.source[c] >= 0 {
                let source = Int(scores.propagation.source[c])
                let chain = scores.propagation.chain(to: c, network: network) { companies.names[$0] }
                evidence = [Evidence(kind: "chain", key: companies.codes[source], text: Self.render(chain))]
                description += "：关联高危企业 \(companies.names[source])（\(JSONNumber.text(scores.score[source]))分）"
            } else {
                description += "（\(Self.valueText(indicator.feature, value))）"
            }
            reasons.append(ScoreReason(indicator: indicator.id, dimension: indicator.dimension, points: points,
                                       description: description, evidence: evidence))
        }
        return reasons.sorted { $0.points != $1.points ? $0.points > $1.points : $0.indicator < $1.indicator }
    }

    static func valueText(_ feature: Feature, _ value: Double) -> String {
        switch feature.kind {
        case .flag: return "是"
        case .count: return "\(JSONNumber.text(value))"
        case .number: return JSONNumber.text(RiskModel.round1(value))
        }
    }

    /// A chain as one line: `A —relation→ B；…`.
    public static func render(_ chain: [ChainLink]) -> String {
        chain.map { "\($0.from) —\($0.relation)→ \($0.to)" }.joined(separator: "；")
    }

    func scored(_ c: Int, scores: Scores, network: RiskNetwork, companies: CompanyIndex, input: [(String, String)]) -> ScoredCompany {
        let band = model.band(for: scores.score[c])
        return ScoredCompany(creditCode: companies.codes[c], name: companies.names[c], regionCode: companies.regions[c],
                             score: scores.score[c], level: band.level,
                             dimensions: (0..<RiskModel.Dimension.allCases.count).map { RiskModel.round1(scores.dimensions[$0][c]) },
                             reasons: reasons(c, scores: scores, network: network, companies: companies),
                             disposition: band.disposition, input: input)
    }

    /// Scores a watch list: matched companies, their neighbourhood for the network, linked
    /// warnings. `graph` is the store's entity graph (``RiskGraph/EntityGraph/cached(from:options:)``):
    /// the network's ties are read off it.
    public func scoreList(_ db: Database, list: WatchList, fingerprint: String, graph: EntityGraph) throws -> ScoreReport {
        // Only the list's neighbourhood N within maxHops ties is scored. N holds every path of
        // at most maxHops ties ending at a list company, so the list's own scores equal a
        // province-wide screening's; every node inside such a path is within maxHops - 1 of
        // the list, so its ties (and hub degree) are complete in N. Linked warnings are the
        // companies of N whose best chain inside N passes through a list company (a chain from
        // a source farther than maxHops from the list does not pass through the list).
        let resolved = try list.resolve(db)
        let ties = GraphTies(graph: graph, parameters: model.network)
        let codes = RiskNetwork.neighbourhood(graph, ties: ties, of: resolved.matched.map { $0.code }, hops: model.network.maxHops)
        let companies = try CompanyIndex.load(db, codes: codes)
        let network = RiskNetwork.fromGraph(graph, ties: ties, companies: companies)
        let matching = WatchList.Matching(matched: resolved.matched.compactMap { entry in companies.position(of: entry.code).map { ($0, entry.input) } },
                                          unmatched: resolved.unmatched)
        let listed = matching.matched.map(\.company)
        let subset = Set(0..<companies.count)
        let features = try extractor.extract(db, companies: companies, subset: subset, evidenceFor: Set(listed))
        let scores = computeScores(features: features, network: network, companies: companies, subset: subset)

        let listedSet = Set(listed)
        var results: [ScoredCompany] = []
        var seen = Set<Int>()
        for entry in matching.matched where seen.insert(entry.company).inserted {
            results.append(scored(entry.company, scores: scores, network: network, companies: companies, input: entry.input))
        }
        results.sort { $0.score != $1.score ? $0.score > $1.score : $0.creditCode < $1.creditCode }

        var linked: [LinkedWarning] = []
        for c in subset.sorted() where !listedSet.contains(c) {
            guard scores.propagation.value[c] > 0, model.band(for: scores.score[c]).level == "high" else { continue }
            // The list company nearest the warned company on its chain.
            var via: Int? = nil
            var current = c
            while scores.propagation.predecessor[current] >= 0 {
                current = Int(scores.propagation.predecessor[current])
                if listedSet.contains(current) { via = current; break }
            }
            guard let via else { continue }
            let chain = scores.propagation.chain(to: c, network: network) { companies.names[$0] }
            linked.append(LinkedWarning(creditCode: companies.codes[c], name: companies.names[c], regionCode: companies.regions[c],
                                        score: scores.score[c], level: "high", via: companies.codes[via],
                                        otherCity: companies.regions[c].prefix(4) != companies.regions[via].prefix(4), chain: chain))
        }
        linked.sort { $0.score != $1.score ? $0.score > $1.score : $0.creditCode < $1.creditCode }
        return ScoreReport(modelID: model.id, modelVersion: model.version, modelSHA256: model.sha256, asOf: asOf,
                           dataFingerprint: fingerprint, results: results, unmatched: matching.unmatched, linked: linked)
    }

    /// A province-wide screening: every company's score (for storing) and the top `limit`
    /// companies with their reasons and evidence.
    public func scoreAll(_ db: Database, fingerprint: String, limit: Int, graph: EntityGraph) throws -> (report: ScoreReport, all: ScreeningScores) {
        let companies = try CompanyIndex.load(db)
        // The network (arrays only) is laid out on a second core while this one reads the
        // features from the database.
        let box = NetworkBox()
        let parameters = model.network
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) {
            box.network = RiskNetwork.fromGraph(graph, ties: GraphTies(graph: graph, parameters: parameters), companies: companies)
        }
        let features = try extractor.extract(db, companies: companies)
        group.wait()
        let network = box.network ?? RiskNetwork.fromGraph(graph, ties: GraphTies(graph: graph, parameters: parameters), companies: companies)
        let scores = computeScores(features: features, network: network, companies: companies, subset: nil)
        let order = (0..<companies.count).sorted { scores.score[$0] != scores.score[$1] ? scores.score[$0] > scores.score[$1] : $0 < $1 }
        let top = Array(order.prefix(max(0, limit)))
        // Evidence only for the companies printed: a second, targeted pass.
        let evidence = try extractor.extract(db, companies: companies, subset: Set(top), evidenceFor: Set(top))
        var withEvidence = scores
        withEvidence.features.evidence = evidence.evidence
        let results = top.map { scored($0, scores: withEvidence, network: network, companies: companies, input: []) }
        let all = ScreeningScores(codes: companies.codes, score: scores.score, dimensions: scores.dimensions,
                                  levels: scores.score.map { model.band(for: $0).level },
                                  topReason: (0..<companies.count).map { c in
                                      guard scores.score[c] > 0 else { return "" }
                                      return model.indicators.max { a, b in
                                          a.scoring.points(for: scores.features[a.feature, c]) < b.scoring.points(for: scores.features[b.feature, c])
                                      }?.id ?? ""
                                  })
        let report = ScoreReport(modelID: model.id, modelVersion: model.version, modelSHA256: model.sha256, asOf: asOf,
                                 dataFingerprint: fingerprint, results: results, unmatched: [], linked: [])
        return (report, all)
    }
}

/// The network built on another thread (written once before `DispatchGroup.wait`, read after).
private final class NetworkBox: @unchecked Sendable {
    var network: RiskNetwork?
}

/// Every company's score from a screening, ready to store as a run.
public struct ScreeningScores: Sendable {
    public var codes: [String]
    public var score: [Double]
    public var dimensions: [[Double]]
    public var levels: [String]
    /// The indicator giving the most points ("" when none).
    public var topReason: [String]
}

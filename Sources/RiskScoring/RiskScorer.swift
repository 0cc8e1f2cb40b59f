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
    public private(set) var extractor: FeatureExtractor
    /// Called after each step of ``scoreList(_:list:fingerprint:graph:reader:)`` with its name, wall
    /// seconds and a count (the benchmark prints them; nil elsewhere).
    public var phases: PhaseClock.Sink? {
        didSet { extractor.phases = phases }
    }

    /// A neighbourhood of at least this many companies is read on two connections when
    /// ``scoreList(_:list:fingerprint:graph:reader:)`` gets a reader (below, one is as fast).
    public var parallelRowsMinimum = 2_000

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
        /// Companies founded after the as-of date (they did not exist then): no points, no
        /// ties; empty when there are none.
        public var absent: [Bool]
        /// Each company's score on its own records, before the network dimension: what makes
        /// an off-list company a linked warning "on its own records".
        public var own: [Double]
        /// Each company's points before the dimensions' cap of 100 (every indicator's points,
        /// the network's too): how much lies behind a score, which orders equal scores. Eight
        /// ring companies at the 90 the cap allows were ranked by credit code, a sales arm
        /// ahead of the company that raised the money with two criminal cases (found by review).
        public var uncapped: [Double] = []

        /// Whether company `a` ranks before `b`: higher score, then more uncapped points,
        /// then the smaller position (credit-code order).
        public func ranksBefore(_ a: Int, _ b: Int) -> Bool {
            if score[a] != score[b] { return score[a] > score[b] }
            let ua = a < uncapped.count ? uncapped[a] : 0, ub = b < uncapped.count ? uncapped[b] : 0
            return ua != ub ? ua > ub : a < b
        }
    }

    /// Which companies were founded after the as-of date (empty when none was).
    func absentCompanies(_ companies: CompanyIndex) -> [Bool] {
        let day = asOf.dayNumber
        let absent = companies.establishedDay.map { $0.map { Int($0) > day } ?? false }
        return absent.contains(true) ? absent : []
    }

    /// Computes scores for `subset` (all companies when nil) over `network`.
    /// Companies outside the subset score 0 (they neither receive nor send risk).
    /// - Complexity: O(companies × indicators) plus the propagation.
    public func computeScores(features: FeatureTable, network: RiskNetwork, companies: CompanyIndex, subset: Set<Int>?) -> Scores {
        let n = companies.count
        let dimensionCount = RiskModel.Dimension.allCases.count
        let weights = model.combineWeightList, mask = model.maxFactorMask
        let members: [Int] = subset.map { $0.sorted() } ?? Array(0..<n)
        let isNetworked = { (indicator: RiskModel.Indicator) in indicator.dimension == .network || indicator.feature == .networkRisk }
        // Own points indicator by indicator over a feature column (column order: no indicator
        // struct copied per company). Each dimension adds its indicators in model order, as
        // a per-company loop would, so the sums are the same to the last bit.
        var dimensions = Array(repeating: [Double](repeating: 0, count: n), count: dimensionCount)
        for indicator in model.indicators where !isNetworked(indicator) {
            let scoring = indicator.scoring
            features.columns[indicator.feature.ordinal].withUnsafeBufferPointer { column in
                dimensions[indicator.dimension.index].withUnsafeMutableBufferPointer { sums in
                    for c in members { sums[c] += scoring.points(for: FeatureTable.decimal(column[c])) }
                }
            }
        }
        let absent = absentCompanies(companies)
        var ownScore = [Double](repeating: 0, count: n)
        var uncapped = [Double](repeating: 0, count: n)
        var dims = [Double](repeating: 0, count: dimensionCount)   // reused: no allocation per company
        for c in members {
            let founded = absent.isEmpty || !absent[c]
            if founded { for d in 0..<dimensionCount { uncapped[c] += dimensions[d][c] } }
            for d in 0..<dimensionCount { dims[d] = founded ? min(100, dimensions[d][c]) : 0; dimensions[d][c] = dims[d] }
            ownScore[c] = model.combine(dims, weights: weights, mask: mask)
        }

        let networked = model.indicators.filter(isNetworked)
        let propagation = NetworkPropagation(network: network, ownScores: ownScore, parameters: model.network, asOfDay: asOf.dayNumber,
                                             absent: absent, weight: uncapped)
        var features = features
        var score = ownScore
        for c in members {
            let value = propagation.value[c]
            guard value > 0 else { continue }
            features[.networkRisk, c] = value
            for d in 0..<dimensionCount { dims[d] = dimensions[d][c] }
            for indicator in networked {
                let points = indicator.scoring.points(for: features[indicator.feature, c])
                dims[indicator.dimension.index] += points
                uncapped[c] += points
            }
            for d in 0..<dimensionCount { dims[d] = min(100, dims[d]); dimensions[d][c] = dims[d] }
            score[c] = model.combine(dims, weights: weights, mask: mask)
        }
        return Scores(score: score, dimensions: dimensions, propagation: propagation, features: features, absent: absent, own: ownScore,
                      uncapped: uncapped)
    }

    /// The reasons of company `c`: every indicator with points, with its evidence.
    public func reasons(_ c: Int, scores: Scores, network: RiskNetwork, companies: CompanyIndex) -> [ScoreReason] {
        var reasons: [ScoreReason] = []
        for indicator in model.indicators {
            let value = scores.features[indicator.feature, c]
            let points = indicator.scoring.points(for: value)   // one decimal, as shown
            guard points > 0 else { continue }
            var evidence = scores.features.evidence(c, indicator.feature)
            var description = indicator.chinese
            if indicator.feature == .networkRisk, scores.propagation.source[c] >= 0 {
                let source = Int(scores.propagation.source[c])
                let chain = scores.propagation.chain(to: c, network: network) { companies.names[$0] }
                var link = Evidence(kind: "chain", key: companies.codes[source], text: Self.render(chain))
                link.chain = chain
                link.path = Self.chainPath(c, scores: scores, companies: companies)
                evidence = [link]
                description += "：\(companies.names[source])（\(JSONNumber.text(scores.score[source]))分）"
            } else {
                description += "（\(Self.valueText(indicator.feature, value))）"
            }
            reasons.append(ScoreReason(indicator: indicator.id, dimension: indicator.dimension, points: points,
                                       description: description, evidence: evidence))
        }
        return model.ranked(reasons, dimensions: (0..<RiskModel.Dimension.allCases.count).map { scores.dimensions[$0][c] })
    }

    /// The credit codes of the companies on `c`'s best chain, `c` first and its source last.
    static func chainPath(_ c: Int, scores: Scores, companies: CompanyIndex) -> [String] {
        ([c] + scores.propagation.predecessors(of: c)).map { companies.codes[$0] }
    }

    static func valueText(_ feature: Feature, _ value: Double) -> String {
        // The excess over the benchmark, with its unit: a bare "（11.9）" beside "承诺收益"
        // read as the yield (the product paid 15%; found by review).
        if feature == .yieldExcess {
            // Two decimals under one point: 3.12% against 3.1 read 超出 0 个百分点.
            let shown = value < 1 ? (value * 100).rounded() / 100 : RiskModel.round1(value)
            return "超出 \(JSONNumber.text(shown)) 个百分点"
        }
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
        let reasons = reasons(c, scores: scores, network: network, companies: companies)
        let disposition = model.disposition(score: scores.score[c], reasons: reasons)
        return ScoredCompany(creditCode: companies.codes[c], name: companies.names[c], regionCode: companies.regions[c],
                             score: scores.score[c], level: band.level,
                             dimensions: (0..<RiskModel.Dimension.allCases.count).map { RiskModel.round1(scores.dimensions[$0][c]) },
                             reasons: reasons, disposition: disposition.text, dispositionRule: disposition.rule, input: input)
    }

    /// Scores a watch list: matched companies, their neighbourhood for the network, linked
    /// warnings. `graph` is the store's entity graph (``RiskGraph/EntityGraph/cached(from:options:)``):
    /// the network's ties are read off it.
    ///
    /// With `reader` (the `DatabasePool` that `db` comes from) half of the neighbourhood's rows
    /// are read on a second connection of the same data (``NeighbourhoodRows``).
    ///
    /// `visible` limits the list's matches by name to the companies of some regions (see
    /// ``WatchList/resolve(_:visible:)``).
    public func scoreList(_ db: Database, list: WatchList, fingerprint: String, graph: EntityGraph,
                          reader: (any DatabaseReader)? = nil, visible: ((String?) -> Bool)? = nil) throws -> ScoreReport {
        // Only the list's neighbourhood N within maxHops ties is scored. N holds every path of
        // at most maxHops ties ending at a list company, so the list's own scores equal a
        // province-wide screening's; every node inside such a path is within maxHops - 1 of
        // the list, so its ties (and hub degree) are complete in N. Linked warnings are the
        // companies of N whose best chain inside N passes through a list company (a chain from
        // a source farther than maxHops from the list does not pass through the list).
        var clock = PhaseClock()
        func lap(_ step: String, _ detail: @autoclosure () -> String) { clock.lap(phases, step, detail()) }
        let resolved = try list.resolve(db, visible: visible)
        lap("resolve", "\(resolved.matched.count) matched")
        let ties = GraphTies(graph: graph, parameters: model.network, asOf: asOf)
        let nodes = RiskNetwork.neighbourhoodNodes(graph, ties: ties, of: resolved.matched.map { $0.code }, hops: model.network.maxHops)
        let codes = nodes.map { graph.key($0) }
        lap("neighbourhood", "\(codes.count) companies")
        // The ties (graph work only) are collected on another core while the rows are read.
        let box = NetworkBox()
        let group = DispatchGroup()
        let sink = phases
        DispatchQueue.global().async(group: group) {
            var clock = PhaseClock()
            box.pending = RiskNetwork.collectTies(graph, ties: ties, nodes: nodes, partial: true)
            clock.lap(sink, "network ties (other core)", "")
        }
        var matching = WatchList.Matching(matched: [], unmatched: resolved.unmatched)
        let (companies, features) = try NeighbourhoodRows(extractor: extractor, parallelMinimum: parallelRowsMinimum, graph: graph, nodes: nodes).read(db, reader: reader, codes: codes) { companies in
            matching.matched = resolved.matched.compactMap { match in companies.position(of: match.code).map { ($0, match.entry) } }
            return Set(matching.matched.map(\.company))
        }
        lap("company rows and features", "\(companies.count) companies")
        group.wait()
        // The ties were laid out for `codes`; the index holds the same companies unless one
        // was missing from the database (then they are collected again for the index).
        let network = companies.codes == codes ? (box.pending ?? RiskNetwork.collectTies(graph, ties: ties, nodes: nodes, partial: true)).build(companies: companies)
                                               : RiskNetwork.fromGraph(graph, ties: ties, companies: companies)
        lap("network", "\(network.other.count) tie ends")
        let listed = matching.matched.map(\.company)
        let subset = Set(0..<companies.count)
        let scores = computeScores(features: features, network: network, companies: companies, subset: subset)
        lap("scores", "")
        defer { lap("results and linked", "") }

        let listedSet = Set(listed)
        var results: [ScoredCompany] = []
        // A later row naming a company already listed is scored once, and is reported with
        // the row it repeats: its input (another referral number, another note) is kept.
        // A repeat of a row that was not scored (a company not established by the as-of date)
        // carries that row's founding date: it was "scored there" although it was not (found
        // by review).
        var firstLine: [Int: Int] = [:]
        var unmatched = matching.unmatched
        for match in matching.matched {
            let founded = !scores.absent.isEmpty && scores.absent[match.company]
                ? companies.establishedDay[match.company].map { LocalDate(dayNumber: Int($0)) } : nil
            if let first = firstLine[match.company] {
                unmatched.append(UnmatchedEntry(line: match.entry.line, creditCode: match.entry.creditCode, name: match.entry.name,
                                                reason: "duplicate", candidates: [(companies.codes[match.company], companies.names[match.company])],
                                                input: match.entry.input, duplicateOf: first, established: founded, note: match.entry.matchNote))
                continue
            }
            firstLine[match.company] = match.entry.line
            if let founded {
                unmatched.append(UnmatchedEntry(line: match.entry.line, creditCode: match.entry.creditCode, name: match.entry.name,
                                                reason: "not_established", candidates: [(companies.codes[match.company], companies.names[match.company])],
                                                input: match.entry.input, established: founded, note: match.entry.matchNote))
                continue
            }
            var result = scored(match.company, scores: scores, network: network, companies: companies, input: match.entry.input)
            result.note = match.entry.matchNote
            results.append(result)
        }
        unmatched.sort { $0.line < $1.line }
        // Ranked as ``Scores/ranksBefore(_:_:)``: equal scores by their uncapped points.
        func rank<T>(_ items: inout [T], code: (T) -> String) {
            let keyed = items.map { (item: $0, position: companies.position(of: code($0)) ?? Int.max) }
            items = keyed.sorted { a, b in
                guard a.position != Int.max, b.position != Int.max else { return code(a.item) < code(b.item) }
                return a.position != b.position && scores.ranksBefore(a.position, b.position)
            }.map(\.item)
        }
        rank(&results) { $0.creditCode }

        let found = linkedCandidates(listed: listedSet, candidates: subset.sorted(), scores: scores, network: network, companies: companies)
        // Evidence was collected for the listed companies only: a second, targeted pass for the
        // warned ones, whose reasons cite their records as a listed company's do.
        var withEvidence = scores
        if !found.isEmpty {
            let warned = Set(found.map(\.company))
            let evidence = try extractor.extract(db, companies: companies, subset: warned, evidenceFor: warned)
            for (company, items) in evidence.evidence where warned.contains(company) { withEvidence.features.evidence[company] = items }
        }
        var linked = found.map { linkedWarning($0, scores: withEvidence, network: network, companies: companies) }
        rank(&linked) { $0.creditCode }
        return ScoreReport(modelID: model.id, modelVersion: model.version, modelSHA256: model.sha256, asOf: asOf,
                           dataFingerprint: fingerprint, results: results, unmatched: unmatched, linked: linked)
    }

    /// A linked warning before its reasons: the company, the listed company its chain starts
    /// from, the chain and the companies on it (this one first).
    struct LinkedCandidate {
        var company: Int, via: Int
        var chain: [ChainLink]
        var path: [Int]
    }

    /// The linked warnings (顺藤摸瓜) of a list: the off-list companies among `candidates` that
    /// are high and tied to the list, each with the chain from the listed company that brings
    /// it into view. Four ways in, as the README numbers them:
    ///
    /// 1. **Through its ties**: propagation made it high, and its best chain passes through a
    ///    listed company (the nearest one on the chain is `via`).
    /// 2. **Through ties from the list**: risk spread from the listed companies alone would
    ///    make it high (its best chain may start at a worse company off the list), with that
    ///    spread's chain.
    /// 3. **On its own records**: its own score (before the network dimension) is high, and a
    ///    tie from the list is *material*: its own score carried back over that tie (own score
    ///    × the tie's strength, the value the network indicator reads) would alone put a listed
    ///    company at least in the band above the lowest. A 2% stake, an officer who left years
    ///    ago or a shared registered address carries too little, and a revoked fund manager
    ///    behind such a tie is not presented as the listed company's affiliate (found by
    ///    review). The strongest such tie from the list (within `max_hops`, hubs not relaying)
    ///    is the chain and its listed end is `via`.
    /// 4. **The vine followed further**: high through its ties, its best chain starting at a
    ///    company the third way warned (which made it high); its chain is that company's from
    ///    the list, then its own.
    ///
    /// A company whose own score is high comes in only the third way, marked
    /// ``LinkedWarning/highOnItsOwn`` (also when the listed company is its strongest source),
    /// and a company is warned at most once.
    func linkedCandidates(listed listedSet: Set<Int>, candidates: [Int], scores: Scores, network: RiskNetwork,
                          companies: CompanyIndex) -> [LinkedCandidate] {
        let founded = { (c: Int) in scores.absent.isEmpty || !scores.absent[c] }
        let ownHigh = { (c: Int) in self.model.band(for: scores.own[c]).level == "high" }
        var found: [LinkedCandidate] = []
        var warned = Set<Int>()
        // Way 1. A company high on its own records is warned only for a material tie (way 3):
        // with a high listed company, any tie at all (a 2% stake, an officer who left years
        // ago) made it "high through its ties" in ways 1 and 2 (found by review).
        for c in candidates where !listedSet.contains(c) && !ownHigh(c) {
            guard scores.propagation.value[c] > 0, model.band(for: scores.score[c]).level == "high" else { continue }
            // The list company nearest the warned company on its chain.
            guard let via = scores.propagation.predecessors(of: c).first(where: { listedSet.contains($0) }) else { continue }
            found.append(LinkedCandidate(company: c, via: via, chain: scores.propagation.chain(to: c, network: network) { companies.names[$0] },
                                         path: [c] + scores.propagation.predecessors(of: c)))
            warned.insert(c)
        }
        guard !listedSet.isEmpty else { return found }
        // Way 2: high through ties from the list although its best chain starts elsewhere (a worse
        // sister company off the list): the listed parent's wholly owned subsidiary was missing
        // (found by a test). Risk spread from the listed companies alone, scored as usual.
        var listedScores = [Double](repeating: 0, count: companies.count)
        for c in listedSet where founded(c) { listedScores[c] = scores.own[c] }
        let fromListed = NetworkPropagation(network: network, ownScores: listedScores, parameters: model.network,
                                            asOfDay: asOf.dayNumber, absent: scores.absent, weight: scores.uncapped)
        for c in candidates where !listedSet.contains(c) && !warned.contains(c) && founded(c) && !ownHigh(c) && fromListed.value[c] > 0 {
            guard model.band(for: score(c, networkValue: fromListed.value[c], scores: scores)).level == "high" else { continue }
            let predecessors = fromListed.predecessors(of: c)
            guard let via = predecessors.first(where: { listedSet.contains($0) }) else { continue }
            found.append(LinkedCandidate(company: c, via: via, chain: fromListed.chain(to: c, network: network) { companies.names[$0] },
                                         path: [c] + predecessors))
            warned.insert(c)
        }
        // Way 3: high on its own records, with a material tie from the list.
        let own = candidates.filter { !listedSet.contains($0) && !warned.contains($0) && founded($0) && ownHigh($0) }
        guard !own.isEmpty else { return found }
        var ownWarned: [Int: Int] = [:]   // company warned on its own records → its index in `found`
        var fromList = [Double](repeating: 0, count: companies.count)
        for c in listedSet where founded(c) { fromList[c] = 100 }
        let reach = NetworkPropagation(network: network, ownScores: fromList, parameters: model.network,
                                       asOfDay: asOf.dayNumber, absent: scores.absent, weight: scores.uncapped)
        let lowest = model.bands.map(\.min).min() ?? 0
        let networked = model.indicators.filter { $0.dimension == .network || $0.feature == .networkRisk }
        for c in own where reach.value[c] > 0 {
            // What the network indicators would give a listed company for this tie alone.
            var dims = [Double](repeating: 0, count: RiskModel.Dimension.allCases.count)
            for indicator in networked where indicator.feature == .networkRisk {
                dims[indicator.dimension.index] += indicator.scoring.points(for: scores.own[c] * reach.value[c] / 100)
            }
            let carried = model.combine(dims.map { min(100, $0) })
            guard model.band(for: carried).min > lowest else { continue }
            found.append(LinkedCandidate(company: c, via: Int(reach.source[c]), chain: reach.chain(to: c, network: network) { companies.names[$0] },
                                         path: [c] + reach.predecessors(of: c)))
            warned.insert(c)
            ownWarned[c] = found.count - 1
        }
        // Way 4, the vine followed one step further: a company high through its ties whose best chain
        // starts at a company just warned on its own records (its subsidiary, made high by it)
        // is warned too, its chain the affiliate's from the list and then its own.
        guard !ownWarned.isEmpty else { return found }
        for c in candidates where !listedSet.contains(c) && !warned.contains(c) && founded(c) && !ownHigh(c) {
            guard scores.propagation.value[c] > 0, model.band(for: scores.score[c]).level == "high",
                  let base = ownWarned[Int(scores.propagation.source[c])].map({ found[$0] }) else { continue }
            let tail = scores.propagation.predecessors(of: c)
            if base.path.contains(c) || tail.contains(where: { base.path.dropFirst().contains($0) }) {
                // On the affiliate's own chain (its holder between it and the list), or its
                // chain would come back through that one: the chain from the list to the
                // company itself, not a loop through the affiliate (found by review).
                guard reach.value[c] > 0 else { continue }
                found.append(LinkedCandidate(company: c, via: Int(reach.source[c]), chain: reach.chain(to: c, network: network) { companies.names[$0] },
                                             path: [c] + reach.predecessors(of: c)))
            } else {
                // A tie through a person is written as two links from that person: the
                // affiliate's chain ends with the link its own chain starts with (冯丽卫 —实际控制→
                // 苏州鼎鑫财富管理 twice; found by review). Written once.
                var own = scores.propagation.chain(to: c, network: network) { companies.names[$0] }
                if let last = base.chain.last, own.first == last { own.removeFirst() }
                found.append(LinkedCandidate(company: c, via: base.via, chain: base.chain + own,
                                             path: [c] + tail + base.path.dropFirst()))
            }
            warned.insert(c)
        }
        return found
    }

    /// Company `c`'s score had its network value been `value`: its own points (as
    /// ``computeScores(features:network:companies:subset:)`` adds them, indicator by indicator
    /// in model order), plus the network indicators' points for `value`, combined.
    func score(_ c: Int, networkValue value: Double, scores: Scores) -> Double {
        let count = RiskModel.Dimension.allCases.count
        let isNetworked = { (indicator: RiskModel.Indicator) in indicator.dimension == .network || indicator.feature == .networkRisk }
        var dims = [Double](repeating: 0, count: count)
        for indicator in model.indicators where !isNetworked(indicator) {
            dims[indicator.dimension.index] += indicator.scoring.points(for: scores.features[indicator.feature, c])
        }
        if !scores.absent.isEmpty && scores.absent[c] { return 0 }
        for d in 0..<count { dims[d] = min(100, dims[d]) }
        // The feature table holds values as Float: the network value as stored, then read.
        let stored = Double(Float(value))
        for indicator in model.indicators where isNetworked(indicator) {
            dims[indicator.dimension.index] += indicator.scoring.points(for: indicator.feature == .networkRisk ? stored : scores.features[indicator.feature, c])
        }
        for d in 0..<count { dims[d] = min(100, dims[d]) }
        return model.combine(dims, weights: model.combineWeightList, mask: model.maxFactorMask)
    }

    /// The warning of a candidate: its score, level, chain, disposition, dimensions and
    /// reasons (with evidence when `scores` collected it for the company).
    func linkedWarning(_ candidate: LinkedCandidate, scores: Scores, network: RiskNetwork, companies: CompanyIndex) -> LinkedWarning {
        let c = candidate.company, via = candidate.via
        var warning = LinkedWarning(creditCode: companies.codes[c], name: companies.names[c], regionCode: companies.regions[c],
                                    score: scores.score[c], level: "high", via: companies.codes[via],
                                    otherCity: companies.regions[c].prefix(4) != companies.regions[via].prefix(4), chain: candidate.chain,
                                    path: candidate.path.map { companies.codes[$0] })
        // Its own reasons choose its disposition as for a listed company: one still selling
        // after its licence went is told to stop, not only to be inspected (found by review).
        let reasons = reasons(c, scores: scores, network: network, companies: companies)
        let disposition = model.disposition(score: scores.score[c], reasons: reasons)
        warning.disposition = disposition.text
        warning.dispositionRule = disposition.rule
        warning.highOnItsOwn = model.band(for: scores.own[c]).level == "high"
        warning.reasons = reasons
        warning.chainStart = candidate.path.last.map { companies.names[$0] } ?? ""
        warning.viaIsSource = scores.propagation.source[c] == Int32(via)
        warning.dimensions = (0..<RiskModel.Dimension.allCases.count).map { RiskModel.round1(scores.dimensions[$0][c]) }
        return warning
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
            box.network = RiskNetwork.fromGraph(graph, ties: GraphTies(graph: graph, parameters: parameters, asOf: asOf), companies: companies)
        }
        let features = try extractor.extract(db, companies: companies)
        group.wait()
        let network = box.network ?? RiskNetwork.fromGraph(graph, ties: GraphTies(graph: graph, parameters: parameters, asOf: asOf), companies: companies)
        let scores = computeScores(features: features, network: network, companies: companies, subset: nil)
        // Companies founded after the as-of date did not exist then: no row, no stored score.
        let existing = (0..<companies.count).filter { scores.absent.isEmpty || !scores.absent[$0] }
        let order = existing.sorted { scores.ranksBefore($0, $1) }
        let top = Array(order.prefix(max(0, limit)))
        // Evidence only for the companies printed: a second, targeted pass.
        let evidence = try extractor.extract(db, companies: companies, subset: Set(top), evidenceFor: Set(top))
        var withEvidence = scores
        withEvidence.features.evidence = evidence.evidence
        let results = top.map { scored($0, scores: withEvidence, network: network, companies: companies, input: []) }
        let everyone = scores.absent.isEmpty
        // Reused per company by the top reason (a million companies: no arrays per company).
        let dimensionCount = RiskModel.Dimension.allCases.count
        let combineWeights = model.combineWeightList, mask = model.maxFactorMask
        var dims = [Double](repeating: 0, count: dimensionCount), weights = [Double](repeating: 0, count: dimensionCount)
        let all = ScreeningScores(codes: everyone ? companies.codes : existing.map { companies.codes[$0] },
                                  score: everyone ? scores.score : existing.map { scores.score[$0] },
                                  dimensions: everyone ? scores.dimensions : scores.dimensions.map { column in existing.map { column[$0] } },
                                  levels: existing.map { model.band(for: scores.score[$0]).level },
                                  topReason: existing.map { c in
                                      guard scores.score[c] > 0 else { return "" }
                                      // The first of ``RiskModel/ranked(_:dimensions:)``, without the descriptions.
                                      for d in 0..<dimensionCount { dims[d] = scores.dimensions[d][c] }
                                      model.scoreWeights(dims, weights: combineWeights, mask: mask, into: &weights)
                                      var best: (adds: Double, points: Double, indicator: String)? = nil
                                      for indicator in model.indicators {
                                          let points = indicator.scoring.points(for: scores.features[indicator.feature, c])
                                          guard points > 0 else { continue }
                                          let candidate = (adds: points * weights[indicator.dimension.index], points: points, indicator: indicator.id)
                                          if let current = best, !RiskModel.ranksBefore(candidate, current) { continue }
                                          best = candidate
                                      }
                                      return best?.indicator ?? ""
                                  })
        var report = ScoreReport(modelID: model.id, modelVersion: model.version, modelSHA256: model.sha256, asOf: asOf,
                                 dataFingerprint: fingerprint, results: results, unmatched: [], linked: [])
        // The summary counts the screening, not the `limit` companies listed (it said "5
        // scored: high 5" of a run of 1,500 with 24 high; found by review).
        report.screening = ScreeningSummary(companies: all.codes.count,
                                            levels: Dictionary(all.levels.map { ($0, 1) }, uniquingKeysWith: +))
        return (report, all)
    }
}

/// The network built on another thread (written once before `DispatchGroup.wait`, read after).
private final class NetworkBox: @unchecked Sendable {
    var network: RiskNetwork?
    var pending: RiskNetwork.PendingNetwork?
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

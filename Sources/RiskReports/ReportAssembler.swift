import Foundation
import GRDB
import RiskDomain
import RiskGraph
import RiskScoring
import RiskStore

/// Fills a ``ReportDocument`` from real data: scores the watch list with RiskScoring, then
/// adds, for every high and medium company, the registry facts and evidence citations from
/// the store, and the ownership tree, actual controller and neighbourhood from the graph.
///
/// Nothing here reads the clock: the report date and as-of date are given.
/// - Complexity: one graph load (from its snapshot beside the database, else a build), one
///   scoring of the list over it, then O(dossiers × (evidence + neighbourhood size)) indexed reads.
public struct ReportAssembler {
    public var model: RiskModel
    public var asOf: LocalDate
    public var reportDate: LocalDate
    public var title: String
    /// Links followed from each dossier company for its neighbourhood diagram.
    public var hops: Int
    /// At most this many nodes in a neighbourhood (the diagram caps its columns besides).
    public var maxNeighbours: Int
    /// Hub threshold of the graph build (a person or contact with more links is collapsed).
    public var hubThreshold: Int
    /// The bureau's jurisdiction, a region-code prefix (`33` Zhejiang, `3301` Hangzhou): a
    /// linked warning outside it is 异地 (``ReportDocument/isRemote(_:)``); nil: another
    /// city than the company it was reached from.
    public var jurisdiction: String? = nil

    public init(model: RiskModel, asOf: LocalDate, reportDate: LocalDate, title: String = "非法集资风险排查报告",
                hops: Int = 2, maxNeighbours: Int = 200, hubThreshold: Int = 100) {
        self.model = model; self.asOf = asOf; self.reportDate = reportDate; self.title = title
        self.hops = hops; self.maxNeighbours = maxNeighbours; self.hubThreshold = hubThreshold
    }

    /// What ``assemble(database:list:listFile:graph:)`` produced: the document and the scoring it came from.
    public struct Output: Sendable {
        public var document: ReportDocument
        public var scores: ScoreReport
    }

    /// Scores `list` and builds the report. `graph` may be passed when already built (benchmarks).
    public func assemble(database: RiskDatabase, list: WatchList, listFile: ReportListFile,
                         graph prebuilt: EntityGraph? = nil) throws -> Output {
        let scorer = RiskScorer(model: model, asOf: asOf)
        // The fingerprint is cached in the database until the next import (a full hash of a
        // million companies takes half a minute).
        // A graph of another state (an import since it was built) would tie the scores to
        // other data than the fingerprint names: refused before the work, checked again after.
        let (fingerprint, state, graph) = try ScoringState.fingerprintAndGraph(
            database, options: GraphBuildOptions(hubThreshold: hubThreshold), prebuilt: prebuilt)
        let scores = try database.writer.read { db in
            try scorer.scoreList(db, list: list, fingerprint: fingerprint, graph: graph, reader: database.writer)
        }
        let levels = Dictionary(scores.results.map { ($0.creditCode, $0.level) } + scores.linked.map { ($0.creditCode, $0.level) },
                                uniquingKeysWith: { first, _ in first })
        let document = try database.writer.read { db -> ReportDocument in
            var companies: [ReportCompany] = []
            let scratch = GraphScratch(for: graph)
            let checked = RecordsChecked(model: model, asOf: asOf, analyzer: scorer.analyzer)
            for result in scores.results {
                var company = try reportCompany(result, db: db)
                if !company.hasDossier { company.recordsChecked = try checked.line(result.creditCode, db: db, scored: Set(result.reasons.map(\.indicator))) }
                if company.hasDossier {
                    company.registry = try registry(result.creditCode, db: db)
                    if let node = graph.node(forKey: result.creditCode) {
                        company.ownership = ownership(node, graph: graph, scratch: scratch)
                        company.links = neighbourhood(node, graph: graph, scratch: scratch, levels: levels)
                    }
                }
                companies.append(company)
            }
            return ReportDocument(
                title: title, reportDate: reportDate, asOf: scores.asOf,
                model: ReportModelInfo(id: scores.modelID, version: scores.modelVersion, sha256: scores.modelSHA256),
                dataFingerprint: scores.dataFingerprint, list: listFile, jurisdiction: jurisdiction, companies: companies,
                unmatched: try scores.unmatched.map { try unmatched($0, db: db) },
                linked: try scores.linked.map { warning in
                    var linked = linkedWarning(warning)
                    linked.registry = try registry(warning.creditCode, db: db)
                    linked.disposition = warning.disposition
                    linked.dispositionRule = warning.dispositionRule.map(dispositionRuleRef)
                    linked.reasons = try reportReasons(warning.reasons, company: warning.creditCode, db: db)
                    if warning.dimensions.count == RiskModel.Dimension.allCases.count {
                        let d = warning.dimensions
                        linked.dimensions = DimensionScores(illegalFinance: d[RiskModel.Dimension.illegalFinance.index], business: d[RiskModel.Dimension.business.index],
                                                            compliance: d[RiskModel.Dimension.compliance.index], network: d[RiskModel.Dimension.network.index])
                    }
                    return linked
                }, appendix: appendix(graphHubThreshold: graph.hubThreshold))
        }
        try ScoringState.check(database, state: state, graph: graph)
        return Output(document: document, scores: scores)
    }

    // MARK: - Scores and evidence

    func reportCompany(_ result: ScoredCompany, db: Database) throws -> ReportCompany {
        let dims = result.dimensions
        func dim(_ d: RiskModel.Dimension) -> Double { d.index < dims.count ? dims[d.index] : 0 }
        let reasons = try reportReasons(result.reasons, company: result.creditCode, db: db)
        var company = ReportCompany(
            creditCode: result.creditCode, name: result.name, regionCode: result.regionCode, score: result.score,
            level: RiskLevel(text: result.level) ?? .low,
            dimensions: DimensionScores(illegalFinance: dim(.illegalFinance), business: dim(.business),
                                        compliance: dim(.compliance), network: dim(.network)),
            reasons: reasons, disposition: result.disposition, input: result.input.map { ReportField($0.0, $0.1) })
        company.matchNote = result.note
        company.matchLabel = result.note.map(WatchList.chineseLabel(forMatchNote:))
        company.dispositionRule = result.dispositionRule.map(dispositionRuleRef)
        return company
    }

    /// Scoring reasons as report reasons, each evidence item cited from its stored record.
    func reportReasons(_ reasons: [ScoreReason], company: String, db: Database) throws -> [ReportReason] {
        try reasons.enumerated().map { rank, reason in
            ReportReason(indicator: reason.indicator, dimension: RiskDimension(rawValue: reason.dimension.rawValue) ?? .network,
                         points: reason.points, description: reason.description,
                         evidence: try reason.evidence.map { try evidence($0, company: company, db: db) }, rank: rank + 1)
        }
    }

    /// One scoring evidence item as a citation read from the stored record it names.
    func evidence(_ item: Evidence, company: String, db: Database) throws -> ReportEvidence {
        let kind = EvidenceLookup.kind(ofScoring: item.kind) ?? .company
        let reference = EvidenceReference(kind: kind, company: company, key: item.key, row: item.row)
        let chain = kind == .chain ? Self.chainLinks(fromText: item.text) : []
        var citation = try EvidenceLookup.citation(reference, text: item.text, chain: chain, in: db)
            ?? .company(field: "未找到记录", value: item.text)
        // A listing removed after the as-of date was still listed then: its removal is not cited.
        if case let .compliance(kind, date, reason, authority, removed?, amount) = citation, removed > asOf {
            citation = .compliance(kind: kind, date: date, reason: reason, authority: authority, removed: nil, amount: amount)
        }
        return ReportEvidence(reference: reference, text: item.text, citation: citation)
    }

    /// Parses RiskScoring's rendered chain `A —持股 90%→ B；…` back into links (names only).
    static func chainLinks(fromText text: String) -> [ChainLink] {
        text.components(separatedBy: "；").compactMap { part in
            guard let dash = part.range(of: " —"), let arrow = part.range(of: "→ ", range: dash.upperBound..<part.endIndex) else { return nil }
            let from = String(part[..<dash.lowerBound]), to = String(part[arrow.upperBound...])
            let relation = String(part[dash.upperBound..<arrow.lowerBound])
            return ChainLink(from: from, fromName: from, relation: relation, to: to, toName: to, current: isCurrent(relation))
        }
    }

    static func chainLinks(_ chain: [RiskScoring.ChainLink]) -> [ChainLink] {
        chain.map { ChainLink(from: $0.from, fromName: $0.from, relation: $0.relation, to: $0.to, toName: $0.to, current: isCurrent($0.relation)) }
    }

    /// Whether a network chain's relation was current at the as-of date: a link that had
    /// ended reads `曾…（至 date）` (``RiskNetwork/chain(from:tie:names:asOfDay:)``). Every link
    /// was `current: true` in the report's JSON, 曾任…（至2020-08-25） too (found by review).
    static func isCurrent(_ relation: String) -> Bool { !relation.hasPrefix("曾") }

    func linkedWarning(_ warning: LinkedWarning) -> ReportLinkedWarning {
        var linked = ReportLinkedWarning(creditCode: warning.creditCode, name: warning.name, regionCode: warning.regionCode,
                                         score: warning.score, level: RiskLevel(text: warning.level) ?? .high, via: warning.via,
                                         chain: Self.chainLinks(warning.chain))
        linked.highOnItsOwn = warning.highOnItsOwn
        linked.chainStart = warning.chainStart.isEmpty ? nil : warning.chainStart
        linked.viaIsSource = warning.viaIsSource
        return linked
    }

    func unmatched(_ entry: UnmatchedEntry, db: Database) throws -> ReportUnmatchedEntry {
        let candidates = try entry.candidates.map { candidate in
            ReportCandidate(creditCode: candidate.code, name: candidate.name,
                            regionCode: try String.fetchOne(db, sql: "SELECT region_code FROM company WHERE credit_code = ?",
                                                            arguments: [candidate.code]) ?? "")
        }
        let query = [entry.creditCode, entry.name].compactMap { $0 }.joined(separator: " ")
        var report = ReportUnmatchedEntry(row: entry.line, query: query.isEmpty ? "(空)" : query, ambiguous: entry.reason == "ambiguous",
                                          candidates: candidates, duplicateOf: entry.duplicateOf, established: entry.established)
        report.codeNameMismatch = entry.reason == "code_name_mismatch"
        report.badCreditCode = entry.reason == "bad_credit_code"
        report.input = entry.input.map { ReportField($0.0, $0.1) }
        report.note = entry.note
        return report
    }

    // MARK: - Registry

    func registry(_ code: String, db: Database) throws -> RegistryFacts? {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT status, established, reg_capital, paid_capital, ent_type, industry, address, phone, scope, parent_code
            FROM company WHERE credit_code = ?
            """, arguments: [code]) else { return nil }
        let status: String? = row[0], established: String? = row[1]
        let day = asOf.iso
        // The legal representative in office on the as-of date (since on or before it, until
        // after it or open), not today's: on 2025-06-30 苏州鼎鑫财富's was 冯丽卫, the
        // controller, though 张浩东 has been since 2025-07-27.
        let legalRep = try String.fetchOne(db, sql: """
            SELECT ifnull(p.name, o.person_name) FROM officer o LEFT JOIN person p ON p.person_id = o.person_id
            WHERE o.company = ? AND o.role = 'legal_rep' AND (o.since IS NULL OR o.since <= ?) AND (o.until IS NULL OR o.until > ?)
            ORDER BY o.since DESC, o.person_id LIMIT 1
            """, arguments: [code, day, day])
        var facts = RegistryFacts(status: status.flatMap(CompanyStatus.init(rawValue:)), established: established.flatMap(LocalDate.init(iso:)),
                                  regCapital: row[2], paidCapital: row[3], entType: row[4], industry: row[5], address: row[6],
                                  phone: row[7], legalRepresentative: legalRep, scope: row[8], parentCode: row[9])
        facts.formerLegalRepresentatives = try Row.fetchAll(db, sql: """
            SELECT ifnull(p.name, o.person_name), o.since, o.until FROM officer o LEFT JOIN person p ON p.person_id = o.person_id
            WHERE o.company = ? AND o.role = 'legal_rep' AND o.until IS NOT NULL AND o.until <= ?
            ORDER BY o.until DESC, o.person_id LIMIT 3
            """, arguments: [code, day]).map { row in
            RegistryTenure(name: row[0], since: (row[1] as String?).flatMap(LocalDate.init(iso:)), until: (row[2] as String?).flatMap(LocalDate.init(iso:)))
        }
        // The latest replaced first; never the name it has now.
        facts.formerNames = try String.fetchAll(db, sql: """
            SELECT f.name FROM company_former_name f JOIN company c ON c.credit_code = f.credit_code
            WHERE f.credit_code = ? AND f.name <> c.name ORDER BY f.replaced_by_batch DESC, f.name
            """, arguments: [code])
        if let parent = facts.parentCode {
            facts.parentName = try String.fetchOne(db, sql: "SELECT name FROM company WHERE credit_code = ?", arguments: [parent])
        }
        // Licences granted by the as-of date; a revocation after it is not one yet.
        facts.licences = try Row.fetchAll(db, sql: """
            SELECT licence, authority, granted, revoked FROM licence
            WHERE company = ? AND (granted IS NULL OR granted <= ?) ORDER BY granted, licence, id
            """, arguments: [code, day]).compactMap { row in
            guard let kind = LicenceKind(rawValue: row[0]) else { return nil }
            let revoked = (row[3] as String?).flatMap(LocalDate.init(iso:)).flatMap { $0 <= asOf ? $0 : nil }
            return RegistryLicence(kind: kind, authority: row[1], granted: (row[2] as String?).flatMap(LocalDate.init(iso:)), revoked: revoked)
        }
        return facts
    }

    // MARK: - Graph

    static func ownerKind(_ kind: NodeKind) -> OwnerKind {
        switch kind {
        case .person: return .person
        case .company: return .company
        default: return .external
        }
    }

    static func linkKind(_ kind: NodeKind) -> LinkNodeKind {
        switch kind {
        case .company: return .company
        case .person: return .person
        case .external: return .external
        case .phone: return .phone
        case .email: return .email
        case .address: return .address
        }
    }

    /// Equity penetration, beneficial owners and actual controller; edges labelled with the direct shares.
    func ownership(_ node: Int32, graph: EntityGraph, scratch: GraphScratch) -> OwnershipReport {
        let report = graph.ownershipReport(of: node, scratch: scratch)
        var edges = Set<OwnershipEdge>()
        for entry in report.penetration.entries {
            for path in entry.paths {
                for (holder, company) in zip(path, path.dropFirst()) {
                    var pct: Double? = nil
                    for e in graph.outRange(holder) where graph.edgeTarget(Int32(e)) == company && graph.edgeKind(Int32(e)) == .shareholding
                        && graph.isCurrent(Int32(e)) {
                        pct = graph.pct(Int32(e)); break
                    }
                    edges.insert(OwnershipEdge(holder: graph.key(holder), company: graph.key(company), pct: pct))
                }
            }
        }
        return OwnershipReport(
            owners: report.penetration.entries.map { entry in
                var owner = OwnerEntry(id: graph.key(entry.node), name: graph.name(entry.node), kind: Self.ownerKind(graph.kind(entry.node)),
                                       integratedPct: entry.integratedPct, directPct: entry.directPct,
                                       paths: entry.paths.map { $0.map { graph.key($0) } })
                if entry.hasUnknownLinks, entry.upperPct > entry.integratedPct + EntityGraph.pctTolerance { owner.upperPct = min(entry.upperPct, 100) }
                owner.directUnknown = entry.isDirect && entry.directPct == nil
                return owner
            },
            edges: edges.sorted(),
            beneficialOwners: report.beneficialOwners.map { BeneficialOwner(id: graph.key($0.node), name: graph.name($0.node), basis: $0.basis) },
            actualController: report.actualController.map { ActualController(id: graph.key($0.node), name: graph.name($0.node), reason: $0.reason) },
            notes: report.notes)
    }

    /// The 2-hop neighbourhood; hubs (other than the centre) become collapsed nodes.
    func neighbourhood(_ node: Int32, graph: EntityGraph, scratch: GraphScratch, levels: [String: String]) -> LinkNeighbourhood {
        let result = graph.neighbourhood(of: node, hops: hops, filter: .current, maxNodes: maxNeighbours, scratch: scratch)
        let hubs = Set(result.truncatedHubs.map(\.node))
        let degree = Dictionary(result.truncatedHubs.map { ($0.node, $0.degree) }, uniquingKeysWith: { a, _ in a })
        var nodes: [LinkNode] = []
        var collapsed: [TruncatedHub] = []
        for item in result.nodes.dropFirst() {
            let (relation, detail) = graph.relation(item.edge)
            // An office reads as its roles (法定代表人、执行董事, as `riskbrain chain` writes
            // them), not a bare 任职: the role is what the tie means to an inspector.
            let edgeKind = graph.edgeKind(item.edge)
            var roles = detail
            // A branch's registry person is its 负责人 (it has no 法定代表人), as in its registry facts.
            if edgeKind == .officer, graph.headOffice(of: graph.edgeTarget(item.edge)) != nil {
                roles = roles.replacingOccurrences(of: "法定代表人", with: "负责人")
            }
            let via = LinkVia(from: graph.key(item.from), relation: edgeKind == .officer && !roles.isEmpty ? roles : relation,
                              detail: edgeKind == .shareholding ? detail : "",
                              inbound: graph.edgeSource(item.edge) == item.node)
            let kind = Self.linkKind(graph.kind(item.node))
            if hubs.contains(item.node) {
                collapsed.append(TruncatedHub(id: graph.key(item.node), name: graph.name(item.node), kind: kind,
                                              degree: degree[item.node] ?? graph.degree(item.node), via: via))
                continue
            }
            let key = graph.key(item.node)
            nodes.append(LinkNode(id: key, name: graph.name(item.node), kind: kind, distance: item.distance, via: via,
                                  level: levels[key].flatMap(RiskLevel.init(text:)), regionCode: graph.regionCode(item.node)))
        }
        return LinkNeighbourhood(center: graph.key(node), nodes: nodes, truncatedHubs: collapsed)
    }

    // MARK: - Appendix

    static func scoringText(_ scoring: RiskModel.Scoring) -> String {
        let f = JSONValue.format
        switch scoring {
        case let .threshold(min, points): return "≥ \(f(min)) → \(f(points))"
        case let .steps(steps): return steps.reversed().map { "≥ \(f($0.at)) → \(f($0.points))" }.joined(separator: "；")
        case let .curve(points): return "曲线 " + points.map { "(\(f($0.x)), \(f($0.y)))" }.joined(separator: " ")
        }
    }

    /// True when every indicator of the network dimension reads the propagated network risk,
    /// so a source company's 关联 is 0 (the appendix says so only then; found by review).
    var onlyNetworkRiskInNetworkDimension: Bool {
        model.indicators.filter { $0.dimension == .network }.allSatisfy { $0.feature == .networkRisk }
    }

    /// The numbers the features and ties read (found by review: 超出 8.3 个百分点 with no
    /// benchmark stated).
    var parametersNote: String {
        let f = JSONValue.format
        let features: String = "参数：承诺收益以年化 \(f(model.benchmarkYield))% 为市场基准，“超出”即产品承诺年化收益率减去该基准；"
            + "新设企业指成立不足 \(f(model.youngCompanyYears)) 年；注册资本巨大指不低于 \(f(model.hollowCapitalMin)) 万元；"
            + "负面舆情指情感值不高于 \(f(model.negativeSentiment))。"
        let weights: [String] = TieKind.allCases.map { kind in "\(kind.chinese) \(f(model.network.weights[kind] ?? 0))" }
        let ties: String = "关联强度：" + weights.joined(separator: "、")
            + "（股权与共同股东按持股比例 ÷ \(f(model.network.equityFullPct))% 折算，至多 1；已结束的关联起始减半，并自结束之日起每 \(f(model.network.formerHalfLifeYears)) 年再减半）；风险来源为得分不低于 \(f(model.network.sourceMinScore)) 的企业。"
        return features + ties
    }

    /// The model's appendix; `graphHubThreshold` is the hub threshold of the graph the
    /// dossiers' diagrams were drawn from (a person or contact with more links is folded).
    func appendix(graphHubThreshold: Int? = nil) -> ReportModelAppendix {
        let weights = RiskModel.Dimension.allCases.compactMap { d -> DimensionWeight? in
            guard let dimension = RiskDimension(rawValue: d.rawValue) else { return nil }
            return DimensionWeight(dimension: dimension, weight: model.combineWeights[d] ?? 0)
        }
        let notes = [
            "各维度得分为该维度内命中指标的分值之和（上限 100）；综合得分取维度加权和与“\(model.maxFactorDimensions.count == RiskModel.Dimension.allCases.count ? "最高维度得分" : model.maxFactorDimensions.map(\.chinese).joined(separator: "、") + "中的最高得分") × \(JSONValue.format(model.maxFactor))”中的较大者（上限 100）。综合得分相同时，按封顶前全部指标分值之和排序（分值高者在前），再按统一社会信用代码排序；同分且可作为关联风险来源者，亦取封顶前分值较高者为来源企业。",
            "证据均引自数据库中存储的原始记录：涉诉按案号、产品按名称、舆情按编号、合规记录按类型与日期、牌照按类型与取得日期。",
            "关联风险沿股权、任职、分支机构及共用电话/邮箱/住所传导，最多 \(model.network.maxHops) 跳，第二跳起每跳衰减 \(JSONValue.format(model.network.decayPerHop))；风险来源企业（本身得分不低于 \(JSONValue.format(model.network.sourceMinScore))）不计入他人传来的关联风险" + (onlyNetworkRiskInNetworkDimension ? "，其关联维度为 0。" : "。"),
            // The three thresholds the review found stated as one ("hubs over 40 are folded"):
            // 40 is the relay cap, the group cap removes ties, and the diagram folds at the graph's threshold.
            "枢纽规则：关联超过 \(model.network.hubDegree) 家企业的企业只接收、不再传导关联风险；同一自然人、股东、电话、邮箱或住所关联超过 \(model.network.maxGroup) 家企业时不形成关联（视为代理人或集中登记地址），超过 \(max(2, model.network.hubDegree / 4)) 家时其关联按枢纽折减（× \(JSONValue.format(model.network.hubDiscount))）"
                + (graphHubThreshold.map { "；关联关系图中，关联超过 \($0) 条的非企业节点（自然人、登记外主体、电话、邮箱、住所）折叠为一个虚线框。" } ?? "。"),
            parametersNote,
            // A back-dated report's dossier showed the legal representative on the as-of date
            // beside today's in the linked entities, without a word (found by review).
            "登记信息中的法定代表人与任职按评分基准日；股权穿透、关联方表与关联关系图按数据库中的现行登记关系绘制，不随评分基准日回溯。",
            "评分基准日 \(asOf.iso)：诉讼回溯 \(model.windows.litigationDays) 天，合规记录 \(model.windows.complianceDays) 天，舆情 \(model.windows.newsDays) 天，理财产品（在售及停售后）\(model.windows.productDays) 天，登记变更 \(model.windows.changeDays) 天。",
        ]
        return ReportModelAppendix(
            description: model.description,
            indicators: model.indicators.map { indicator in
                IndicatorSpec(id: indicator.id, dimension: RiskDimension(rawValue: indicator.dimension.rawValue) ?? .network,
                              descriptionZh: indicator.chinese, descriptionEn: indicator.english,
                              feature: indicator.feature.rawValue, scoring: Self.scoringText(indicator.scoring))
            },
            dimensionWeights: weights,
            levelBands: model.bands.compactMap { band in
                RiskLevel(text: band.level).map { LevelBand(level: $0, minScore: band.min, disposition: band.disposition, name: band.chinese) }
            },
            methodNotes: notes, dispositionRules: model.dispositionRules.map { rule in
                DispositionRuleSpec(rule: dispositionRuleRef(rule.indicator), levels: rule.levels.compactMap(RiskLevel.init(text:)),
                                    disposition: rule.disposition)
            })
    }

    /// The indicator `id` with its Chinese description (the id alone when the model lacks it).
    func dispositionRuleRef(_ id: String) -> DispositionRuleRef {
        DispositionRuleRef(indicator: id, name: model.indicators.first { $0.id == id }?.chinese ?? id)
    }
}

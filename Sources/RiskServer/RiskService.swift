import Foundation
import GRDB
import RiskAccess
import RiskDomain
import RiskGraph
import RiskReports
import RiskScoring
import RiskStore
import RiskViews

/// What the API and the console answer with: graph queries, company records, scores and
/// reports, each for one reader (a token whose regions may hide companies).
///
/// Graph queries run on the current ``ServingSnapshot`` (a borrowed scratch each); record
/// reads and scoring run in a `DatabasePool` read, so many requests read while an import writes.
public final class RiskService: Sendable {
    public let settings: ServerSettings
    public let database: RiskDatabase
    public let model: RiskModel
    let state: ServingState
    let tokens: TokenStore
    /// The token checks of the auth middleware (``ServerSettings/tokenCacheSeconds``).
    let tokenCache: TokenCache
    let audit: AuditRecorder

    /// Opens the database (migrating it; a missing file is refused: an empty database has
    /// no tokens, so every request would be refused), loads the model and builds the first
    /// snapshot.
    public init(settings: ServerSettings) throws {
        self.settings = settings
        database = try RiskDatabase.openExisting(path: settings.databasePath)
        model = try ModelLoader.load(path: settings.modelPath)
        state = try ServingState(database: database)
        tokens = TokenStore(database: database)
        tokenCache = TokenCache(store: tokens, maxAge: settings.tokenCacheSeconds)
        audit = AuditRecorder(log: AuditLog(database: database), clock: settings.clock)
    }

    /// Rebuilds the graph when an import finished since the last build (see ``ServingState``).
    @discardableResult
    public func refreshIfChanged() async throws -> Bool { try await state.refreshIfChanged() }

    /// Writes the pending audit rows.
    public func flushAudit() throws { try audit.flush() }

    /// The mask for a token (nil when it sees every region).
    static func mask(for token: AccessToken) -> NodeMask? {
        token.isRegionLimited ? NodeMask(regionPrefixes: token.regions) : nil
    }

    // MARK: - Entities

    /// Resolves an entity argument (credit code, person id or name) for a reader: 404 when
    /// nothing matches or the match is hidden, 400 with candidates when several match. A node
    /// found only by a fuzzy match is added to `fuzzy` (its JSON says `"matched": "fuzzy"`, as the CLI's).
    func resolve(_ text: String, parameter: String, snapshot: ServingSnapshot, mask: NodeMask?, fuzzy: inout Set<Int32>,
                 formerName: inout Set<Int32>, companiesOnly: Bool = false) throws -> Int32 {
        let graph = snapshot.graph
        switch snapshot.resolver.resolve(text, companiesOnly: companiesOnly, visible: mask.map { mask in { !mask.hides($0, in: graph) } }) {
        case .found(let node, let how):
            if let mask, mask.hides(node, in: graph) { throw APIError.notFound("no company, person or holder matches \(TextTable.quoted(text))") }
            if how == .fuzzy { fuzzy.insert(node) }
            if how == .formerName { formerName.insert(node) }
            return node
        case .ambiguous(let candidates, let how):
            let visible = candidates.filter { !(mask?.hides($0, in: graph) ?? false) }
            if visible.count == 1 {
                if how == .fuzzy { fuzzy.insert(visible[0]) }
                if how == .formerName { formerName.insert(visible[0]) }
                return visible[0]
            }
            if visible.isEmpty { throw APIError.notFound("no company, person or holder matches \(TextTable.quoted(text))") }
            let listed = visible.prefix(10).map { SingleLine.text("\(graph.key($0)) \(graph.name($0))") }.joined(separator: "; ")
            throw APIError.badRequest("\(parameter): \(TextTable.quoted(text)) matches \(visible.count) entities; name one by its id: \(listed)")
        case .notFound:
            throw APIError.notFound("no company, person or holder matches \(TextTable.quoted(text))")
        }
    }

    /// `{"query", "results": [{"id", "name", "kind", "region_code", "match"}], "truncated"}`:
    /// a credit code or person id exactly, else names (exact, normalised, then containing).
    func search(_ query: String, mask: NodeMask?) -> (json: JSONValue, count: Int, nodes: [Int32]) {
        let snapshot = state.snapshot
        let graph = snapshot.graph
        var nodes: [Int32] = []
        var match = "none"
        switch snapshot.resolver.resolve(query, visible: mask.map { mask in { !mask.hides($0, in: graph) } }) {
        case .found(let node, let how): nodes = [node]; match = how.rawValue
        case .ambiguous(let candidates, let how): nodes = candidates; match = how.rawValue
        case .notFound: break
        }
        if let mask { nodes = nodes.filter { !mask.hides($0, in: graph) } }
        let limit = settings.limits.maxSearchResults
        let truncated = nodes.count > limit
        nodes = Array(nodes.prefix(limit))
        let json = JSONValue.object([
            ("query", .string(query)),
            ("match", .string(nodes.isEmpty ? "none" : match)),
            ("results", .array(nodes.map { node in
                .object([("id", .string(graph.key(node))), ("name", .string(graph.name(node))), ("kind", .string(graph.kind(node).name)),
                         ("region_code", .optional(graph.regionCode(node)))])
            })),
            ("truncated", .bool(truncated)),
        ])
        return (json, nodes.count, nodes)
    }

    /// The company detail document; 404 when unknown or hidden.
    func companyDetail(_ code: String, mask: NodeMask?) async throws -> JSONValue {
        let snapshot = state.snapshot
        let namer = NodeNamer(graph: snapshot.graph, mask: mask)
        let maxRows = settings.limits.maxDetailRows
        let upper = Self.companyCode(code)
        let detail = try await ReadTransaction.run(database) { db -> JSONValue? in
            try CompanyRecords.detail(db, code: upper, maxRows: maxRows, namer: namer) { region in
                mask?.allows(regionCode: region) ?? true
            }
        }
        guard let detail else { throw APIError.notFound("no company with credit code \(TextTable.quoted(code))") }
        return detail
    }

    // MARK: - Graph queries

    struct ChainQuery { var from: String; var to: String; var maxHops: Int; var kinds: [EdgeKind]; var limit: Int
        var throughHubs: Bool; var includeHistory: Bool }

    func chain(_ query: ChainQuery, mask: NodeMask?) throws -> (json: JSONValue, count: Int) {
        let snapshot = state.snapshot
        var fuzzy: Set<Int32> = [], former: Set<Int32> = []
        let a = try resolve(query.from, parameter: "from", snapshot: snapshot, mask: mask, fuzzy: &fuzzy, formerName: &former)
        let b = try resolve(query.to, parameter: "to", snapshot: snapshot, mask: mask, fuzzy: &fuzzy, formerName: &former)
        if a == b { throw APIError.badRequest("from and to are the same entity; a chain links two different ones") }
        let filter = EdgeFilter(kinds: query.kinds, includeHistory: query.includeHistory)
        let chains = snapshot.scratches.with { scratch in
            snapshot.graph.shortestChains(from: a, to: b, maxHops: query.maxHops, filter: filter, limit: query.limit,
                                          throughHubs: query.throughHubs, scratch: scratch)
        }
        return (ChainView.json(chains, from: a, to: b, namer: NodeNamer(graph: snapshot.graph, mask: mask, fuzzyMatched: fuzzy, formerNameMatched: former)), chains.count)
    }

    func links(_ id: String, hops: Int, kinds: [EdgeKind], maxNodes: Int, includeHistory: Bool, mask: NodeMask?) throws -> (json: JSONValue, count: Int) {
        let snapshot = state.snapshot
        var fuzzy: Set<Int32> = [], former: Set<Int32> = []
        let centre = try resolve(id, parameter: "id", snapshot: snapshot, mask: mask, fuzzy: &fuzzy, formerName: &former)
        let filter = EdgeFilter(kinds: kinds, includeHistory: includeHistory)
        let result = snapshot.scratches.with { scratch in
            snapshot.graph.neighbourhood(of: centre, hops: hops, filter: filter, maxNodes: maxNodes, scratch: scratch)
        }
        return (LinksView.json(result, namer: NodeNamer(graph: snapshot.graph, mask: mask, fuzzyMatched: fuzzy, formerNameMatched: former)), result.nodes.count - 1)
    }

    func owners(_ id: String, minPct: Double, depth: Int, maxPaths: Int, includeHistory: Bool, mask: NodeMask?) throws -> (json: JSONValue, count: Int) {
        let snapshot = state.snapshot
        let graph = snapshot.graph
        var fuzzy: Set<Int32> = [], former: Set<Int32> = []
        let node = try resolve(id, parameter: "id", snapshot: snapshot, mask: mask, fuzzy: &fuzzy, formerName: &former, companiesOnly: true)
        guard graph.kind(node) == .company else {
            throw APIError.badRequest("id: \(graph.key(node)) is \(graph.kind(node).nameWithArticle), not a company")
        }
        let report = snapshot.scratches.with { scratch in
            graph.ownershipReport(of: node, maxDepth: depth, includeHistory: includeHistory, maxPathsPerEntry: maxPaths, scratch: scratch)
        }
        return (OwnersView.json(report, minPct: minPct, namer: NodeNamer(graph: graph, mask: mask, fuzzyMatched: fuzzy, formerNameMatched: former)),
                OwnersView.owners(report, minPct: minPct).count)
    }

    func group(_ id: String, maxMembers: Int, includeHistory: Bool, mask: NodeMask?) throws -> (json: JSONValue, count: Int) {
        let snapshot = state.snapshot
        let graph = snapshot.graph
        var fuzzy: Set<Int32> = [], former: Set<Int32> = []
        let node = try resolve(id, parameter: "id", snapshot: snapshot, mask: mask, fuzzy: &fuzzy, formerName: &former, companiesOnly: true)
        guard graph.kind(node) == .company else {
            throw APIError.badRequest("id: \(graph.key(node)) is \(graph.kind(node).nameWithArticle), not a company")
        }
        let group = snapshot.scratches.with { scratch in
            graph.group(of: node, includeHistory: includeHistory, maxMembers: maxMembers, scratch: scratch)
        }
        return (GroupView.json(group, namer: NodeNamer(graph: graph, mask: mask, fuzzyMatched: fuzzy, formerNameMatched: former)), group.members.count)
    }

    // MARK: - Scores and reports

    /// A credit code from a path (`/companies/{code}`) as it is looked up: folded to half
    /// width (``CreditCode/halfWidth(_:)``, `９１３３…` typed on a Chinese keyboard, as watch
    /// lists fold codes; found by review: the detail said 404) and upper-cased.
    static func companyCode(_ text: String) -> String {
        CreditCode.halfWidth(text).uppercased()
    }

    /// The one-row list a single company's score asks for: the code as a credit code, never
    /// as a name (a path `/companies/某某/score` names no company; a person's id is no code),
    /// the row `WatchListText.list([code])` makes for a code, so the JSON is the CLI's.
    static func singleCodeList(_ code: String) -> WatchList {
        WatchList(entries: [WatchList.Entry(line: 2, creditCode: code, name: nil, input: [("credit_code", code)])])
    }

    /// Scores a watch list as `riskbrain score` does (RiskScorer.scoreList with the snapshot's
    /// data fingerprint). With a mask, rows naming hidden companies are reported as
    /// `not_found` and linked warnings outside the regions are replaced by placeholders.
    /// `hidden` are those rows (in the JSON's `unmatched`, not in `report`, which scored the
    /// rest): the console lists them as not found too.
    func score(_ list: WatchList, mask: NodeMask?) async throws -> (report: ScoreReport, json: JSONValue, hidden: [WatchList.Entry]) {
        let snapshot = state.snapshot
        let scorer = RiskScorer(model: model, asOf: settings.currentAsOf())
        let fingerprint = snapshot.fingerprint
        var scored = list
        var hidden: [WatchList.Entry] = []
        if let mask {
            (scored, hidden) = try await database.writer.read { db in try Self.splitHidden(list, mask: mask, db: db) }
        }
        let toScore = scored
        let report = try await database.writer.read { db in
            // Records of a newer import must not be scored with the snapshot's graph and
            // stamped with its fingerprint: 503 until the snapshot catches up (seconds).
            guard try ImportState.current(db) == snapshot.importState else { throw DataChangedError() }
            let report = try scorer.scoreList(db, list: toScore, fingerprint: fingerprint, graph: snapshot.graph,
                                              visible: mask.map { mask in { mask.allows(regionCode: $0) } })
            return try mask.map { try Self.maskedChains(report, mask: $0, db: db) } ?? report
        }
        var json = report.json()
        if let mask { json = Self.masked(json, hidden: hidden, mask: mask, graph: snapshot.graph) }
        return (report, json, hidden)
    }

    /// `report` with the companies outside the mask's regions hidden in network reasons and
    /// linked-warning chains: a chain through such a company (on the path, or the holder a
    /// tie goes through) keeps its links, with the company's name replaced by the
    /// placeholder, and a reason whose source is outside names no source (the description
    /// and the evidence key named it, with its score).
    /// Regions are read from the database in the read that scored, not from the graph,
    /// which may lag an import by up to two seconds.
    static func maskedChains(_ report: ScoreReport, mask: NodeMask, db: Database) throws -> ScoreReport {
        var hiddenName: [String: String?] = [:]   // credit code → its name when hidden, nil when visible
        func hidden(_ codes: [String]) throws -> Set<String> {
            var names = Set<String>()
            for code in codes {
                if hiddenName[code] == nil {
                    let row = try Row.fetchOne(db, sql: "SELECT name, region_code FROM company WHERE credit_code = ?", arguments: [code])
                    let visible = mask.allows(regionCode: row?["region_code"])
                    hiddenName[code] = .some(visible ? nil : (row?["name"] as String?) ?? code)
                }
                if let name = hiddenName[code] ?? nil { names.insert(name) }
            }
            return names
        }
        // A name in a chain link that only companies outside the regions carry: the holder or
        // controller in the middle of a tie (控股, 持股) is named in the links, not on the path.
        var nameHidden: [String: Bool] = [:]
        func hiddenNames(path: [String], links: [RiskScoring.ChainLink]) throws -> Set<String> {
            var names = try hidden(path)
            for name in links.flatMap({ [$0.from, $0.to] }) where !names.contains(name) {
                if nameHidden[name] == nil {
                    let regions = try String?.fetchAll(db, sql: "SELECT region_code FROM company WHERE name = ?", arguments: [name])
                    nameHidden[name] = !regions.isEmpty && regions.allSatisfy { !mask.allows(regionCode: $0) }
                }
                if nameHidden[name] == true { names.insert(name) }
            }
            return names
        }
        func masked(_ links: [RiskScoring.ChainLink], _ names: Set<String>) -> [RiskScoring.ChainLink] {
            links.map { link in
                RiskScoring.ChainLink(from: names.contains(link.from) ? NodeMask.placeholder : link.from, relation: link.relation,
                          to: names.contains(link.to) ? NodeMask.placeholder : link.to)
            }
        }
        func maskReasons(_ reasons: inout [ScoreReason]) throws {
            for q in reasons.indices {
                for e in reasons[q].evidence.indices where !reasons[q].evidence[e].path.isEmpty {
                    var evidence = reasons[q].evidence[e]
                    let names = try hiddenNames(path: evidence.path, links: evidence.chain)
                    guard !names.isEmpty else { continue }
                    evidence.chain = masked(evidence.chain, names)
                    evidence.text = RiskScorer.render(evidence.chain)
                    if try !hidden([evidence.key]).isEmpty {
                        evidence.key = NodeMask.placeholder
                        let description = reasons[q].description
                        let prefix = description.split(separator: "：", maxSplits: 1).first.map(String.init) ?? description
                        reasons[q].description = "\(prefix)：\(NodeMask.placeholder)"
                    }
                    reasons[q].evidence[e] = evidence
                }
            }
        }
        var report = report
        for r in report.results.indices { try maskReasons(&report.results[r].reasons) }
        for w in report.linked.indices {
            let names = try hiddenNames(path: report.linked[w].path, links: report.linked[w].chain)
            if !names.isEmpty { report.linked[w].chain = masked(report.linked[w].chain, names) }
            // A linked warning's reasons name their sources as a listed company's do.
            try maskReasons(&report.linked[w].reasons)
            if names.contains(report.linked[w].chainStart) { report.linked[w].chainStart = NodeMask.placeholder }
        }
        return report
    }

    /// Splits a list into the rows a mask lets through and those naming hidden companies (by
    /// a match, or by a code whose company's registry name is not the row's).
    static func splitHidden(_ list: WatchList, mask: NodeMask, db: Database) throws -> (WatchList, [WatchList.Entry]) {
        // The whole list resolved once: row by row, each name without an exact match (and each
        // code/name mismatch) scanned every company's name again (found by review).
        let resolved = try list.resolve(db, visible: { mask.allows(regionCode: $0) })
        var outside = Set<Int>()
        for match in resolved.matched where !mask.allows(regionCode: try CompanyRecords.regionCode(db, code: match.code)) {
            outside.insert(match.entry.line)
        }
        // A code whose company has another name is listed with that company's name: hidden
        // like a match when the company is outside the reader's regions.
        for reject in resolved.unmatched where reject.reason == "code_name_mismatch" {
            if let code = reject.creditCode, !mask.allows(regionCode: try CompanyRecords.regionCode(db, code: code)) { outside.insert(reject.line) }
        }
        let hidden = list.entries.filter { outside.contains($0.line) }
        return (WatchList(entries: list.entries.filter { !outside.contains($0.line) }), hidden)
    }

    /// The score JSON for a region-limited reader: hidden rows become `not_found`, candidates
    /// and linked warnings outside the regions are hidden.
    static func masked(_ json: JSONValue, hidden: [WatchList.Entry], mask: NodeMask, graph: EntityGraph) -> JSONValue {
        guard case .object(var fields) = json else { return json }
        func outside(_ code: String) -> Bool {
            // A company the graph does not have yet (an import within the last two seconds)
            // is hidden: its region is not known here.
            guard let node = graph.node(forKey: code) else { return true }
            return mask.hides(node, in: graph)
        }
        // A row's note names other companies by code and name (who bears a name now, whose
        // former name it was): those outside the regions read as the placeholder (found by
        // review: a note told a limited reader an outside company's code and name).
        func maskedNote(_ note: String) -> String { NodeNamer(graph: graph, mask: mask).text(note) }
        func maskNotes(_ pairs: inout [(String, JSONValue)]) {
            for i in pairs.indices where pairs[i].0 == "note" {
                if case .string(let note) = pairs[i].1 { pairs[i].1 = .string(maskedNote(note)) }
            }
        }
        for index in fields.indices {
            let (key, value) = fields[index]
            if key == "results", case .array(let items) = value {
                fields[index].1 = .array(items.map { item in
                    guard case .object(var pairs) = item else { return item }
                    maskNotes(&pairs)
                    return .object(pairs)
                })
            }
            if key == "unmatched", case .array(let items) = value {
                var rows: [(Int, JSONValue)] = items.map { item in
                    guard case .object(var pairs) = item else { return (0, item) }
                    maskNotes(&pairs)
                    var line = 0
                    for i in pairs.indices {
                        if pairs[i].0 == "line", case .int(let n) = pairs[i].1 { line = n }
                        if pairs[i].0 == "candidates", case .array(let candidates) = pairs[i].1 {
                            pairs[i].1 = .array(candidates.filter { candidate in
                                guard case .object(let c) = candidate, case .string(let code)? = c.first(where: { $0.0 == "credit_code" })?.1 else { return true }
                                return !outside(code)
                            })
                        }
                    }
                    return (line, .object(pairs))
                }
                for entry in hidden {
                    rows.append((entry.line, .object([
                        ("line", .int(entry.line)), ("credit_code", .optional(entry.creditCode)), ("name", .optional(entry.name)),
                        ("reason", .string("not_found")), ("candidates", .array([])),
                        ("input", .object(entry.input.map { ($0.0, .string($0.1)) })),
                    ])))
                }
                fields[index].1 = .array(rows.sorted { $0.0 < $1.0 }.map(\.1))
            }
            if key == "linked", case .array(let items) = value {
                fields[index].1 = .array(items.map { item in
                    guard case .object(let pairs) = item,
                          case .string(let region)? = pairs.first(where: { $0.0 == "region_code" })?.1,
                          !mask.allows(regionCode: region) else { return item }
                    // A specific disposition says what the hidden company does (sells after its
                    // licence went, has a criminal case): left out with its rule (found by review),
                    // and so are its reasons (its records), its dimensions, the own-records mark and
                    // via_is_source (which stands in for that mark).
                    let withheld: Set<String> = ["disposition", "disposition_rule", "reasons", "dimensions", "high_on_its_own", "via_is_source"]
                    return .object(pairs.filter { !withheld.contains($0.0) }.map { key, value -> (String, JSONValue) in
                        switch key {
                        case "credit_code", "name": return (key, .string(NodeMask.placeholder))
                        case "region_code": return (key, .null)
                        case "chain": return (key, .array([]))
                        default: return (key, value)
                        }
                    } + [("outside", .bool(true))])
                })
            }
        }
        return .object(fields)
    }

    /// The regulator report (RiskReports) for a list, as HTML.
    func reportHTML(_ list: WatchList, listName: String, listSHA256: String, title: String) async throws -> (html: String, companies: Int) {
        let asOf = settings.currentAsOf()
        let graph = state.snapshot.graph
        let database = self.database
        let model = self.model
        let output = try await Blocking.run {
            let assembler = ReportAssembler(model: model, asOf: asOf, reportDate: asOf, title: title)
            return try assembler.assemble(database: database, list: list,
                                   listFile: ReportListFile(path: listName, sha256: listSHA256, rows: list.entries.count), graph: graph)
        }
        return (ReportRenderer.html(output.document), output.scores.results.count)
    }
}
